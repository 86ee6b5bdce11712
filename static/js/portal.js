// OGP Local portal: small enhancements; every page works without them.

// A page that shows a form's errors moves focus to their summary, so that keyboard and
// screen-reader users land on it (it is also role="alert"). Its links focus their field.
(function () {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    const control = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input, select, textarea, button");
    (control || target).scrollIntoView({ block: "center" });
    if (control) control.focus({ preventScroll: true });
  });
})();

// Letter forms: once a file is chosen, the server reads it and proposes the signer, the
// position, the date and the organisation; empty fields are filled for the sender to check.
(function () {
  document.querySelectorAll("input[type=file][data-read-url]").forEach(function (input) {
    const form = input.form;
    const prefix = input.name.slice(0, input.name.length - "file".length);
    const status = document.createElement("div");
    status.className = "letter-reading small mt-1";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", status);

    function fill(name, value) {
      const field = form.elements[prefix + name];
      if (!field || field.value) return false;
      field.value = value;
      field.classList.add("proposed");
      return true;
    }
    function fillDate(iso) {
      const parts = iso.split("-");
      const day = form.elements[prefix + "signed_on_0"];
      if (!day) return fill("signed_on", iso);
      if (day.value || form.elements[prefix + "signed_on_1"].value) return false;
      day.value = String(parseInt(parts[2], 10));
      form.elements[prefix + "signed_on_1"].value = String(parseInt(parts[1], 10));
      form.elements[prefix + "signed_on_2"].value = parts[0];
      [day, form.elements[prefix + "signed_on_1"], form.elements[prefix + "signed_on_2"]].forEach(function (f) { f.classList.add("proposed"); });
      return true;
    }

    input.addEventListener("change", function () {
      if (!input.files.length) return;
      const data = new FormData();
      data.append("file", input.files[0]);
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      status.textContent = input.dataset.readingText || "…";
      fetch(input.dataset.readUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.error) { status.textContent = answer.error; status.classList.add("text-danger"); return; }
          status.classList.remove("text-danger");
          Object.entries(answer.fields || {}).forEach(function ([name, value]) {
            if (name === "signed_on") fillDate(value); else fill(name, value);
          });
          status.textContent = answer.message;
        })
        .catch(function () { status.textContent = ""; });
    });
  });
})();

// The start form: say at once when the chosen country is not eligible for the call.
(function () {
  const select = document.querySelector("select[data-eligible]");
  if (!select) return;
  const eligible = new Set(select.dataset.eligible.split(" "));
  const note = document.createElement("div");
  note.id = select.id + "_eligibility";
  note.className = "invalid-feedback d-block";
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  select.insertAdjacentElement("afterend", note);
  function check() {
    const code = select.value;
    const refused = code && !eligible.has(code);
    note.textContent = refused
      ? select.dataset.ineligibleMessage.replace("%(country)s", select.options[select.selectedIndex].text)
      : "";
    select.classList.toggle("is-invalid", refused);
  }
  select.addEventListener("change", check);
})();

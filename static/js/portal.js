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

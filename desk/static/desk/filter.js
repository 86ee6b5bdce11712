// The search box above a long list filter: narrows the choices as one types, and opens the
// choice whose name is typed in full (or picked from the suggestions).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-desk-filter-search]").forEach((input) => {
    const list = input.closest("details").querySelector("ul");
    const choices = Array.from(list.querySelectorAll("[data-desk-filter-choice]"));
    input.form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("input", () => {
      const typed = input.value.trim().toLowerCase();
      choices.forEach((item, index) => {
        const name = item.dataset.deskFilterChoice.toLowerCase();
        item.hidden = index > 0 && typed !== "" && !name.includes(typed);
      });
      const exact = choices.find(
        (item, index) => index > 0 && item.dataset.deskFilterChoice.toLowerCase() === typed
      );
      if (exact) window.location.href = exact.querySelector("a").href;
    });
  });
});

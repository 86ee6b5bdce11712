// Django's two-box chooser (SelectFilter2.js, built on page load) puts the name of each filter
// box on a magnifier icon inside an otherwise empty label, where screen readers do not find it.
// Give that name to the box itself; the icon keeps it as a tooltip and is hidden from them.
// The field's own label, which the chooser leaves after itself, goes back in front of it.
window.addEventListener("load", () => {
  // After SelectFilter2's own load handler has built the boxes.
  window.setTimeout(() => {
    document.querySelectorAll(".selector").forEach((selector) => {
      selector.querySelectorAll(".selector-filter").forEach((filter) => {
        const icon = filter.querySelector(".search-label-icon[aria-label]");
        const input = filter.querySelector("input");
        if (!icon || !input) return;
        input.setAttribute("aria-label", icon.getAttribute("aria-label"));
        icon.title = icon.getAttribute("aria-label");
        icon.removeAttribute("aria-label");
        icon.setAttribute("aria-hidden", "true");
      });
      const available = selector.querySelector("select.filtered[id$='_from']");
      if (!available) return;
      const fieldId = available.id.slice(0, -"_from".length);
      const label = selector.parentNode.querySelector(`:scope > label[for='${fieldId}']`);
      if (label) selector.parentNode.insertBefore(label, selector);
    });
  });
});

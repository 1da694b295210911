// What would otherwise be inline handlers, which the Content-Security-Policy refuses
// (docs/security.md). Listening on the document also covers content htmx swaps in later.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
// A form whose destination is the URL chosen in its select (e.g. "add to this signal").
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-action-from-select]");
  if (form) form.action = form.querySelector("select").value;
});
// The dossier's tab bar scrolls sideways on a phone: bring the current tab into view.
document.addEventListener("DOMContentLoaded", () => {
  const current = document.querySelector(".tabs [aria-current=page]");
  if (current && current.parentElement.scrollWidth > current.parentElement.clientWidth) {
    current.scrollIntoView({ block: "nearest", inline: "center" });
  }
});

// Sanshe: the few behaviours htmx does not cover.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest("[data-menu-toggle]");
  if (toggle) {
    document.querySelector("nav.side").classList.toggle("open");
  }
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
// A select marked data-autosubmit submits its form when changed (the page size of a list).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});

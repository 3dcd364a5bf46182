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
// The region picker: a choice redraws the picker from the server with the next level's
// regions. Bound on the document, so a select drawn a moment ago answers at once.
document.addEventListener("change", function (event) {
  var select = event.target.closest(".region-picker select");
  if (!select) {
    return;
  }
  var picker = select.closest(".region-picker");
  var query = new URLSearchParams({
    field: picker.dataset.field,
    roots: picker.dataset.roots,
    deepest: picker.dataset.deepest,
    pick: select.value,
  });
  htmx.ajax("GET", "/kit/region-picker?" + query.toString(), { target: picker, swap: "outerHTML" });
});

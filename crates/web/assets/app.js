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
// A form marked data-locate sends where the phone is (an activity that checks in on
// site): the position fills its latitude and longitude fields before it is submitted.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-locate]");
  if (!form || form.dataset.located || !navigator.geolocation) {
    return;
  }
  event.preventDefault();
  var send = function () {
    form.dataset.located = "1";
    form.requestSubmit(event.submitter);
  };
  navigator.geolocation.getCurrentPosition(function (position) {
    form.elements.latitude.value = position.coords.latitude;
    form.elements.longitude.value = position.coords.longitude;
    send();
  }, send, { enableHighAccuracy: true, timeout: 10000 });
});

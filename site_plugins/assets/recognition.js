/* The filters of a jurisdiction's recognition page: the table is whole without this script; with it, the
   form above the table shows, and rows that do not match the chosen recognizer, credit type and text are
   hidden. The count under the form says how many rows are shown (read out by screen readers). */
(function () {
  "use strict";
  function start(form) {
    var table = document.getElementById(form.getAttribute("data-cc-filter"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var text = form.querySelector("[data-cc-filter-text]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("[data-cc-filter-key]"));
    var count = form.parentNode.querySelector("[data-cc-filter-count]");
    function apply() {
      var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          return !s.value || row.getAttribute("data-" + s.getAttribute("data-cc-filter-key")) === s.value;
        });
        var content = row.textContent.toLowerCase();
        ok = ok && words.every(function (w) { return content.indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " rows shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-cc-filter]"), start);
})();

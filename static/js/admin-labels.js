// Name what the admin draws without a name, for screen readers: the theme picker's (select2)
// search boxes (axe: "Form elements must have labels") and the empty first header of tabular
// inlines (axe: "Table headers must have discernible text"); a tabular inline's fields are named
// by their column's header.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", "Search themes");
    });
    root.querySelectorAll(".tabular td[class*='field-'], .tabular td.delete").forEach(function (cell) {
      var column = Array.prototype.indexOf.call(cell.parentNode.children, cell);
      var table = cell.closest("table");
      var header = table && table.tHead && table.tHead.rows[0].cells[column];
      if (!header) { return; }
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
        if (!field.labels.length && !field.hasAttribute("aria-label")) {
          field.setAttribute("aria-label", header.textContent.trim());
        }
      });
    });
    // select2 draws the chosen themes as a <ul> holding more than list items (axe: "Lists must
    // be structured correctly"); it is a row of buttons, not a list, so say so.
    root.querySelectorAll("ul.select2-selection__rendered:not([role])").forEach(function (list) {
      list.setAttribute("role", "none");
      Array.prototype.forEach.call(list.children, function (child) {
        if (child.tagName === "LI") { child.setAttribute("role", "none"); }
      });
    });
    root.querySelectorAll("th.original:empty").forEach(function (header) {
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = "Saved row";
      header.appendChild(name);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();

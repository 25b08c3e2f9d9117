// The theme picker (select2) draws search boxes without a label: name them for screen readers
// (axe: "Form elements must have labels").
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", "Search themes");
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

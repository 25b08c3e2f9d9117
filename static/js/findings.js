/* The findings browser's small enhancements on top of htmx. The page works without them. */
(function () {
  "use strict";

  // A swap replaces the filter panel: keep it open if the reader had opened it (on a phone).
  var panelWasOpen = false;
  document.addEventListener("htmx:beforeSwap", function () {
    var panel = document.getElementById("filter-panel");
    panelWasOpen = Boolean(panel && panel.open);
  });
  document.addEventListener("htmx:afterSwap", function () {
    var panel = document.getElementById("filter-panel");
    if (panel && panelWasOpen) {
      panel.open = true;
    }
  });

  // htmx swaps the results in place: say what changed to screen-reader users, from a live
  // region outside the swapped area (a region that is itself replaced is often not read out).
  document.addEventListener("htmx:afterSettle", function (event) {
    var announcer = document.getElementById("results-announcer");
    if (!announcer) {
      return;
    }
    var heading = document.getElementById("results-heading");
    var error = document.querySelector(".error-summary h3");
    announcer.textContent = heading ? heading.textContent : error ? error.textContent : "";

    // After following a page link the link itself is gone: continue from the results heading.
    if (event.detail.boosted && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
})();

/* The findings browser's enhancements on top of the plain form and links, which work without
   them. htmx (results updated in place) is fetched only when a reader first reaches for the
   form or its page links, not with the page: a page load runs this small file and nothing else
   (docs/members.md, Lighthouse). A change or a page link that comes before htmx is replayed
   once it has arrived, and so is a submission of the form; if it cannot be fetched, links load
   their page and the form is submitted, as without JavaScript. */
(function () {
  "use strict";

  var htmxSource = document.currentScript.getAttribute("data-htmx");
  var state = "idle"; // then "loading", and "ready" or "failed"
  var pending = null; // the change, keystroke or page link that came before htmx

  function inBrowser(element) {
    return Boolean(element && element.closest && element.closest("#browser"));
  }

  function replay() {
    var waiting = pending;
    pending = null;
    if (!waiting) {
      return;
    }
    if (waiting.link) {
      if (state === "ready") {
        waiting.link.click();
      } else {
        window.location.assign(waiting.link.href);
      }
    } else if (waiting.form) {
      if (state === "ready" && document.contains(waiting.form)) {
        window.htmx.trigger(waiting.form, "submit");
      } else {
        waiting.form.submit(); // as without JavaScript
      }
    } else if (state === "ready" && document.contains(waiting.target)) {
      window.htmx.trigger(waiting.target, waiting.type);
    }
  }

  function loadHtmx() {
    if (state !== "idle") {
      return;
    }
    state = "loading";
    var insert = function () {
      var script = document.createElement("script");
      script.src = htmxSource;
      script.onload = function () {
        state = "ready";
        replay();
      };
      script.onerror = function () {
        state = "failed";
        replay();
      };
      document.head.appendChild(script);
    };
    // htmx sets itself up at once only when the document is complete (or before
    // DOMContentLoaded, which has passed by now).
    if (document.readyState === "complete") {
      insert();
    } else {
      window.addEventListener("load", insert, { once: true });
    }
  }

  // Reaching for the form (a pointer over it, a touch, the keyboard's focus) fetches htmx.
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(
      type,
      function (event) {
        if (state === "idle" && inBrowser(event.target)) {
          loadHtmx();
        }
      },
      { capture: true, passive: true }
    );
  });

  // A choice made before htmx has arrived is kept and replayed (the latest one is enough:
  // each request sends the whole form).
  ["change", "input"].forEach(function (type) {
    document.addEventListener(
      type,
      function (event) {
        if ((state === "idle" || state === "loading") && inBrowser(event.target)) {
          pending = { target: event.target, type: event.type };
          loadHtmx();
        }
      },
      true
    );
  });

  // So is a page link (which htmx follows in place, moving the focus to the results).
  document.addEventListener(
    "click",
    function (event) {
      if (state === "ready" || state === "failed" || event.defaultPrevented) {
        return;
      }
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      var link = event.target.closest && event.target.closest("[data-hx-boost] a[href]");
      if (!link || !inBrowser(link)) {
        return;
      }
      event.preventDefault();
      pending = { link: link };
      loadHtmx();
    },
    true
  );

  // So is the form's submission ("Show results", or Enter in the search box) while htmx is on
  // its way: sent in place once it has arrived, or as without JavaScript if it cannot come.
  document.addEventListener(
    "submit",
    function (event) {
      if (state === "ready" || state === "failed" || event.defaultPrevented) {
        return;
      }
      if (!inBrowser(event.target)) {
        return;
      }
      event.preventDefault();
      pending = { form: event.target };
      loadHtmx();
    },
    true
  );

  // A swap replaces the filter panel: keep it open if the reader had opened it (on a phone),
  // and so every folded list of choices the reader had opened; and keep the control the reader
  // just used focused and where it was on the screen. The list of filters applied above it may
  // have grown or shrunk; without this the window would stay put while the control moved, or
  // focus would fall to the page.
  var opened = []; // the ids of the disclosures open in the form
  var kept = null; // the focused control's id and its distance from the top of the window
  var formHeight = 0; // how tall the form was: fewer results must not pull the page up
  document.addEventListener("htmx:beforeSwap", function () {
    var form = document.getElementById("browser");
    formHeight = form ? form.offsetHeight : 0;
    opened = [];
    document.querySelectorAll("#browser details[id]").forEach(function (details) {
      if (details.open) {
        opened.push(details.id);
      }
    });
    var active = document.activeElement;
    kept = null;
    if (active && active.id && active.form && inBrowser(active)) {
      kept = { id: active.id, top: active.getBoundingClientRect().top };
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    opened.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) {
        details.open = true;
      }
    });
    opened = [];
    var form = document.getElementById("browser");
    if (kept && form && form.offsetHeight < formHeight) {
      // A shorter page would make the browser scroll up to its new foot, moving the control
      // the reader just used: keep the room until the reader goes elsewhere.
      form.style.minHeight = formHeight + "px";
    }
    keepInPlace();
  });

  // Puts the control the reader used back where it was in the window, focused. Done once the
  // new form is in place, and again once htmx has settled it (its layout may still change
  // in between), and then forgotten.
  function keepInPlace() {
    var control = kept && document.getElementById(kept.id);
    if (!control) {
      return;
    }
    var moved = control.getBoundingClientRect().top - kept.top;
    if (moved) {
      window.scrollBy(0, moved);
    }
    if (document.activeElement !== control) {
      control.focus({ preventScroll: true });
    }
  }

  // htmx swaps the results in place: say what changed to screen-reader users, from a live
  // region outside the swapped area (a region that is itself replaced is often not read out).
  document.addEventListener("htmx:afterSettle", function (event) {
    keepInPlace();
    kept = null;
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

// The session's form says at once when its number is already used in the chosen group, and
// which number is free, before the facilitator has typed the rest of the report.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var number = document.getElementById("id_number");
    var group = document.getElementById("id_group");
    var form = number && number.form;
    if (!number || !group || !form) { return; }
    var match = window.location.pathname.match(/\/session\/(\d+)\/change\//);
    var note = document.createElement("p");
    note.id = "number-check";
    note.className = "help";
    note.setAttribute("role", "status");
    number.parentNode.appendChild(note);
    var url = window.location.pathname.replace(/session\/.*$/, "session/number-check/");
    function check() {
      var query = new URLSearchParams({ group: group.value, number: number.value });
      if (match) { query.set("session", match[1]); }
      fetch(url + "?" + query.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          note.textContent = answer.free ? "" :
            "Number " + number.value + " is already used in this group: the next free number is " +
            answer.next + ".";
          number.setAttribute("aria-invalid", answer.free ? "false" : "true");
        });
    }
    number.addEventListener("input", check);
    group.addEventListener("change", check);
  });
})();

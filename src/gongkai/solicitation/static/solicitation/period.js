/* The length of a solicitation's period as it is typed, and the 30-day warning (the server
   gives the same warning and requires the reason; this only says it earlier). */
(function () {
  "use strict";
  function setup() {
    var form = document.querySelector("form.solicitation-form-staff");
    if (!form) { return; }
    var opens = form.querySelector("#id_opens_on");
    var closes = form.querySelector("#id_closes_on");
    var note = form.querySelector("#period-note");
    if (!opens || !closes || !note) { return; }
    var min = parseInt(form.getAttribute("data-min-days"), 10) || 30;
    var isHearing = form.getAttribute("data-kind") === "hearing";
    function update() {
      var a = Date.parse(opens.value), b = Date.parse(closes.value);
      if (isNaN(a) || isNaN(b) || b < a) { note.textContent = ""; note.classList.remove("is-short"); return; }
      var days = Math.round((b - a) / 86400000) + 1;
      var text = form.getAttribute("data-days-text").replace("__DAYS__", String(days));
      var short = !isHearing && days < min;
      if (short) { text += " " + form.getAttribute("data-short-text"); }
      note.textContent = text;
      note.classList.toggle("is-short", short);
    }
    opens.addEventListener("change", update);
    closes.addEventListener("change", update);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); } else { setup(); }
})();

// The Timeline page's topic filter. Progressive enhancement: the page lists every entry, and the
// filter (hidden in the HTML) shows only when this script runs. Entries carry their topics in
// data-topics; a year heading whose entries are all hidden is hidden with them.
(function () {
  "use strict";
  function setUp() {
    var form = document.querySelector("form.timeline-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var select = form.querySelector("select");
    var shown = form.querySelector("output");
    var entries = Array.prototype.slice.call(document.querySelectorAll("li.timeline-entry"));
    function apply() {
      var topic = select.value;
      var visible = 0;
      entries.forEach(function (li) {
        var topics = (li.getAttribute("data-topics") || "").split(" ");
        var show = !topic || topics.indexOf(topic) >= 0;
        li.hidden = !show;
        if (show) visible += 1;
      });
      document.querySelectorAll("ul.timeline").forEach(function (list) {
        var any = list.querySelector("li.timeline-entry:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
      shown.textContent = topic ? visible + " of " + entries.length + " entries" : "";
    }
    select.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

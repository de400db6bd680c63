// Progressive enhancement only: every page reads fine without this script.
(function () {
  "use strict";
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var fmt = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short",
  });
  // Next to a time shown in the venue's or the deadline's zone, add the viewer's local time.
  document.querySelectorAll("time[data-utc]").forEach(function (el) {
    var when = new Date(el.getAttribute("data-utc"));
    if (!isNaN(when)) {
      el.setAttribute("data-local", "your time: " + fmt.format(when));
      el.title = "In your zone (" + viewerZone + "): " + fmt.format(when);
    }
  });
  // Live countdown to a deadline.
  function left(ms) {
    if (ms <= 0) return "closed";
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60);
    return (d ? d + " d " : "") + h + " h " + m + " min left";
  }
  var counters = document.querySelectorAll("[data-countdown]");
  function tick() {
    counters.forEach(function (el) {
      el.textContent = left(new Date(el.getAttribute("data-countdown")) - new Date());
    });
  }
  if (counters.length) { tick(); setInterval(tick, 30000); }
})();

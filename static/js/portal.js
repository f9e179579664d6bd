// Progressive enhancements for public pages. Everything works without it.
(function () {
  "use strict";
  // Đọc nhiều: report one read per browser per article. The page itself stays
  // cached and writes nothing; readers without JavaScript are not counted.
  // Sent when the browser is idle, so it never competes with the page's
  // first paint or the reader's first tap.
  function reportRead() {
    var read = document.querySelector("[data-read-url]");
    if (!read || !navigator.sendBeacon) { return; }
    var key = "vpcp-read-" + read.getAttribute("data-read-key");
    var seen = null;
    try { seen = window.localStorage.getItem(key); } catch (e) { /* storage blocked */ }
    if (!seen && navigator.sendBeacon(read.getAttribute("data-read-url"))) {
      try { window.localStorage.setItem(key, "1"); } catch (e) { /* counted per address instead */ }
    }
  }
  if (window.requestIdleCallback) {
    window.requestIdleCallback(reportRead, { timeout: 5000 });
  } else {
    window.setTimeout(reportRead, 1000);
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

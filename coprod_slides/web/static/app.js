// Keep the keyboard focus where it was when part of the page is redrawn (e.g. after a
// slide moved, its "move up" button may now be disabled: focus its "move down" instead).
(function () {
  "use strict";
  var lastId = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var el = document.activeElement;
    lastId = el && el.id ? el.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!lastId) return;
    var active = document.activeElement;
    if (active && active !== document.body && active.id === lastId) return;
    var el = document.getElementById(lastId);
    if (el && el.disabled) {
      var other = lastId.indexOf("up-") === 0 ? "down-" + lastId.slice(3) : "up-" + lastId.slice(5);
      el = document.getElementById(other);
    }
    if (el && !el.disabled && (!active || active === document.body || !active.id)) el.focus();
  });
})();

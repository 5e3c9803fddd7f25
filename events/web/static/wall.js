// The live wall: fetch the server-rendered (escaped) items every few seconds and swap them in.
(function () {
  "use strict";
  var container = document.getElementById("wall-items");
  if (!container || !window.fetch) { return; }
  var url = container.getAttribute("data-refresh-url");
  var seen = {};
  function remember(root) {
    var ids = {};
    root.querySelectorAll("[data-item]").forEach(function (el) { ids[el.getAttribute("data-item")] = true; });
    return ids;
  }
  seen = remember(container);
  function refresh() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
        var fresh = doc.body.firstElementChild;
        fresh.querySelectorAll("[data-item]").forEach(function (el) {
          if (!seen[el.getAttribute("data-item")]) { el.classList.add("wall__card--new"); }
        });
        seen = remember(fresh);
        container.replaceChildren.apply(container, Array.prototype.slice.call(fresh.childNodes));
      })
      .catch(function () { /* keep what is shown; try again next time */ });
  }
  window.setInterval(refresh, 5000);
})();

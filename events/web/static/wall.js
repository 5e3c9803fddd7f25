// The live wall: every few seconds fetch the server-rendered (escaped) items of the page shown,
// and every `data-seconds` the next page, so the screen rotates through every pledge and pair. When new items arrived, it
// goes back to the first page (newest first). A button pauses the rotation (WCAG 2.2.2).
(function () {
  "use strict";
  var container = document.getElementById("wall-items");
  if (!container || !window.fetch) { return; }
  var url = container.getAttribute("data-refresh-url");
  var seconds = parseInt(container.getAttribute("data-seconds"), 10) || 12;
  var paused = false;
  function remember(root) {
    var ids = {};
    root.querySelectorAll("[data-item]").forEach(function (el) { ids[el.getAttribute("data-item")] = true; });
    return ids;
  }
  function state(root) {
    var counts = root.querySelector("[data-next-page]");
    return {
      page: counts ? counts.getAttribute("data-page") : "1",
      next: counts ? counts.getAttribute("data-next-page") : "1",
      total: counts ? parseInt(counts.getAttribute("data-total"), 10) : 0
    };
  }
  var seen = remember(container);
  var known = state(container);
  function load(page) {
    return fetch(url + "?page=" + encodeURIComponent(page), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return null; }
        return new DOMParser().parseFromString("<div>" + html + "</div>", "text/html").body.firstElementChild;
      });
  }
  function show(fresh) {
    fresh.querySelectorAll("[data-item]").forEach(function (el) {
      if (!seen[el.getAttribute("data-item")]) { el.classList.add("wall__card--new"); }
      seen[el.getAttribute("data-item")] = true;
    });
    var columns = fresh.querySelector(".wall__columns");
    if (columns && state(fresh).page !== known.page) { columns.classList.add("wall__columns--turning"); }
    known = state(fresh);
    container.replaceChildren.apply(container, Array.prototype.slice.call(fresh.childNodes));
  }
  var POLL = 5000;  // new items and counts show within seconds; the page turns every `seconds`
  var lastTurn = Date.now();
  function tick() {
    if (paused) { return; }
    var before = known;
    var turning = Date.now() - lastTurn >= seconds * 1000 - POLL / 2;
    if (turning) { lastTurn = Date.now(); }
    load(turning ? before.next : before.page)
      .then(function (fresh) {
        if (fresh === null) { return null; }
        if (state(fresh).total > before.total && state(fresh).page !== "1") {
          return load("1").then(function (first) { return first || fresh; });
        }
        return fresh;
      })
      .then(function (fresh) { if (fresh !== null) { show(fresh); } })
      .catch(function () { /* keep what is shown; try again next time */ });
  }
  var header = document.querySelector(".wall__header");
  var pauseLabel = container.getAttribute("data-pause-label");
  var playLabel = container.getAttribute("data-play-label");
  if (header && pauseLabel && playLabel) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "wall__pause";
    button.textContent = pauseLabel;
    button.addEventListener("click", function () {
      paused = !paused;
      button.textContent = paused ? playLabel : pauseLabel;
    });
    header.appendChild(button);
  }
  window.setInterval(tick, POLL);
})();

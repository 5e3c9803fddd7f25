// Mail text form: refresh the preview while the organiser types, by asking the server for the
// same preview the "Show the preview" button gives (the page works without this script).
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-preview]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var timer = null;
  function refresh() {
    var data = new FormData(form);
    data.set("action", "preview");
    fetch(form.action, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        ["nl", "en"].forEach(function (language) {
          var fresh = page.getElementById("preview-" + language);
          var shown = document.getElementById("preview-" + language);
          var subject = page.getElementById("preview-" + language + "-subject");
          var shownSubject = document.getElementById("preview-" + language + "-subject");
          if (fresh && shown) { shown.textContent = fresh.textContent; }
          if (subject && shownSubject) { shownSubject.textContent = subject.textContent; }
        });
      })
      .catch(function () { /* the button still works */ });
  }
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
}());

// The "Print" button of printable pages: shown only when this script runs, it opens the
// browser's print dialogue. The print stylesheet (site.css, @media print) does the rest.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Event form: show the web address the event will get while its name or address is typed.
(function () {
  "use strict";
  var preview = document.querySelector("[data-slug-preview]");
  var slug = document.getElementById("field-slug");
  var name = document.getElementById("field-name");
  if (!preview || !slug || !name) { return; }
  var base = preview.getAttribute("data-base");
  function slugify(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function update() {
    preview.textContent = base + (slug.value.trim() || slugify(name.value) || "…");
  }
  slug.addEventListener("input", update);
  name.addEventListener("input", update);
  update();
}());

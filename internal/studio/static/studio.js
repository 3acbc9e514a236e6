// Warta Studio: small enhancements on top of pages that work without
// JavaScript. A live preview beside the editor, a warning before unsaved
// edits are lost, and focus on the error summary after a failed submit.
(function () {
  "use strict";

  var summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();

  var form = document.getElementById("editor");
  if (!form) return;

  // Unsaved changes: warn when leaving the page, but not when the form
  // itself is submitted.
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });

  // Live preview: the server renders the form's content exactly as the
  // "Pratinjau" button does, and the fragment replaces the panel's content.
  var panel = document.getElementById("live-preview");
  var url = form.getAttribute("data-preview-url");
  if (!panel || !url || !window.fetch) return;
  var timer = null, seq = 0;
  function refresh() {
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || mine !== seq) return;
        panel.innerHTML = '<h2 class="preview-label">Pratinjau langsung</h2>' + html;
        panel.hidden = false;
      })
      .catch(function () {});
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  });
  // Start with a preview of a stored story, unless the server just showed
  // one (the "Pratinjau" button).
  if (!document.getElementById("pratinjau") && form.querySelector("#body").value.trim() !== "") refresh();
})();

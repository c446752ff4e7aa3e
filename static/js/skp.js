// SKP pages: open htmx-loaded forms in a <dialog>, close it when the server says so.
// No inline scripts (CSP); without JavaScript every link opens the same form as a full page.
(function () {
  "use strict";

  function dialog() {
    return document.getElementById("skp-dialog");
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var dlg = dialog();
    if (!dlg || event.detail.target.id !== "skp-dialog-body") return;
    if (!dlg.open) dlg.showModal();
    var first = dlg.querySelector(".has-error input, .has-error select, .has-error textarea") ||
      dlg.querySelector("input:not([type=hidden]), select, textarea, button[type=submit]");
    if (first) first.focus();
  });

  document.addEventListener("skp-dialog-close", function () {
    var dlg = dialog();
    if (dlg && dlg.open) dlg.close();
  });

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-dialog-close]");
    var dlg = dialog();
    if (closer && dlg && dlg.contains(closer)) {
      event.preventDefault();
      dlg.close();
    }
  });

  document.addEventListener("close", function (event) {
    if (event.target.id === "skp-dialog") {
      var body = document.getElementById("skp-dialog-body");
      if (body) body.replaceChildren();
    }
  }, true);
})();

// SKP pages: open htmx-loaded forms in a <dialog>, close it when the server says so.
// No inline scripts (CSP); without JavaScript every link opens the same form as a full page.
//
// Focus (issue 12 items 2 and 3): the modal <dialog> keeps Tab inside it and Escape closes it
// (the browser's own). When it opens, focus goes to the error summary if the form has errors
// (partials/error_summary.html; static/js/formulir.js keeps "Kesalahan: " in the page title
// while it shows), else to the first field. When it closes, focus goes back to the link that
// opened it, or, when a swap replaced that link, to the same link in the new content, or to the
// region that was swapped.
(function () {
  "use strict";

  var opener = null;      // the element that opened the dialog
  var openerHref = null;  // its address, to find it again after a swap replaced it
  var swapComing = false; // the dialog closed after a change whose fragment is on its way

  function dialog() {
    return document.getElementById("skp-dialog");
  }

  function focusable(el) {
    if (!el.matches("a[href], button, input, select, textarea, [tabindex]")) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus();
  }

  function returnFocus(swapped) {
    var again = openerHref && document.querySelector('[href="' + CSS.escape(openerHref) + '"]');
    if (opener && opener.isConnected) {
      opener.focus();
    } else if (again) {
      again.focus();
    } else if (swapped && swapped.isConnected) {
      focusable(swapped);
    }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var dlg = dialog();
    if (!dlg) return;
    if (event.detail.target.id !== "skp-dialog-body") {
      // The change's fragment replaced part of the page after the dialog closed.
      if (swapComing) {
        swapComing = false;
        var id = event.detail.target.id;
        returnFocus(id ? document.getElementById(id) : null);
      }
      return;
    }
    if (!dlg.open) {
      var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
      opener = elt && !dlg.contains(elt) ? elt : document.activeElement;
      openerHref = opener && opener.getAttribute ? opener.getAttribute("href") : null;
      swapComing = false;
      dlg.showModal();
    }
    var first = dlg.querySelector(".error-summary") ||
      dlg.querySelector("input:not([type=hidden]), select, textarea, button[type=submit]");
    if (first) first.focus();
  });

  document.addEventListener("skp-dialog-close", function () {
    var dlg = dialog();
    if (dlg && dlg.open) {
      swapComing = true;
      dlg.close();
    }
  });

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-dialog-close]");
    var dlg = dialog();
    if (closer && dlg && dlg.contains(closer)) {
      event.preventDefault();
      dlg.close();
    }
  });

  // Tab from the last control goes to the first and Shift+Tab from the first to the last: the
  // modal dialog makes the page behind it inert, but Chromium would still let focus leave for
  // the browser's own controls and come back on the page's body.
  document.addEventListener("keydown", function (event) {
    var dlg = dialog();
    if (event.key !== "Tab" || !dlg || !dlg.open) return;
    var items = Array.prototype.filter.call(
      dlg.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"),
      function (el) { return !el.disabled && el.getClientRects().length > 0; });
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var inside = dlg.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  });

  document.addEventListener("close", function (event) {
    if (event.target.id !== "skp-dialog") return;
    var body = document.getElementById("skp-dialog-body");
    if (body) body.replaceChildren();
    returnFocus(null);
  }, true);
})();

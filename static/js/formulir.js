// Every page: the error pattern of issue 12 item 3 once htmx is involved. Without JavaScript the
// server does it all (partials/error_summary.html with autofocus, "Kesalahan: " in <title>).
// - the page title starts with "Kesalahan: " exactly while an error summary shows (an htmx
//   swap or the dialog may bring one in or take it away);
// - a link of the summary puts focus in its field (a fragment link only scrolls to it).
// htmx itself focuses the [autofocus] summary in swapped content; static/js/skp.js does it in
// the dialog.
(function () {
  "use strict";

  var awalan = null; // "Kesalahan: " in the page's language, from the summary's data-teks-awalan

  function perbaruiJudul() {
    var summary = document.querySelector(".error-summary");
    if (summary) awalan = summary.getAttribute("data-teks-awalan") + ": ";
    if (!awalan) return;
    var polos = document.title.indexOf(awalan) === 0 ? document.title.slice(awalan.length) : document.title;
    var baru = summary ? awalan + polos : polos;
    if (baru !== document.title) document.title = baru;
  }

  document.addEventListener("htmx:afterSettle", perbaruiJudul);
  // The dialog's body is emptied when it closes (static/js/skp.js), after this listener.
  document.addEventListener("close", function () { window.setTimeout(perbaruiJudul, 0); }, true);
  document.addEventListener("DOMContentLoaded", perbaruiJudul);

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
    }
  });
})();

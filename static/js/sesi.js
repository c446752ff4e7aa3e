// Session warning (ekinerja/sesi.py decides on the server; this only tells the user in time).
// Shows the warning SESSION_WARNING_SECONDS before the idle limit, with a "Tetap masuk" button
// that posts to /sesi/perpanjang/ without leaving the page; at the limit it reloads, and the
// server sends the login page. htmx requests count as activity: their X-Sesi-Berakhir header
// moves the deadline.
(function () {
  "use strict";
  var box = document.getElementById("sesi");
  if (!box) { return; }
  var warning = document.getElementById("sesi-peringatan");
  var sisa = document.getElementById("sesi-sisa");
  var form = warning.querySelector("form");
  var berakhir = Number(box.dataset.berakhir) * 1000;
  var peringatan = Number(box.dataset.peringatan) * 1000;
  var timer = null;

  function tick() {
    var left = berakhir - Date.now();
    if (left <= 0) {
      window.location.reload();
      return;
    }
    if (left <= peringatan) {
      warning.hidden = false;
      var detik = Math.ceil(left / 1000);
      sisa.textContent = box.dataset.teksSisa
        .replace("{m}", String(Math.floor(detik / 60))).replace("{d}", String(detik % 60));
    } else {
      warning.hidden = true;
    }
    timer = window.setTimeout(tick, left <= peringatan ? 1000 : Math.min(left - peringatan, 60000));
  }

  function setDeadline(unix) {
    if (!unix) { return; }
    berakhir = Number(unix) * 1000;
    window.clearTimeout(timer);
    tick();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 204) {
        setDeadline(response.headers.get("X-Sesi-Berakhir"));
      } else {
        window.location.reload();
      }
    });
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr) { setDeadline(xhr.getResponseHeader("X-Sesi-Berakhir")); }
  });

  tick();
})();

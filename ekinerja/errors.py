"""Friendly Indonesian error pages (400, 403, 404, 500) that need no database.

The templates stand alone (no base.html, no context processors, no user lookup), so they render
even when the database is what failed. Each shows the request id the user can quote; the
traceback of a 500 is in the log under the same id (ekinerja/requestid.py).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.html import escape
from django.views.decorators.csrf import requires_csrf_token

from ekinerja.requestid import current

log = logging.getLogger("ekinerja.errors")


# When even the template cannot be rendered (a broken deploy: templates or the static manifest
# missing), this plain page still answers, with the id.
FALLBACK = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>e-Kinerja</title></head>'
    "<body><h1>Maaf, terjadi kesalahan pada sistem</h1><p>Silakan coba lagi beberapa saat lagi."
    "</p><p>Kode permintaan: <code>{rid}</code></p></body></html>"
)


def _page(request: HttpRequest, template: str, status: int, pesan: str = "") -> HttpResponse:
    rid = getattr(request, "request_id", "") or current()
    try:
        body = loader.get_template(template).render(
            {"request_id": rid, "status": status, "pesan": pesan}
        )
    except Exception:
        log.exception("error page %s could not be rendered", template)
        body = FALLBACK.format(rid=escape(rid))
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our views raise PermissionDenied with an Indonesian reason (e.g. "Hanya pemilik SKP ...").
    pesan = str(exception.args[0]) if exception is not None and exception.args else ""
    return _page(request, "403.html", 403, pesan)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form older than its session (or a page left open across a login) was sent."""
    return _page(request, "403_csrf.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "404.html", 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, "500.html", 500)

"""Session limits: 30 minutes idle, 12 hours from login, and no caching of signed-in pages.

The server decides: a request after the idle or absolute limit finds its session ended (logged
out on the server, with a message on the login page). Pages tell when the session will end
(base.html, also without JavaScript); static/js/sesi.js warns shortly before and offers
"Tetap masuk", which posts to /sesi/perpanjang/. Activity is stored at most once a minute, so a
busy user costs one session write per minute, not one per request.

Every response to a signed-in user (pages, htmx fragments, PDFs, ZIPs) gets
`Cache-Control: no-store`: nothing personal stays in a shared or back-button cache.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

MULAI, AKTIF = "sesi_mulai", "sesi_aktif"
HEADER = "X-Sesi-Berakhir"  # Unix time the session ends if idle (for sesi.js after htmx swaps)
_WRITE_EVERY = 60


@receiver(user_logged_in)
def _start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[MULAI] = request.session[AKTIF] = now


def ends_at(request: HttpRequest) -> float | None:
    """When this request's session ends unless there is activity (Unix time)."""
    session = getattr(request, "session", None)
    if session is None or MULAI not in session:
        return None
    aktif: float = session[AKTIF]
    mulai: float = session[MULAI]
    return min(aktif + settings.SESSION_IDLE_SECONDS, mulai + settings.SESSION_MAX_SECONDS)


def touch(request: HttpRequest, *, force: bool = False) -> None:
    now = time.time()
    if force or now - request.session.get(AKTIF, 0) >= _WRITE_EVERY:
        request.session[AKTIF] = now


class SesiMiddleware:
    """After MessageMiddleware (it leaves a message when it ends a session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not self._check(request) and \
                request.headers.get("HX-Request") == "true":
            # An htmx swap would put the login page inside the page: send the browser there.
            return HttpResponse(status=204, headers={"HX-Redirect": self._login_url(request)})
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            end = ends_at(request)
            if end is not None:
                response[HEADER] = str(math.ceil(end))
        return response

    @staticmethod
    def _login_url(request: HttpRequest) -> str:
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = page.path + (f"?{page.query}" if page.query else "")
        url = resolve_url(settings.LOGIN_URL)
        return f"{url}?{urlencode({'next': back})}" if back.startswith("/") else url

    def _check(self, request: HttpRequest) -> bool:
        """False when the session has just been ended."""
        session, now = request.session, time.time()
        if MULAI not in session:  # a session from before these limits: start counting now
            session[MULAI] = session[AKTIF] = now
            return True
        if now - session[MULAI] > settings.SESSION_MAX_SECONDS:
            reason = _("Sesi Anda sudah berlangsung %(jam)s jam, batas terlama satu sesi. "
                       "Silakan login kembali.") % {"jam": settings.SESSION_MAX_SECONDS // 3600}
        elif now - session[AKTIF] > settings.SESSION_IDLE_SECONDS:
            reason = _("Sesi Anda berakhir karena tidak ada aktivitas selama %(menit)s menit. "
                       "Silakan login kembali.") % {"menit": settings.SESSION_IDLE_SECONDS // 60}
        else:
            touch(request)
            return True
        logout(request)  # flushes the session on the server; the old cookie is worthless
        messages.info(request, reason)
        return False

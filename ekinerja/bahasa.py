"""The display language (issue 12 item 6): Indonesian unless the person chose English.

The choice is kept in the profile (Pegawai.bahasa, for a signed-in person, on every device), in
the session and in the language cookie (before signing in, and after signing out). The
browser's Accept-Language is not read: e-Kinerja is Indonesian by default, whatever language the
browser was installed in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekinerja.http import HtmxHttpRequest
from ekinerja.masukan import parse_next
from ekinerja.models import Pegawai, Riwayat

SESSION_KEY = "bahasa"
COOKIE_AGE = 365 * 24 * 3600  # the choice outlives a session: it is asked for again on no login


def kode_bahasa() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def bahasa_untuk(request: HttpRequest) -> str:
    """The profile's choice, else the session's, else the cookie's, else Indonesian."""
    known = kode_bahasa()
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    for choice in (
        getattr(user, "bahasa", "") if user is not None and user.is_authenticated else "",
        session.get(SESSION_KEY) if session is not None else "",
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if isinstance(choice, str) and choice in known:
            return choice
    return str(settings.LANGUAGE_CODE)


class BahasaMiddleware:
    """Django's LocaleMiddleware without Accept-Language, and after authentication (the profile)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = bahasa_untuk(request)
        request.LANGUAGE_CODE = language
        # The request's language only: the thread speaks the earlier one again afterwards (a
        # task run in the same thread, or the next test, must not inherit this user's choice).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


@login_not_required
@require_POST
def ganti_bahasa(request: HtmxHttpRequest) -> HttpResponse:
    """The header's language switch: a plain form, so it works without JavaScript."""
    language = request.POST.get("bahasa")
    if language not in kode_bahasa():
        return HttpResponseBadRequest(_("Bahasa tidak dikenal."))
    user = request.user
    if isinstance(user, Pegawai) and user.bahasa != language:
        with transaction.atomic():
            Pegawai.objects.filter(pk=user.pk).update(bahasa=language)
            Riwayat.catat(user, aktor=user, aksi="pegawai.bahasa",
                          sebelum={"bahasa": user.bahasa}, sesudah={"bahasa": language})
    request.session[SESSION_KEY] = language
    with translation.override(language):
        messages.success(request, _("Bahasa tampilan diganti."))
    fallback = "home" if user.is_authenticated else "login"
    response = redirect(parse_next(request.POST.get("next"), request) or fallback)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE or COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response

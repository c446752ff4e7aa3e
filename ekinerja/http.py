"""Typed requests for views, so mypy knows what `request.user` and `request.htmx` are.

LoginRequiredMiddleware is on, so a view without `@login_not_required` always gets a signed-in
Pegawai. Annotate it with `AuthedHttpRequest`:

    from django.http import HttpResponse
    from ekinerja.http import AuthedHttpRequest

    @require_GET
    def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
        skp, can_write = get_skp_for_user(request, pk)   # request.user is a Pegawai
        template = "skp/detail.html#rhk" if request.htmx else "skp/detail.html"
        ...

A view marked `@login_not_required` (login, health checks) annotates `HtmxHttpRequest`: its
user may be anonymous, its htmx details are still typed.

These are annotations only (the pattern django-htmx documents in its tips): Django hands every
view a plain HttpRequest, which AuthenticationMiddleware and HtmxMiddleware fill in. Passing the
request on to a helper that takes an HttpRequest is fine; they are subclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from ekinerja.models import Pegawai


class HtmxHttpRequest(HttpRequest):
    """Any request (the user may be anonymous), with django-htmx's details typed."""

    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    """A request from a signed-in Pegawai (every view behind LoginRequiredMiddleware)."""

    user: Pegawai


from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The main menu, in the manual's words. An entry shows once its page exists (its URL resolves).
# The third value: the entry is for a pejabat penilai only (decisions.md: superior functions are
# for whoever rates at least one SKP), so a pegawai who rates nobody never sees it.
NAVIGATION = [
    ("skp:daftar", _("Daftar SKP"), False),
    ("skp:bawahan", _("SKP Bawahan"), True),
    ("penilaian:index", _("Penilaian"), False),
    ("progres:index", _("Progres Harian"), False),
    ("penilaian:rekan", _("Feedback Rekan Kerja"), False),
]


class MenuItem(TypedDict):
    url: str
    label: StrOrPromise
    active: bool


class Kepala(TypedDict):
    """What the page header needs to know about the signed-in user."""

    unread: int  # unread notifications (the badge)
    menilai: bool  # pejabat penilai of at least one SKP (the superior menus)


def kepala(request: HttpRequest) -> Kepala:
    """The header's facts about the user, kept on the request.

    The authentication backends load the user with them (Pegawai.untuk_sesi), so a full page
    pays no query for the badge or the menus by role; a user loaded some other way costs one
    query (the same annotations, Pegawai.dengan_kepala)."""
    cached: Kepala | None = getattr(request, "_ekinerja_kepala", None)
    if cached is not None:
        return cached
    user: Any = request.user
    if not hasattr(user, "kepala_unread"):
        from ekinerja.models import Pegawai

        user = Pegawai.objects.dengan_kepala().filter(pk=user.pk).first()
    hasil = Kepala(unread=user.kepala_unread if user else 0, menilai=bool(user and user.kepala_menilai))
    request._ekinerja_kepala = hasil  # type: ignore[attr-defined]
    return hasil


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu, by role. Lazy: an htmx fragment that shows no menu runs no query for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": SimpleLazyObject(lambda: _menu(request, user))}


def _menu(request: HttpRequest, user: Any) -> list[MenuItem]:
    items: list[MenuItem] = []
    for name, label, penilai_saja in NAVIGATION:
        if penilai_saja and not kepala(request)["menilai"]:
            continue
        try:
            items.append(MenuItem(url=reverse(name), label=label, active=False))
        except NoReverseMatch:
            continue
    # The longest matching menu URL is the active one (/penilaian/rekan/ is not /penilaian/).
    matching = [i["url"] for i in items if request.path.startswith(i["url"])]
    current = max(matching, key=len, default=None)
    for item in items:
        item["active"] = item["url"] == current
    if user.is_active and (user.is_superuser or user.is_admin_instansi):
        try:  # Monitoring (issue 13): admins see it in the menu; heads of units via Penilaian
            url = reverse("monitoring:pengisian")
        except NoReverseMatch:
            pass
        else:
            items.append(MenuItem(url=url, label=_("Monitoring"), active=request.path.startswith(url)))
        siasn = reverse("siasn:sinkron")
        items.append(MenuItem(url=siasn, label=_("SIASN"),
                              active=request.path.startswith(siasn.rsplit("/", 2)[0] + "/")))
        items.append(MenuItem(url=reverse("admin:index"), label=_("Admin"), active=False))
    return items


def sesi(request: HttpRequest) -> dict[str, Any]:
    """When the signed-in user's session ends if idle (base.html shows it; sesi.js warns)."""
    from ekinerja.sesi import ends_at

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "htmx", False):
        return {}
    end = ends_at(request)
    if end is None:
        return {}
    return {
        "sesi_berakhir": dt.datetime.fromtimestamp(end, tz=dt.UTC),
        "sesi_berakhir_unix": math.ceil(end),
        "sesi_peringatan_detik": settings.SESSION_WARNING_SECONDS,
    }


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count in the header (kepala: loaded with the user, shared with the menu)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "htmx", False):
        return {}
    return {"notif_unread": kepala(request)["unread"]}

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The main menu, in the manual's words. An entry shows once its page exists (its URL resolves).
NAVIGATION = [
    ("skp:daftar", _("Daftar SKP")),
    ("skp:bawahan", _("SKP Bawahan")),
    ("penilaian:index", _("Penilaian")),
    ("progres:index", _("Progres Harian")),
    ("penilaian:rekan", _("Feedback Rekan Kerja")),
]


class MenuItem(TypedDict):
    url: str
    label: StrOrPromise
    active: bool


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items: list[MenuItem] = []
    for name, label in NAVIGATION:
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
    return {"nav_items": items}


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
    """The unread count in the header: one indexed COUNT per full page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "htmx", False):
        return {}
    from ekinerja.models import Notifikasi

    return {
        "notif_unread": Notifikasi.objects.filter(penerima=user, dibaca__isnull=True).count()
    }

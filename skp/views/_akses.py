"""Who may see or change an SKP: one access helper per object kind, and the refusal answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from ekinerja import htmx
from ekinerja.akses import catat_akses
from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import Pegawai
from skp.models import Skp

GET_POST = require_http_methods(["GET", "POST"])
HEAD = "skp/_head.html"  # the SKP pages' stylesheet and script, for ekinerja.htmx.render_form


@dataclass(frozen=True)
class AksesSkp:
    """An SKP as one user may use it: its owner writes the plan, its pejabat penilai rates it."""

    skp: Skp
    aktor: Pegawai

    @property
    def can_write(self) -> bool:
        return self.skp.pegawai_id == self.aktor.pk

    @property
    def is_penilai(self) -> bool:
        return self.skp.is_rated_by(self.aktor)

    @property
    def editable(self) -> bool:
        return self.can_write and self.skp.is_editable


def get_skp_for_user(request: AuthedHttpRequest, pk: int) -> AksesSkp:
    """The SKP if this user may see it (owner or pejabat penilai), with what they may do.

    Anyone else gets a 404, so the existence of other people's SKPs is not revealed.
    """
    skp = get_object_or_404(Skp.objects.visible_to(request.user).select_related("pegawai"), pk=pk)
    catat_akses(request, skp, "skp")
    return AksesSkp(skp, request.user)


def get_skp_for_owner(request: AuthedHttpRequest, pk: int) -> Skp:
    """The SKP whose plan this user writes; its pejabat penilai gets a 403."""
    akses = get_skp_for_user(request, pk)
    if not akses.can_write:
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengubah rencana kinerja."))
    return akses.skp


def get_draft_for_owner(request: AuthedHttpRequest, pk: int) -> Skp:
    """The owner's SKP while its plan may change; SkpTerkunci otherwise (see shows_refusal)."""
    skp = get_skp_for_owner(request, pk)
    skp.ensure_editable()
    return skp


def get_skp_for_penilai(request: AuthedHttpRequest, pk: int, pesan: str) -> Skp:
    """The SKP this user rates; its owner gets a 403 with `pesan`."""
    akses = get_skp_for_user(request, pk)
    if not akses.is_penilai:
        raise PermissionDenied(pesan)
    return akses.skp


def rates_any_skp(user: Pegawai) -> bool:
    """Superior functions (Matriks, SKP Bawahan) are for the pejabat penilai of some SKP."""
    # Query: does any SKP name this user as its pejabat penilai?
    return Skp.objects.rated_by(user).exists()


def optional_url(name: str, *args: Any) -> str | None:
    """A page of another issue shows up as a button only once it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def matriks_url(request: AuthedHttpRequest, skp: Skp) -> str | None:
    return optional_url("matriks:skp", skp.pk) if rates_any_skp(request.user) else None


def detail_url(skp: Skp | int, anchor: str = "") -> str:
    url = reverse("skp:detail", args=[getattr(skp, "pk", skp)])
    return url + (f"#{anchor}" if anchor else "")


def back_to_detail(request: AuthedHttpRequest, skp: Skp | int, message: str) -> HttpResponse:
    messages.error(request, message)
    return htmx.done(request, detail_url(skp))


def shows_refusal[V: Callable[..., HttpResponse]](view: V) -> V:
    """The one answer to a refusal on an SKP (Ditolak: it is no longer a draft, someone acted
    first, an RHK is still intervened): back to the SKP page with the reason. The model decides,
    on the locked row, so a form left open while the SKP was submitted ends here too."""

    @wraps(view)
    def wrapped(request: AuthedHttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except Ditolak as exc:
            return back_to_detail(request, pk, str(exc))

    return cast("V", wrapped)


def dialog_view[V: Callable[..., HttpResponse]](view: V) -> V:
    """A page or dialog (htmx) form about one SKP: GET draws it, POST sends it; a refusal goes
    back to the SKP page (shows_refusal)."""
    return vary_on_headers("HX-Request")(GET_POST(shows_refusal(view)))

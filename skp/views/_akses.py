"""Who may see or change an SKP: one access helper per object kind."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ekinerja.akses import catat_akses
from skp.models import (
    Skp,
)

GET_POST = require_http_methods(["GET", "POST"])


# --- access -----------------------------------------------------------------------------------


def get_skp_for_user(request: HttpRequest, pk: int) -> tuple[Skp, bool]:
    """The SKP if this user may see it (owner or pejabat penilai), and whether they write the plan.

    Anyone else gets a 404, so the existence of other people's SKPs is not revealed.
    """
    skp = get_object_or_404(Skp.objects.visible_to(request.user).select_related("pegawai"), pk=pk)
    catat_akses(request, skp, "skp")
    return skp, skp.pegawai_id == request.user.pk


def owned_skp(request: HttpRequest, pk: int) -> Skp:
    skp, can_write = get_skp_for_user(request, pk)
    if not can_write:
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengubah rencana kinerja."))
    return skp


def rates_any_skp(user: Any) -> bool:
    """Superior functions (Matriks/SKP Bawahan) are for the pejabat penilai of some SKP."""
    # Query: does any SKP name this user as its pejabat penilai?
    return Skp.objects.filter(pejabat_penilai=user).exists()


def matriks_url(request: HttpRequest, skp: Skp) -> str | None:
    return optional_url("matriks:skp", skp.pk) if rates_any_skp(request.user) else None


def optional_url(name: str, *args: Any) -> str | None:
    """A page of another issue shows up as a button only once it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None

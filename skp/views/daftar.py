"""Daftar SKP: the user's SKPs, and adding, editing or deleting one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from ekinerja import htmx
from ekinerja.db_router import baca_replika
from ekinerja.http import AuthedHttpRequest
from skp.forms import KonfirmasiForm, SkpForm
from skp.models import RhkMasihDiintervensi, Skp
from skp.views._akses import (
    GET_POST,
    dialog_view,
    get_draft_for_owner,
    optional_url,
    rates_any_skp,
)
from skp.views._form import render_form, save_form


@dataclass(frozen=True)
class BarisSkp:
    """One row of Daftar SKP with the links its Aksi column offers."""

    skp: Skp
    matriks_url: str | None
    penilaian_url: str | None


def _daftar_context(request: AuthedHttpRequest) -> dict[str, Any]:
    # Query: the user's SKPs; query: does the user rate any SKP?
    skps = list(Skp.objects.milik(request.user).order_by("-periode_awal", "-pk"))
    rater = rates_any_skp(request.user)
    penilaian = optional_url("penilaian:skp", 0)
    rows = [
        BarisSkp(
            skp,
            matriks_url=optional_url("matriks:skp", skp.pk) if rater else None,
            penilaian_url=(
                optional_url("penilaian:skp", skp.pk) if penilaian and skp.is_disetujui else None
            ),
        )
        for skp in skps
    ]
    bawahan_url = optional_url("skp:bawahan") if rater else None
    return {"skps": skps, "rows": rows, "bawahan_url": bawahan_url}


@vary_on_headers("HX-Request")
@require_GET
@baca_replika
def daftar(request: AuthedHttpRequest) -> HttpResponse:
    template = "skp/skp_daftar.html#daftar" if request.htmx else "skp/skp_daftar.html"
    return render(request, template, _daftar_context(request))


def _swap_daftar(request: AuthedHttpRequest) -> HttpResponse:
    return htmx.swap(
        request, "skp/skp_daftar.html#daftar", _daftar_context(request), target="#daftar",
        fallback=reverse("skp:daftar"),
    )


@vary_on_headers("HX-Request")
@GET_POST
def tambah(request: AuthedHttpRequest) -> HttpResponse:
    form = SkpForm(request.POST) if request.method == "POST" else SkpForm.for_new()
    user = request.user
    return save_form(
        request, form, lambda: Skp.create_for(user, aktor=user, **form.cleaned_data),
        success=_("SKP berhasil dibuat dengan status draft."),
        after=lambda: _swap_daftar(request), once=True,
    ) or render_form(
        request, form, title=_("Tambah SKP"), action=reverse("skp:tambah"),
        cancel_url=reverse("skp:daftar"),
    )


@dialog_view
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    skp = get_draft_for_owner(request, pk)
    form = SkpForm(request.POST) if request.method == "POST" else SkpForm.for_skp(skp)
    return save_form(
        request, form, lambda: skp.update_header(aktor=request.user, **form.cleaned_data),
        success=_("Periode SKP disimpan."), after=lambda: _swap_daftar(request),
    ) or render_form(
        request, form, title=_("Edit SKP"), action=reverse("skp:edit", args=[pk]),
        cancel_url=reverse("skp:daftar"),
    )


@dialog_view
def hapus(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    skp = get_draft_for_owner(request, pk)
    terdampak = skp.rhk_diintervensi()
    if request.method == "POST":
        skp.hapus(aktor=request.user)
        messages.success(request, _("SKP dihapus."))
        return _swap_daftar(request)
    intro = str(RhkMasihDiintervensi.of(terdampak)) if terdampak else _(
        "Hapus SKP periode %(awal)s sampai %(akhir)s beserta seluruh RHK, indikator dan "
        "lampirannya? Tindakan ini tidak dapat dibatalkan."
    ) % {"awal": skp.periode_awal, "akhir": skp.periode_akhir}
    return render_form(
        request, KonfirmasiForm(), title=_("Hapus SKP"), action=reverse("skp:hapus", args=[pk]),
        cancel_url=reverse("skp:daftar"), submit_label=_("Hapus"), danger=True,
        intro=intro, blocked=bool(terdampak),
    )

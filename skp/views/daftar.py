"""Daftar SKP: the user's SKPs, and adding, editing or deleting one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from skp.forms import (
    KonfirmasiForm,
    SkpForm,
)
from skp.models import (
    RhkMasihDiintervensi,
    Skp,
    SkpTerkunci,
    StatusSkp,
)
from skp.views._akses import GET_POST, optional_url, owned_skp, rates_any_skp
from skp.views._respons import back_to_detail, form_response, refused_when_locked, swap

# --- Daftar SKP -------------------------------------------------------------------------------


def _daftar_context(request: HttpRequest) -> dict:
    user = request.user
    # Query: the user's SKPs.
    skps = list(Skp.objects.milik(user).order_by("-periode_awal", "-pk"))
    bawahan, penilaian = optional_url("skp:bawahan"), optional_url("penilaian:skp", 0)
    rater = rates_any_skp(user)
    for skp in skps:
        skp.aksi_matriks = optional_url("matriks:skp", skp.pk) if rater else None
        skp.aksi_penilaian = (
            optional_url("penilaian:skp", skp.pk)
            if penilaian and skp.status == StatusSkp.PERSETUJUAN
            else None
        )
    return {"skps": skps, "bawahan_url": bawahan if rater else None}


@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def daftar(request: HttpRequest) -> HttpResponse:
    template = "skp/skp_daftar.html#daftar" if request.htmx else "skp/skp_daftar.html"
    return render(request, template, _daftar_context(request))


def _swap_daftar(request: HttpRequest) -> HttpResponse:
    return swap(
        request, "skp/skp_daftar.html#daftar", _daftar_context(request), "#daftar",
        reverse("skp:daftar"),
    )


@vary_on_headers("HX-Request")
@GET_POST
def tambah(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SkpForm(request.POST)
        if form.is_valid():
            try:
                with formulir.sekali(request):
                    Skp.create_for(request.user, aktor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except formulir.SudahDikirim:
                return _swap_daftar(request)
            else:
                messages.success(request, _("SKP berhasil dibuat dengan status draft."))
                return _swap_daftar(request)
    else:
        form = SkpForm(initial=SkpForm.initial_for_new())
    return form_response(
        request, form, title=_("Tambah SKP"), action=reverse("skp:tambah"),
        cancel_url=reverse("skp:daftar"),
    )


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    if request.method == "POST":
        form = SkpForm(request.POST)
        if form.is_valid():
            try:
                skp.update_header(aktor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Periode SKP disimpan."))
                return _swap_daftar(request)
    else:
        form = SkpForm(initial=SkpForm.initial_for(skp))
    return form_response(
        request, form, title=_("Edit SKP"), action=reverse("skp:edit", args=[pk]),
        cancel_url=reverse("skp:daftar"),
    )


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def hapus(request: HttpRequest, pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    terdampak = skp.rhk_diintervensi()
    if request.method == "POST":
        try:
            skp.hapus(aktor=request.user)
        except RhkMasihDiintervensi as exc:
            return back_to_detail(request, skp, str(exc))
        messages.success(request, _("SKP dihapus."))
        return _swap_daftar(request)
    if terdampak:
        intro = str(RhkMasihDiintervensi(terdampak[0].rhk_atasan, terdampak))
    else:
        intro = _(
            "Hapus SKP periode %(awal)s sampai %(akhir)s beserta seluruh RHK, indikator dan "
            "lampirannya? Tindakan ini tidak dapat dibatalkan."
        ) % {"awal": skp.periode_awal, "akhir": skp.periode_akhir}
    return form_response(
        request, KonfirmasiForm(), title=_("Hapus SKP"), action=reverse("skp:hapus", args=[pk]),
        cancel_url=reverse("skp:daftar"), submit_label=_("Hapus"), danger=True,
        intro=intro, blocked=bool(terdampak),
    )

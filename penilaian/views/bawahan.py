"""Penilaian Bawahan, Kurva and Capaian kinerja organisasi (the leader's pages of a period)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ekinerja.db_router import baca_replika
from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import UnitOrganisasi
from penilaian import forms as f
from penilaian.kurva import kelompok, kurva_svg
from penilaian.models import CapaianOrganisasi, Penilaian, PeriodePenilaian
from penilaian.rules import (
    Capaian,
)
from penilaian.views.akses import _memimpin_subunit, _my_periode, _rates_approved_skp
from penilaian.views.common import GET, GET_POST
from skp.models import Skp, StatusSkp


@dataclass(frozen=True)
class BarisBawahan:
    """An SKP the user rates, with its rating in the period (if any)."""

    skp: Skp
    hasil: Penilaian | None


@GET
def bawahan(request: AuthedHttpRequest, periode: int) -> HttpResponse:
    per = _my_periode(request, periode)
    # Query: the approved SKPs this user rates that intersect the period, with their pegawai.
    skps = list(
        Skp.objects.filter(pejabat_penilai=request.user, status=StatusSkp.PERSETUJUAN,
                           periode_awal__lte=per.akhir, periode_akhir__gte=per.awal)
        .select_related("pegawai").order_by("pegawai__nama")
    )
    # Query: their ratings in this period.
    hasil = {p.skp_id: p for p in Penilaian.objects.filter(periode=per,
                                                          skp__in=[s.pk for s in skps])}
    return render(request, "penilaian/bawahan.html", {
        "periode": per, "skps": [BarisBawahan(s, hasil.get(s.pk)) for s in skps]})


@GET
@baca_replika
def kurva(request: AuthedHttpRequest, periode: int) -> HttpResponse:
    per = _my_periode(request, periode)
    if not _rates_approved_skp(request.user):
        raise Http404
    grup = kelompok(request.user, per)
    return render(request, "penilaian/kurva.html", {
        "periode": per, "k": grup, "svg": kurva_svg(grup["jumlah"]),
        "pimpinan": _memimpin_subunit(request.user),
    })


@dataclass(frozen=True)
class BarisUnit:
    """A unit below the leader's on Capaian kinerja organisasi: its capaian, if set, and the
    message of a refused save."""

    unit: UnitOrganisasi
    capaian: CapaianOrganisasi | None
    error: str


def _tetapkan(request: AuthedHttpRequest, units: list[UnitOrganisasi], per: PeriodePenilaian
              ) -> tuple[HttpResponse | None, dict[int, str]]:
    """The POST: the saved answer, or the error shown beside the unit's row."""
    unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
    if unit is None:
        raise Http404
    form = f.CapaianForm(request.POST)
    if not form.is_valid():
        return None, {unit.pk: _("Pilih capaian kinerja organisasi.")}
    try:
        CapaianOrganisasi.tetapkan(unit, per, capaian=form.cleaned_data["capaian"],
                                   aktor=request.user)
    except Ditolak as exc:
        return None, {unit.pk: str(exc)}
    messages.success(request, _("Capaian kinerja organisasi %(unit)s disimpan.")
                     % {"unit": unit.nama})
    return redirect(reverse("penilaian:capaian", args=[per.pk])), {}


@GET_POST
def capaian(request: AuthedHttpRequest, periode: int) -> HttpResponse:
    """The leader of a unit sets the capaian of the units directly below it."""
    per = _my_periode(request, periode)
    # Query: the units directly below a unit this user heads.
    units = list(UnitOrganisasi.objects.filter(parent__kepala=request.user)
                 .select_related("parent", "kepala").order_by("nama"))
    if not units:
        raise Http404
    errors: dict[int, str] = {}
    if request.method == "POST":
        done, errors = _tetapkan(request, units, per)
        if done is not None:
            return done
    # Query: the capaian already set for these units.
    current = {c.unit_id: c for c in CapaianOrganisasi.objects.filter(periode=per,
                                                                      unit__in=units)}
    return render(request, "penilaian/capaian.html", {
        "periode": per, "choices": Capaian.choices,
        "units": [BarisUnit(u, current.get(u.pk), errors.get(u.pk, "")) for u in units],
    }, status=200)

"""Penilaian (the menu) and Penilaian SKP (its periods, ratings, keberatan and SIASN status)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ekinerja.http import AuthedHttpRequest
from penilaian import siasn
from penilaian.models import (
    Keberatan,
    Penilaian,
    PeriodePenilaian,
)
from penilaian.views.akses import _memimpin_subunit, _rates_approved_skp, _skp
from penilaian.views.common import GET
from skp.models import Skp, StatusSkp


@GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    # Query: the user's approved SKPs.
    skps = list(Skp.objects.milik(user).filter(status=StatusSkp.PERSETUJUAN)
                .order_by("-periode_awal"))
    rater, pimpinan = _rates_approved_skp(user), _memimpin_subunit(user)  # 2 queries
    periode = []
    if rater or pimpinan:
        # Query: the years of the SKPs the user rates.
        years = set(Skp.objects.filter(pejabat_penilai=user, status=StatusSkp.PERSETUJUAN)
                    .values_list("periode_awal__year", flat=True))
        if pimpinan:  # also their own SKPs' years, and this year (a leader without an SKP)
            years |= {s.periode_awal.year for s in skps} | {timezone.localdate().year}
        # Query: the periods of the user's instansi in those years.
        periode = list(PeriodePenilaian.objects.filter(
            # None (a user without instansi) matches no period, as intended.
            instansi_id=user.instansi_id,  # type: ignore[misc]
            awal__year__in=years))
    return render(request, "penilaian/index.html", {"skps": skps, "periode": periode,
                                                    "rater": rater, "pimpinan": pimpinan})


@dataclass(frozen=True)
class BarisPeriode:
    """One period's row on Penilaian SKP."""

    periode: PeriodePenilaian
    hasil: Penilaian | None
    keberatan: Keberatan | None
    boleh_keberatan: bool  # the "Ajukan Keberatan" button (Penilaian.boleh_keberatan)
    siasn: dict[str, Any] | None  # siasn.status_untuk's row when SIASN is configured


def _baris(request: AuthedHttpRequest, skp: Skp) -> list[BarisPeriode]:
    """The SKP's periods with their ratings, keberatan and SIASN status: 4 queries (3 without
    SIASN)."""
    periode = list(PeriodePenilaian.objects.untuk_skp(skp))  # Query: the periods.
    hasil = {p.periode_id: p for p in Penilaian.objects.filter(skp=skp)}  # Query: the ratings.
    # Query: the keberatan filed.
    keberatan = {k.penilaian.periode_id: k for k in
                 Keberatan.objects.filter(penilaian__skp=skp).select_related("penilaian")}
    # Query: this pegawai's SIASN statuses for these periods.
    status = siasn.status_untuk(skp, periode, hasil, keberatan) if siasn.aktif() else {}
    rows = []
    for per in periode:
        pn = hasil.get(per.pk)
        if pn is not None:
            pn.skp, pn.periode = skp, per
        rows.append(BarisPeriode(
            periode=per, hasil=pn, keberatan=keberatan.get(per.pk), siasn=status.get(per.pk),
            boleh_keberatan=(pn is not None and per.pk not in keberatan
                             and pn.boleh_keberatan(request.user))))
    return rows


@GET
def skp_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    skp, peran = _skp(request, pk)
    return render(request, "penilaian/skp.html", {
        "skp": skp, "periode": _baris(request, skp), "owner": peran.pegawai,
        "siasn_aktif": siasn.aktif(),
        "is_rater": peran.penilai or _rates_approved_skp(request.user),
    })

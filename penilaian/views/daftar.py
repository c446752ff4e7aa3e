"""Penilaian (the menu) and Penilaian SKP (its periods, ratings, keberatan and SIASN status)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from penilaian import siasn
from penilaian.models import (
    Keberatan,
    Penilaian,
    PeriodePenilaian,
)
from penilaian.views.akses import _is_rater, _memimpin_subunit, _skp
from penilaian.views.common import GET
from skp.models import Skp, StatusSkp


@GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Query: the user's approved SKPs.
    skps = list(Skp.objects.milik(user).filter(status=StatusSkp.PERSETUJUAN)
                .order_by("-periode_awal"))
    rater, pimpinan = _is_rater(user), _memimpin_subunit(user)  # 2 queries
    periode = []
    if rater or pimpinan:
        # Query: the years of the SKPs the user rates.
        years = set(Skp.objects.filter(pejabat_penilai=user, status=StatusSkp.PERSETUJUAN)
                    .values_list("periode_awal__year", flat=True))
        if pimpinan:  # also their own SKPs' years, and this year (a leader without an SKP)
            years |= {s.periode_awal.year for s in skps} | {timezone.localdate().year}
        # Query: the periods of the user's instansi in those years.
        periode = list(PeriodePenilaian.objects.filter(instansi_id=user.instansi_id,
                                                       awal__year__in=years))
    return render(request, "penilaian/index.html", {"skps": skps, "periode": periode,
                                                    "rater": rater, "pimpinan": pimpinan})


@GET
def skp_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp = _skp(request, pk)
    periode = list(PeriodePenilaian.objects.untuk_skp(skp))
    hasil = {p.periode_id: p for p in Penilaian.objects.filter(skp=skp)}
    owner = skp.pegawai_id == request.user.pk
    keberatan = {k.penilaian.periode_id: k for k in
                 Keberatan.objects.filter(penilaian__skp=skp).select_related("penilaian")}
    for p in periode:
        p.hasil = hasil.get(p.pk)
        p.keberatan = keberatan.get(p.pk)
        p.boleh_keberatan = (owner and p.is_final and p.hasil is not None
                             and bool(p.hasil.predikat) and p.keberatan is None)
    siasn_aktif = siasn.aktif()
    if siasn_aktif:  # Query: this pegawai's SIASN statuses for these periods.
        status = siasn.status_untuk(skp, periode, hasil, keberatan)
        for p in periode:
            p.siasn = status[p.pk]
    return render(request, "penilaian/skp.html", {
        "skp": skp, "periode": periode, "owner": owner, "siasn_aktif": siasn_aktif,
        "is_rater": skp.pejabat_penilai_id == request.user.pk or _is_rater(request.user),
    })

"""What the eviden, rating and peer pages show: RHKs with their period rows, BerAKHLAK values
with the feedback the user may read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ekinerja.http import AuthedHttpRequest
from penilaian import forms as f
from penilaian.models import (
    CapaianIndikator,
    Eviden,
    PeriodePenilaian,
    RencanaAksi,
    UmpanBalikPerilaku,
)
from penilaian.progres import saran_progres
from progres.models import saran_realisasi
from skp.models import HasilKerja, Indikator, PerilakuKerja, Skp


@dataclass(frozen=True)
class BarisIndikator:
    """One indicator's row in one period: its eviden, realisasi/feedback and Saran realisasi."""

    ind: Indikator
    ev: list[Eviden]
    cap: CapaianIndikator | None
    saran: str = ""


@dataclass(frozen=True)
class BarisRhk:
    """One RHK's rows in one period (numbered, utama first), with its rencana aksi."""

    rhk: HasilKerja
    nomor: int
    aksi: list[RencanaAksi]
    inds: list[BarisIndikator]


def _rhks(skp: Skp, periode: PeriodePenilaian, *, saran: bool = False) -> list[BarisRhk]:
    """RHKs with indicators, eviden, realisasi/feedback and rencana aksi of one period: 5 queries;
    with `saran`, one more: the approved Progres Harian totals (Saran realisasi)."""
    # Query: the RHKs (utama first); query: their indicators (prefetch).
    rhks = sorted(
        skp.hasil_kerja.select_related("rhk_atasan").prefetch_related("indikator"),
        key=lambda r: (r.jenis != HasilKerja.Jenis.UTAMA, r.urutan, r.pk),
    )
    ind_ids = [i.pk for r in rhks for i in r.indikator.all()]
    eviden: dict[int, list[Eviden]] = {}
    # Query: the eviden of these indicators in this period.
    for ev in Eviden.objects.filter(periode=periode, indikator_id__in=ind_ids):
        eviden.setdefault(ev.indikator_id, []).append(ev)
    # Query: realisasi and superior feedback of these indicators in this period.
    capaian = {c.indikator_id: c for c in
               CapaianIndikator.objects.filter(periode=periode, indikator_id__in=ind_ids)}
    aksi: dict[int, list[RencanaAksi]] = {}
    # Query: the rencana aksi of these RHKs in this period.
    for ra in RencanaAksi.objects.filter(periode=periode, rhk__skp=skp):
        aksi.setdefault(ra.rhk_id, []).append(ra)
    totals = saran_progres(skp, periode, [r.pk for r in rhks]) if saran else {}
    rows = []
    for n, rhk in enumerate(rhks, 1):
        inds = []
        for ind in rhk.indikator.all():
            ind.rhk = rhk
            inds.append(BarisIndikator(
                ind, eviden.get(ind.pk, []), capaian.get(ind.pk),
                saran_realisasi(totals.get(rhk.pk, []), ind.target_satuan)))
        rows.append(BarisRhk(rhk, n, aksi.get(rhk.pk, []), inds))
    return rows


def _umpan_balik(request: AuthedHttpRequest, skp: Skp, periode: PeriodePenilaian | None, *,
                 rekan: bool = False) -> Any:
    """The feedback on this SKP the user may read (UmpanBalikPerilaku.objects.visible_to): on
    the peer page (`rekan`) peer feedback only; on a period's page that period's and the peer
    feedback."""
    qs = UmpanBalikPerilaku.objects.visible_to(request.user, skp).select_related("penulis")
    if rekan:
        return qs.filter(periode__isnull=True)
    if periode is not None:
        return qs.filter(Q(periode=periode) | Q(periode__isnull=True))
    return qs


@dataclass(frozen=True)
class BarisPerilaku:
    """One BerAKHLAK value with the feedback on it that the user may read."""

    nilai: PerilakuKerja
    umpan_balik: list[UmpanBalikPerilaku]


def _perilaku(request: AuthedHttpRequest, skp: Skp, periode: PeriodePenilaian | None, *,
              rekan: bool = False) -> list[BarisPerilaku]:
    """The BerAKHLAK values with the feedback on this SKP that the user may read."""
    # Query: the SKP's BerAKHLAK values.
    values = list(PerilakuKerja.objects.filter(versi=skp.perilaku_versi))
    fb: dict[int, list[UmpanBalikPerilaku]] = {}
    # Query: the feedback with its authors.
    for row in _umpan_balik(request, skp, periode, rekan=rekan):
        fb.setdefault(row.perilaku_id, []).append(row)
    return [BarisPerilaku(v, fb.get(v.pk, [])) for v in values]


def _baris_perilaku(request: AuthedHttpRequest, skp: Skp, per: PeriodePenilaian | None,
                    value: PerilakuKerja, mode: str, form: Form | None) -> HttpResponse:
    """One BerAKHLAK row of the Perilaku Kerja table (htmx): its feedback, and the Tambah form
    open with the errors beside the typed text when `form` is invalid."""
    # Query: this value's feedback (that the user may read) with its authors.
    umpan_balik = list(_umpan_balik(request, skp, per, rekan=mode == "rekan")
                       .filter(perilaku=value))
    return render(request, "penilaian/_perilaku.html#baris", {
        "v": value, "umpan_balik": umpan_balik, "skp": skp, "periode": per, "mode": mode,
        "form": form, "form_for": value.pk if form is not None else None,
        "blank_form": f.FeedbackPerilakuForm(),
    })


def _eviden_url(skp: Skp, per: PeriodePenilaian, anchor: str = "") -> str:
    url = reverse("penilaian:eviden", args=[skp.pk, per.pk])
    return f"{url}#{anchor}" if anchor else url


def _nilai_url(skp: Skp, per: PeriodePenilaian, anchor: str = "") -> str:
    url = reverse("penilaian:nilai", args=[skp.pk, per.pk])
    return f"{url}#{anchor}" if anchor else url

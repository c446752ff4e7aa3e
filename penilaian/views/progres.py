"""Pengisian Eviden from Progres Harian: copy the saran realisasi, attach approved bukti."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest
from penilaian.actions import attach_progres_eviden
from penilaian.models import CapaianIndikator, Eviden, PeriodePenilaian
from penilaian.progres import bisa_dilampirkan, saran_progres, tautan_bukti
from penilaian.views.akses import _indikator_periode
from penilaian.views.eviden import _cell, _refused_cell
from penilaian.views.tampil import BarisIndikator, _eviden_url
from progres.models import ProgresHarian, saran_realisasi


def _konfirmasi(request: AuthedHttpRequest, row: BarisIndikator, per: PeriodePenilaian,
                back: str) -> HttpResponse:
    """Ask before the saran replaces a different realisasi: in the cell (htmx) or as a page."""
    ind, lama = row.ind, row.cap.realisasi if row.cap else ""
    context = {"ind": ind, "periode": per, "skp": ind.rhk.skp, "lama": lama,
               "saran": row.saran, "back": back}
    if not request.htmx:
        return render(request, "penilaian/saran_konfirmasi.html", context)
    # Query: the indicator's eviden (the cell shows them too).
    row = BarisIndikator(ind, list(Eviden.objects.filter(indikator=ind, periode=per)), row.cap,
                         row.saran)
    return render(request, "penilaian/_hasil_kerja.html#kolom-re", {
        **context, "i": row, "terbuka": per.terbuka(), "mode": "pegawai", "konfirmasi": True})


@vary_on_headers("HX-Request")
@require_POST
def realisasi_saran(request: AuthedHttpRequest, indikator: int, periode: int) -> HttpResponse:
    ind, skp, per = _indikator_periode(request, indikator, periode)
    back = _eviden_url(skp, per, f"re-{ind.pk}")
    totals = saran_progres(skp, per, [ind.rhk_id])
    saran = saran_realisasi(totals.get(ind.rhk_id, []), ind.target_satuan)
    if not saran:
        return _refused_cell(request, Ditolak(_(
            "Belum ada progres harian yang disetujui untuk RHK ini pada periode ini.")), back,
            (ind, per, "re"))
    current = CapaianIndikator.objects.filter(indikator=ind, periode=per).first()
    lama = current.realisasi if current else ""
    # The pegawai confirms replacing exactly the realisasi they saw; if it changed meanwhile, ask
    # again with the new one.
    if lama and lama != saran and (request.POST.get("ganti") != "1"
                                   or request.POST.get("sebelum", "") != lama):
        return _konfirmasi(request, BarisIndikator(ind, [], current, saran), per, back)
    try:
        CapaianIndikator.set_realisasi(
            ind, per, realisasi=saran, aktor=request.user,
            sumber_data=(current.sumber_data if current and current.sumber_data
                         else _("Progres Harian")))
    except (Ditolak, ValidationError) as exc:
        return _refused_cell(request, Ditolak(" ".join(getattr(exc, "messages", [str(exc)]))),
                          back, (ind, per, "re"))
    messages.success(request, _("Saran realisasi disalin ke Realisasi."))
    return _cell(request, ind, per, "re") if request.htmx else redirect(back)


def _dilampirkan(request: AuthedHttpRequest, n: int, back: str) -> HttpResponse:
    if not n:
        messages.error(request, _("Pilih progres yang akan dilampirkan."))
        return redirect(request.path)
    messages.success(request, _("%(n)s bukti progres harian dilampirkan sebagai eviden.")
                     % {"n": n})
    return redirect(back)


@dataclass(frozen=True)
class BarisBukti:
    """An approved entry with bukti; `sudah`: its link is already an eviden."""

    e: ProgresHarian
    sudah: bool


@require_http_methods(["GET", "POST"])
def eviden_progres(request: AuthedHttpRequest, indikator: int, periode: int) -> HttpResponse:
    """Lampirkan dari Progres Harian: approved entries with bukti of this indicator's RHK."""
    ind, skp, per = _indikator_periode(request, indikator, periode)
    back = _eviden_url(skp, per, f"ev-{ind.pk}")
    if request.method == "POST":
        try:
            with formulir.sekali(request):
                n = attach_progres_eviden(aktor=request.user, indikator=ind, periode=per,
                                          pilih=set(request.POST.getlist("entri")))
        except (Ditolak, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(back)
        except formulir.SudahDikirim:
            return redirect(back)
        return _dilampirkan(request, n, back)
    entri = bisa_dilampirkan(skp, per, ind.rhk_id)
    ada = set(Eviden.objects.filter(indikator=ind, periode=per).values_list("tautan", flat=True))
    return render(request, "penilaian/eviden_progres.html", {
        "ind": ind, "skp": skp, "periode": per, "back": back, "terbuka": per.terbuka(),
        "entri": [BarisBukti(e, tautan_bukti(e) in ada) for e in entri]})

"""Cetak Laporan Progres Harian (routed by progres/cetak_urls.py as cetak:laporan_progres): the pegawai
and their pejabat penilai for that month only; anyone else gets a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ekinerja.cetak_views import pdf_response
from ekinerja.models import Pegawai
from progres.cetak import laporan_document
from progres.kalender import batas_bulan
from progres.views import _bawahan


@require_GET
def laporan_pdf(request: HttpRequest, pegawai: int, tahun: int, bulan: int) -> HttpResponse:
    if not (1 <= bulan <= 12 and 2000 <= tahun <= 2100):
        raise Http404
    awal, akhir = batas_bulan(tahun, bulan)
    if pegawai == request.user.pk:
        orang = Pegawai.objects.select_related("unit").get(pk=pegawai)
    else:
        orang = _bawahan(request, pegawai, awal, akhir)
    return pdf_response(laporan_document(orang, tahun, bulan))

"""Cetak for penilaian: Umpan Balik, Evaluasi Kinerja Pegawai and Dokumen Evaluasi Kinerja Pegawai.

Routed by penilaian/cetak_urls.py in the "cetak" namespace (cetak:umpan_balik, cetak:evaluasi,
cetak:dokumen_evaluasi). Access follows the penilaian pages: an approved SKP, seen by its owner
and its pejabat penilai; the Dokumen Evaluasi also by the atasan pejabat penilai once a keberatan
exists (as the Keberatan page). Anyone else gets a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ekinerja.akses import catat_akses
from ekinerja.cetak_views import pdf_response
from ekinerja.http import AuthedHttpRequest
from ekinerja.models_dokumen import DokumenCetak
from penilaian.cetak import penilaian_document
from penilaian.models import Keberatan, PeriodePenilaian
from skp.models import Skp, StatusSkp

Jenis = DokumenCetak.Jenis


def _approved(qs: QuerySet[Skp]) -> QuerySet[Skp]:
    return qs.filter(status=StatusSkp.PERSETUJUAN).select_related("pegawai", "instansi", "pejabat_penilai")


def _skp(request: AuthedHttpRequest, pk: int) -> Skp:
    """An approved SKP this user owns or rates (Skp.objects.visible_to), as on the penilaian pages."""
    return get_object_or_404(_approved(Skp.objects.visible_to(request.user)), pk=pk)


def _periode(skp: Skp, pk: int) -> PeriodePenilaian:
    """A period of the SKP's instansi that intersects the SKP."""
    return get_object_or_404(PeriodePenilaian.objects.untuk_skp(skp), pk=pk)


def _cetak(request: AuthedHttpRequest, skp: Skp, periode: int, jenis: str) -> HttpResponse:
    catat_akses(request, skp, f"cetak:{jenis}")
    return pdf_response(penilaian_document(skp, _periode(skp, periode), jenis))


@require_GET
def umpan_balik_pdf(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    return _cetak(request, _skp(request, pk), periode, Jenis.UMPAN_BALIK)


@require_GET
def evaluasi_pdf(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    return _cetak(request, _skp(request, pk), periode, Jenis.EVALUASI_KINERJA)


@require_GET
def dokumen_evaluasi_pdf(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    user = request.user
    skp = _approved(Skp.objects.all()).filter(pk=pk).first()
    if skp is None:
        raise Http404
    if user.pk not in (skp.pegawai_id, skp.pejabat_penilai_id):
        # The atasan pejabat penilai decides a keberatan and signs this form: only then.
        atasan = Keberatan.is_atasan_penilai(user, skp)
        if not (atasan and Keberatan.objects.filter(penilaian__skp=skp,
                                                    penilaian__periode_id=periode).exists()):
            raise Http404
    return _cetak(request, skp, periode, Jenis.DOKUMEN_EVALUASI)

"""Cetak, the shared part: the PDF response every document view returns, and the public page
that tells whether a verification code belongs to a real document.

The document views themselves live with their data (skp/cetak_views.py,
penilaian/cetak_views.py); each app lists its own in <app>/cetak_urls.py and ekinerja/urls.py
mounts them all in the "cetak" namespace.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ekinerja.dokumen import HasilCetak
from ekinerja.http import HtmxHttpRequest
from ekinerja.models_dokumen import DokumenCetak, normalisasi_kode, tampil_kode
from ekinerja.pdf import tanggal_indonesia


def pdf_response(hasil: HasilCetak) -> HttpResponse:
    response = HttpResponse(hasil.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{hasil.nama_file}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Dokumen-Cache"] = "hit" if hasil.dari_cache else "miss"
    response["X-Dokumen-Kode"] = hasil.dokumen.kode_tampil
    return response


@login_not_required
@require_GET
def verifikasi(request: HtmxHttpRequest, kode: str = "") -> HttpResponse:
    """Whether a code belongs to a real document; shows only owner name, document type, date."""
    kode = kode or request.GET.get("kode", "")
    context: dict[str, Any] = {"kode": kode.strip()[:40], "diperiksa": bool(kode.strip())}
    if context["diperiksa"]:
        dok = (
            DokumenCetak.objects.filter(kode=normalisasi_kode(kode))
            .only("kode", "jenis", "pemilik_nama", "dibuat")
            .first()
        )
        if dok is not None:
            context.update(
                dokumen={
                    "kode": tampil_kode(dok.kode),
                    "jenis": dok.get_jenis_display(),
                    "pemilik": dok.pemilik_nama,
                    "tanggal": tanggal_indonesia(dok.dibuat),
                }
            )
    response = render(request, "cetak/verifikasi.html", context)
    if context["diperiksa"] and "dokumen" not in context:
        response.status_code = 404
    return response

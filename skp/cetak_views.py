"""Cetak for SKPs: SKP and Lampiran SKP as PDF, and the bulk ZIP for a pejabat penilai.

Routed by skp/cetak_urls.py in the "cetak" namespace (cetak:skp, cetak:lampiran, cetak:bundel...).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.akses import catat_akses
from ekinerja.cetak_views import pdf_response
from ekinerja.http import AuthedHttpRequest
from ekinerja.masukan import parse_int
from ekinerja.models_dokumen import BundelCetak, DokumenCetak
from ekinerja.pdf import tanggal_indonesia
from skp.cetak import skp_bawahan, skp_document
from skp.models import Skp
from skp.tasks import buat_bundel_skp
from skp.views._akses import get_skp_for_user


def _cetak(request: AuthedHttpRequest, pk: int, jenis: str) -> HttpResponse:
    # Same rule as the SKP page: the owner and their pejabat penilai; anyone else gets a 404.
    skp = get_skp_for_user(request, pk).skp
    catat_akses(request, skp, f"cetak:{jenis}")
    return pdf_response(skp_document(skp, jenis))


@require_GET
def skp_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _cetak(request, pk, DokumenCetak.Jenis.SKP)


@require_GET
def lampiran_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _cetak(request, pk, DokumenCetak.Jenis.LAMPIRAN_SKP)


# --- bulk ZIP for a pejabat penilai ----------------------------------------------------------


def _tahun_bawahan(request: AuthedHttpRequest) -> list[int]:
    dates = (
        Skp.objects.filter(pejabat_penilai=request.user)
        .exclude(pegawai=request.user)
        .dates("periode_awal", "year", order="DESC")
    )
    return [d.year for d in dates]


@require_http_methods(["GET", "POST"])
def bundel(request: AuthedHttpRequest) -> HttpResponse:
    """Request a ZIP of every subordinate's SKP for a year; lists earlier requests."""
    tahun_list = _tahun_bawahan(request)
    if not tahun_list:
        raise Http404  # superior functions are for raters of at least one SKP
    if request.method == "POST":
        tahun = parse_int(request.POST.get("tahun"))
        if tahun not in tahun_list:
            messages.error(request, _("Pilih tahun yang memiliki SKP bawahan."))
        else:
            try:
                with formulir.sekali(request) as kiriman, transaction.atomic():
                    item = BundelCetak.objects.create(peminta=request.user, tahun=tahun)
                    transaction.on_commit(lambda: _enqueue(item.pk))
                    kiriman.hasil = reverse("cetak:bundel_status", args=[item.pk])
            except formulir.SudahDikirim as exc:  # a double click: the first request's bundle
                return redirect(exc.hasil or reverse("cetak:bundel"))
            return redirect("cetak:bundel_status", pk=item.pk)
    riwayat = list(BundelCetak.objects.filter(peminta=request.user).defer("zip")[:10])
    return render(request, "cetak/bundel.html", {"tahun_list": tahun_list, "riwayat": riwayat})


def _enqueue(bundel_id: int) -> None:
    result = buat_bundel_skp.enqueue(bundel_id)
    BundelCetak.objects.filter(pk=bundel_id).update(task_id=str(result.id)[:64])


def _own_bundel(request: AuthedHttpRequest, pk: int) -> BundelCetak:
    return get_object_or_404(BundelCetak.objects.defer("zip"), pk=pk, peminta=request.user)


@never_cache
@vary_on_headers("HX-Request")
@require_GET
def bundel_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _own_bundel(request, pk)
    context = {
        "bundel": item,
        "daftar": list(skp_bawahan(item.peminta_id, item.tahun).values_list("pegawai__nama", flat=True)),
        "rampung": tanggal_indonesia(item.rampung),
    }
    template = "cetak/bundel_status.html#progres" if request.htmx else "cetak/bundel_status.html"
    return render(request, template, context)


@require_GET
def bundel_unduh(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _own_bundel(request, pk)
    if item.status != BundelCetak.Status.SELESAI:
        messages.info(request, _("Berkas ZIP belum siap."))
        return redirect("cetak:bundel_status", pk=item.pk)
    data = BundelCetak.objects.filter(pk=item.pk).values_list("zip", flat=True).get()
    response = HttpResponse(bytes(data or b""), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="SKP-bawahan-{item.tahun}.zip"'
    response["Cache-Control"] = "private, no-cache"
    return response

"""Cetak: SKP and Lampiran SKP as PDF, bulk ZIP for a pejabat penilai, public verification page.

Included from ekinerja/urls.py as the "cetak" namespace (urlpatterns at the bottom).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from ekinerja.dokumen import HasilCetak, skp_document
from ekinerja.models_dokumen import BundelCetak, DokumenCetak, normalisasi_kode, tampil_kode
from ekinerja.pdf import tanggal_indonesia
from ekinerja.tasks import buat_bundel_skp, skp_bawahan
from skp.models import Skp
from skp.views import get_skp_for_user


def _pdf_response(hasil: HasilCetak) -> HttpResponse:
    response = HttpResponse(hasil.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{hasil.nama_file}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Dokumen-Cache"] = "hit" if hasil.dari_cache else "miss"
    response["X-Dokumen-Kode"] = hasil.dokumen.kode_tampil
    return response


def _cetak(request: HttpRequest, pk: int, jenis: str) -> HttpResponse:
    # Same rule as the SKP page: the owner and their pejabat penilai; anyone else gets a 404.
    skp, _can_write = get_skp_for_user(request, pk)
    return _pdf_response(skp_document(skp, jenis))


@require_GET
def skp_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _cetak(request, pk, DokumenCetak.Jenis.SKP)


@require_GET
def lampiran_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _cetak(request, pk, DokumenCetak.Jenis.LAMPIRAN_SKP)


# --- bulk ZIP for a pejabat penilai ----------------------------------------------------------


def _tahun_bawahan(request: HttpRequest) -> list[int]:
    dates = (
        Skp.objects.filter(pejabat_penilai=request.user)
        .exclude(pegawai=request.user)
        .dates("periode_awal", "year", order="DESC")
    )
    return [d.year for d in dates]


@require_http_methods(["GET", "POST"])
def bundel(request: HttpRequest) -> HttpResponse:
    """Request a ZIP of every subordinate's SKP for a year; lists earlier requests."""
    tahun_list = _tahun_bawahan(request)
    if not tahun_list:
        raise Http404  # superior functions are for raters of at least one SKP
    if request.method == "POST":
        try:
            tahun = int(request.POST.get("tahun", ""))
        except ValueError:
            tahun = 0
        if tahun not in tahun_list:
            messages.error(request, _("Pilih tahun yang memiliki SKP bawahan."))
        else:
            with transaction.atomic():
                item = BundelCetak.objects.create(peminta=request.user, tahun=tahun)
                transaction.on_commit(lambda: _enqueue(item.pk))
            return redirect("cetak:bundel_status", pk=item.pk)
    riwayat = list(BundelCetak.objects.filter(peminta=request.user).defer("zip")[:10])
    return render(request, "cetak/bundel.html", {"tahun_list": tahun_list, "riwayat": riwayat})


def _enqueue(bundel_id: int) -> None:
    result = buat_bundel_skp.enqueue(bundel_id)
    BundelCetak.objects.filter(pk=bundel_id).update(task_id=str(result.id)[:64])


def _own_bundel(request: HttpRequest, pk: int) -> BundelCetak:
    return get_object_or_404(BundelCetak.objects.defer("zip"), pk=pk, peminta=request.user)


@never_cache
@vary_on_headers("HX-Request")
@require_GET
def bundel_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_bundel(request, pk)
    context = {
        "bundel": item,
        "daftar": list(skp_bawahan(item.peminta_id, item.tahun).values_list("pegawai__nama", flat=True)),
        "rampung": tanggal_indonesia(item.rampung),
    }
    template = "cetak/bundel_status.html#progres" if request.htmx else "cetak/bundel_status.html"
    return render(request, template, context)


@require_GET
def bundel_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_bundel(request, pk)
    if item.status != BundelCetak.Status.SELESAI:
        messages.info(request, _("Berkas ZIP belum siap."))
        return redirect("cetak:bundel_status", pk=item.pk)
    data = BundelCetak.objects.filter(pk=item.pk).values_list("zip", flat=True).get()
    response = HttpResponse(bytes(data), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="SKP-bawahan-{item.tahun}.zip"'
    response["Cache-Control"] = "private, no-cache"
    return response


# --- public verification ---------------------------------------------------------------------


@login_not_required
@require_GET
def verifikasi(request: HttpRequest, kode: str = "") -> HttpResponse:
    """Whether a code belongs to a real document; shows only owner name, document type, date."""
    kode = kode or request.GET.get("kode", "")
    context: dict = {"kode": kode.strip()[:40], "diperiksa": bool(kode.strip())}
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


urlpatterns = [
    path("skp/<int:pk>/skp.pdf", skp_pdf, name="skp"),
    path("skp/<int:pk>/lampiran.pdf", lampiran_pdf, name="lampiran"),
    path("bawahan/", bundel, name="bundel"),
    path("bawahan/<int:pk>/", bundel_status, name="bundel_status"),
    path("bawahan/<int:pk>/unduh/", bundel_unduh, name="bundel_unduh"),
    path("verifikasi/", verifikasi, name="verifikasi"),
    path("verifikasi/<str:kode>/", verifikasi, name="verifikasi_kode"),
]

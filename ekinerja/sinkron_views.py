"""Sinkron SIASN pages for the admin instansi (their own instansi) and the national admin (any).

Anyone else gets a 404. Routed by ekinerja/urls.py under the "siasn" namespace.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from ekinerja import formulir, siasn_client, sinkron
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import Instansi, Pegawai
from ekinerja.models_siasn import PenilaiBerubah, Sinkron, SinkronItem
from ekinerja.tasks import antrekan

MAKS_UNGGAH = 10 * 1024 * 1024


def boleh_sinkron(user: Any) -> bool:
    """The national admin, or an admin instansi with an instansi."""
    return bool(user.is_authenticated and user.is_active and (
        user.is_superuser or (user.is_admin_instansi and user.instansi_id)))


def _admin(request: AuthedHttpRequest) -> Pegawai:
    """The signed-in admin (national, or of an instansi); 404 for anyone else."""
    if not boleh_sinkron(request.user):
        raise Http404
    return request.user


def _job(request: AuthedHttpRequest, pk: int) -> Sinkron:
    # The raters before the sync (tens of thousands of keys) are the worker's, not the page's.
    return get_object_or_404(Sinkron.objects.visible_to(request.user).select_related(
        "instansi", "diminta_oleh").defer("penilai_awal"), pk=pk)


class SinkronForm(forms.Form):
    instansi = forms.ModelChoiceField(
        label=gettext_lazy("Instansi"), queryset=Instansi.objects.none(),
        empty_label=gettext_lazy("Pilih instansi"),
    )
    berkas = forms.FileField(
        label=gettext_lazy("Daftar NIP (.xlsx atau .csv)"), required=False,
        help_text=gettext_lazy("Kolom pertama, atau kolom berjudul NIP. Simpan NIP sebagai teks "
                               "agar 18 angkanya utuh."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    semua = forms.BooleanField(
        label=gettext_lazy("Sertakan semua pegawai instansi yang sudah ada di e-Kinerja"),
        required=False, initial=True,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.is_superuser:
            field = cast("forms.ModelChoiceField[Instansi]", self.fields["instansi"])
            field.queryset = Instansi.objects.filter(siasn_id__isnull=False)
        else:
            del self.fields["instansi"]
        self.nips: list[str] = []

    def clean_berkas(self) -> Any:
        berkas = self.cleaned_data.get("berkas")
        if berkas:
            if berkas.size > MAKS_UNGGAH:
                raise ValidationError(_("Berkas terlalu besar (paling besar 10 MB)."))
            self.nips = sinkron.baca_daftar_nip(berkas.name, berkas.read())
        return berkas

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("berkas") and not cleaned.get("semua"):
            raise ValidationError(_("Unggah daftar NIP, atau pilih semua pegawai yang sudah ada."))
        return cleaned


def _mulai(request: AuthedHttpRequest, form: SinkronForm) -> HttpResponse | None:
    """Start the sync a valid form asks for (once per form token): its report page, or None
    when it is refused (the reason is then on the form)."""
    user = request.user
    instansi = form.cleaned_data.get("instansi") or user.instansi
    assert instansi is not None  # an admin instansi has one (boleh_sinkron)
    berkas = form.cleaned_data.get("berkas")
    try:
        with formulir.sekali(request) as kiriman, transaction.atomic():
            job = sinkron.mulai_sinkron(
                instansi=instansi, aktor=user, nips=form.nips,
                semua_dikenal=form.cleaned_data["semua"],
                sumber=berkas.name if berkas else _("semua pegawai yang sudah ada"),
            )
            transaction.on_commit(lambda: antrekan(job))
            kiriman.hasil = reverse("siasn:sinkron_laporan", args=[job.pk])
    except sinkron.SinkronDitolak as exc:
        form.add_error(None, str(exc))
        return None
    except formulir.SudahDikirim as exc:  # a double click: the sync the first one started
        return redirect(exc.hasil or reverse("siasn:sinkron"))
    messages.success(request, _("Sinkron SIASN dimulai: %(n)s NIP.") % {"n": job.jumlah})
    return redirect("siasn:sinkron_laporan", pk=job.pk)


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def daftar(request: AuthedHttpRequest) -> HttpResponse:
    """Start a sync (upload a NIP list and/or everyone known); the instansi's recent syncs."""
    user = _admin(request)
    posted = request.method == "POST"
    form = SinkronForm(request.POST if posted else None, request.FILES if posted else None,
                       user=user)
    if posted and form.is_valid() and (started := _mulai(request, form)):
        return started
    # Query: the recent syncs the user may see, with their instansi.
    riwayat = list(Sinkron.objects.visible_to(user).select_related("instansi").defer(
        "penilai_awal")[:10])
    return render(request, "siasn/sinkron.html", {
        "form": form, "riwayat": riwayat, "configured": siasn_client.configured(),
        "belum_selesai": next((j for j in riwayat if j.aktif), None),
    })


@never_cache
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def laporan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Progress while it runs (htmx polls #progres), then the report: counts, what failed or left
    and why, and whose pejabat penilai changed."""
    _admin(request)
    job = _job(request, pk)
    berjalan = job.status in (Sinkron.Status.MENUNGGU, Sinkron.Status.BERJALAN)
    if request.htmx:
        if not berjalan and request.GET.get("berjalan"):
            return HttpResponseClientRefresh()  # it just finished or stopped: the whole report
        return render(request, "siasn/sinkron_laporan.html#progres", {"job": job,
                                                                      "berjalan": berjalan})
    jenis = request.GET.get("jenis") if request.GET.get("jenis") in SinkronItem.Jenis.values \
        else SinkronItem.Jenis.PEGAWAI
    # Query (+ count): the units or people that failed or left, with the reason.
    masalah = Paginator(
        SinkronItem.objects.filter(sinkron=job, jenis=jenis, hasil__in=[
            SinkronItem.Hasil.GAGAL, SinkronItem.Hasil.KELUAR]).order_by("hasil", "pk"),
        50,
    ).get_page(request.GET.get("hal"))
    # Query (+ count): whose derived pejabat penilai this sync changed.
    berubah = Paginator(
        PenilaiBerubah.objects.filter(sinkron=job).select_related("pegawai").order_by(
            "pegawai__nama", "pk"),
        50,
    ).get_page(request.GET.get("hal_penilai"))
    return render(request, "siasn/sinkron_laporan.html", {
        "job": job, "berjalan": berjalan, "masalah": masalah, "jenis": jenis,
        "berubah": berubah, "boleh_lanjut": sinkron.boleh_dilanjutkan(job),
        "macet": sinkron.macet(job),
    })


@require_POST
def lanjutkan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _admin(request)
    job = _job(request, pk)
    try:
        with transaction.atomic():
            sinkron.lanjutkan(job, aktor=user)
            transaction.on_commit(lambda: antrekan(job))
    except sinkron.SinkronDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sinkron dilanjutkan dari NIP berikutnya."))
    return redirect("siasn:sinkron_laporan", pk=job.pk)


@require_POST
def batalkan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _admin(request)
    job = _job(request, pk)
    try:
        sinkron.batalkan(job, aktor=user)
    except sinkron.SinkronDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sinkron dibatalkan. Data yang sudah diproses tetap "
                                    "tersimpan."))
    return redirect("siasn:sinkron_laporan", pk=job.pk)

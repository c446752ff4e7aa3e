from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ekinerja.akses import JENIS
from ekinerja.auth import attempt_login, identity_configured
from ekinerja.forms import LoginForm
from ekinerja.http import AuthedHttpRequest, HtmxHttpRequest
from ekinerja.masukan import parse_next
from ekinerja.models import (
    AksesData,
    AtasanTidakDitemukan,
    Notifikasi,
    Pegawai,
    Riwayat,
    derive_pejabat_penilai,
)
from ekinerja.riwayat_label import label_aksi
from ekinerja.sesi import touch


@login_not_required
@require_http_methods(["GET", "HEAD"])
def beranda(request: HtmxHttpRequest) -> HttpResponse:
    """The public landing page (the manual's Gambar 1): what e-Kinerja is, Login, and the
    verification-code box. A signed-in user's home stays Daftar SKP."""
    if request.user.is_authenticated:
        return redirect("skp:daftar")
    return render(request, "ekinerja/beranda.html")


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HtmxHttpRequest) -> HttpResponse:
    next_url = parse_next(request.POST.get("next") or request.GET.get("next"), request)
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url("home"))
    form = LoginForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        attempt = attempt_login(request, form.cleaned_data["nip"], form.cleaned_data["password"])
        if attempt.user is not None:
            login(request, attempt.user)
            messages.success(request, _("Selamat datang, %(nama)s.") % {"nama": attempt.user.nama})
            return redirect(next_url or resolve_url("home"))
        form.add_error(None, attempt.message)
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": next_url, "identity_configured": identity_configured()},
    )


@require_POST
def logout_view(request: AuthedHttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Anda telah keluar."))
    return redirect("login")


@require_POST
def sesi_perpanjang(request: AuthedHttpRequest) -> HttpResponse:
    """"Tetap masuk": count this as activity now (the warning's button; a plain form without JS)."""
    touch(request, force=True)
    if request.htmx or request.headers.get("Accept") == "application/json":
        return HttpResponse(status=204)
    return redirect(parse_next(request.POST.get("next"), request) or "home")


@require_http_methods(["GET"])
def profil_view(request: AuthedHttpRequest) -> HttpResponse:
    """Beranda/Profil: who the system thinks you are and who rates you (check before an SKP)."""
    pegawai = request.user
    try:
        penilai, atasan_error = derive_pejabat_penilai(pegawai), ""
    except AtasanTidakDitemukan as exc:
        penilai, atasan_error = None, str(exc)
    return render(
        request,
        "ekinerja/profil.html",
        {"pegawai": pegawai, "penilai": penilai, "atasan_error": atasan_error},
    )


@require_POST
def profil_pengingat(request: AuthedHttpRequest) -> HttpResponse:
    """The pegawai's own choice: reminders by email or only in Notifikasi (recorded)."""
    pegawai = request.user
    baru = request.POST.get("email_pengingat") == "1"
    if baru != pegawai.email_pengingat:
        sebelum = pegawai.email_pengingat
        with transaction.atomic():
            Pegawai.objects.filter(pk=pegawai.pk).update(email_pengingat=baru)
            Riwayat.catat(pegawai, aktor=pegawai, aksi="pegawai.email_pengingat",
                          sebelum={"email_pengingat": sebelum},
                          sesudah={"email_pengingat": baru})
    messages.success(request, _("Pengingat lewat email diaktifkan.") if baru
                     else _("Pengingat lewat email dimatikan; pengingat tetap tampil di Notifikasi."))
    return redirect("profil")


@dataclass(frozen=True)
class Berlabel[T]:
    """A row as shown: the record and what it means in words (the kind of access, the change
    as a sentence), instead of an attribute put on the model object."""

    objek: T
    label: str


@require_http_methods(["GET"])
def akses_data_view(request: AuthedHttpRequest) -> HttpResponse:
    """"Siapa melihat dan mengubah data saya" (UU 27/2022 Pasal 32): who opened this pegawai's
    SKP, penilaian and documents (the view log), and who changed their data (Riwayat by
    others). Queries do not grow with the history: two pages of 25, each a COUNT and a slice."""
    me = request.user
    # Queries: count + page of the view log.
    dilihat = Paginator(AksesData.objects.filter(pemilik=me), 25).get_page(request.GET.get("lihat"))
    # Queries: count + page of changes by others (and by the system), with the object's type.
    diubah = Paginator(
        Riwayat.objects.filter(pemilik=me).exclude(aktor=me).select_related("objek_tipe"), 25
    ).get_page(request.GET.get("ubah"))
    return render(request, "ekinerja/akses_data.html", {
        "dilihat": dilihat, "diubah": diubah,
        "baris_dilihat": [Berlabel(row, str(JENIS.get(row.jenis, row.jenis))) for row in dilihat],
        "baris_diubah": [Berlabel(row, str(label_aksi(row.aksi))) for row in diubah],
    })


@require_http_methods(["GET"])
def notifikasi_list(request: AuthedHttpRequest) -> HttpResponse:
    qs = Notifikasi.objects.filter(penerima=request.user).select_related("aktor")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "ekinerja/notifikasi.html", {"page": page})


@require_POST
def notifikasi_buka(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read and go where it points (only the recipient's own notices)."""
    notif = get_object_or_404(Notifikasi, pk=pk, penerima=request.user)
    Notifikasi.objects.filter(pk=notif.pk, dibaca__isnull=True).update(dibaca=timezone.now())
    target = notif.url if url_has_allowed_host_and_scheme(notif.url, allowed_hosts=None) else ""
    return redirect(target or "notifikasi")


@require_POST
def notifikasi_baca_semua(request: AuthedHttpRequest) -> HttpResponse:
    n = Notifikasi.objects.filter(penerima=request.user, dibaca__isnull=True).update(
        dibaca=timezone.now()
    )
    messages.success(request, _("%(n)s notifikasi ditandai sudah dibaca.") % {"n": n})
    return redirect("notifikasi")

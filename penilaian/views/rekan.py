"""Feedback Perilaku Rekan Kerja (manual Gambar 31-34) and a feedback author's Ubah/Hapus."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap

from ekinerja import formulir
from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import Pegawai
from ekinerja.nip import normalise_nip
from penilaian import forms as f
from penilaian.models import UmpanBalikPerilaku
from penilaian.views.akses import _rekan_skp, _umpan_balik_milik
from penilaian.views.common import GET, GET_POST, _first_error, _form_page
from penilaian.views.tampil import _baris_perilaku, _nilai_url, _perilaku
from skp.models import PerilakuKerja, Skp


@GET
def rekan(request: AuthedHttpRequest) -> HttpResponse:
    """NIP → Cari Pegawai → the colleague's SKPs (manual Gambar 31): a colleague of the user's
    own instansi only (Pegawai.objects.rekan_dari, Skp.objects.for_rekan)."""
    form = f.CariPegawaiForm(request.GET or None)
    found, skps = None, []
    if request.GET and form.is_valid():
        nip = normalise_nip(form.cleaned_data["nip"])
        # Query: the colleague with this NIP (same instansi, active, not oneself).
        found = Pegawai.objects.rekan_dari(request.user).filter(nip=nip).first()
        if found is None:
            form.add_error("nip", _("Pegawai dengan NIP ini tidak ditemukan."))
        else:
            # Query: that colleague's SKPs open to peer feedback.
            skps = list(Skp.objects.for_rekan(request.user).filter(pegawai=found)
                        .order_by("-periode_awal"))
            if not skps:
                form.add_error("nip", _("Pegawai ini belum memiliki SKP."))
    return render(request, "penilaian/rekan.html", {"form": form, "found": found, "skps": skps})


def _rekan_page(request: AuthedHttpRequest, skp: Skp, form: Form | None = None,
                form_for: int | None = None, status: int = 200) -> HttpResponse:
    # Query: the RHKs; query: their indicators (the plan, never its realisasi or ratings).
    rhks = list(skp.hasil_kerja.select_related("rhk_atasan").prefetch_related("indikator")
                .order_by("jenis", "urutan", "pk"))
    return render(request, "penilaian/rekan_skp.html", {
        "skp": skp, "rhks": rhks, "perilaku": _perilaku(request, skp, None, rekan=True),
        "form": form, "form_for": form_for, "blank_form": f.FeedbackPerilakuForm(),
        "galat_form": form if form is not None and form_for is None else None,
    }, status=status)


def _ditambahkan(request: AuthedHttpRequest, skp: Skp, value: PerilakuKerja) -> HttpResponse:
    """After a peer feedback was added: its row again (htmx), else the page at that row."""
    if request.htmx:
        return _baris_perilaku(request, skp, None, value, "rekan", None)
    return redirect(reverse("penilaian:rekan_skp", args=[skp.pk]) + f"#perilaku-{value.pk}")


@vary_on_headers("HX-Request")
@GET_POST
def rekan_skp(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    skp = _rekan_skp(request, pk)
    if request.method != "POST":
        return _rekan_page(request, skp)
    form = f.FeedbackRekanForm(request.POST, versi=skp.perilaku_versi)
    form.is_valid()
    value = form.cleaned_data.get("perilaku")
    if value is None:
        # A crafted row (its hidden field names no value of this SKP): no row to answer in.
        if request.htmx:  # the typed text stays in the browser; the message rides along
            messages.error(request, str(form.errors["perilaku"][0]))
            return reswap(HttpResponse(""), "none")
        return _rekan_page(request, skp, form, status=400)
    if not form.errors:
        try:
            with formulir.sekali(request):
                UmpanBalikPerilaku.tambah(skp, value, teks=form.cleaned_data["teks"],
                                          jempol=form.jempol_bool, aktor=request.user)
        except (Ditolak, ValidationError) as exc:
            _first_error(form, exc)
        except formulir.SudahDikirim:
            return _ditambahkan(request, skp, value)
        else:
            messages.success(request, _("Feedback ditambahkan."))
            return _ditambahkan(request, skp, value)
    if request.htmx:
        return _baris_perilaku(request, skp, None, value, "rekan", form)
    return _rekan_page(request, skp, form, value.pk)


def _umpan_balik_back(ub: UmpanBalikPerilaku) -> str:
    if ub.periode is not None:
        return _nilai_url(ub.skp, ub.periode, f"perilaku-{ub.perilaku_id}")
    return reverse("penilaian:rekan_skp", args=[ub.skp_id]) + f"#perilaku-{ub.perilaku_id}"


@GET_POST
def umpan_balik_ubah(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ub = _umpan_balik_milik(request, pk)
    back = _umpan_balik_back(ub)
    form = f.FeedbackPerilakuForm(request.POST or None,
                                  initial={"teks": ub.teks, "jempol": "1" if ub.jempol else "0"})
    if request.method == "POST" and form.is_valid():
        try:
            ub.ubah(teks=form.cleaned_data["teks"], jempol=form.jempol_bool, aktor=request.user)
        except (Ditolak, ValidationError) as exc:
            _first_error(form, exc)
        else:
            messages.success(request, _("Feedback diubah."))
            return redirect(back)
    return _form_page(request, form, title=_("Ubah Feedback"), cancel=back,
                      action=reverse("penilaian:umpan_balik_ubah", args=[ub.pk]),
                      intro=ub.perilaku.nama)


@require_POST
def umpan_balik_hapus(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ub = _umpan_balik_milik(request, pk)
    back = _umpan_balik_back(ub)
    ub.hapus(aktor=request.user)
    messages.success(request, _("Feedback dihapus."))
    return redirect(back)

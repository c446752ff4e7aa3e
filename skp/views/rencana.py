"""Plan editing: RHK, indikator, lampiran and the ekspektasi khusus pimpinan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from skp.forms import (
    EkspektasiForm,
    IndikatorForm,
    KonfirmasiForm,
    LampiranForm,
    RhkForm,
)
from skp.models import (
    HasilKerja,
    Indikator,
    LampiranItem,
    PerilakuKerja,
    RhkMasihDiintervensi,
    Skp,
    SkpTerkunci,
)
from skp.views._akses import GET_POST, get_skp_for_user, owned_skp
from skp.views._respons import back_to_detail, detail_url, form_response, refused_when_locked, swap
from skp.views.detail import base_context, swap_hasil_kerja, swap_lampiran, swap_rhk

ARAH = {"naik", "turun"}


# --- RHK --------------------------------------------------------------------------------------


def _rhk_note(skp: Skp, form: RhkForm) -> str:
    if skp.is_jpt or form.fields["rhk_atasan"].queryset.exists():
        return ""
    if skp.pejabat_penilai_id is None:
        return _(
            "Daftar RHK atasan kosong karena SKP ini belum memiliki pejabat penilai. Perbaiki "
            "pejabat penilai pada halaman SKP terlebih dahulu."
        )
    return _(
        "Daftar RHK atasan kosong: pejabat penilai Anda belum memiliki SKP dengan RHK untuk "
        "periode ini. Pastikan Anda mengikuti proses diskusi kinerja melalui Matriks Peran "
        "Hasil (MPH) dari atasan terlebih dahulu, atau simpan RHK tanpa RHK atasan dan "
        "tautkan nanti."
    )


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def rhk_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = RhkForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                skp.add_rhk(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except SkpTerkunci as exc:
            return back_to_detail(request, skp, str(exc))
        except formulir.SudahDikirim:
            return swap_hasil_kerja(request, skp)
        else:
            messages.success(request, _("Rencana Hasil Kerja ditambahkan."))
            return swap_hasil_kerja(request, skp)
    return form_response(
        request, form, title=_("Tambah RHK"), action=reverse("skp:rhk_tambah", args=[pk]),
        cancel_url=detail_url(skp, "hasil-kerja"), note=_rhk_note(skp, form),
    )


def _get_rhk(skp: Skp, rhk_pk: int) -> HasilKerja:
    rhk = get_object_or_404(HasilKerja, pk=rhk_pk, skp=skp)
    rhk.skp = skp
    return rhk


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def rhk_edit(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = RhkForm(request.POST or None, skp=skp, initial=RhkForm.initial_for(rhk))
    if request.method == "POST" and form.is_valid():
        try:
            rhk.update(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rencana Hasil Kerja disimpan."))
            return swap_hasil_kerja(request, skp)
    terdampak = list(rhk.intervensi.select_related("skp__pegawai"))
    intro = (
        _("RHK ini diintervensi oleh RHK bawahan berikut; perubahan akan terlihat di SKP mereka: "
          "%(daftar)s") % {"daftar": "; ".join(f"{r.skp.pegawai.nama}: {r.teks}" for r in terdampak)}
        if terdampak else ""
    )
    return form_response(
        request, form, title=_("Edit RHK"), action=reverse("skp:rhk_edit", args=[pk, rhk_pk]),
        cancel_url=detail_url(skp, f"rhk-{rhk_pk}"), note=_rhk_note(skp, form), intro=intro,
    )


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def rhk_hapus(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    terdampak = list(rhk.intervensi.select_related("skp__pegawai"))
    if request.method == "POST":
        try:
            rhk.hapus(aktor=request.user)
        except RhkMasihDiintervensi as exc:
            return back_to_detail(request, skp, str(exc))
        messages.success(request, _("Rencana Hasil Kerja dihapus."))
        return swap_hasil_kerja(request, skp)
    if terdampak:
        intro = str(RhkMasihDiintervensi(rhk, terdampak))
    else:
        intro = _("Hapus RHK \u201c%(teks)s\u201d beserta indikatornya?") % {"teks": rhk.teks}
    return form_response(
        request, KonfirmasiForm(), title=_("Hapus RHK"),
        action=reverse("skp:rhk_hapus", args=[pk, rhk_pk]),
        cancel_url=detail_url(skp, f"rhk-{rhk_pk}"), submit_label=_("Hapus"), danger=True,
        intro=intro, blocked=bool(terdampak),
    )


@require_POST
@refused_when_locked
def rhk_pindah(request: HttpRequest, pk: int, rhk_pk: int, arah: str) -> HttpResponse:
    skp = owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if arah not in ARAH:
        raise Http404
    try:
        rhk.move(arah, aktor=request.user)
    except SkpTerkunci as exc:
        return back_to_detail(request, skp, str(exc))
    return swap_hasil_kerja(request, skp)


# --- Indikator --------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def indikator_tambah(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = IndikatorForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                rhk.add_indikator(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim:
            return swap_rhk(request, rhk)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return swap_rhk(request, rhk)
    return form_response(
        request, form, title=_("Tambah Indikator"),
        action=reverse("skp:indikator_tambah", args=[pk, rhk_pk]),
        cancel_url=detail_url(skp, f"rhk-{rhk_pk}"), intro=rhk.teks,
    )


def _get_indikator(skp: Skp, ind_pk: int) -> Indikator:
    ind = get_object_or_404(Indikator.objects.select_related("rhk"), pk=ind_pk, rhk__skp=skp)
    ind.rhk.skp = skp
    return ind


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def indikator_edit(request: HttpRequest, pk: int, ind_pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    ind = _get_indikator(skp, ind_pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = IndikatorForm(request.POST or None, skp=skp, initial=IndikatorForm.initial_for(ind))
    if request.method == "POST" and form.is_valid():
        try:
            ind.update(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Indikator disimpan."))
            return swap_rhk(request, ind.rhk)
    return form_response(
        request, form, title=_("Edit Indikator"),
        action=reverse("skp:indikator_edit", args=[pk, ind_pk]),
        cancel_url=detail_url(skp, f"rhk-{ind.rhk_id}"), intro=ind.rhk.teks,
    )


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def indikator_hapus(request: HttpRequest, pk: int, ind_pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    ind = _get_indikator(skp, ind_pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    if request.method == "POST":
        ind.hapus(aktor=request.user)
        messages.success(request, _("Indikator dihapus."))
        return swap_rhk(request, ind.rhk)
    return form_response(
        request, KonfirmasiForm(), title=_("Hapus Indikator"),
        action=reverse("skp:indikator_hapus", args=[pk, ind_pk]),
        cancel_url=detail_url(skp, f"rhk-{ind.rhk_id}"), submit_label=_("Hapus"), danger=True,
        intro=_("Hapus indikator \u201c%(teks)s\u201d?") % {"teks": ind.teks},
    )


@require_POST
@refused_when_locked
def indikator_pindah(request: HttpRequest, pk: int, ind_pk: int, arah: str) -> HttpResponse:
    skp = owned_skp(request, pk)
    ind = _get_indikator(skp, ind_pk)
    if arah not in ARAH:
        raise Http404
    try:
        ind.move(arah, aktor=request.user)
    except SkpTerkunci as exc:
        return back_to_detail(request, skp, str(exc))
    return swap_rhk(request, ind.rhk)


# --- Perilaku kerja: ekspektasi khusus pimpinan -----------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
def ekspektasi(request: HttpRequest, pk: int, perilaku_pk: int) -> HttpResponse:
    skp, _can_write = get_skp_for_user(request, pk)
    if request.user.pk != skp.pejabat_penilai_id:
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat mengisi ekspektasi."))
    perilaku = get_object_or_404(PerilakuKerja, pk=perilaku_pk, versi=skp.perilaku_versi)
    current = skp.ekspektasi.filter(perilaku=perilaku).first()
    form = EkspektasiForm(request.POST or None, initial={"teks": current.teks if current else ""})
    if request.method == "POST" and form.is_valid():
        skp.set_ekspektasi(perilaku, form.cleaned_data["teks"], aktor=request.user)
        messages.success(request, _("Ekspektasi khusus pimpinan disimpan."))
        if not request.htmx:
            return redirect(detail_url(skp, f"perilaku-{perilaku.pk}"))
        perilaku.ekspektasi = form.cleaned_data["teks"].strip()
        context = {**base_context(request, skp, False), "p": perilaku}
        return swap(
            request, "skp/skp_detail.html#perilaku", context, f"#perilaku-{perilaku.pk}", ""
        )
    return form_response(
        request, form, title=_("Ekspektasi Khusus Pimpinan"),
        action=reverse("skp:ekspektasi", args=[pk, perilaku_pk]),
        cancel_url=detail_url(skp, f"perilaku-{perilaku.pk}"), intro=perilaku.nama,
    )


# --- Lampiran ---------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def lampiran_tambah(request: HttpRequest, pk: int, jenis: str) -> HttpResponse:
    skp = owned_skp(request, pk)
    if jenis not in LampiranItem.Jenis.values:
        raise Http404
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = LampiranForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                skp.add_lampiran(jenis=jenis, teks=form.cleaned_data["teks"], aktor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim:
            return swap_lampiran(request, skp)
        else:
            messages.success(request, _("Lampiran ditambahkan."))
            return swap_lampiran(request, skp)
    return form_response(
        request, form, title=_("Tambah %(jenis)s") % {"jenis": LampiranItem.Jenis(jenis).label},
        action=reverse("skp:lampiran_tambah", args=[pk, jenis]),
        cancel_url=detail_url(skp, "lampiran"),
    )


def _get_lampiran(skp: Skp, item_pk: int) -> LampiranItem:
    item = get_object_or_404(LampiranItem, pk=item_pk, skp=skp)
    item.skp = skp
    return item


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def lampiran_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    item = _get_lampiran(skp, item_pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = LampiranForm(request.POST or None, initial={"teks": item.teks})
    if request.method == "POST" and form.is_valid():
        try:
            item.update(teks=form.cleaned_data["teks"], aktor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Lampiran disimpan."))
            return swap_lampiran(request, skp)
    return form_response(
        request, form, title=_("Edit %(jenis)s") % {"jenis": item.get_jenis_display()},
        action=reverse("skp:lampiran_edit", args=[pk, item_pk]),
        cancel_url=detail_url(skp, "lampiran"),
    )


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def lampiran_hapus(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    skp = owned_skp(request, pk)
    item = _get_lampiran(skp, item_pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    if request.method == "POST":
        item.hapus(aktor=request.user)
        messages.success(request, _("Lampiran dihapus."))
        return swap_lampiran(request, skp)
    return form_response(
        request, KonfirmasiForm(), title=_("Hapus Lampiran"),
        action=reverse("skp:lampiran_hapus", args=[pk, item_pk]),
        cancel_url=detail_url(skp, "lampiran"), submit_label=_("Hapus"), danger=True,
        intro=_("Hapus \u201c%(teks)s\u201d?") % {"teks": item.teks},
    )


@require_POST
@refused_when_locked
def lampiran_pindah(request: HttpRequest, pk: int, item_pk: int, arah: str) -> HttpResponse:
    skp = owned_skp(request, pk)
    item = _get_lampiran(skp, item_pk)
    if arah not in ARAH:
        raise Http404
    try:
        item.move(arah, aktor=request.user)
    except SkpTerkunci as exc:
        return back_to_detail(request, skp, str(exc))
    return swap_lampiran(request, skp)

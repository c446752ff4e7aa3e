from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from ekinerja import formulir
from ekinerja.akses import catat_akses
from ekinerja.auth import IdentityError, refresh_failure_message, refresh_pegawai
from ekinerja.masukan import parse_ids, parse_int
from ekinerja.models import Pegawai, Riwayat
from ekinerja.nip import normalise_nip
from ekinerja.riwayat_label import label_aksi, label_kolom, tersembunyi
from skp.forms import (
    AjukanForm,
    BawahanFilterForm,
    EditStatusForm,
    EkspektasiForm,
    IndikatorForm,
    KonfirmasiForm,
    LampiranForm,
    PenilaiForm,
    RhkForm,
    SkpForm,
)
from skp.models import (
    FormatSkp,
    HasilKerja,
    Indikator,
    LampiranItem,
    Pendekatan,
    PerilakuKerja,
    RhkMasihDiintervensi,
    Skp,
    SkpBelumLengkap,
    SkpTerkunci,
    StaleTransition,
    StatusSkp,
    TransisiDitolak,
)

GET_POST = require_http_methods(["GET", "POST"])
ARAH = {"naik", "turun"}


# --- access -----------------------------------------------------------------------------------


def get_skp_for_user(request: HttpRequest, pk: int) -> tuple[Skp, bool]:
    """The SKP if this user may see it (owner or pejabat penilai), and whether they write the plan.

    Anyone else gets a 404, so the existence of other people's SKPs is not revealed.
    """
    skp = get_object_or_404(Skp.objects.visible_to(request.user).select_related("pegawai"), pk=pk)
    catat_akses(request, skp, "skp")
    return skp, skp.pegawai_id == request.user.pk


def _owned_skp(request: HttpRequest, pk: int) -> Skp:
    skp, can_write = get_skp_for_user(request, pk)
    if not can_write:
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengubah rencana kinerja."))
    return skp


def _is_rater(user: Any) -> bool:
    """Superior functions (Matriks/SKP Bawahan) are for the pejabat penilai of some SKP."""
    # Query: does any SKP name this user as its pejabat penilai?
    return Skp.objects.filter(pejabat_penilai=user).exists()


def _matriks_url(request: HttpRequest, skp: Skp) -> str | None:
    is_rater = _is_rater(request.user)
    return _optional_url("matriks:skp", skp.pk) if is_rater else None


def _optional_url(name: str, *args: Any) -> str | None:
    """A page of another issue shows up as a button only once it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- responses --------------------------------------------------------------------------------


def _form_response(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    action: str,
    cancel_url: str,
    submit_label: str = "OK",
    intro: str = "",
    note: str = "",
    danger: bool = False,
    blocked: bool = False,
    lines: list[str] | None = None,
    missing: list[str] | None = None,
    warnings: list[str] | None = None,
) -> HttpResponse:
    """A form as a dialog body (htmx) or as a full page (no JavaScript)."""
    context = {
        "form": form,
        "title": title,
        "action": action,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        "intro": intro,
        "note": note,
        "danger": danger,
        "blocked": blocked,
        "lines": lines or [],
        "missing": missing or [],
        "warnings": warnings or [],
        "in_dialog": bool(request.htmx),
    }
    template = "skp/form.html#form" if request.htmx else "skp/form.html"
    return render(request, template, context)


def _swap(
    request: HttpRequest, template: str, context: dict, target: str, fallback: str
) -> HttpResponse:
    """After a change: the changed fragment for htmx (and close the dialog), else a redirect."""
    if not request.htmx:
        return redirect(fallback)
    response = render(request, template, context)
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = "skp-dialog-close"
    return response


def _back_to_detail(request: HttpRequest, skp: Skp | int, message: str) -> HttpResponse:
    messages.error(request, message)
    url = reverse("skp:detail", args=[getattr(skp, "pk", skp)])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _refused_when_locked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A plan change that found the SKP no longer a draft (it was submitted or approved while
    the form was open: the model's row lock decides) goes back to the SKP page with the reason."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except SkpTerkunci as exc:
            return _back_to_detail(request, pk, str(exc))

    return wrapped


# --- Daftar SKP -------------------------------------------------------------------------------


def _daftar_context(request: HttpRequest) -> dict:
    user = request.user
    # Query: the user's SKPs.
    skps = list(Skp.objects.milik(user).order_by("-periode_awal", "-pk"))
    bawahan, penilaian = _optional_url("skp:bawahan"), _optional_url("penilaian:skp", 0)
    is_rater = _is_rater(user)
    for skp in skps:
        skp.aksi_matriks = _optional_url("matriks:skp", skp.pk) if is_rater else None
        skp.aksi_penilaian = (
            _optional_url("penilaian:skp", skp.pk)
            if penilaian and skp.status == StatusSkp.PERSETUJUAN
            else None
        )
    return {"skps": skps, "bawahan_url": bawahan if is_rater else None}


@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def daftar(request: HttpRequest) -> HttpResponse:
    template = "skp/skp_daftar.html#daftar" if request.htmx else "skp/skp_daftar.html"
    return render(request, template, _daftar_context(request))


def _swap_daftar(request: HttpRequest) -> HttpResponse:
    return _swap(
        request, "skp/skp_daftar.html#daftar", _daftar_context(request), "#daftar",
        reverse("skp:daftar"),
    )


@vary_on_headers("HX-Request")
@GET_POST
def tambah(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SkpForm(request.POST)
        if form.is_valid():
            try:
                with formulir.sekali(request):
                    Skp.create_for(request.user, aktor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except formulir.SudahDikirim:
                return _swap_daftar(request)
            else:
                messages.success(request, _("SKP berhasil dibuat dengan status draft."))
                return _swap_daftar(request)
    else:
        form = SkpForm(initial=SkpForm.initial_for_new())
    return _form_response(
        request, form, title=_("Tambah SKP"), action=reverse("skp:tambah"),
        cancel_url=reverse("skp:daftar"),
    )


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    if request.method == "POST":
        form = SkpForm(request.POST)
        if form.is_valid():
            try:
                skp.update_header(aktor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Periode SKP disimpan."))
                return _swap_daftar(request)
    else:
        form = SkpForm(initial=SkpForm.initial_for(skp))
    return _form_response(
        request, form, title=_("Edit SKP"), action=reverse("skp:edit", args=[pk]),
        cancel_url=reverse("skp:daftar"),
    )


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def hapus(request: HttpRequest, pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    terdampak = skp.rhk_diintervensi()
    if request.method == "POST":
        try:
            skp.hapus(aktor=request.user)
        except RhkMasihDiintervensi as exc:
            return _back_to_detail(request, skp, str(exc))
        messages.success(request, _("SKP dihapus."))
        return _swap_daftar(request)
    if terdampak:
        intro = str(RhkMasihDiintervensi(terdampak[0].rhk_atasan, terdampak))
    else:
        intro = _(
            "Hapus SKP periode %(awal)s sampai %(akhir)s beserta seluruh RHK, indikator dan "
            "lampirannya? Tindakan ini tidak dapat dibatalkan."
        ) % {"awal": skp.periode_awal, "akhir": skp.periode_akhir}
    return _form_response(
        request, KonfirmasiForm(), title=_("Hapus SKP"), action=reverse("skp:hapus", args=[pk]),
        cancel_url=reverse("skp:daftar"), submit_label=_("Hapus"), danger=True,
        intro=intro, blocked=bool(terdampak),
    )


# --- Sasaran Kinerja Pegawai (Detail SKP) -----------------------------------------------------


def _layout(skp: Skp) -> dict:
    """Columns of the Hasil Kerja table (Gambar 9 for JPT, Gambar 12 for the others)."""
    ind_cols = (1 + (2 if skp.is_kuantitatif else 0)) if skp.is_jpt else (
        2 + (1 if skp.is_kuantitatif else 0)
    )
    lead_cols = 2 if skp.is_jpt else 3
    return {"ind_cols": ind_cols, "ncols": lead_cols + ind_cols}


def _prepare_rhk(rhk: HasilKerja, nomor: int, editable: bool) -> HasilKerja:
    rhk.nomor = nomor
    rhk.indikator_list = list(rhk.indikator.all())
    rhk.rowspan = max(len(rhk.indikator_list), 1) + (1 if editable else 0)
    return rhk


def _rhk_queryset(skp: Skp):
    return (
        skp.hasil_kerja.select_related("rhk_atasan")
        .prefetch_related("indikator")
        .order_by("jenis", "urutan", "pk")
    )


def _base_context(request: HttpRequest, skp: Skp, can_write: bool) -> dict:
    return {
        "skp": skp,
        "can_write": can_write,
        "editable": can_write and skp.is_editable,
        "is_penilai": request.user.pk == skp.pejabat_penilai_id,
        **_layout(skp),
    }


def _hasil_kerja_context(skp: Skp, editable: bool) -> dict:
    # Query: RHKs with the RHK atasan they intervene (one join); query: their indicators.
    rhks = list(_rhk_queryset(skp))
    groups = []
    for jenis, label in HasilKerja.Jenis.choices:
        items = [r for r in rhks if r.jenis == jenis]
        groups.append(
            {
                "jenis": jenis,
                "label": label,
                "items": [_prepare_rhk(r, n, editable) for n, r in enumerate(items, 1)],
            }
        )
    return {"grup_rhk": groups}


def _perilaku_list(skp: Skp) -> list[PerilakuKerja]:
    # Query: the 7 BerAKHLAK values of the SKP's version; query: this SKP's ekspektasi.
    perilaku = list(PerilakuKerja.objects.filter(versi=skp.perilaku_versi))
    ekspektasi = {e.perilaku_id: e.teks for e in skp.ekspektasi.all()}
    for p in perilaku:
        p.ekspektasi = ekspektasi.get(p.pk, "")
    return perilaku


def _lampiran_context(skp: Skp) -> dict:
    # Query: every lampiran item of the SKP.
    items = list(skp.lampiran.order_by("jenis", "urutan", "pk"))
    return {
        "lampiran": [
            {"jenis": jenis, "label": label, "items": [i for i in items if i.jenis == jenis]}
            for jenis, label in LampiranItem.Jenis.choices
        ]
    }


def _detail_context(request: HttpRequest, skp: Skp, can_write: bool) -> dict:
    context = _base_context(request, skp, can_write)
    context.update(_hasil_kerja_context(skp, context["editable"]))
    context["perilaku"] = _perilaku_list(skp)
    context.update(_lampiran_context(skp))
    context["matriks_url"] = _matriks_url(request, skp)
    context.update(_riwayat_context(skp))
    return context


# --- Riwayat ----------------------------------------------------------------------------------

TRANSISI = {"skp.diajukan", "skp.disetujui", "skp.dikembalikan"}


PILIHAN = {
    "jenis": {**dict(HasilKerja.Jenis.choices), **dict(LampiranItem.Jenis.choices)},
    "klasifikasi": dict(HasilKerja.Klasifikasi.choices),
    "aspek": dict(Indikator.Aspek.choices),
    "perspektif": dict(Indikator.Perspektif.choices),
    "pendekatan": dict(Pendekatan.choices),
    "format": dict(FormatSkp.choices),
}


def _nilai(key: str, value: Any) -> str:
    if value in (None, "", [], {}):
        return "–"
    if key == "status":
        return str(value).upper()
    if key in PILIHAN and isinstance(value, str):
        return str(PILIHAN[key].get(value, value))
    if isinstance(value, dict):
        return str(value.get("nama") or "–")
    if isinstance(value, list):
        return _("%(n)s butir") % {"n": len(value)}
    return str(value)


def _perubahan(sebelum: Any, sesudah: Any) -> list[dict]:
    """Before → after per field: only changed fields when both sides exist."""
    sebelum = sebelum if isinstance(sebelum, dict) else {}
    sesudah = sesudah if isinstance(sesudah, dict) else {}
    rows = []
    for key in [*sebelum, *(k for k in sesudah if k not in sebelum)]:
        if tersembunyi(key):
            continue
        before, after = sebelum.get(key), sesudah.get(key)
        if sebelum and sesudah and before == after:
            continue
        if not (sebelum and sesudah) and before in (None, "") and after in (None, ""):
            continue  # an empty field of a created or deleted row says nothing
        rows.append({
            "kolom": label_kolom(key),
            "sebelum": _nilai(key, before) if key in sebelum else None,
            "sesudah": _nilai(key, after) if key in sesudah else None,
        })
    return rows


def _riwayat_context(skp: Skp) -> dict:
    # Query: the SKP's whole history with each actor (Riwayat rows are written against the SKP).
    entries = list(
        Riwayat.objects.filter(
            objek_tipe__app_label="skp", objek_tipe__model="skp", objek_id=str(skp.pk)
        ).select_related("aktor")
    )
    for entry in entries:
        entry.label = label_aksi(entry.aksi)
        entry.perubahan = _perubahan(entry.sebelum, entry.sesudah)
        # Which RHK / indicator / item / value an edit was about, when its text did not change.
        both = isinstance(entry.sebelum, dict) and isinstance(entry.sesudah, dict)
        entry.konteks = (
            entry.sesudah.get("teks") or entry.sesudah.get("perilaku") or ""
            if both and not any(p["kolom"] == label_kolom("teks") for p in entry.perubahan)
            else ""
        )
        entry.transisi = entry.aksi in TRANSISI
    last_transition = next((e for e in entries if e.transisi), None)
    dikembalikan = (
        last_transition
        if last_transition is not None
        and last_transition.aksi == "skp.dikembalikan"
        and skp.status == StatusSkp.DRAFT
        else None
    )
    return {"riwayat": entries, "dikembalikan": dikembalikan}


@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Queries: session, user, the SKP (get_skp_for_user), then those in _detail_context.
    skp, can_write = get_skp_for_user(request, pk)
    return render(request, "skp/skp_detail.html", _detail_context(request, skp, can_write))


def _detail_url(skp: Skp, anchor: str = "") -> str:
    return reverse("skp:detail", args=[skp.pk]) + (f"#{anchor}" if anchor else "")


def _swap_hasil_kerja(request: HttpRequest, skp: Skp, can_write: bool = True) -> HttpResponse:
    if not request.htmx:
        return redirect(_detail_url(skp, "hasil-kerja"))
    context = _base_context(request, skp, can_write)
    context.update(_hasil_kerja_context(skp, context["editable"]))
    context["matriks_url"] = _matriks_url(request, skp)
    return _swap(request, "skp/skp_detail.html#hasil-kerja", context, "#hasil-kerja", "")


def _swap_rhk(request: HttpRequest, rhk: HasilKerja) -> HttpResponse:
    skp = rhk.skp
    if not request.htmx:
        return redirect(_detail_url(skp, f"rhk-{rhk.pk}"))
    context = _base_context(request, skp, True)
    fresh = _rhk_queryset(skp).get(pk=rhk.pk)
    nomor = skp.hasil_kerja.filter(jenis=rhk.jenis).filter(
        Q(urutan__lt=fresh.urutan) | Q(urutan=fresh.urutan, pk__lt=fresh.pk)
    ).count() + 1
    context["rhk"] = _prepare_rhk(fresh, nomor, context["editable"])
    return _swap(request, "skp/skp_detail.html#rhk", context, f"#rhk-{rhk.pk}", "")


def _swap_lampiran(request: HttpRequest, skp: Skp) -> HttpResponse:
    if not request.htmx:
        return redirect(_detail_url(skp, "lampiran"))
    context = {**_base_context(request, skp, True), **_lampiran_context(skp)}
    return _swap(request, "skp/skp_detail.html#lampiran", context, "#lampiran", "")


def _swap_identitas(request: HttpRequest, skp: Skp) -> HttpResponse:
    if not request.htmx:
        return redirect(_detail_url(skp, "identitas"))
    skp.refresh_from_db()
    context = _base_context(request, skp, True)
    response = render(request, "skp/skp_detail.html#identitas", context)
    response["HX-Retarget"] = "#identitas"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = "skp-dialog-close"
    return response


@require_POST
def muat_ulang(request: HttpRequest, pk: int, pihak: str) -> HttpResponse:
    """"Muat ulang": refresh the pegawai side from SIASN, or re-derive the pejabat penilai."""
    skp = _owned_skp(request, pk)
    if pihak not in {"pegawai", "penilai"}:
        raise Http404
    try:
        pegawai = refresh_pegawai(skp.pegawai, aktor=request.user)
    except IdentityError as exc:
        messages.error(request, refresh_failure_message(exc.code))
        return _swap_identitas(request, skp)
    skp.pegawai = pegawai
    if pihak == "pegawai":
        skp.muat_ulang_pegawai(pegawai, aktor=request.user)
        messages.success(request, _("Data pegawai yang dinilai dimuat ulang."))
    else:
        error = skp.muat_ulang_penilai(aktor=request.user)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Data pejabat penilai dimuat ulang."))
    return _swap_identitas(request, skp)


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def ganti_penilai(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a wrong pejabat penilai by finding them by NIP."""
    skp = _owned_skp(request, pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = PenilaiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nip = normalise_nip(form.cleaned_data["nip"])
        penilai = Pegawai.objects.select_related("unit").filter(nip=nip).first()
        if penilai is None:
            form.add_error("nip", _("Pegawai dengan NIP %(nip)s tidak ditemukan.") % {"nip": nip})
        else:
            try:
                skp.ganti_penilai(penilai, aktor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Pejabat penilai diganti."))
                return _swap_identitas(request, skp)
    return _form_response(
        request, form, title=_("Ganti Pejabat Penilai"),
        action=reverse("skp:ganti_penilai", args=[pk]), cancel_url=_detail_url(skp),
        intro=_("Cari pejabat penilai yang benar dengan NIP-nya."),
    )


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
@_refused_when_locked
def rhk_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = RhkForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                skp.add_rhk(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except SkpTerkunci as exc:
            return _back_to_detail(request, skp, str(exc))
        except formulir.SudahDikirim:
            return _swap_hasil_kerja(request, skp)
        else:
            messages.success(request, _("Rencana Hasil Kerja ditambahkan."))
            return _swap_hasil_kerja(request, skp)
    return _form_response(
        request, form, title=_("Tambah RHK"), action=reverse("skp:rhk_tambah", args=[pk]),
        cancel_url=_detail_url(skp, "hasil-kerja"), note=_rhk_note(skp, form),
    )


def _get_rhk(skp: Skp, rhk_pk: int) -> HasilKerja:
    rhk = get_object_or_404(HasilKerja, pk=rhk_pk, skp=skp)
    rhk.skp = skp
    return rhk


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def rhk_edit(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = RhkForm(request.POST or None, skp=skp, initial=RhkForm.initial_for(rhk))
    if request.method == "POST" and form.is_valid():
        try:
            rhk.update(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rencana Hasil Kerja disimpan."))
            return _swap_hasil_kerja(request, skp)
    terdampak = list(rhk.intervensi.select_related("skp__pegawai"))
    intro = (
        _("RHK ini diintervensi oleh RHK bawahan berikut; perubahan akan terlihat di SKP mereka: "
          "%(daftar)s") % {"daftar": "; ".join(f"{r.skp.pegawai.nama}: {r.teks}" for r in terdampak)}
        if terdampak else ""
    )
    return _form_response(
        request, form, title=_("Edit RHK"), action=reverse("skp:rhk_edit", args=[pk, rhk_pk]),
        cancel_url=_detail_url(skp, f"rhk-{rhk_pk}"), note=_rhk_note(skp, form), intro=intro,
    )


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def rhk_hapus(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    terdampak = list(rhk.intervensi.select_related("skp__pegawai"))
    if request.method == "POST":
        try:
            rhk.hapus(aktor=request.user)
        except RhkMasihDiintervensi as exc:
            return _back_to_detail(request, skp, str(exc))
        messages.success(request, _("Rencana Hasil Kerja dihapus."))
        return _swap_hasil_kerja(request, skp)
    if terdampak:
        intro = str(RhkMasihDiintervensi(rhk, terdampak))
    else:
        intro = _("Hapus RHK \u201c%(teks)s\u201d beserta indikatornya?") % {"teks": rhk.teks}
    return _form_response(
        request, KonfirmasiForm(), title=_("Hapus RHK"),
        action=reverse("skp:rhk_hapus", args=[pk, rhk_pk]),
        cancel_url=_detail_url(skp, f"rhk-{rhk_pk}"), submit_label=_("Hapus"), danger=True,
        intro=intro, blocked=bool(terdampak),
    )


@require_POST
@_refused_when_locked
def rhk_pindah(request: HttpRequest, pk: int, rhk_pk: int, arah: str) -> HttpResponse:
    skp = _owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if arah not in ARAH:
        raise Http404
    try:
        rhk.pindah(arah, aktor=request.user)
    except SkpTerkunci as exc:
        return _back_to_detail(request, skp, str(exc))
    return _swap_hasil_kerja(request, skp)


# --- Indikator --------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def indikator_tambah(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = IndikatorForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                rhk.add_indikator(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim:
            return _swap_rhk(request, rhk)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return _swap_rhk(request, rhk)
    return _form_response(
        request, form, title=_("Tambah Indikator"),
        action=reverse("skp:indikator_tambah", args=[pk, rhk_pk]),
        cancel_url=_detail_url(skp, f"rhk-{rhk_pk}"), intro=rhk.teks,
    )


def _get_indikator(skp: Skp, ind_pk: int) -> Indikator:
    ind = get_object_or_404(Indikator.objects.select_related("rhk"), pk=ind_pk, rhk__skp=skp)
    ind.rhk.skp = skp
    return ind


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def indikator_edit(request: HttpRequest, pk: int, ind_pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    ind = _get_indikator(skp, ind_pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = IndikatorForm(request.POST or None, skp=skp, initial=IndikatorForm.initial_for(ind))
    if request.method == "POST" and form.is_valid():
        try:
            ind.update(aktor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Indikator disimpan."))
            return _swap_rhk(request, ind.rhk)
    return _form_response(
        request, form, title=_("Edit Indikator"),
        action=reverse("skp:indikator_edit", args=[pk, ind_pk]),
        cancel_url=_detail_url(skp, f"rhk-{ind.rhk_id}"), intro=ind.rhk.teks,
    )


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def indikator_hapus(request: HttpRequest, pk: int, ind_pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    ind = _get_indikator(skp, ind_pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    if request.method == "POST":
        ind.hapus(aktor=request.user)
        messages.success(request, _("Indikator dihapus."))
        return _swap_rhk(request, ind.rhk)
    return _form_response(
        request, KonfirmasiForm(), title=_("Hapus Indikator"),
        action=reverse("skp:indikator_hapus", args=[pk, ind_pk]),
        cancel_url=_detail_url(skp, f"rhk-{ind.rhk_id}"), submit_label=_("Hapus"), danger=True,
        intro=_("Hapus indikator \u201c%(teks)s\u201d?") % {"teks": ind.teks},
    )


@require_POST
@_refused_when_locked
def indikator_pindah(request: HttpRequest, pk: int, ind_pk: int, arah: str) -> HttpResponse:
    skp = _owned_skp(request, pk)
    ind = _get_indikator(skp, ind_pk)
    if arah not in ARAH:
        raise Http404
    try:
        ind.pindah(arah, aktor=request.user)
    except SkpTerkunci as exc:
        return _back_to_detail(request, skp, str(exc))
    return _swap_rhk(request, ind.rhk)


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
            return redirect(_detail_url(skp, f"perilaku-{perilaku.pk}"))
        perilaku.ekspektasi = form.cleaned_data["teks"].strip()
        context = {**_base_context(request, skp, False), "p": perilaku}
        return _swap(
            request, "skp/skp_detail.html#perilaku", context, f"#perilaku-{perilaku.pk}", ""
        )
    return _form_response(
        request, form, title=_("Ekspektasi Khusus Pimpinan"),
        action=reverse("skp:ekspektasi", args=[pk, perilaku_pk]),
        cancel_url=_detail_url(skp, f"perilaku-{perilaku.pk}"), intro=perilaku.nama,
    )


# --- Lampiran ---------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def lampiran_tambah(request: HttpRequest, pk: int, jenis: str) -> HttpResponse:
    skp = _owned_skp(request, pk)
    if jenis not in LampiranItem.Jenis.values:
        raise Http404
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = LampiranForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                skp.add_lampiran(jenis=jenis, teks=form.cleaned_data["teks"], aktor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim:
            return _swap_lampiran(request, skp)
        else:
            messages.success(request, _("Lampiran ditambahkan."))
            return _swap_lampiran(request, skp)
    return _form_response(
        request, form, title=_("Tambah %(jenis)s") % {"jenis": LampiranItem.Jenis(jenis).label},
        action=reverse("skp:lampiran_tambah", args=[pk, jenis]),
        cancel_url=_detail_url(skp, "lampiran"),
    )


def _get_lampiran(skp: Skp, item_pk: int) -> LampiranItem:
    item = get_object_or_404(LampiranItem, pk=item_pk, skp=skp)
    item.skp = skp
    return item


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def lampiran_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    item = _get_lampiran(skp, item_pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = LampiranForm(request.POST or None, initial={"teks": item.teks})
    if request.method == "POST" and form.is_valid():
        try:
            item.update(teks=form.cleaned_data["teks"], aktor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Lampiran disimpan."))
            return _swap_lampiran(request, skp)
    return _form_response(
        request, form, title=_("Edit %(jenis)s") % {"jenis": item.get_jenis_display()},
        action=reverse("skp:lampiran_edit", args=[pk, item_pk]),
        cancel_url=_detail_url(skp, "lampiran"),
    )


@vary_on_headers("HX-Request")
@GET_POST
@_refused_when_locked
def lampiran_hapus(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    skp = _owned_skp(request, pk)
    item = _get_lampiran(skp, item_pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    if request.method == "POST":
        item.hapus(aktor=request.user)
        messages.success(request, _("Lampiran dihapus."))
        return _swap_lampiran(request, skp)
    return _form_response(
        request, KonfirmasiForm(), title=_("Hapus Lampiran"),
        action=reverse("skp:lampiran_hapus", args=[pk, item_pk]),
        cancel_url=_detail_url(skp, "lampiran"), submit_label=_("Hapus"), danger=True,
        intro=_("Hapus \u201c%(teks)s\u201d?") % {"teks": item.teks},
    )


@require_POST
@_refused_when_locked
def lampiran_pindah(request: HttpRequest, pk: int, item_pk: int, arah: str) -> HttpResponse:
    skp = _owned_skp(request, pk)
    item = _get_lampiran(skp, item_pk)
    if arah not in ARAH:
        raise Http404
    try:
        item.pindah(arah, aktor=request.user)
    except SkpTerkunci as exc:
        return _back_to_detail(request, skp, str(exc))
    return _swap_lampiran(request, skp)


# --- Workflow: Ajukan SKP, Edit Status --------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
def ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    """"Ajukan SKP" with the manual's confirmation (Gambar 13); the server checks completeness."""
    skp = _owned_skp(request, pk)
    if not skp.is_editable:
        return _back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = AjukanForm(request.POST or None, initial={"dilihat": skp.status})
    missing: list[str] = []
    if request.method == "POST":
        if not form.is_valid():
            return _back_to_detail(request, skp, str(StaleTransition()))
        try:
            skp.submit(by=request.user, expected=form.cleaned_data["dilihat"])
        except SkpBelumLengkap as exc:
            missing = exc.missing
        except (StaleTransition, TransisiDitolak) as exc:
            return _back_to_detail(request, skp, str(exc))
        else:
            messages.success(request, _("SKP berhasil diajukan kepada pejabat penilai."))
            url = _detail_url(skp)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    else:
        missing = skp.kelengkapan()
    if missing:
        return _form_response(
            request, form, title=_("Pengajuan SKP"), action=reverse("skp:ajukan", args=[pk]),
            cancel_url=_detail_url(skp), blocked=True,
            intro=_("SKP belum dapat diajukan. Lengkapi terlebih dahulu:"), missing=missing,
        )
    return _form_response(
        request, form, title=_("Pengajuan SKP"), action=reverse("skp:ajukan", args=[pk]),
        cancel_url=_detail_url(skp),
        intro=_("Apakah Anda yakin ingin mengajukan SKP ini?"),
        lines=[_("Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau.")],
        warnings=skp.peringatan_pengajuan(),
    )


def _penilai_skp(request: HttpRequest, pk: int) -> Skp:
    skp, _can_write = get_skp_for_user(request, pk)
    if request.user.pk != skp.pejabat_penilai_id:
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat mengubah status SKP."))
    return skp


@vary_on_headers("HX-Request")
@GET_POST
def edit_status(request: HttpRequest, pk: int) -> HttpResponse:
    """"Edit Status" (Gambar 20): Persetujuan approves; Draft returns with a reason."""
    skp = _penilai_skp(request, pk)
    form = EditStatusForm(request.POST or None,
                          initial={"status": skp.status, "dilihat": skp.status})
    if request.method == "POST" and form.is_valid():
        to, alasan = form.cleaned_data["status"], form.cleaned_data["alasan"]
        try:
            changed = skp.ubah_status(to, by=request.user, alasan=alasan,
                                      expected=form.cleaned_data["dilihat"])
        except StaleTransition as exc:
            return _back_to_detail(request, skp, str(exc))
        except TransisiDitolak as exc:
            field = "alasan" if to == StatusSkp.DRAFT and not alasan.strip() else None
            form.add_error(field, str(exc))
        else:
            if not changed:
                messages.info(request, _("Status SKP tidak berubah."))
            elif to == StatusSkp.PERSETUJUAN:
                messages.success(request, _("SKP %(nama)s disetujui.") % {"nama": skp.pegawai.nama})
            else:
                messages.success(request, _("SKP %(nama)s dikembalikan ke draft.")
                                 % {"nama": skp.pegawai.nama})
            url = _detail_url(skp)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    elif request.method == "POST" and "dilihat" in form.errors:
        return _back_to_detail(request, skp, str(StaleTransition()))
    return _form_response(
        request, form, title=_("Edit Status"), action=reverse("skp:edit_status", args=[pk]),
        cancel_url=_detail_url(skp),
        intro=_("SKP %(nama)s, status saat ini: %(status)s.")
        % {"nama": skp.pegawai.nama, "status": skp.status.upper()},
    )


# --- SKP Bawahan ------------------------------------------------------------------------------

PER_HALAMAN = 25


def _bawahan_context(request: HttpRequest, params: Any) -> dict:
    form = BawahanFilterForm(params)
    qs = Skp.objects.filter(pejabat_penilai=request.user).select_related("pegawai")
    q, status = "", ""
    if form.is_valid():
        q, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    if status:
        qs = qs.filter(status=status)
    if q:
        nip = "".join(ch for ch in q if ch.isdigit())
        match = Q(pegawai__nama__icontains=q)
        if nip:
            match |= Q(pegawai__nip__contains=nip)
        qs = qs.filter(match)
    qs = qs.order_by("-periode_awal", "pegawai__nama", "pk")
    # Queries: the count for the paginator, then this page's SKPs with their pegawai.
    page = Paginator(qs, PER_HALAMAN).get_page(params.get("page"))
    filters = {k: v for k, v in {"q": q, "status": status}.items() if v}
    return {
        "filter_form": form,
        "page": page,
        "filters": filters,
        "filter_query": urlencode(filters),
        "ada_pengajuan": any(s.status == StatusSkp.PENGAJUAN for s in page.object_list),
    }


@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def bawahan(request: HttpRequest) -> HttpResponse:
    """Daftar SKP Bawahan (Gambar 22): the SKPs for which the user is pejabat penilai."""
    template = "skp/skp_bawahan.html#bawahan" if request.htmx else "skp/skp_bawahan.html"
    return render(request, template, _bawahan_context(request, request.GET))


@require_POST
def bawahan_setujui(request: HttpRequest) -> HttpResponse:
    """Approve the selected rows, each on its own: one refusal does not stop the others."""
    ids = parse_ids(request.POST.getlist("pilih"))
    skps = Skp.objects.filter(pk__in=ids, pejabat_penilai=request.user).select_related("pegawai")
    by_pk = {skp.pk: skp for skp in skps}
    disetujui: list[str] = []
    gagal: list[str] = []
    for pk in ids:
        skp = by_pk.get(pk)
        if skp is None:
            gagal.append(_("SKP #%(pk)s: tidak ada dalam daftar SKP bawahan Anda.") % {"pk": pk})
            continue
        dilihat = request.POST.get(f"dilihat_{pk}")
        try:
            skp.approve(by=request.user,
                        expected=dilihat if dilihat in StatusSkp.values else None)
        except (StaleTransition, TransisiDitolak) as exc:
            gagal.append(f"{skp.pegawai.nama}: {exc}")
        else:
            disetujui.append(skp.pegawai.nama)
    if not ids:
        messages.warning(request, _("Pilih SKP yang akan disetujui."))
    if disetujui:
        messages.success(request, _("Disetujui (%(n)s): %(daftar)s.")
                         % {"n": len(disetujui), "daftar": ", ".join(disetujui)})
    for reason in gagal:
        messages.error(request, _("Tidak disetujui: %(alasan)s") % {"alasan": reason})
    if request.htmx:
        return render(request, "skp/skp_bawahan.html#bawahan",
                      _bawahan_context(request, request.POST))
    form = BawahanFilterForm(request.POST)
    query = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page = parse_int(request.POST.get("page"), minimum=2)
    if page is not None:
        query["page"] = str(page)
    return redirect(reverse("skp:bawahan") + (f"?{urlencode(query)}" if query else ""))

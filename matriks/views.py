from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, QuerySet
from django.forms import BaseForm, Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir, htmx
from ekinerja.akses import catat_akses
from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import Pegawai
from matriks import actions
from matriks.forms import CariPegawaiForm, PilihSkpForm, RhkBawahanForm
from matriks.models import BarisMatriks
from skp.models import HasilKerja, Indikator, Skp

GET_POST = require_http_methods(["GET", "POST"])
HEAD = "matriks/_head.html"
# Placeholder ids for building many cell URLs from one reverse(); no real pk has this length.
_BARIS, _KOLOM = 987654321987, 123456789123


# --- access -----------------------------------------------------------------------------------


def get_matriks_for_user(request: AuthedHttpRequest, pk: int) -> Skp:
    """The leader's own SKP, if this user is the pejabat penilai of at least one SKP.

    Anyone else (a subordinate, another leader, someone without rated SKPs) gets a 404.
    """
    user = request.user
    return get_object_or_404(
        Skp.objects.filter(pegawai_id=user.pk)
        .filter(Exists(Skp.objects.filter(pejabat_penilai_id=user.pk)))
        .select_related("pegawai"),
        pk=pk,
    )


def _periode_bawahan(baris: BarisMatriks) -> dict[str, object]:
    bawahan = baris.skp_bawahan
    return {"nama": bawahan.pegawai.nama, "awal": bawahan.periode_awal, "akhir": bawahan.periode_akhir}


def _get_baris(skp: Skp, baris_pk: int) -> BarisMatriks:
    baris = get_object_or_404(
        BarisMatriks.objects.select_related("skp_bawahan__pegawai"), pk=baris_pk, skp_atasan=skp
    )
    baris.skp_atasan = skp
    return baris


# --- the matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kolom:
    """One of the leader's RHKs: a group of columns, one per indicator (one empty column when it
    has none yet)."""

    rhk: HasilKerja
    indikator: list[Indikator | None]
    label: str  # shortened, for the cell buttons' accessible names


@dataclass(frozen=True)
class Baris:
    """One matrix row as shown: the subordinate SKP, why Tambah RHK is not offered (if so), its
    "Lihat SKP" link once it left draft, and its cells (HTML)."""

    baris: BarisMatriks
    alasan: str
    lihat_url: str | None
    sel: list[SafeString]


def _lihat_url(skp: Skp, baris: BarisMatriks, leader: Pegawai) -> str | None:
    """"Lihat SKP" only once the SKP has left draft (manual §5)."""
    bawahan = baris.skp_bawahan
    if bawahan.is_editable:
        return None
    if bawahan.pejabat_penilai_id == leader.pk:
        return reverse("skp:detail", args=[bawahan.pk])
    return reverse("matriks:lihat_skp", args=[skp.pk, baris.pk])


def _sel_html(*, first: bool, colspan: int, items: list[HasilKerja], url: str, label: str
              ) -> SafeString:
    """One cell: the subordinate RHKs that intervene this column's RHK, and Tambah RHK.

    Built here rather than in the template: a 100 × 30 matrix has a thousand cells, and the
    template engine spent most of the page's time on them (bench/bench_matriks.py).
    """
    daftar = format_html(
        '<ul class="rhk-bawahan">{}</ul>',
        format_html_join(
            "", "<li>{}{}</li>",
            (
                (r.teks, format_html(' <span class="jenis">({})</span>', _("tambahan"))
                 if r.jenis == HasilKerja.Jenis.TAMBAHAN else "")
                for r in items
            ),
        ),
    ) if items else ""
    tombol = format_html(
        '<a class="btn btn-small" href="{0}" hx-get="{0}" hx-target="{3}" '
        'aria-label="{1}: {2}">{1}</a>', url, _("Tambah RHK"), label, htmx.DIALOG_BODY,
    ) if url else ""
    return format_html(
        '<td colspan="{}" class="sel{}">{}{}</td>', colspan, "" if first else " grp-start",
        daftar, tombol,
    )


def _kolom(skp: Skp) -> list[Kolom]:
    # Query: the leader's RHKs; query: their indicators (prefetch).
    rhks = skp.hasil_kerja.prefetch_related("indikator").order_by("jenis", "urutan", "pk")
    return [Kolom(rhk, [*rhk.indikator.all()] or [None], Truncator(rhk.teks).chars(60))
            for rhk in rhks]


def _sel_per_rhk(skp: Skp, rows: list[BarisMatriks]) -> dict[tuple[int, int], list[HasilKerja]]:
    """(subordinate SKP, leader RHK) -> the subordinate's RHKs that intervene it."""
    cells: dict[tuple[int, int], list[HasilKerja]] = defaultdict(list)
    # Query: the subordinates' RHKs that intervene one of this leader's RHKs.
    for sub in HasilKerja.objects.filter(
        rhk_atasan__skp_id=skp.pk, skp_id__in=[b.skp_bawahan_id for b in rows]
    ).order_by("jenis", "urutan", "pk"):
        if sub.rhk_atasan_id is not None:
            cells[(sub.skp_id, sub.rhk_atasan_id)].append(sub)
    return cells


def _baris(skp: Skp, baris: BarisMatriks, kolom: list[Kolom], leader: Pegawai,
           cells: dict[tuple[int, int], list[HasilKerja]], pola: str) -> Baris:
    bawahan = baris.skp_bawahan
    bisa_tambah = not actions.check_bisa_tambah_rhk(bawahan, leader)
    baris_url = pola.replace(str(_BARIS), str(baris.pk))
    sel = [
        _sel_html(
            first=n == 0,
            colspan=len(k.indikator),
            items=cells.get((bawahan.pk, k.rhk.pk), []),
            url=baris_url.replace(str(_KOLOM), str(k.rhk.pk)) if bisa_tambah else "",
            label=f"{bawahan.pegawai.nama} \u2014 {k.label}",
        )
        for n, k in enumerate(kolom)
    ]
    return Baris(baris, actions.check_bisa_tambah_rhk(bawahan, leader, ringkas=True),
                 _lihat_url(skp, baris, leader), sel)


def _matriks_context(request: AuthedHttpRequest, skp: Skp) -> dict[str, Any]:
    kolom = _kolom(skp)
    # Query: the matrix rows with each subordinate SKP and its pegawai.
    rows = list(BarisMatriks.objects.untuk(skp))
    cells = _sel_per_rhk(skp, rows) if rows and kolom else {}
    # 100 rows × 30 columns: reverse the cell URL once and fill in the ids (reverse() per
    # cell was a fifth of the page's time).
    pola = reverse("matriks:tambah_rhk", args=[skp.pk, _BARIS, _KOLOM])
    baris = [_baris(skp, b, kolom, request.user, cells, pola) for b in rows]
    return {"skp": skp, "kolom": kolom, "rows": baris, "leader": request.user}


@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def matriks(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    # Queries: session, user, notification count (base.html), the leader SKP with the
    # "is a rater" check (get_matriks_for_user), then those in _matriks_context.
    skp = get_matriks_for_user(request, pk)
    template = "matriks/matriks.html#matriks" if request.htmx else "matriks/matriks.html"
    return render(request, template, _matriks_context(request, skp))


def _matriks_url(skp: Skp, anchor: str = "") -> str:
    return reverse("matriks:skp", args=[skp.pk]) + (f"#{anchor}" if anchor else "")


def _swap_matriks(request: AuthedHttpRequest, skp: Skp, anchor: str = "") -> HttpResponse:
    """After a change: the whole matrix for htmx (and close the dialog), else a redirect."""
    context = _matriks_context(request, skp) if request.htmx else {}
    return htmx.swap(request, "matriks/matriks.html#matriks", context, target="#matriks",
                     fallback=_matriks_url(skp, anchor))


def _back_to_matriks(request: AuthedHttpRequest, skp: Skp, message: str) -> HttpResponse:
    messages.error(request, message)
    return htmx.done(request, _matriks_url(skp))


def _act(request: AuthedHttpRequest, skp: Skp, form: BaseForm, action: Callable[[], object], *,
         success: str, anchor: str = "") -> HttpResponse | None:
    """Run a form's action once per form token (formulir): the matrix after it (or after a
    repeated submit), the matrix with the message when it is refused (Ditolak: the SKP left
    draft), None when it refused the input (the errors are then on `form`)."""
    try:
        with formulir.sekali(request):
            action()
    except Ditolak as exc:
        return _back_to_matriks(request, skp, str(exc))
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    except formulir.SudahDikirim:
        return _swap_matriks(request, skp, anchor)
    messages.success(request, success)
    return _swap_matriks(request, skp, anchor)


# --- Sinkronisasi SKP Bawahan -----------------------------------------------------------------


@require_POST
def sinkronisasi(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    skp = get_matriks_for_user(request, pk)
    added = actions.sync_bawahan(aktor=request.user, skp_atasan=skp)
    if added:
        messages.success(
            request,
            ngettext(
                "%(n)d SKP bawahan ditambahkan ke matriks.",
                "%(n)d SKP bawahan ditambahkan ke matriks.",
                added,
            )
            % {"n": added},
        )
    else:
        messages.info(
            request,
            _("Tidak ada SKP bawahan baru: semua SKP yang menunjuk Anda sebagai pejabat penilai "
              "pada periode ini sudah ada di matriks."),
        )
    return _swap_matriks(request, skp)


# --- Tambah Pegawai ---------------------------------------------------------------------------


def _pilihan_skp(skp: Skp, pegawai: Pegawai) -> QuerySet[Skp]:
    return (
        Skp.objects.filter(
            pegawai=pegawai,
            periode_awal__lte=skp.periode_akhir,
            periode_akhir__gte=skp.periode_awal,
        )
        .select_related("pegawai")
        .order_by("periode_awal", "pk")
    )


def _cari(skp: Skp, form: CariPegawaiForm) -> tuple[Pegawai | None, list[Skp]]:
    """Find the pegawai by NIP and their SKPs for this period; errors land on the NIP field."""
    if not form.is_valid():
        return None, []
    nip = form.cleaned_data["nip"]
    pegawai = Pegawai.objects.filter(nip=nip).first()
    if pegawai is None:
        form.add_error("nip", _("Pegawai dengan NIP %(nip)s tidak ditemukan.") % {"nip": nip})
        return None, []
    if pegawai.pk == skp.pegawai_id:
        form.add_error("nip", _("Ini NIP Anda sendiri. Masukkan NIP pegawai lain."))
        return None, []
    pilihan = list(_pilihan_skp(skp, pegawai))
    if not pilihan:
        if Skp.objects.filter(pegawai=pegawai).exists():
            message = _(
                "%(nama)s belum memiliki SKP untuk periode %(awal)s sampai %(akhir)s."
            )
        else:
            message = _("%(nama)s belum membuat SKP. Hanya pegawai yang telah membuat SKP "
                        "yang dapat ditambahkan.")
        form.add_error(
            "nip",
            message % {"nama": pegawai.nama, "awal": skp.periode_awal, "akhir": skp.periode_akhir},
        )
    return pegawai, pilihan


def _pilih_form(request: AuthedHttpRequest, skp: Skp, pegawai: Pegawai, pilihan: list[Skp]
                ) -> tuple[PilihSkpForm, list[Skp]]:
    """The choice among the pegawai's SKPs of this period, and those already in the matrix."""
    ada = set(
        BarisMatriks.objects.filter(skp_atasan=skp, skp_bawahan__in=pilihan).values_list(
            "skp_bawahan_id", flat=True
        )
    )
    pilih = PilihSkpForm(
        request.POST if request.method == "POST" else None,
        pilihan=_pilihan_skp(skp, pegawai),
        initial={"nip": pegawai.nip, "skp": pilihan[0].pk},
    )
    return pilih, [s for s in pilihan if s.pk in ada]


@vary_on_headers("HX-Request")
@GET_POST
def tambah_pegawai(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """NIP → Cari Pegawai (GET) → choose one of that person's SKPs → OK (POST)."""
    skp = get_matriks_for_user(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    cari = CariPegawaiForm(data if "nip" in data else None)
    pegawai, pilihan = _cari(skp, cari)
    pilih, sudah_ada = _pilih_form(request, skp, pegawai, pilihan) if pegawai and pilihan else (
        None, [])
    if pegawai and pilih and request.method == "POST" and pilih.is_valid():
        done = _act(request, skp, pilih, lambda: actions.add_pegawai(
            aktor=request.user, skp_atasan=skp, skp_bawahan=pilih.cleaned_data["skp"]),
            success=_("%(nama)s ditambahkan ke matriks.") % {"nama": pegawai.nama})
        if done:
            return done
    return htmx.render_form(
        request, cari, title=_("Tambah Pegawai"), action=reverse("matriks:tambah_pegawai", args=[pk]),
        cancel_url=_matriks_url(skp), template="matriks/tambah_pegawai.html",
        skp=skp, cari=cari, pilih=pilih, sudah_ada=sudah_ada, pegawai=pegawai,
    )


# --- a row ------------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
def hapus_baris(request: AuthedHttpRequest, pk: int, baris_pk: int) -> HttpResponse:
    skp = get_matriks_for_user(request, pk)
    baris = _get_baris(skp, baris_pk)
    if request.method == "POST":
        actions.remove_baris(aktor=request.user, baris=baris)
        nama = baris.skp_bawahan.pegawai.nama
        messages.success(request, _("%(nama)s dikeluarkan dari matriks.") % {"nama": nama})
        return _swap_matriks(request, skp)
    return htmx.render_form(
        request, Form(), title=_("Hapus dari Matriks"),
        action=reverse("matriks:hapus_baris", args=[skp.pk, baris.pk]),
        cancel_url=_matriks_url(skp), head=HEAD, submit_label=_("Hapus"), danger=True,
        intro=_(
            "Keluarkan SKP %(nama)s (periode %(awal)s sampai %(akhir)s) dari matriks? RHK "
            "yang sudah ada di SKP tersebut tetap tersimpan beserta tautannya ke RHK Anda."
        ) % _periode_bawahan(baris),
    )


@vary_on_headers("HX-Request")
@GET_POST
def tambah_rhk(request: AuthedHttpRequest, pk: int, baris_pk: int, rhk_pk: int) -> HttpResponse:
    """"Tambah RHK" in a cell: the column's leader RHK is preset as the RHK atasan."""
    skp = get_matriks_for_user(request, pk)
    baris = _get_baris(skp, baris_pk)
    kolom = get_object_or_404(HasilKerja, pk=rhk_pk, skp=skp)
    if alasan := actions.check_bisa_tambah_rhk(baris.skp_bawahan, request.user):
        return _back_to_matriks(request, skp, alasan)
    form = RhkBawahanForm(request.POST or None, skp_atasan=skp,
                          initial={"jenis": HasilKerja.Jenis.UTAMA, "rhk_atasan": kolom.pk})
    if request.method == "POST" and form.is_valid():
        done = _act(request, skp, form, lambda: actions.add_rhk_bawahan(
            aktor=request.user, baris=baris, **form.cleaned_data),
            success=_("RHK ditambahkan ke SKP %(nama)s.") % {"nama": baris.skp_bawahan.pegawai.nama},
            anchor=f"baris-{baris.pk}")
        if done:
            return done
    return htmx.render_form(
        request, form, title=_("Tambah RHK"),
        action=reverse("matriks:tambah_rhk", args=[skp.pk, baris.pk, kolom.pk]),
        cancel_url=_matriks_url(skp, f"baris-{baris.pk}"), head=HEAD, submit_label=_("OK"),
        intro=_("Untuk SKP %(nama)s (periode %(awal)s sampai %(akhir)s).") % _periode_bawahan(baris),
    )


@require_http_methods(["GET"])
def lihat_skp(request: AuthedHttpRequest, pk: int, baris_pk: int) -> HttpResponse:
    """A read-only view of a subordinate SKP in the matrix (not draft), for rows added by NIP."""
    skp = get_matriks_for_user(request, pk)
    bawahan = _get_baris(skp, baris_pk).skp_bawahan
    if bawahan.is_editable:
        return _back_to_matriks(
            request, skp, _("SKP yang masih berstatus draft belum dapat dilihat.")
        )
    catat_akses(request, bawahan, "matriks")
    rhks = list(
        bawahan.hasil_kerja.select_related("rhk_atasan")
        .prefetch_related("indikator")
        .order_by("jenis", "urutan", "pk")
    )
    return render(
        request, "matriks/lihat_skp.html", {"skp": skp, "bawahan": bawahan, "rhks": rhks}
    )

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir, htmx
from ekinerja.akses import catat_akses
from ekinerja.models import Pegawai
from matriks import actions
from matriks.forms import CariPegawaiForm, PilihSkpForm, RhkBawahanForm
from matriks.models import BarisMatriks
from skp.models import HasilKerja, Skp, SkpTerkunci

GET_POST = require_http_methods(["GET", "POST"])
HEAD = "matriks/_head.html"
# Placeholder ids for building many cell URLs from one reverse(); no real pk has this length.
_BARIS, _KOLOM = 987654321987, 123456789123


# --- access -----------------------------------------------------------------------------------


def get_matriks_for_user(request: HttpRequest, pk: int) -> Skp:
    """The leader's own SKP, if this user is the pejabat penilai of at least one SKP.

    Anyone else (a subordinate, another leader, someone without rated SKPs) gets a 404.
    """
    user = request.user
    skp = get_object_or_404(
        Skp.objects.filter(pegawai_id=user.pk)
        .select_related("pegawai")
        .annotate(is_rater=Exists(Skp.objects.filter(pejabat_penilai_id=user.pk))),
        pk=pk,
    )
    if not skp.is_rater:
        raise Http404
    return skp


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


def _lihat_url(skp: Skp, baris: BarisMatriks, leader: Pegawai) -> str | None:
    """"Lihat SKP" only once the SKP has left draft (manual §5)."""
    bawahan = baris.skp_bawahan
    if bawahan.is_editable:
        return None
    if bawahan.pejabat_penilai_id == leader.pk:
        return reverse("skp:detail", args=[bawahan.pk])
    return reverse("matriks:lihat_skp", args=[skp.pk, baris.pk])


def _sel_html(*, first: bool, colspan: int, items: list[HasilKerja], url: str, label: str) -> str:
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
        '<a class="btn btn-small" href="{0}" hx-get="{0}" hx-target="#skp-dialog-body" '
        'aria-label="{1}: {2}">{1}</a>', url, _("Tambah RHK"), label,
    ) if url else ""
    return format_html(
        '<td colspan="{}" class="sel{}">{}{}</td>', colspan, "" if first else " grp-start",
        daftar, tombol,
    )


def _matriks_context(request: HttpRequest, skp: Skp) -> dict:
    leader = request.user
    # Query: the leader's RHKs; query: their indicators (prefetch).
    rhks = list(skp.hasil_kerja.prefetch_related("indikator").order_by("jenis", "urutan", "pk"))
    for rhk in rhks:
        rhk.kolom = list(rhk.indikator.all()) or [None]
    # Query: the matrix rows with each subordinate SKP and its pegawai.
    rows = list(BarisMatriks.objects.untuk(skp))
    cells: dict[tuple[int, int], list[HasilKerja]] = defaultdict(list)
    if rows and rhks:
        # Query: the subordinates' RHKs that intervene one of this leader's RHKs.
        for sub in HasilKerja.objects.filter(
            rhk_atasan__skp_id=skp.pk, skp_id__in=[b.skp_bawahan_id for b in rows]
        ).order_by("jenis", "urutan", "pk"):
            cells[(sub.skp_id, sub.rhk_atasan_id)].append(sub)
    # 100 rows × 30 columns: reverse the cell URL once and fill in the ids (reverse() per
    # cell was a fifth of the page's time).
    pola = reverse("matriks:tambah_rhk", args=[skp.pk, _BARIS, _KOLOM])
    for rhk in rhks:
        rhk.label = Truncator(rhk.teks).chars(60)
    for baris in rows:
        bawahan = baris.skp_bawahan
        baris.bisa_tambah = not actions.check_bisa_tambah_rhk(bawahan, leader)
        baris.alasan = actions.check_bisa_tambah_rhk(bawahan, leader, ringkas=True)
        baris.lihat_url = _lihat_url(skp, baris, leader)
        baris_url = pola.replace(str(_BARIS), str(baris.pk))
        baris.sel = [
            _sel_html(
                first=n == 0,
                colspan=len(rhk.kolom),
                items=cells.get((bawahan.pk, rhk.pk), []),
                url=baris_url.replace(str(_KOLOM), str(rhk.pk)) if baris.bisa_tambah else "",
                label=f"{bawahan.pegawai.nama} \u2014 {rhk.label}",
            )
            for n, rhk in enumerate(rhks)
        ]
    return {"skp": skp, "rhks": rhks, "rows": rows, "leader": leader}


@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def matriks(request: HttpRequest, pk: int) -> HttpResponse:
    # Queries: session, user, notification count (base.html), the leader SKP with the
    # "is a rater" check (get_matriks_for_user), then those in _matriks_context.
    skp = get_matriks_for_user(request, pk)
    template = "matriks/matriks.html#matriks" if request.htmx else "matriks/matriks.html"
    return render(request, template, _matriks_context(request, skp))


def _matriks_url(skp: Skp, anchor: str = "") -> str:
    return reverse("matriks:skp", args=[skp.pk]) + (f"#{anchor}" if anchor else "")


def _swap_matriks(request: HttpRequest, skp: Skp, anchor: str = "") -> HttpResponse:
    """After a change: the whole matrix for htmx (and close the dialog), else a redirect."""
    context = _matriks_context(request, skp) if request.htmx else {}
    return htmx.swap(request, "matriks/matriks.html#matriks", context, target="#matriks",
                     fallback=_matriks_url(skp, anchor))


def _back_to_matriks(request: HttpRequest, skp: Skp, message: str) -> HttpResponse:
    messages.error(request, message)
    return htmx.done(request, _matriks_url(skp))


# --- Sinkronisasi SKP Bawahan -----------------------------------------------------------------


@require_POST
def sinkronisasi(request: HttpRequest, pk: int) -> HttpResponse:
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


def _pilihan_skp(skp: Skp, pegawai: Pegawai):
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


@vary_on_headers("HX-Request")
@GET_POST
def tambah_pegawai(request: HttpRequest, pk: int) -> HttpResponse:
    """NIP → Cari Pegawai (GET) → choose one of that person's SKPs → OK (POST)."""
    skp = get_matriks_for_user(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    cari = CariPegawaiForm(data if "nip" in data else None)
    pegawai, pilihan = _cari(skp, cari)
    pilih = None
    if pegawai is not None and pilihan:
        ada = set(
            BarisMatriks.objects.filter(skp_atasan=skp, skp_bawahan__in=pilihan).values_list(
                "skp_bawahan_id", flat=True
            )
        )
        pilih = PilihSkpForm(
            request.POST if request.method == "POST" else None,
            pilihan=_pilihan_skp(skp, pegawai),
            initial={"nip": cari.cleaned_data["nip"], "skp": pilihan[0].pk},
        )
        pilih.sudah_ada = [s for s in pilihan if s.pk in ada]
        if request.method == "POST" and pilih.is_valid():
            try:
                with formulir.sekali(request):
                    actions.add_pegawai(
                        aktor=request.user, skp_atasan=skp, skp_bawahan=pilih.cleaned_data["skp"]
                    )
            except ValidationError as exc:
                pilih.add_error(None, exc)
            except formulir.SudahDikirim:
                return _swap_matriks(request, skp)
            else:
                messages.success(
                    request, _("%(nama)s ditambahkan ke matriks.") % {"nama": pegawai.nama}
                )
                return _swap_matriks(request, skp)
    return htmx.render_form(
        request, cari, title=_("Tambah Pegawai"), action=reverse("matriks:tambah_pegawai", args=[pk]),
        cancel_url=_matriks_url(skp), template="matriks/tambah_pegawai.html",
        skp=skp, cari=cari, pilih=pilih, pegawai=pegawai,
    )


# --- a row ------------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
def hapus_baris(request: HttpRequest, pk: int, baris_pk: int) -> HttpResponse:
    skp = get_matriks_for_user(request, pk)
    baris = _get_baris(skp, baris_pk)
    if request.method == "POST":
        actions.remove_baris(aktor=request.user, baris=baris)
        messages.success(
            request,
            _("%(nama)s dikeluarkan dari matriks.") % {"nama": baris.skp_bawahan.pegawai.nama},
        )
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
def tambah_rhk(request: HttpRequest, pk: int, baris_pk: int, rhk_pk: int) -> HttpResponse:
    """"Tambah RHK" in a cell: the column's leader RHK is preset as the RHK atasan."""
    skp = get_matriks_for_user(request, pk)
    baris = _get_baris(skp, baris_pk)
    kolom = get_object_or_404(HasilKerja, pk=rhk_pk, skp=skp)
    alasan = actions.check_bisa_tambah_rhk(baris.skp_bawahan, request.user)
    if alasan:
        return _back_to_matriks(request, skp, alasan)
    form = RhkBawahanForm(
        request.POST or None,
        skp_atasan=skp,
        initial={"jenis": HasilKerja.Jenis.UTAMA, "rhk_atasan": kolom.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                actions.add_rhk_bawahan(aktor=request.user, baris=baris, **form.cleaned_data)
        except SkpTerkunci as exc:
            return _back_to_matriks(request, skp, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim:
            return _swap_matriks(request, skp, f"baris-{baris.pk}")
        else:
            messages.success(
                request,
                _("RHK ditambahkan ke SKP %(nama)s.") % {"nama": baris.skp_bawahan.pegawai.nama},
            )
            return _swap_matriks(request, skp, f"baris-{baris.pk}")
    return htmx.render_form(
        request, form, title=_("Tambah RHK"),
        action=reverse("matriks:tambah_rhk", args=[skp.pk, baris.pk, kolom.pk]),
        cancel_url=_matriks_url(skp, f"baris-{baris.pk}"), head=HEAD, submit_label=_("OK"),
        intro=_("Untuk SKP %(nama)s (periode %(awal)s sampai %(akhir)s).") % _periode_bawahan(baris),
    )


@require_http_methods(["GET"])
def lihat_skp(request: HttpRequest, pk: int, baris_pk: int) -> HttpResponse:
    """A read-only view of a subordinate SKP in the matrix (not draft), for rows added by NIP."""
    skp = get_matriks_for_user(request, pk)
    baris = _get_baris(skp, baris_pk)
    bawahan = baris.skp_bawahan
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

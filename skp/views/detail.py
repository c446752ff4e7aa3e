"""Detail SKP (Sasaran Kinerja Pegawai) with its Riwayat, and its refreshed fragments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from ekinerja import htmx
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import Riwayat
from ekinerja.riwayat_label import label_aksi, label_kolom, tersembunyi
from skp.models import (
    FormatSkp,
    HasilKerja,
    Indikator,
    LampiranItem,
    Pendekatan,
    PerilakuKerja,
    Skp,
)
from skp.views._akses import AksesSkp, detail_url, get_skp_for_user, matriks_url

Context = dict[str, Any]

# --- the rows the page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class BarisRhk:
    """One RHK of the Hasil Kerja table: its number within its jenis and its indicators."""

    rhk: HasilKerja
    nomor: int
    indikator: list[Indikator]
    rowspan: int  # table rows: one per indicator (at least one), plus "Tambah Indikator"

    @classmethod
    def of(cls, rhk: HasilKerja, nomor: int, editable: bool) -> BarisRhk:
        indikator = list(rhk.indikator.all())
        return cls(rhk, nomor, indikator, max(len(indikator), 1) + (1 if editable else 0))


@dataclass(frozen=True)
class BarisPerilaku:
    """One BerAKHLAK value with this SKP's Ekspektasi Khusus Pimpinan."""

    perilaku: PerilakuKerja
    ekspektasi: str


@dataclass(frozen=True)
class Perubahan:
    """One field of a Riwayat row, before → after (None: that side does not exist)."""

    kolom: str
    sebelum: str | None
    sesudah: str | None


@dataclass(frozen=True)
class BarisRiwayat:
    riwayat: Riwayat
    label: str
    perubahan: list[Perubahan]
    konteks: str  # which RHK / indicator / item / value an edit was about
    transisi: bool


# --- Sasaran Kinerja Pegawai (Detail SKP) -----------------------------------------------------


def _layout(skp: Skp) -> dict[str, int]:
    """Columns of the Hasil Kerja table (Gambar 9 for JPT, Gambar 12 for the others)."""
    ind_cols = (1 + (2 if skp.is_kuantitatif else 0)) if skp.is_jpt else (
        2 + (1 if skp.is_kuantitatif else 0)
    )
    lead_cols = 2 if skp.is_jpt else 3
    return {"ind_cols": ind_cols, "ncols": lead_cols + ind_cols}


def _rhk_queryset(skp: Skp) -> QuerySet[HasilKerja]:
    return (
        skp.hasil_kerja.select_related("rhk_atasan")
        .prefetch_related("indikator")
        .order_by("jenis", "urutan", "pk")
    )


def base_context(request: AuthedHttpRequest, skp: Skp) -> Context:
    akses = AksesSkp(skp, request.user)
    return {
        "skp": skp,
        "can_write": akses.can_write,
        "editable": akses.editable,
        "is_penilai": akses.is_penilai,
        "can_change_status": skp.can_change_status(request.user),
        **_layout(skp),
    }


def _hasil_kerja_context(skp: Skp, editable: bool) -> Context:
    # Query: RHKs with the RHK atasan they intervene (one join); query: their indicators.
    rhks = list(_rhk_queryset(skp))
    groups = []
    for jenis, label in HasilKerja.Jenis.choices:
        items = [r for r in rhks if r.jenis == jenis]
        rows = [BarisRhk.of(r, n, editable) for n, r in enumerate(items, 1)]
        groups.append({"jenis": jenis, "label": label, "items": rows})
    return {"grup_rhk": groups}


def _perilaku_list(skp: Skp) -> list[BarisPerilaku]:
    # Query: the 7 BerAKHLAK values of the SKP's version; query: this SKP's ekspektasi.
    perilaku = list(PerilakuKerja.objects.filter(versi=skp.perilaku_versi))
    ekspektasi = {e.perilaku_id: e.teks for e in skp.ekspektasi.all()}
    return [BarisPerilaku(p, ekspektasi.get(p.pk, "")) for p in perilaku]


def _lampiran_context(skp: Skp) -> Context:
    # Query: every lampiran item of the SKP.
    items = list(skp.lampiran.order_by("jenis", "urutan", "pk"))
    return {
        "lampiran": [
            {"jenis": jenis, "label": label, "items": [i for i in items if i.jenis == jenis]}
            for jenis, label in LampiranItem.Jenis.choices
        ]
    }


def _detail_context(request: AuthedHttpRequest, skp: Skp) -> Context:
    context = base_context(request, skp)
    context.update(_hasil_kerja_context(skp, context["editable"]))
    context["perilaku"] = _perilaku_list(skp)
    context.update(_lampiran_context(skp))
    context["matriks_url"] = matriks_url(request, skp)
    context.update(_riwayat_context(skp))
    return context


@vary_on_headers("HX-Request")
@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    # Queries: session, user, the SKP (get_skp_for_user), then those in _detail_context.
    skp = get_skp_for_user(request, pk).skp
    return render(request, "skp/skp_detail.html", _detail_context(request, skp))


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


def _perubahan(sebelum: Any, sesudah: Any) -> list[Perubahan]:
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
        rows.append(Perubahan(
            kolom=str(label_kolom(key)),
            sebelum=_nilai(key, before) if key in sebelum else None,
            sesudah=_nilai(key, after) if key in sesudah else None,
        ))
    return rows


def _baris_riwayat(entry: Riwayat) -> BarisRiwayat:
    perubahan = _perubahan(entry.sebelum, entry.sesudah)
    # Which RHK / indicator / item / value an edit was about, when its text did not change.
    sesudah = entry.sesudah if isinstance(entry.sesudah, dict) else None
    konteks = (
        str(sesudah.get("teks") or sesudah.get("perilaku") or "")
        if sesudah is not None and isinstance(entry.sebelum, dict)
        and not any(p.kolom == label_kolom("teks") for p in perubahan)
        else ""
    )
    return BarisRiwayat(entry, str(label_aksi(entry.aksi)), perubahan, konteks,
                        transisi=entry.aksi in TRANSISI)


def _riwayat_context(skp: Skp) -> Context:
    # Query: the SKP's whole history with each actor (Riwayat rows are written against the SKP).
    entries = Riwayat.objects.filter(
        objek_tipe__app_label="skp", objek_tipe__model="skp", objek_id=str(skp.pk)
    ).select_related("aktor")
    rows = [_baris_riwayat(entry) for entry in entries]
    last_transition = next((r.riwayat for r in rows if r.transisi), None)
    dikembalikan = (
        last_transition
        if last_transition is not None
        and last_transition.aksi == "skp.dikembalikan"
        and skp.is_editable
        else None
    )
    return {"riwayat": rows, "dikembalikan": dikembalikan}


# --- fragments refreshed after a change -------------------------------------------------------


def _swap(
    request: AuthedHttpRequest, skp: Skp, fragment: str, anchor: str,
    context: Callable[[Context], Context],
) -> HttpResponse:
    """The `fragment` partial of the SKP page over #`anchor` (htmx), else back to the page."""
    if not request.htmx:
        return redirect(detail_url(skp, anchor))
    base = base_context(request, skp)
    return htmx.swap(request, f"skp/skp_detail.html#{fragment}", {**base, **context(base)},
                     target=f"#{anchor}", fallback="")


def swap_hasil_kerja(request: AuthedHttpRequest, skp: Skp) -> HttpResponse:
    return _swap(request, skp, "hasil-kerja", "hasil-kerja", lambda base: {
        **_hasil_kerja_context(skp, base["editable"]), "matriks_url": matriks_url(request, skp),
    })


def swap_rhk(request: AuthedHttpRequest, skp: Skp, rhk: HasilKerja) -> HttpResponse:
    def context(base: Context) -> Context:
        fresh = _rhk_queryset(skp).get(pk=rhk.pk)
        nomor = skp.hasil_kerja.filter(jenis=rhk.jenis).filter(
            Q(urutan__lt=fresh.urutan) | Q(urutan=fresh.urutan, pk__lt=fresh.pk)
        ).count() + 1
        return {"baris": BarisRhk.of(fresh, nomor, base["editable"])}

    return _swap(request, skp, "rhk", f"rhk-{rhk.pk}", context)


def swap_lampiran(request: AuthedHttpRequest, skp: Skp) -> HttpResponse:
    return _swap(request, skp, "lampiran", "lampiran", lambda base: _lampiran_context(skp))


def swap_identitas(request: AuthedHttpRequest, skp: Skp) -> HttpResponse:
    if request.htmx:
        skp.refresh_from_db()  # the snapshots as stored, whatever this copy holds
    return _swap(request, skp, "identitas", "identitas", lambda base: {})


def swap_perilaku(request: AuthedHttpRequest, skp: Skp, baris: BarisPerilaku) -> HttpResponse:
    return _swap(request, skp, "perilaku", f"perilaku-{baris.perilaku.pk}", lambda base: {"b": baris})

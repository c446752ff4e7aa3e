"""Detail SKP (Sasaran Kinerja Pegawai) with its Riwayat, and its refreshed fragments."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

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
    StatusSkp,
)
from skp.views._akses import get_skp_for_user, matriks_url
from skp.views._respons import detail_url, swap

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


def base_context(request: HttpRequest, skp: Skp, can_write: bool) -> dict:
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
    context = base_context(request, skp, can_write)
    context.update(_hasil_kerja_context(skp, context["editable"]))
    context["perilaku"] = _perilaku_list(skp)
    context.update(_lampiran_context(skp))
    context["matriks_url"] = matriks_url(request, skp)
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



def swap_hasil_kerja(request: HttpRequest, skp: Skp, can_write: bool = True) -> HttpResponse:
    if not request.htmx:
        return redirect(detail_url(skp, "hasil-kerja"))
    context = base_context(request, skp, can_write)
    context.update(_hasil_kerja_context(skp, context["editable"]))
    context["matriks_url"] = matriks_url(request, skp)
    return swap(request, "skp/skp_detail.html#hasil-kerja", context, "#hasil-kerja", "")


def swap_rhk(request: HttpRequest, rhk: HasilKerja) -> HttpResponse:
    skp = rhk.skp
    if not request.htmx:
        return redirect(detail_url(skp, f"rhk-{rhk.pk}"))
    context = base_context(request, skp, True)
    fresh = _rhk_queryset(skp).get(pk=rhk.pk)
    nomor = skp.hasil_kerja.filter(jenis=rhk.jenis).filter(
        Q(urutan__lt=fresh.urutan) | Q(urutan=fresh.urutan, pk__lt=fresh.pk)
    ).count() + 1
    context["rhk"] = _prepare_rhk(fresh, nomor, context["editable"])
    return swap(request, "skp/skp_detail.html#rhk", context, f"#rhk-{rhk.pk}", "")


def swap_lampiran(request: HttpRequest, skp: Skp) -> HttpResponse:
    if not request.htmx:
        return redirect(detail_url(skp, "lampiran"))
    context = {**base_context(request, skp, True), **_lampiran_context(skp)}
    return swap(request, "skp/skp_detail.html#lampiran", context, "#lampiran", "")

"""The printed SKP documents: what each prints, its version, and the cache in front of WeasyPrint.

`skp_document(skp, jenis)` loads everything the PDF prints in a fixed number of queries, hashes it,
and returns the stored PDF when that exact content was printed before; only new content is rendered.

Layering note: this module reads skp models, which style.md keeps out of ekinerja/. It lives here
because issue 7 gave Cetak these paths; `pdf.py` and `models_dokumen.py` stay domain-free.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse

from ekinerja.models import KelasJabatan, Riwayat
from ekinerja.models_dokumen import DokumenCetak
from ekinerja.pdf import render_pdf, tanggal_indonesia
from skp.models import HasilKerja, LampiranItem, PerilakuKerja, Skp, StatusSkp

KELAS_JUDUL = {
    KelasJabatan.JPT_UTAMA: "JABATAN PIMPINAN TINGGI UTAMA",
    KelasJabatan.JPT_MADYA: "JABATAN PIMPINAN TINGGI MADYA",
    KelasJabatan.JPT_PRATAMA: "JABATAN PIMPINAN TINGGI PRATAMA",
    KelasJabatan.ADMINISTRATOR: "JABATAN ADMINISTRATOR",
    KelasJabatan.PENGAWAS: "JABATAN PENGAWAS",
    KelasJabatan.FUNGSIONAL: "JABATAN FUNGSIONAL",
    KelasJabatan.PELAKSANA: "JABATAN PELAKSANA",
}

TEMPLATES = {
    DokumenCetak.Jenis.SKP: "cetak/skp.html",
    DokumenCetak.Jenis.LAMPIRAN_SKP: "cetak/lampiran_skp.html",
}

PIHAK_KOSONG = {"nama": "-", "nip_nrp": "-", "pangkat_golongan": "-", "jabatan": "-", "unit_kerja": "-"}


@dataclass
class HasilCetak:
    dokumen: DokumenCetak
    pdf: bytes
    dari_cache: bool

    @property
    def nama_file(self) -> str:
        return nama_file(self.dokumen)


def nama_file(dok: DokumenCetak, *, nip: str = "") -> str:
    stem = {"skp": "SKP", "lampiran_skp": "Lampiran-SKP"}.get(dok.jenis, dok.jenis)
    who = "".join(ch if ch.isalnum() else "-" for ch in dok.pemilik_nama).strip("-")
    parts = [stem, nip, who, f"v{dok.versi}", dok.kode]
    return "_".join(p for p in parts if p) + ".pdf"


def _versi(skp: Skp) -> tuple[int, dt.datetime | None]:
    """The SKP's version: how many recorded changes it has had, and when the last one was."""
    agg = Riwayat.untuk(skp).aggregate(n=Count("pk"), last=Max("waktu"))
    return agg["n"], agg["last"]


def _pihak(snapshot: dict[str, Any]) -> dict[str, str]:
    if not snapshot:
        return dict(PIHAK_KOSONG)
    return {k: snapshot.get(k) or "-" for k in PIHAK_KOSONG}


def _periode_teks(skp: Skp) -> str:
    awal, akhir = tanggal_indonesia(skp.periode_awal), tanggal_indonesia(skp.periode_akhir)
    awal_tanpa_tahun = awal.rsplit(" ", 1)[0]
    return f"{awal_tanpa_tahun} SD {akhir.rsplit(' ', 1)[0]} TAHUN {skp.periode_akhir.year}".upper()


def _hasil_kerja(skp: Skp) -> list[dict[str, Any]]:
    """Sections A (utama) and B (tambahan), each RHK with its indicators. Queries: 2."""
    rhks = list(
        skp.hasil_kerja.select_related("rhk_atasan")
        .prefetch_related("indikator")
        .order_by("jenis", "urutan", "pk")
    )
    bagian = []
    for jenis, huruf, judul in (
        (HasilKerja.Jenis.UTAMA, "A", "KINERJA UTAMA"),
        (HasilKerja.Jenis.TAMBAHAN, "B", "KINERJA TAMBAHAN"),
    ):
        rows = []
        for nomor, rhk in enumerate((r for r in rhks if r.jenis == jenis), start=1):
            indikator = [
                {
                    "teks": ind.teks,
                    "aspek": ind.get_aspek_display() if ind.aspek else "",
                    "perspektif": ind.get_perspektif_display() if ind.perspektif else "",
                    "target": ind.target_teks,
                }
                for ind in rhk.indikator.all()
            ]
            rows.append({
                "nomor": nomor,
                "teks": rhk.teks,
                "penugasan_dari": rhk.penugasan_dari,
                "rhk_atasan": rhk.rhk_atasan.teks if rhk.rhk_atasan_id else "",
                "indikator": indikator or [{"teks": "", "aspek": "", "perspektif": "", "target": ""}],
                "rowspan": max(len(indikator), 1),
            })
        bagian.append({"huruf": huruf, "judul": judul, "rhk": rows})
    return bagian


def _perilaku(skp: Skp) -> list[dict[str, Any]]:
    """The 7 BerAKHLAK values with their guides and this SKP's ekspektasi. Queries: 2."""
    ekspektasi = dict(skp.ekspektasi.values_list("perilaku_id", "teks"))
    return [
        {"nomor": i, "nama": p.nama, "panduan": list(p.panduan), "ekspektasi": ekspektasi.get(p.pk, "")}
        for i, p in enumerate(PerilakuKerja.objects.filter(versi=skp.perilaku_versi).order_by("urutan"), 1)
    ]


def _lampiran(skp: Skp) -> list[dict[str, Any]]:
    """Lampiran items grouped in the form's order. Queries: 1."""
    items = list(skp.lampiran.order_by("jenis", "urutan", "pk"))
    return [
        {"judul": str(label).upper(), "items": [i.teks for i in items if i.jenis == value]}
        for value, label in LampiranItem.Jenis.choices
    ]


def skp_data(skp: Skp, jenis: str) -> dict[str, Any]:
    """Everything the document prints except its own code and date (those follow from this)."""
    versi, versi_waktu = _versi(skp)
    data: dict[str, Any] = {
        "jenis": jenis,
        "skp_id": skp.pk,
        "versi": versi,
        "versi_waktu": versi_waktu.isoformat() if versi_waktu else "",
        "status": skp.status,
        "status_teks": skp.get_status_display(),
        "disetujui": skp.status == StatusSkp.PERSETUJUAN,
        "format_jpt": skp.is_jpt,
        "kuantitatif": skp.is_kuantitatif,
        "judul_jabatan": KELAS_JUDUL.get(skp.pegawai.kelas_jabatan, ""),
        "pendekatan": skp.get_pendekatan_display().upper(),
        "instansi": skp.instansi.nama if skp.instansi_id else "",
        "periode": _periode_teks(skp),
        "pegawai": _pihak(skp.snapshot_pegawai),
        "penilai": _pihak(skp.snapshot_penilai),
        "penilai_non_asn": (skp.snapshot_penilai or {}).get("status") == "NON ASN",
    }
    if jenis == DokumenCetak.Jenis.SKP:
        data["hasil_kerja"] = _hasil_kerja(skp)
        data["perilaku"] = _perilaku(skp)
    else:
        data["lampiran"] = _lampiran(skp)
    return data


def sidik(data: dict[str, Any]) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def verifikasi_url(kode: str = "") -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    path = reverse("cetak:verifikasi")
    return f"{base}{path}" if base else path


def render_skp_document(data: dict[str, Any], dok: DokumenCetak) -> bytes:
    context = {
        **data,
        "kode": dok.kode_tampil,
        "tanggal": tanggal_indonesia(dok.dibuat),
        "versi_tanggal": tanggal_indonesia(dt.datetime.fromisoformat(data["versi_waktu"]))
        if data["versi_waktu"] else "",
        "verifikasi_url": verifikasi_url(),
        "judul_dokumen": dok.get_jenis_display(),
    }
    title = f"{dok.get_jenis_display()} - {data['pegawai']['nama']}"
    return render_pdf(TEMPLATES[dok.jenis], context, title=title, author=data["pegawai"]["nama"])


def skp_document(skp: Skp, jenis: str = DokumenCetak.Jenis.SKP) -> HasilCetak:
    """The PDF of `skp` as `jenis`: from the cache if this exact content was printed before.

    `skp` should come with `pegawai` and `instansi` loaded (select_related) to keep queries fixed.
    """
    data = skp_data(skp, jenis)
    dok, created = DokumenCetak.dapatkan(
        jenis=jenis,
        objek=skp,
        versi=data["versi"],
        versi_waktu=dt.datetime.fromisoformat(data["versi_waktu"]) if data["versi_waktu"] else None,
        sidik=sidik(data),
        pemilik_nama=data["pegawai"]["nama"],
    )
    if not created:
        cached = dok.pdf_bytes()
        if cached is not None:
            return HasilCetak(dok, cached, dari_cache=True)
    pdf = render_skp_document(data, dok)
    dok.simpan_pdf(pdf)
    return HasilCetak(dok, pdf, dari_cache=False)

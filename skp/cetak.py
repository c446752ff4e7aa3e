"""The printed SKP documents (SKP, Lampiran SKP): what each prints, read in a fixed number of queries.

The header, identity, hasil kerja and perilaku parts are also the base of the penilaian documents
(penilaian/cetak.py), which add realisasi, feedback and ratings through the `tambahan` hooks.
Rendering and the cache are ekinerja/dokumen.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from ekinerja.dokumen import HasilCetak, dokumen, versi_riwayat
from ekinerja.models import KelasJabatan
from ekinerja.models_dokumen import DokumenCetak
from ekinerja.pdf import tanggal_indonesia
from skp.models import HasilKerja, Indikator, LampiranItem, PerilakuKerja, Skp, StatusSkp

KELAS_JUDUL: dict[str, Promise] = {
    KelasJabatan.JPT_UTAMA: gettext_lazy("JABATAN PIMPINAN TINGGI UTAMA"),
    KelasJabatan.JPT_MADYA: gettext_lazy("JABATAN PIMPINAN TINGGI MADYA"),
    KelasJabatan.JPT_PRATAMA: gettext_lazy("JABATAN PIMPINAN TINGGI PRATAMA"),
    KelasJabatan.ADMINISTRATOR: gettext_lazy("JABATAN ADMINISTRATOR"),
    KelasJabatan.PENGAWAS: gettext_lazy("JABATAN PENGAWAS"),
    KelasJabatan.FUNGSIONAL: gettext_lazy("JABATAN FUNGSIONAL"),
    KelasJabatan.PELAKSANA: gettext_lazy("JABATAN PELAKSANA"),
}

TEMPLATES: dict[str, str] = {
    DokumenCetak.Jenis.SKP: "cetak/skp.html",
    DokumenCetak.Jenis.LAMPIRAN_SKP: "cetak/lampiran_skp.html",
}

PIHAK_KOSONG = {"nama": "-", "nip_nrp": "-", "pangkat_golongan": "-", "jabatan": "-", "unit_kerja": "-"}


def pihak(snapshot: dict[str, Any] | None) -> dict[str, str]:
    """One identity column (Nama, NIP, Pangkat/Gol. Ruang, Jabatan, Unit Kerja) from a snapshot."""
    if not snapshot:
        return dict(PIHAK_KOSONG)
    return {k: snapshot.get(k) or "-" for k in PIHAK_KOSONG}


def periode_teks(awal: Any, akhir: Any) -> str:
    """"1 JANUARI SD 31 DESEMBER TAHUN 2025" (domain.md §8.1)."""
    a, b = tanggal_indonesia(awal), tanggal_indonesia(akhir)
    teks = gettext("%(awal)s SD %(akhir)s TAHUN %(tahun)s")
    return (teks % {"awal": a.rsplit(" ", 1)[0], "akhir": b.rsplit(" ", 1)[0], "tahun": akhir.year}).upper()


def kepala(skp: Skp) -> dict[str, Any]:
    """The parts every SKP-based document prints above its tables: title lines and identities.

    `skp` should come with `pegawai` and `instansi` loaded (select_related). Queries: 0.
    """
    return {
        "skp_id": skp.pk,
        "status": skp.status,
        "status_teks": skp.get_status_display(),
        "disetujui": skp.status == StatusSkp.PERSETUJUAN,
        "format_jpt": skp.is_jpt,
        "kuantitatif": skp.is_kuantitatif,
        "judul_jabatan": str(KELAS_JUDUL.get(skp.pegawai.kelas_jabatan, "")),
        "pendekatan": skp.get_pendekatan_display().upper(),
        "instansi": skp.instansi.nama if skp.instansi_id else "",
        "periode": periode_teks(skp.periode_awal, skp.periode_akhir),
        "pegawai": pihak(skp.snapshot_pegawai),
        "penilai": pihak(skp.snapshot_penilai),
        "penilai_non_asn": (skp.snapshot_penilai or {}).get("status") == "NON ASN",
    }


def hasil_kerja(
    skp: Skp, tambahan: Callable[[Indikator], dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Sections A (utama) and B (tambahan), each RHK with its indicators. Queries: 2.

    `tambahan(indikator)` adds keys to an indicator's row (the penilaian documents' realisasi).
    """
    rhks = list(
        skp.hasil_kerja.select_related("rhk_atasan")
        .prefetch_related("indikator")
        .order_by("jenis", "urutan", "pk")
    )
    bagian = []
    for jenis, huruf, judul in (
        (HasilKerja.Jenis.UTAMA, "A", gettext("KINERJA UTAMA")),
        (HasilKerja.Jenis.TAMBAHAN, "B", gettext("KINERJA TAMBAHAN")),
    ):
        rows = []
        for nomor, rhk in enumerate((r for r in rhks if r.jenis == jenis), start=1):
            indikator = []
            for ind in rhk.indikator.all():
                row = {
                    "teks": ind.teks,
                    "aspek": ind.get_aspek_display() if ind.aspek else "",
                    "perspektif": ind.get_perspektif_display() if ind.perspektif else "",
                    "target": ind.target_teks,
                }
                if tambahan is not None:
                    row.update(tambahan(ind))
                indikator.append(row)
            rows.append({
                "nomor": nomor,
                "teks": rhk.teks,
                "penugasan_dari": rhk.penugasan_dari,
                "rhk_atasan": rhk.rhk_atasan.teks if rhk.rhk_atasan else "",
                "indikator": indikator or [{"teks": "", "aspek": "", "perspektif": "", "target": ""}],
                "rowspan": max(len(indikator), 1),
            })
        bagian.append({"huruf": huruf, "judul": judul, "rhk": rows})
    return bagian


def perilaku(
    skp: Skp, tambahan: Callable[[PerilakuKerja], dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The 7 BerAKHLAK values with their guides and this SKP's ekspektasi. Queries: 2."""
    ekspektasi = dict(skp.ekspektasi.values_list("perilaku_id", "teks"))
    out = []
    for i, p in enumerate(PerilakuKerja.objects.filter(versi=skp.perilaku_versi).order_by("urutan"), 1):
        row = {"nomor": i, "nama": p.nama, "panduan": list(p.panduan), "ekspektasi": ekspektasi.get(p.pk, "")}
        if tambahan is not None:
            row.update(tambahan(p))
        out.append(row)
    return out


def lampiran(skp: Skp) -> list[dict[str, Any]]:
    """Lampiran items grouped in the form's order. Queries: 1."""
    items = list(skp.lampiran.order_by("jenis", "urutan", "pk"))
    return [
        {"judul": str(label).upper(), "items": [i.teks for i in items if i.jenis == value]}
        for value, label in LampiranItem.Jenis.choices
    ]


def skp_data(skp: Skp, jenis: str) -> dict[str, Any]:
    """Everything the document prints except its own code and date (those follow from this)."""
    versi, versi_waktu = versi_riwayat(skp)
    data: dict[str, Any] = {"jenis": jenis, "versi": versi, "versi_waktu": versi_waktu, **kepala(skp)}
    if jenis == DokumenCetak.Jenis.SKP:
        data["hasil_kerja"] = hasil_kerja(skp)
        data["perilaku"] = perilaku(skp)
    else:
        data["lampiran"] = lampiran(skp)
    return data


def skp_document(skp: Skp, jenis: str = DokumenCetak.Jenis.SKP) -> HasilCetak:
    """The PDF of `skp` as `jenis`: from the cache if this exact content was printed before.

    `skp` should come with `pegawai` and `instansi` loaded (select_related) to keep queries fixed.
    """
    data = skp_data(skp, jenis)
    return dokumen(jenis=jenis, objek=skp, template=TEMPLATES[jenis], data=data,
                   pemilik_nama=data["pegawai"]["nama"])


def skp_bawahan(peminta_id: int, tahun: int) -> QuerySet[Skp]:
    """The SKPs this pejabat penilai rates whose period lies in `tahun` (the same rule as the pages)."""
    return (
        Skp.objects.filter(pejabat_penilai_id=peminta_id, periode_awal__year=tahun)
        .exclude(pegawai_id=peminta_id)
        .select_related("pegawai", "instansi")
        .order_by("pegawai__nama", "periode_awal", "pk")
    )

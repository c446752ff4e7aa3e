"""The printed penilaian documents (domain.md §8.3-8.5), one SKP and one period each:

* Umpan Balik: the hasil kerja with realisasi, bukti dukung and the pejabat penilai's feedback,
  and the perilaku kerja with that feedback;
* Evaluasi Kinerja Pegawai: the same plus capaian kinerja organisasi, the pola distribusi kurva,
  both ratings and the predikat;
* Dokumen Evaluasi Kinerja Pegawai: the one-page summary with the three parties, the evaluation,
  and the keberatan sections.

Each loads what it prints in a fixed number of queries; ekinerja/dokumen.py hashes it and serves
the stored PDF when that content was printed before. The SKP is the source object; the period is
part of the content, so each period has its own versions and codes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext

from ekinerja.dokumen import HasilCetak, dokumen, versi_riwayat
from ekinerja.models_dokumen import DokumenCetak
from ekinerja.pdf import tanggal_indonesia
from penilaian.kurva import kelompok, kurva_svg
from penilaian.models import (
    CapaianIndikator,
    CapaianOrganisasi,
    Eviden,
    Keberatan,
    Penilaian,
    PeriodePenilaian,
    UmpanBalikPerilaku,
)
from penilaian.rules import Capaian, Predikat, Rating
from skp.cetak import hasil_kerja, kepala, perilaku, periode_teks, pihak
from skp.models import Indikator, PerilakuKerja, Skp

Jenis = DokumenCetak.Jenis

TEMPLATES = {
    Jenis.UMPAN_BALIK: "cetak/umpan_balik.html",
    Jenis.EVALUASI_KINERJA: "cetak/evaluasi_kinerja.html",
    Jenis.DOKUMEN_EVALUASI: "cetak/dokumen_evaluasi.html",
}

KOSONG = "-"


def penilaian_dan_keberatan(skp: Skp, per: PeriodePenilaian) -> tuple[Penilaian | None, Keberatan | None]:
    """This period's ratings and their keberatan, without creating anything. Queries: 1."""
    pn = Penilaian.objects.filter(skp=skp, periode=per).select_related("keberatan").first()
    if pn is None:
        return None, None
    try:
        keberatan = pn.keberatan
    except ObjectDoesNotExist:
        keberatan = None
    return pn, keberatan


def _label(choices: type, value: str) -> str:
    return str(choices(value).label) if value else ""


def _realisasi(skp: Skp, per: PeriodePenilaian) -> Callable[[Indikator], dict[str, Any]]:
    """Per indicator: realisasi, sumber data, bukti dukung and the superior's feedback. Queries: 2."""
    capaian = {
        c.indikator_id: c
        for c in CapaianIndikator.objects.filter(periode=per, indikator__rhk__skp=skp)
    }
    eviden: dict[int, list[dict[str, str]]] = defaultdict(list)
    for ind_id, nama, tautan in Eviden.objects.filter(periode=per, indikator__rhk__skp=skp) \
            .order_by("dibuat", "pk").values_list("indikator_id", "nama", "tautan"):
        eviden[ind_id].append({"nama": nama, "tautan": tautan})

    def tambahan(ind: Indikator) -> dict[str, Any]:
        c = capaian.get(ind.pk)
        return {
            "realisasi": c.realisasi if c else "",
            "sumber_data": c.sumber_data if c else "",
            "umpan_balik": c.feedback if c else "",
            "eviden": eviden.get(ind.pk, []),
        }

    return tambahan


def _umpan_balik_perilaku(skp: Skp, per: PeriodePenilaian) -> Callable[[PerilakuKerja], dict[str, Any]]:
    """Per BerAKHLAK value: the pejabat penilai's feedback of this period. Queries: 1.

    Peer feedback (rekan kerja, no period) stays on the pages: the form's column is the
    superior's umpan balik berkelanjutan.
    """
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for perilaku_id, teks, jempol in UmpanBalikPerilaku.objects.filter(
        skp=skp, periode=per, peran=UmpanBalikPerilaku.Peran.ATASAN
    ).order_by("dibuat", "pk").values_list("perilaku_id", "teks", "jempol"):
        rows[perilaku_id].append({"teks": teks, "jempol": jempol})

    def tambahan(p: PerilakuKerja) -> dict[str, Any]:
        return {"umpan_balik": rows.get(p.pk, [])}

    return tambahan


def _dasar(skp: Skp, per: PeriodePenilaian, jenis: str) -> tuple[dict[str, Any], Penilaian | None,
                                                                  Keberatan | None]:
    """Header, identities, the period, and the version of SKP + ratings + keberatan. Queries: 2."""
    pn, keberatan = penilaian_dan_keberatan(skp, per)
    versi, versi_waktu = versi_riwayat(skp, pn, keberatan)
    data = {
        "jenis": jenis,
        "sumber": gettext("SKP dan penilaian"),
        "versi": versi,
        "versi_waktu": versi_waktu,
        **kepala(skp),
        # The document covers the period, not the whole SKP year.
        "periode": periode_teks(per.awal, per.akhir),
        "periode_id": per.pk,
        "periode_nama": per.nama.upper(),
        "periode_final": per.is_final,
        "periode_skp": periode_teks(skp.periode_awal, skp.periode_akhir),
    }
    return data, pn, keberatan


def _nilai(pn: Penilaian | None) -> dict[str, Any]:
    """The ratings and the predikat in force, as printed labels ("" where not given yet)."""
    if pn is None:
        pn = Penilaian()
    return {
        "rating_hasil": _label(Rating, pn.rating_hasil),
        "rating_perilaku": _label(Rating, pn.rating_perilaku),
        "predikat": _label(Predikat, pn.predikat),
        "predikat_matriks": _label(Predikat, pn.predikat_matriks),
        "predikat_ditetapkan": bool(pn.predikat_override),
        "alasan_ditetapkan": pn.alasan_override,
        "dinilai": bool(pn.rating_hasil and pn.rating_perilaku),
        "dinilai_pada": tanggal_indonesia(pn.dinilai_pada),
    }


def _capaian_pilihan(capaian: str | None) -> list[dict[str, Any]]:
    """The five capaian kinerja organisasi grades, the one in force marked (domain.md §8.4)."""
    return [{"label": str(label).upper(), "dipilih": value == capaian} for value, label in Capaian.choices]


def umpan_balik_data(skp: Skp, per: PeriodePenilaian) -> dict[str, Any]:
    """Queries: 2 (ratings, version) + 2 (RHK, indicators) + 2 (realisasi, eviden)
    + 2 (ekspektasi, perilaku) + 1 (feedback perilaku) = 9."""
    data, _pn, _k = _dasar(skp, per, Jenis.UMPAN_BALIK)
    data["hasil_kerja"] = hasil_kerja(skp, _realisasi(skp, per))
    data["perilaku"] = perilaku(skp, _umpan_balik_perilaku(skp, per))
    return data


def evaluasi_kinerja_data(skp: Skp, per: PeriodePenilaian) -> dict[str, Any]:
    """The Umpan Balik content plus capaian organisasi, kurva, ratings and predikat.

    The pola distribusi is the SKP's unit penilaian in this period, exactly as on the rating page
    (counts only, no names). Queries: 9 + 2 (the unit chain with its capaian, the unit's
    predikat counts) = 11.
    `skp` should come with `pejabat_penilai` loaded.
    """
    data, pn, _k = _dasar(skp, per, Jenis.EVALUASI_KINERJA)
    data["hasil_kerja"] = hasil_kerja(skp, _realisasi(skp, per))
    data["perilaku"] = perilaku(skp, _umpan_balik_perilaku(skp, per))
    data.update(_nilai(pn))
    if skp.pejabat_penilai is not None:
        k = kelompok(skp.pejabat_penilai, per, skp=skp)
        svg = kurva_svg(k["jumlah"])
        for point in svg["points"]:
            point["label"] = str(point["label"])
        data.update(
            capaian=_capaian_pilihan(k["capaian"] if k["capaian_ditetapkan"] else None),
            capaian_ditetapkan=k["capaian_ditetapkan"],
            capaian_kurva=str(k["capaian"].label),
            kelompok_n=k["n"],
            kelompok_unit=k["unit"].nama if k["unit"] else "",
            jumlah=[{"predikat": str(p.label), "aktual": a, "ideal": i} for p, a, i in k["jumlah"]],
            peringatan=[str(w) for w in k["peringatan"]],
            svg=svg,
        )
    else:
        data.update(capaian=_capaian_pilihan(None), capaian_ditetapkan=False, kelompok_n=0,
                    jumlah=[], peringatan=[], svg=None)
    return data


def dokumen_evaluasi_data(skp: Skp, per: PeriodePenilaian) -> dict[str, Any]:
    """The summary form: parties, capaian + predikat, catatan, keberatan, penjelasan, keputusan.

    Queries: 2 (ratings with keberatan, version) + 1 (the capaian) = 3.
    """
    data, pn, keberatan = _dasar(skp, per, Jenis.DOKUMEN_EVALUASI)
    data.update(_nilai(pn))
    data["atasan"] = pihak(skp.snapshot_atasan_penilai)
    cap = None
    if skp.pejabat_penilai is not None:
        # The same unit as the Kurva page: the one the pejabat penilai works in.
        cap = CapaianOrganisasi.objects.filter(
            unit_id=skp.pejabat_penilai.unit_id, periode=per
        ).values_list("capaian", flat=True).first()
    data["capaian_organisasi"] = _label(Capaian, cap).upper() if cap else ""
    data["keberatan"] = None
    if keberatan is not None:
        data["keberatan"] = {
            "alasan": keberatan.alasan,
            "diajukan": tanggal_indonesia(keberatan.diajukan_pada),
            "penjelasan": keberatan.penjelasan,
            "dijawab": tanggal_indonesia(keberatan.dijawab_pada),
            "keputusan": _label(Keberatan.Keputusan, keberatan.keputusan),
            "predikat_keputusan": _label(Predikat, keberatan.predikat_keputusan),
            "catatan_keputusan": keberatan.catatan_keputusan,
            "diputus": tanggal_indonesia(keberatan.diputus_pada),
            "status": keberatan.get_status_display(),
        }
    return data


DATA = {
    Jenis.UMPAN_BALIK: umpan_balik_data,
    Jenis.EVALUASI_KINERJA: evaluasi_kinerja_data,
    Jenis.DOKUMEN_EVALUASI: dokumen_evaluasi_data,
}


def penilaian_document(skp: Skp, per: PeriodePenilaian, jenis: str) -> HasilCetak:
    """The PDF of one penilaian document: from the cache if this exact content was printed before.

    `skp` should come with `pegawai`, `instansi` and `pejabat_penilai` loaded (select_related).
    """
    data = DATA[Jenis(jenis)](skp, per)
    return dokumen(jenis=jenis, objek=skp, template=TEMPLATES[Jenis(jenis)], data=data,
                   pemilik_nama=data["pegawai"]["nama"])

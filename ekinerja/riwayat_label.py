"""How a Riwayat row reads: one registry of labels that each app fills in.

A Riwayat row stores a code (`aksi`, for example "matriks.tambah_rhk_bawahan") and before/after
dictionaries whose keys are field names ("skp_bawahan"). Pages show them as Indonesian words:
the label of the action and the label of each field. Each app registers its own codes and
fields in its AppConfig.ready(), so a page that shows an SKP's history reads rows written by any
app (skp, matriks, penilaian) without importing them. A code no app registered reads as
"<subject>: <event>" (the view log page uses the same labels); a test checks that every `aksi=`
code written anywhere has a known subject, and that the matrix's rows read as sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise

_AKSI: dict[str, Label] = {}
_KOLOM: dict[str, Label] = {}
_TERSEMBUNYI: set[str] = set()

# What a row is about, for a code no app registered a sentence for: "<what>: <what happened>".
_SUBJEK: dict[str, Label] = {
    "skp": _("SKP"), "rhk": _("RHK"), "indikator": _("Indikator"), "lampiran": _("Lampiran"),
    "ekspektasi": _("Ekspektasi khusus pimpinan"), "eviden": _("Eviden"),
    "realisasi": _("Realisasi"), "feedback_indikator": _("Feedback indikator"),
    "feedback_perilaku": _("Feedback perilaku kerja"), "rencana_aksi": _("Rencana aksi"),
    "penilaian": _("Penilaian"), "keberatan": _("Keberatan"), "pegawai": _("Data pegawai"),
    "matriks": _("Matriks"), "periode": _("Periode penilaian"),
    "capaian_organisasi": _("Capaian organisasi"), "progres": _("Progres harian"),
    "siasn": _("SIASN"), "unit": _("Unit organisasi"), "instansi": _("Instansi"),
}


def daftarkan(*, aksi: Mapping[str, Label] | None = None, kolom: Mapping[str, Label] | None = None,
              tersembunyi: Iterable[str] = ()) -> None:
    """Register action labels, field labels and fields that say nothing to a reader (ids)."""
    _AKSI.update(aksi or {})
    _KOLOM.update(kolom or {})
    _TERSEMBUNYI.update(tersembunyi)


def label_aksi(kode: str) -> str:
    """The action's sentence; for a code without one, "<subject>: <event in words>"."""
    if kode in _AKSI:
        return str(_AKSI[kode])
    subjek, _sep, kejadian = kode.partition(".")
    return f"{_SUBJEK.get(subjek, subjek)}: {kejadian.replace('_', ' ')}"


def label_kolom(kunci: str) -> str:
    return str(_KOLOM.get(kunci, kunci))


def tersembunyi(kunci: str) -> bool:
    return kunci in _TERSEMBUNYI


def kode_terdaftar() -> frozenset[str]:
    return frozenset(_AKSI)

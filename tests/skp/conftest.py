from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from skp.models import HasilKerja, Pendekatan, Skp, StatusSkp


def make_skp(pegawai, *, year: int = 2025, pendekatan: str = Pendekatan.KUANTITATIF, **kw) -> Skp:
    return Skp.create_for(
        pegawai,
        periode_awal=kw.get("awal", dt.date(year, 1, 1)),
        periode_akhir=kw.get("akhir", dt.date(year, 12, 31)),
        pendekatan=pendekatan,
        aktor=pegawai,
    )


def add_rhk(skp: Skp, teks: str = "RHK uji", **kw) -> HasilKerja:
    fields = {"jenis": HasilKerja.Jenis.UTAMA, "teks": teks}
    if skp.is_jpt:
        fields["klasifikasi"] = HasilKerja.Klasifikasi.INDIVIDU
    fields.update(kw)
    return skp.add_rhk(aktor=skp.pegawai, **fields)


def add_indikator(rhk: HasilKerja, teks: str = "Indikator uji", **kw):
    skp = rhk.skp
    fields: dict = {"teks": teks}
    if skp.is_kuantitatif:
        fields["target_teks"] = "92"
        if skp.is_jpt:
            fields["perspektif"] = "penerima_layanan"
    if not skp.is_jpt:
        fields["aspek"] = "kuantitas"
    fields.update(kw)
    return rhk.add_indikator(aktor=skp.pegawai, **fields)


def ajukan(skp: Skp) -> Skp:
    """Ajukan SKP through the real transition (the SKP must be complete)."""
    skp.submit(aktor=skp.pegawai, expected=StatusSkp.DRAFT)
    return skp


def setujui(skp: Skp) -> Skp:
    """Submitted, then approved by its pejabat penilai: the real transitions."""
    ajukan(skp).approve(aktor=skp.pejabat_penilai, expected=StatusSkp.PENGAJUAN)
    return skp


def lengkapi(skp: Skp) -> Skp:
    """Make the SKP complete enough to submit: every RHK gets an indicator, and one utama exists."""
    for rhk in skp.hasil_kerja.all():
        if not rhk.indikator.exists():
            add_indikator(rhk)
    if not skp.hasil_kerja.filter(jenis=HasilKerja.Jenis.UTAMA).exists():
        add_indikator(add_rhk(skp))
    return skp


def to_status(skp: Skp, status: str) -> Skp:
    """Bring a draft SKP to `status` through the real transitions (completing it first)."""
    if status in (StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN):
        ajukan(lengkapi(skp))
    if status == StatusSkp.PERSETUJUAN:
        skp.approve(aktor=skp.pejabat_penilai, expected=StatusSkp.PENGAJUAN)
    skp.refresh_from_db()
    return skp


@pytest.fixture
def skp_jpt(org):
    return make_skp(org.direktur)


@pytest.fixture
def skp_pegawai(org):
    return make_skp(org.pegawai)


@pytest.fixture(autouse=True)
def berakhlak(db):
    """Re-load the BerAKHLAK reference rows with the data migration's own function.

    Transactional tests (the browser journeys, here and in tests/e2e) flush every table,
    including rows that data migrations wrote; later tests would then see none.
    """
    migration = importlib.import_module("skp.migrations.0002_perilaku_berakhlak")
    migration.load(apps, None)

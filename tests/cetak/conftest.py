from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from pypdf import PdfReader

from skp.models import HasilKerja, LampiranItem, PerilakuKerja, Skp
from tests.skp.conftest import add_indikator, add_rhk, make_skp


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run in the test itself, whatever backend (the database worker) settings name."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def berakhlak(db):
    """BerAKHLAK reference rows, re-loaded by the data migration's own function (see tests/skp)."""
    migration = importlib.import_module("skp.migrations.0002_perilaku_berakhlak")
    migration.load(apps, None)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Text with line breaks and repeated spaces folded, so wrapped table cells still match."""
    return " ".join(text.split())


def build_skp(pegawai, *, n_rhk: int = 2, n_ind: int = 2, tambahan: int = 1) -> Skp:
    """A filled SKP: RHK utama and tambahan, each with indicators, lampiran and ekspektasi."""
    skp = make_skp(pegawai)
    for i in range(1, n_rhk + 1):
        extra = {"penugasan_dari": f"Kepala Badan Uji {i}"} if skp.is_jpt else {}
        rhk = add_rhk(skp, f"RHK utama nomor {i} tentang layanan data", **extra)
        for j in range(1, n_ind + 1):
            add_indikator(rhk, f"Indikator {i}.{j} persentase layanan tepat waktu", target_teks=f"{90 + j} %")
    for i in range(1, tambahan + 1):
        rhk = add_rhk(skp, f"RHK tambahan nomor {i} pendampingan", jenis=HasilKerja.Jenis.TAMBAHAN)
        add_indikator(rhk, f"Indikator tambahan {i} jumlah sesi", target_teks=f"{i + 3} kegiatan")
    skp.add_lampiran(jenis=LampiranItem.Jenis.DUKUNGAN_SUMBER_DAYA, teks="Anggaran pelatihan",
                     aktor=pegawai)
    skp.add_lampiran(jenis=LampiranItem.Jenis.SKEMA_PERTANGGUNGJAWABAN,
                     teks="Laporan bulanan kepada direktur", aktor=pegawai)
    skp.add_lampiran(jenis=LampiranItem.Jenis.KONSEKUENSI, teks="Teguran tertulis", aktor=pegawai)
    if skp.pejabat_penilai_id:
        perilaku = PerilakuKerja.objects.filter(versi=skp.perilaku_versi).order_by("urutan").first()
        skp.set_ekspektasi(perilaku, "Menjawab surat masyarakat dalam dua hari",
                           aktor=skp.pejabat_penilai)
    return Skp.objects.select_related("pegawai", "instansi").get(pk=skp.pk)


@pytest.fixture
def skp_non_jpt(org) -> Skp:
    return build_skp(org.pegawai)


@pytest.fixture
def skp_jpt(org) -> Skp:
    return build_skp(org.direktur)

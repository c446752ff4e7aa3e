"""The story both journeys tell (issue 12 item 2): the org of tests/conftest.py in July 2025,
the Direktur's approved SKP that the pegawai's RHK intervenes, and a colleague's draft SKP that
the Direktur's matriks gives an RHK."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from penilaian.models import PeriodePenilaian
from penilaian.rules import WIB
from tests.conftest import Org
from tests.skp.conftest import add_indikator, add_rhk, make_skp, setujui

RHK_ATASAN = "Terwujudnya Pembinaan dan Pelayanan Data dan Informasi ASN yang Berkualitas"
RHK_PEGAWAI = "Tersedianya aplikasi layanan data ASN yang andal"
RHK_MATRIKS = "Tersusunnya rancangan regulasi teknis SI ASN"


@dataclass
class Cerita:
    org: Org
    juni: PeriodePenilaian


@pytest.fixture
def cerita(org, monkeypatch, settings) -> Cerita:
    settings.MYSAPK_BASE_URL = ""
    # The live server runs in this process: its "now" is 1 July 2025, inside June's window.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB))
    PeriodePenilaian.buat_default(org.badan.instansi, 2025)
    atasan = make_skp(org.direktur)
    add_indikator(add_rhk(atasan, RHK_ATASAN, penugasan_dari="Deputi Bidang Uji"),
                  "Indeks kepuasan pengguna layanan data ASN")
    setujui(atasan)
    make_skp(org.rekan)
    juni = PeriodePenilaian.objects.get(instansi=org.badan.instansi, nama="16 Juni - 15 Juli",
                                        awal__year=2025)
    return Cerita(org, juni)


def periksa_hasil(org: Org, skp: Any, cerita: Cerita) -> None:
    """What either journey (keyboard only, without JavaScript) leaves in the database: the SKP
    approved, the matrix RHK given to the colleague, the eviden and realisasi saved, the June
    rating's predikat."""
    from penilaian.models import CapaianIndikator, Eviden, Penilaian
    from skp.models import HasilKerja, Skp, StatusSkp

    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.PERSETUJUAN
    assert HasilKerja.objects.filter(skp__pegawai=org.rekan, teks=RHK_MATRIKS).exists()
    assert Eviden.objects.get().tautan == "https://drive.example/laporan-juni"
    assert CapaianIndikator.objects.get().realisasi == "12 layanan"
    assert Penilaian.objects.get(skp=skp, periode=cerita.juni).predikat == "BAIK"

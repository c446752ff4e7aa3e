from __future__ import annotations

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps

from matriks import actions
from skp.models import HasilKerja, Skp
from tests.skp.conftest import add_indikator, add_rhk, make_skp


@dataclass
class Matriks:
    """The Direktur's SKP with two RHK (2 + 1 indicators), and the SKPs of two staff members."""

    atasan: Skp
    rhk1: HasilKerja
    rhk2: HasilKerja
    skp_pegawai: Skp
    skp_rekan: Skp


@pytest.fixture
def mx(org) -> Matriks:
    atasan = make_skp(org.direktur)
    rhk1 = add_rhk(atasan, "Meningkatnya kualitas layanan sistem informasi")
    add_indikator(rhk1, "Indeks kepuasan pengguna")
    add_indikator(rhk1, "Persentase integrasi sistem")
    rhk2 = add_rhk(atasan, "Tersusunnya regulasi teknis tata kelola TIK")
    add_indikator(rhk2, "Persentase pemenuhan regulasi")
    return Matriks(atasan, rhk1, rhk2, make_skp(org.pegawai), make_skp(org.rekan))


@pytest.fixture
def synced(mx, org) -> Matriks:
    actions.sync_bawahan(aktor=org.direktur, skp_atasan=mx.atasan)
    return mx


@pytest.fixture(autouse=True)
def berakhlak(db):
    """Browser tests flush every table; reload the BerAKHLAK rows the SKP page shows."""
    migration = importlib.import_module("skp.migrations.0002_perilaku_berakhlak")
    migration.load(apps, None)

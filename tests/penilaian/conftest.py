from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from penilaian.models import PeriodePenilaian
from skp.models import Skp
from tests.skp.conftest import add_indikator, add_rhk, make_skp

__all__ = ["add_indikator", "add_rhk", "approved_skp", "make_skp", "periode_of"]


def approved_skp(pegawai, *, n_rhk: int = 1, n_ind: int = 1, year: int = 2025) -> Skp:
    """An SKP built through the real transitions: drafted, submitted, approved by the rater."""
    skp = make_skp(pegawai, year=year)
    for i in range(n_rhk):
        rhk = add_rhk(skp, f"RHK {i + 1}")
        for j in range(n_ind):
            add_indikator(rhk, f"IKI {i + 1}.{j + 1}")
    skp.submit(aktor=pegawai)
    skp.approve(aktor=skp.pejabat_penilai)
    skp.refresh_from_db()
    return skp


def periode_of(skp: Skp, nama: str = "16 Juni - 15 Juli") -> PeriodePenilaian:
    return PeriodePenilaian.objects.get(instansi_id=skp.instansi_id, nama=nama,
                                        awal__year=skp.periode_awal.year)


@pytest.fixture
def berakhlak(db):
    """Transactional tests flush reference rows written by data migrations; load them again."""
    migration = importlib.import_module("skp.migrations.0002_perilaku_berakhlak")
    migration.load(apps, None)


@pytest.fixture
def periods_2025(org):
    """The org's instansi got the default set for the current year; tests use 2025's."""
    PeriodePenilaian.buat_default(org.badan.instansi, 2025)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Only tests that touch the database (through `org`) need reference data and periods;
    the pure rule tests stay database-free."""
    if "org" in request.fixturenames:
        request.getfixturevalue("berakhlak")
        request.getfixturevalue("periods_2025")


@pytest.fixture
def skp_pegawai(org):
    return approved_skp(org.pegawai, n_rhk=2, n_ind=2)


@pytest.fixture
def juni(skp_pegawai):
    return periode_of(skp_pegawai)


@pytest.fixture
def open_now(juni):
    """A moment before the June period's deadline (2025-07-20 WIB)."""
    return dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.UTC)

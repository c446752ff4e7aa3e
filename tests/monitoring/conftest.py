"""Monitoring tests run on 1 July 2025, 09:00 WIB: inside the June period (16 Juni - 15 Juli,
deadline 20 Juli) of 2025, whose periods the instansi got when it was created."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from ekinerja.models import KelasJabatan
from penilaian.models import Penilaian, PeriodePenilaian
from penilaian.rules import WIB
from tests.factories import lead, make_pegawai, make_unit
from tests.penilaian.conftest import approved_skp, make_skp

__all__ = ["approved_skp", "make_skp", "rate"]

NOW = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _now(request):
    """Browser tests patch django.utils.timezone.now instead (test_browser.py): moving the
    process clock would make the server's cookies expire in the real browser's past."""
    if request.node.get_closest_marker("e2e"):
        yield
        return
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def berakhlak(db):
    import importlib

    from django.apps import apps

    importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)


@pytest.fixture
def juni(org, berakhlak):
    return PeriodePenilaian.objects.get(instansi=org.badan.instansi, nama="16 Juni - 15 Juli",
                                        awal__year=2025)


def rate(skp, per, hasil="SESUAI", perilaku="SESUAI"):
    pn = Penilaian.untuk(skp, per)
    pn.set_rating("hasil", hasil, aktor=skp.pejabat_penilai)
    pn.set_rating("perilaku", perilaku, aktor=skp.pejabat_penilai)
    return pn


@pytest.fixture
def bagian(org):
    """A Bagian (Administrator) below the Direktorat, with two staff."""
    unit = make_unit(org.direktorat.instansi, "Bagian Uji", parent=org.direktorat)
    kabag = make_pegawai(unit, nama="KABAG UJI", kelas=KelasJabatan.ADMINISTRATOR)
    lead(unit, kabag)
    staf = [make_pegawai(unit, nama=f"STAF BAGIAN {k}", jenis_pegawai="PPPK" if k else "PNS")
            for k in range(2)]
    return unit, kabag, staf

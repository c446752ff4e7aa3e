"""Progres Harian fixtures: "now" is Wednesday 18 November 2026, 10:00 WIB (time-machine), and the
org's pegawai has an approved 2026 SKP with two RHK, rated by the Direktur."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from progres import actions
from progres.models import ProgresHarian
from tests.penilaian.conftest import approved_skp

WIB = ZoneInfo("Asia/Jakarta")
SEKARANG = dt.datetime(2026, 11, 18, 10, 0, tzinfo=WIB)
RABU = dt.date(2026, 11, 18)
SELASA = dt.date(2026, 11, 17)
SENIN = dt.date(2026, 11, 16)
JUMAT = dt.date(2026, 11, 13)


@pytest.fixture(autouse=True)
def sekarang(time_machine):
    time_machine.move_to(SEKARANG, tick=False)
    return SEKARANG


@pytest.fixture(autouse=True)
def bukti_di_tmp(settings, tmp_path):
    """Uploaded bukti go to this test's own folder (the demo's private folder storage)."""
    settings.STORAGES = {**settings.STORAGES, "bukti": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "bukti")},
    }}
    return tmp_path / "bukti"


@pytest.fixture
def skp(org):
    return approved_skp(org.pegawai, n_rhk=2, n_ind=1, year=2026)


@pytest.fixture
def rhk(skp):
    return skp.hasil_kerja.order_by("urutan", "pk").first()


def isian(rhk, tanggal=RABU, **kw) -> actions.Isian:
    fields = {"tanggal": tanggal, "rhk_id": rhk.pk, "uraian": "Menyusun laporan",
              "volume": Decimal(2), "satuan": "dokumen"}
    fields.update(kw)
    return actions.Isian(**fields)


def catat(pegawai, rhk, tanggal=RABU, **kw) -> ProgresHarian:
    return actions.catat_progres(aktor=pegawai, isian=isian(rhk, tanggal, **kw))


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def jpg_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 30, 200)).save(buf, "JPEG")
    return buf.getvalue()


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

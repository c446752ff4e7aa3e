"""Matriks create forms take effect once (issue 10, item 3): Tambah RHK in a cell and Tambah
Pegawai carry a one-time token (ekinerja/formulir.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ekinerja.formulir import FIELD
from ekinerja.models import Notifikasi
from matriks.models import BarisMatriks
from skp.models import HasilKerja
from tests.race import token_in
from tests.skp.conftest import make_skp

HX = {"HX-Request": "true"}
SUDAH = "Formulir ini sudah dikirim; data tidak disimpan dua kali."


@pytest.fixture
def leader(client, org):
    client.force_login(org.direktur)
    return client


def test_a_double_clicked_tambah_rhk_in_a_cell_adds_one_rhk_and_one_notice(leader, synced, org):
    baris = BarisMatriks.objects.get(skp_atasan=synced.atasan, skp_bawahan=synced.skp_pegawai)
    url = reverse("matriks:tambah_rhk", args=[synced.atasan.pk, baris.pk, synced.rhk1.pk])
    token = token_in(leader.get(url, headers=HX).content.decode())
    data = {"jenis": "utama", "teks": "Laporan survei", "rhk_atasan": synced.rhk1.pk, FIELD: token}
    first, second = (leader.post(url, data, headers=HX) for _ in range(2))
    assert HasilKerja.objects.filter(skp=synced.skp_pegawai).count() == 1
    assert Notifikasi.objects.filter(penerima=org.pegawai).count() == 1
    assert second["HX-Retarget"] == first["HX-Retarget"] == "#matriks"
    assert second["HX-Trigger"] == "skp-dialog-close"
    html = second.content.decode()
    assert SUDAH in html and html.count("Laporan survei") == first.content.decode().count(
        "Laporan survei")


def test_a_double_clicked_tambah_pegawai_adds_one_row_without_an_error(leader, mx, org):
    skp = make_skp(org.outsider)
    url = reverse("matriks:tambah_pegawai", args=[mx.atasan.pk])
    token = token_in(leader.get(url, {"nip": org.outsider.nip}).content.decode())
    data = {"nip": org.outsider.nip, "skp": skp.pk, FIELD: token}
    first, second = leader.post(url, data), leader.post(url, data)
    assert BarisMatriks.objects.filter(skp_atasan=mx.atasan, skp_bawahan=skp).count() == 1
    assert first["Location"] == second["Location"]  # not "already in the matrix"
    assert SUDAH in leader.get(second["Location"]).content.decode()

"""Into penilaian: the approved total of the period as Saran realisasi on Pengisian Eviden, copied
in one click (never overwriting silently), and approved bukti attached as eviden."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ekinerja.models import Riwayat
from penilaian.models import CapaianIndikator, Eviden, PeriodePenilaian
from progres import actions
from tests.progres.conftest import RABU, SELASA, SENIN, catat

HX = {"HX-Request": "true"}


@pytest.fixture
def periode(skp):
    return PeriodePenilaian.objects.get(instansi_id=skp.instansi_id, awal__year=2026,
                                        nama="16 November - 15 Desember")


@pytest.fixture
def disetujui(org, rhk):
    rows = [catat(org.pegawai, rhk, SENIN, volume=Decimal(2), satuan="92",
                  bukti_tautan="https://drive.example/senin"),
            catat(org.pegawai, rhk, SELASA, volume=Decimal(3), satuan="92")]
    catat(org.pegawai, rhk, RABU, uraian="menunggu", volume=Decimal(50), satuan="92")
    actions.setujui_progres(aktor=org.direktur, token=[e.token for e in rows])
    return rows


def test_the_eviden_page_shows_the_approved_total(client, org, skp, rhk, periode, disetujui):
    client.force_login(org.pegawai)
    html = client.get(reverse("penilaian:eviden", args=[skp.pk, periode.pk])).content.decode()
    assert "Saran realisasi (Progres Harian disetujui)" in html
    assert "<strong>5 92</strong>" in html  # 2 + 3 approved; the waiting 50 does not count
    assert "Lampirkan dari Progres Harian" in html


def test_copy_into_an_empty_realisasi_then_confirm_before_replacing(client, org, rhk, periode,
                                                                    disetujui):
    ind = rhk.indikator.get()
    url = reverse("penilaian:realisasi_saran", args=[ind.pk, periode.pk])
    client.force_login(org.pegawai)
    fragment = client.post(url, {"sebelum": ""}, headers=HX).content.decode()
    assert "<html" not in fragment
    cap = CapaianIndikator.objects.get(indikator=ind, periode=periode)
    assert (cap.realisasi, cap.sumber_data) == ("5 92", "Progres Harian")
    CapaianIndikator.set_realisasi(ind, periode, realisasi="4", sumber_data="Laporan",
                                   aktor=org.pegawai)
    # A realisasi exists: the copy asks first and changes nothing.
    fragment = client.post(url, {"sebelum": "4"}, headers=HX).content.decode()
    assert "Realisasi saat ini “4” akan diganti dengan “5 92”" in fragment
    assert CapaianIndikator.objects.get(pk=cap.pk).realisasi == "4"
    page = client.post(url, {"sebelum": "4"})
    assert page.status_code == 200 and "Ganti Realisasi?" in page.content.decode()
    # Confirmed against a realisasi that changed meanwhile: asked again, nothing lost.
    client.post(url, {"sebelum": "3", "ganti": "1"}, headers=HX)
    assert CapaianIndikator.objects.get(pk=cap.pk).realisasi == "4"
    response = client.post(url, {"sebelum": "4", "ganti": "1"})
    assert response.status_code == 302
    cap.refresh_from_db()
    assert (cap.realisasi, cap.sumber_data) == ("5 92", "Laporan")
    assert Riwayat.objects.filter(aksi="realisasi.ubah").count() == 3


def test_copy_refusals(client, org, rhk, periode, disetujui):
    ind = rhk.indikator.get()
    url = reverse("penilaian:realisasi_saran", args=[ind.pk, periode.pk])
    client.force_login(org.direktur)  # not the owner
    assert client.post(url).status_code == 404
    client.force_login(org.pegawai)
    assert client.get(url).status_code == 405
    kosong = reverse("penilaian:realisasi_saran",
                     args=[ind.pk, PeriodePenilaian.objects.get(
                         instansi_id=periode.instansi_id, awal__year=2026,
                         nama="16 Januari - 15 Februari").pk])
    response = client.post(kosong, follow=True)
    assert "Belum ada progres harian yang disetujui" in response.content.decode()


def test_attach_approved_bukti_as_eviden_once(client, org, rhk, periode, disetujui):
    ind = rhk.indikator.get()
    url = reverse("penilaian:eviden_progres", args=[ind.pk, periode.pk])
    client.force_login(org.pegawai)
    html = client.get(url).content.decode()
    assert "https://drive.example/senin" in html
    assert html.count('name="entri"') == 1  # only the approved entry with bukti
    senin = disetujui[0]
    client.post(url, {"entri": [senin.kunci_url]})
    client.post(url, {"entri": [senin.kunci_url]})  # a double click attaches it once
    ev = Eviden.objects.get(indikator=ind, periode=periode)
    assert ev.tautan == "https://drive.example/senin" and ev.nama.startswith("Progres Senin")
    client.force_login(org.rekan)
    assert client.get(url).status_code == 404


def test_a_double_clicked_lampirkan_attaches_once_and_says_the_form_was_sent(
        client, org, rhk, periode, disetujui):
    """With the form's one-time token (ekinerja/formulir.py) the second click is told the form
    was sent, instead of "Pilih progres" (its entry was already attached by the first)."""
    from ekinerja.formulir import FIELD
    from tests.race import token_in

    ind = rhk.indikator.get()
    url = reverse("penilaian:eviden_progres", args=[ind.pk, periode.pk])
    client.force_login(org.pegawai)
    token = token_in(client.get(url).content.decode())
    data = {"entri": [disetujui[0].kunci_url], FIELD: token}
    first, second = client.post(url, data), client.post(url, data)
    assert Eviden.objects.filter(indikator=ind, periode=periode).count() == 1
    assert first["Location"] == second["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "Formulir ini sudah dikirim; data tidak disimpan dua kali." in page
    assert "Pilih progres yang akan dilampirkan." not in page

"""A decided keberatan takes effect: the accepted predikat becomes the final one, both kept."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from ekinerja.models import Riwayat
from penilaian.models import Ditolak, Keberatan, Penilaian
from tests.penilaian.conftest import periode_of


@pytest.fixture
def final_rated(org, skp_pegawai):
    final = periode_of(skp_pegawai, "Final")
    pn = Penilaian.untuk(skp_pegawai, final)
    pn.set_rating("hasil", "BAWAH", aktor=org.direktur)
    pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    return pn


def _answered(org, pn):
    row = Keberatan.ajukan(pn, alasan="Target tercapai 100%", aktor=org.pegawai)
    row.jawab(penjelasan="Eviden belum lengkap", aktor=org.direktur)
    return row


def test_an_accepted_keberatan_sets_the_final_predikat_and_keeps_the_original(org, final_rated):
    row = _answered(org, final_rated)
    row.putuskan(keputusan="diterima", predikat="BAIK", catatan="Eviden lengkap", aktor=org.deputi)
    pn = Penilaian.objects.get(pk=final_rated.pk)
    assert (pn.predikat_matriks, pn.predikat_override, pn.predikat_keberatan, pn.predikat) == (
        "BUTUH_PERBAIKAN", "", "BAIK", "BAIK")
    log = Riwayat.untuk(pn).get(aksi="penilaian.predikat_keberatan")
    assert log.sebelum["predikat"] == "BUTUH_PERBAIKAN" and log.sesudah["predikat"] == "BAIK"
    assert log.aktor == org.deputi and log.alasan == "Eviden lengkap"
    assert log.sesudah["keberatan"] == row.pk


def test_a_refused_keberatan_leaves_the_predikat(org, final_rated):
    row = _answered(org, final_rated)
    row.putuskan(keputusan="ditolak", predikat="BAIK", catatan="Tetap", aktor=org.deputi)
    pn = Penilaian.objects.get(pk=final_rated.pk)
    assert (pn.predikat_keberatan, pn.predikat) == ("", "BUTUH_PERBAIKAN")
    assert not Riwayat.untuk(pn).filter(aksi="penilaian.predikat_keberatan").exists()


def test_the_decided_predikat_shows_on_the_pages_and_counts_in_the_kurva(client, org,
                                                                         skp_pegawai, final_rated):
    row = _answered(org, final_rated)
    row.putuskan(keputusan="diterima", predikat="SANGAT_BAIK", catatan="x", aktor=org.deputi)
    client.force_login(org.pegawai)
    html = client.get(reverse("penilaian:skp", args=[skp_pegawai.pk])).content.decode()
    assert "Sangat Baik" in html and "semula Butuh Perbaikan" in html
    client.force_login(org.direktur)
    final = final_rated.periode
    html = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, final.pk])).content.decode()
    assert 'id="keputusan-keberatan"' in html and "semula Butuh Perbaikan" in html
    kurva = client.get(reverse("penilaian:kurva", args=[final.pk])).content.decode()
    assert '<th scope="row">Sangat Baik</th><td>0</td><td>1</td>' in kurva


def test_a_second_decision_loses(org, final_rated):
    row = _answered(org, final_rated)
    other = Keberatan.objects.get(pk=row.pk)
    row.putuskan(keputusan="diterima", predikat="BAIK", catatan="x", aktor=org.deputi)
    with pytest.raises(Ditolak, match="diubah oleh pengguna lain"):
        other.putuskan(keputusan="diterima", predikat="SANGAT_BAIK", catatan="y",
                       aktor=org.deputi)
    assert Penilaian.objects.get(pk=final_rated.pk).predikat == "BAIK"


def test_the_deadline_is_a_setting(org, final_rated, settings):
    settings.KEBERATAN_HARI = 3
    later = final_rated.dinilai_pada + dt.timedelta(days=4)
    with pytest.raises(Ditolak, match="telah lewat"):
        Keberatan.ajukan(final_rated, alasan="x", aktor=org.pegawai, now=later)
    del settings.KEBERATAN_HARI  # absent: 14 days
    Keberatan.ajukan(final_rated, alasan="x", aktor=org.pegawai,
                     now=final_rated.dinilai_pada + dt.timedelta(days=14))


def _ajukan_url(pn):
    return reverse("penilaian:keberatan_ajukan", args=[pn.skp_id, pn.periode_id])


def test_it_offers_the_keberatan_button_only_until_the_deadline(client, org, final_rated):
    """The page offers "Ajukan Keberatan" exactly while Keberatan.ajukan would accept it
    (issue 11: the button stayed after the deadline, and the click was then refused)."""
    page = reverse("penilaian:skp", args=[final_rated.skp_id])
    client.force_login(org.pegawai)
    assert _ajukan_url(final_rated) in client.get(page).content.decode()
    with time_machine.travel(final_rated.dinilai_pada + dt.timedelta(days=15), tick=False):
        client.force_login(org.pegawai)  # a fresh session: the earlier one has expired by then
        html = client.get(page).content.decode()
        assert f'id="periode-{final_rated.periode_id}"' in html
        assert _ajukan_url(final_rated) not in html
        assert not final_rated.boleh_keberatan(org.pegawai)
        with pytest.raises(Ditolak, match="telah lewat"):
            Keberatan.ajukan(final_rated, alasan="x", aktor=org.pegawai)

"""Inline htmx forms (eviden Ubah, Tambah Feedback, keberatan, periode): only the changed part comes
back, errors beside the typed values; the same URLs serve full pages without JavaScript."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from penilaian.models import Eviden, Keberatan, Penilaian, PeriodePenilaian, UmpanBalikPerilaku
from penilaian.rules import WIB
from skp.models import PerilakuKerja
from tests.penilaian.conftest import periode_of

HX = {"HX-Request": "true"}


@pytest.fixture
def before_deadline(monkeypatch):
    moment = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def ev(org, skp_pegawai, juni, before_deadline):
    ind = skp_pegawai.hasil_kerja.order_by("urutan").first().indikator.order_by("urutan").first()
    return Eviden.tambah(ind, juni, nama="Laporan", tautan="https://a.example", aktor=org.pegawai)


# --- Eviden Ubah ------------------------------------------------------------------------------


def test_ubah_opens_in_the_cell_and_saves_in_place(client, org, ev):
    client.force_login(org.pegawai)
    url = reverse("penilaian:eviden_ubah", args=[ev.pk])
    html = client.get(url, headers=HX).content.decode()
    assert html.lstrip().startswith(f'<td class="pn-eviden" id="ev-{ev.indikator_id}"')
    assert f'hx-post="{url}"' in html and 'value="Laporan"' in html
    assert reverse("penilaian:eviden_kolom", args=[ev.indikator_id, ev.periode_id]) in html
    bad = client.post(url, {"nama": "Laporan Juli", "tautan": "javascript:alert(1)"},
                      headers=HX).content.decode()
    assert "Bukti Eviden harus berupa tautan http:// atau https://." in bad
    assert 'value="Laporan Juli"' in bad and "<html" not in bad
    ok = client.post(url, {"nama": "Laporan Juli", "tautan": "https://b.example"}, headers=HX)
    html = ok.content.decode()
    assert 'href="https://b.example"' in html and "hx-post=\"" + url not in html
    assert "Eviden diubah." in html  # the message rides along out of band
    ev.refresh_from_db()
    assert (ev.nama, ev.tautan) == ("Laporan Juli", "https://b.example")


def test_ubah_without_js_is_a_page(client, org, ev):
    client.force_login(org.pegawai)
    url = reverse("penilaian:eviden_ubah", args=[ev.pk])
    html = client.get(url).content.decode()
    assert "<html" in html and "<h1>Ubah Eviden</h1>" in html and "hx-post" not in html
    response = client.post(url, {"nama": "Baru", "tautan": "https://c.example"})
    assert response.status_code == 302 and response["Location"].endswith(f"#ev-{ev.indikator_id}")


def test_batal_returns_the_cell(client, org, ev):
    client.force_login(org.pegawai)
    url = reverse("penilaian:eviden_kolom", args=[ev.indikator_id, ev.periode_id])
    html = client.get(url, headers=HX).content.decode()
    assert 'href="https://a.example"' in html and "<html" not in html
    assert client.get(url)["Location"].endswith(f"#ev-{ev.indikator_id}")
    assert client.post(url, headers=HX).status_code == 405


@pytest.mark.parametrize("who", ["direktur", "rekan", "outsider"])
def test_nobody_else_opens_the_cell(client, org, ev, who):
    client.force_login(getattr(org, who))
    url = reverse("penilaian:eviden_kolom", args=[ev.indikator_id, ev.periode_id])
    assert client.get(url, headers=HX).status_code == 404
    assert client.get(reverse("penilaian:eviden_ubah", args=[ev.pk]), headers=HX
                      ).status_code == 404


# --- Tambah Feedback (rater and colleague) ----------------------------------------------------


def test_the_rater_adds_feedback_in_the_row(client, org, skp_pegawai, juni):
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).first()
    client.force_login(org.direktur)
    page = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, juni.pk])).content.decode()
    url = reverse("penilaian:feedback_perilaku", args=[skp_pegawai.pk, juni.pk, value.pk])
    assert f'hx-post="{url}"' in page and f'hx-target="#perilaku-{value.pk}"' in page
    bad = client.post(url, {"perilaku": value.pk, "teks": "", "jempol": "0"},
                      headers=HX).content.decode()
    assert bad.lstrip().startswith(f'<tr id="perilaku-{value.pk}">')
    # The radios carry ids now (the error summary links to the group), between value and checked.
    assert " open>" in bad and "Isi Feedback." in bad
    assert re.search(r'value="0" id="[\w-]+" checked', bad)
    ok = client.post(url, {"perilaku": value.pk, "teks": "Sigap", "jempol": "1"},
                     headers=HX).content.decode()
    assert "Sigap" in ok and "DIREKTUR UJI" in ok and " open>" not in ok
    assert UmpanBalikPerilaku.objects.get().peran == "atasan"
    assert client.post(url, {"perilaku": value.pk, "teks": "x", "jempol": "1"}
                       ).status_code == 302  # without JS: back to the page


def test_a_colleague_adds_feedback_in_the_row(client, org, skp_pegawai):
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).last()
    client.force_login(org.rekan)
    url = reverse("penilaian:rekan_skp", args=[skp_pegawai.pk])
    html = client.post(url, {"perilaku": value.pk, "teks": "Ramah", "jempol": "1"},
                       headers=HX).content.decode()
    assert html.lstrip().startswith(f'<tr id="perilaku-{value.pk}">') and "Ramah" in html
    assert f'<td class="sebaris" data-label="No">{value.urutan}</td>' in html


# --- Keberatan --------------------------------------------------------------------------------


@pytest.fixture
def final_rated(org, skp_pegawai):
    final = periode_of(skp_pegawai, "Final")
    pn = Penilaian.untuk(skp_pegawai, final)
    pn.set_rating("hasil", "BAWAH", aktor=org.direktur)
    pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    return pn


def test_keberatan_is_filed_from_an_inline_form(client, org, skp_pegawai, final_rated):
    client.force_login(org.pegawai)
    url = reverse("penilaian:keberatan_ajukan", args=[skp_pegawai.pk, final_rated.periode_id])
    page = client.get(reverse("penilaian:skp", args=[skp_pegawai.pk])).content.decode()
    assert f'hx-get="{url}"' in page and 'id="keberatan-dialog"' in page
    form = client.get(url, headers=HX).content.decode()
    assert "<html" not in form and f'hx-post="{url}"' in form
    assert 'hx-target="#keberatan-dialog"' in form and "<h2>Ajukan Keberatan</h2>" in form
    assert 'hx-select="#keberatan-dialog"' in form  # Close restores the empty container
    empty = client.post(url, {"alasan": "  "}, headers=HX).content.decode()
    assert "<html" not in empty and "Tuliskan keberatan Anda." in empty
    done = client.post(url, {"alasan": "Target tercapai"}, headers=HX)
    row = Keberatan.objects.get()
    assert done["HX-Redirect"] == reverse("penilaian:keberatan", args=[row.pk])


def test_keberatan_answered_and_decided_in_place(client, org, final_rated):
    row = Keberatan.ajukan(final_rated, alasan="Target tercapai", aktor=org.pegawai)
    url = reverse("penilaian:keberatan", args=[row.pk])
    client.force_login(org.direktur)
    bad = client.post(url, {"aksi": "jawab", "penjelasan": ""}, headers=HX).content.decode()
    assert bad.lstrip().startswith('<div id="keberatan-isi"') and "errorlist" in bad
    ok = client.post(url, {"aksi": "jawab", "penjelasan": "Eviden kurang"},
                     headers=HX).content.decode()
    assert "Eviden kurang" in ok and "Dijawab pejabat penilai" in ok
    client.force_login(org.deputi)
    html = client.post(url, {"aksi": "putus", "keputusan": "diterima", "predikat": "BAIK",
                             "catatan": "Lengkap"}, headers=HX).content.decode()
    assert "Predikat final kini Baik (semula Butuh Perbaikan)" in html
    assert "<strong>Baik</strong>" in html


# --- Periode ----------------------------------------------------------------------------------


def test_the_admin_edits_a_period_inline(client, org):
    client.force_login(org.admin)
    per = PeriodePenilaian.objects.filter(instansi=org.badan.instansi, awal__year=2025).first()
    url = reverse("penilaian:periode_ubah", args=[per.pk])
    page = client.get(reverse("penilaian:periode")).content.decode()
    assert f'hx-get="{url}"' in page and 'hx-target="#periode-dialog"' in page
    form = client.get(url, headers=HX).content.decode()
    assert "<html" not in form and 'hx-target="#periode-dialog"' in form
    bad = client.post(url, {"nama": "Diubah", "awal": "2025-01-10", "akhir": "2025-01-05",
                            "batas_pengisian": "2025-01-20", "jenis": "bulanan"},
                      headers=HX).content.decode()
    assert "Periode Akhir tidak boleh sebelum Periode Awal." in bad and 'value="Diubah"' in bad
    ok = client.post(url, {"nama": "Diubah", "awal": per.awal, "akhir": per.akhir,
                           "batas_pengisian": per.batas_pengisian + dt.timedelta(days=3),
                           "jenis": per.jenis}, headers=HX)
    assert ok["HX-Retarget"] == "#periode-isi" and ok["HX-Reswap"] == "outerHTML"
    html = ok.content.decode()
    assert html.lstrip().startswith('<div id="periode-isi">') and "Diubah" in html


def test_the_admin_adds_a_period_inline(client, org):
    client.force_login(org.admin)
    url = reverse("penilaian:periode")
    data = {"nama": "Triwulan I", "awal": "2025-01-01", "akhir": "2025-03-31",
            "batas_pengisian": "2025-04-05", "jenis": "triwulanan"}
    html = client.post(url, data, headers=HX).content.decode()
    assert html.lstrip().startswith('<div id="periode-isi">') and "Triwulan I" in html
    again = client.post(url, {**data, "nama": "Lagi"}, headers=HX).content.decode()
    assert "tumpang tindih" in again and 'value="Lagi"' in again


def test_periode_htmx_refusals(client, org):
    per = PeriodePenilaian.objects.filter(instansi=org.badan.instansi).first()
    for who in (org.pegawai, org.outsider):
        client.force_login(who)
        url = reverse("penilaian:periode_ubah", args=[per.pk])
        assert client.get(url, headers=HX).status_code == 404
        assert client.post(url, {"nama": "x"}, headers=HX).status_code == 404

"""Penilaian pages: happy paths, refusals (404) for every view on GET and POST, htmx fragments."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ekinerja.models import Riwayat
from penilaian.models import (
    CapaianIndikator,
    CapaianOrganisasi,
    Eviden,
    Keberatan,
    Penilaian,
    PeriodePenilaian,
    UmpanBalikPerilaku,
)
from penilaian.rules import WIB
from skp.models import PerilakuKerja
from tests.penilaian.conftest import approved_skp, periode_of

HX = {"HX-Request": "true"}


@pytest.fixture
def before_deadline(monkeypatch):
    """Freeze "now" at 2025-07-01 09:00 WIB, inside June's filling window (deadline 2025-07-20)."""
    moment = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def first_ind(skp):
    return skp.hasil_kerja.order_by("urutan").first().indikator.order_by("urutan").first()


# --- Penilaian SKP and Pengisian Eviden --------------------------------------------------------


def test_it_lists_the_periods_that_intersect_the_skp(client, org, skp_pegawai):
    client.force_login(org.pegawai)
    response = client.get(reverse("penilaian:skp", args=[skp_pegawai.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Periode Penilaian", "Hasil Kerja", "Perilaku Kerja", "Nilai SKP", "Aksi"):
        assert label in html
    assert "1 Januari - 15 Januari" in html and "16 Desember - 31 Desember" in html
    assert html.count('href="/penilaian/skp/') >= 14  # 13 monthly + Final, an Eviden link each


def test_a_draft_skp_has_no_penilaian(client, org):
    from tests.penilaian.conftest import make_skp

    skp = make_skp(org.rekan)
    client.force_login(org.rekan)
    assert client.get(reverse("penilaian:skp", args=[skp.pk])).status_code == 404


def test_the_eviden_page_shows_the_deadline_banner(client, org, skp_pegawai, juni,
                                                   before_deadline):
    client.force_login(org.pegawai)
    html = client.get(reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk])).content.decode()
    assert "PENGISIAN EVIDEN UNTUK PERIODE 16 Juni - 15 Juli TAHUN 2025" in html
    assert ("Batas waktu pengisian eviden dan realisasi SKP untuk periode ini adalah tanggal "
            "2025-07-20") in html
    assert "Tambah Eviden" in html


def test_the_owner_adds_eviden_and_it_is_recorded(client, org, skp_pegawai, juni,
                                                  before_deadline):
    ind = first_ind(skp_pegawai)
    client.force_login(org.pegawai)
    url = reverse("penilaian:eviden_tambah", args=[ind.pk, juni.pk])
    response = client.post(url, {"nama": "Laporan Juni", "tautan": "https://drive.example/x"})
    assert response.status_code == 302
    ev = Eviden.objects.get()
    assert (ev.nama, ev.tautan, ev.indikator, ev.periode) == (
        "Laporan Juni", "https://drive.example/x", ind, juni)
    assert Riwayat.untuk(skp_pegawai).filter(aksi="eviden.tambah", aktor=org.pegawai).exists()
    page = client.get(response["Location"]).content.decode()
    assert ('<a href="https://drive.example/x" rel="noopener noreferrer" target="_blank">'
            "Laporan Juni</a>") in page


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                 "ftp://x.example/f", "/relative", "https://"])
def test_it_refuses_links_that_are_not_http(client, org, skp_pegawai, juni, before_deadline,
                                            bad):
    ind = first_ind(skp_pegawai)
    client.force_login(org.pegawai)
    response = client.post(reverse("penilaian:eviden_tambah", args=[ind.pk, juni.pk]),
                           {"nama": "Bukti", "tautan": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bukti Eviden harus berupa tautan http:// atau https://." in html
    assert 'value="Bukti"' in html  # the typed name is kept
    assert not Eviden.objects.exists()


def test_htmx_add_returns_the_cell_and_errors_in_place(client, org, skp_pegawai, juni,
                                                       before_deadline):
    ind = first_ind(skp_pegawai)
    client.force_login(org.pegawai)
    url = reverse("penilaian:eviden_tambah", args=[ind.pk, juni.pk])
    bad = client.post(url, {"nama": "Typed", "tautan": "javascript:x"}, headers=HX)
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "<html" not in html and f'id="ev-{ind.pk}"' in html
    assert "Bukti Eviden harus berupa tautan http:// atau https://." in html
    assert 'value="Typed"' in html and "<details class=\"pn-inline\" open>" in html
    empty = client.post(url, {"nama": "", "tautan": "https://x.example"}, headers=HX)
    assert "Isi Nama Eviden." in empty.content.decode()
    good = client.post(url, {"nama": "Notula", "tautan": "http://x.example/n"}, headers=HX)
    html = good.content.decode()
    assert "<html" not in html and f'id="ev-{ind.pk}"' in html and "Notula" in html


def test_realisasi_with_sumber_data(client, org, skp_pegawai, juni, before_deadline):
    ind = first_ind(skp_pegawai)
    client.force_login(org.pegawai)
    url = reverse("penilaian:realisasi", args=[ind.pk, juni.pk])
    client.post(url, {"realisasi": "30", "sumber_data": "Laporan"})
    row = CapaianIndikator.objects.get(indikator=ind, periode=juni)
    assert (row.realisasi, row.sumber_data) == ("30", "Laporan")
    page = client.get(reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk]))
    assert "30 <span class=\"muted\">berdasarkan Laporan</span>" in page.content.decode()


def test_after_the_deadline_the_server_refuses(client, org, skp_pegawai, juni, monkeypatch):
    ind = first_ind(skp_pegawai)
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 21, 0, 0, tzinfo=WIB))
    client.force_login(org.pegawai)
    response = client.post(reverse("penilaian:eviden_tambah", args=[ind.pk, juni.pk]),
                           {"nama": "Telat", "tautan": "https://x.example"}, follow=True)
    html = response.content.decode()
    assert "Batas waktu pengisian eviden dan realisasi untuk periode ini (2025-07-20) telah " \
           "lewat" in html
    assert not Eviden.objects.exists()
    response = client.post(reverse("penilaian:realisasi", args=[ind.pk, juni.pk]),
                           {"realisasi": "1"})
    assert not CapaianIndikator.objects.exists()
    assert "Tambah Eviden" not in client.get(
        reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk])).content.decode()


def test_at_2359_on_the_deadline_day_it_is_still_accepted(client, org, skp_pegawai, juni,
                                                          monkeypatch):
    ind = first_ind(skp_pegawai)
    monkeypatch.setattr(timezone, "now",
                        lambda: dt.datetime(2025, 7, 20, 23, 59, tzinfo=WIB))
    client.force_login(org.pegawai)
    client.post(reverse("penilaian:eviden_tambah", args=[ind.pk, juni.pk]),
                {"nama": "Tepat waktu", "tautan": "https://x.example"})
    assert Eviden.objects.filter(nama="Tepat waktu").exists()


def test_nobody_else_touches_the_eviden(client, org, skp_pegawai, juni, before_deadline):
    ind = first_ind(skp_pegawai)
    ev = Eviden.tambah(ind, juni, nama="Milik pegawai", tautan="https://x.example",
                       aktor=org.pegawai)
    urls = [
        reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk]),
        reverse("penilaian:eviden_tambah", args=[ind.pk, juni.pk]),
        reverse("penilaian:eviden_ubah", args=[ev.pk]),
        reverse("penilaian:realisasi", args=[ind.pk, juni.pk]),
        reverse("penilaian:rencana_aksi", args=[ind.rhk_id, juni.pk]),
    ]
    for who in (org.direktur, org.rekan, org.outsider):  # even the pejabat penilai
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
        for url in urls[1:]:  # the page itself is GET only
            assert client.post(url, {"nama": "x", "tautan": "https://y.example",
                                     "realisasi": "9", "deskripsi": "d"}).status_code == 404
        assert client.post(reverse("penilaian:eviden_hapus", args=[ev.pk])).status_code == 404
    ev.refresh_from_db()
    assert ev.nama == "Milik pegawai"
    assert not CapaianIndikator.objects.exists()


def test_anonymous_users_go_to_login(client, skp_pegawai, juni):
    response = client.get(reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_period_of_another_instansi_is_not_found(client, org, skp_pegawai):
    other = PeriodePenilaian.objects.exclude(instansi_id=skp_pegawai.instansi_id).first()
    client.force_login(org.pegawai)
    assert client.get(reverse("penilaian:eviden", args=[skp_pegawai.pk, other.pk])
                      ).status_code == 404


def test_wrong_methods(client, org, skp_pegawai, juni):
    client.force_login(org.pegawai)
    assert client.post(reverse("penilaian:skp", args=[skp_pegawai.pk])).status_code == 405
    assert client.get(reverse("penilaian:eviden_hapus", args=[1])).status_code == 405


# --- Penilaian Bawahan ----------------------------------------------------------------------


def rate(client, skp, periode, hasil, perilaku, htmx=False):
    headers = HX if htmx else {}
    for jenis, nilai in (("hasil", hasil), ("perilaku", perilaku)):
        pn = Penilaian.untuk(skp, periode)
        client.post(reverse("penilaian:rating", args=[skp.pk, periode.pk, jenis]),
                    {f"{jenis}-nilai": nilai, f"{jenis}-versi": pn.versi}, headers=headers)


def test_the_rater_picks_a_subordinate_and_rates(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    page = client.get(reverse("penilaian:bawahan", args=[juni.pk])).content.decode()
    assert org.pegawai.nip in page and "PEGAWAI UJI" in page
    rate(client, skp_pegawai, juni, "SESUAI", "ATAS")
    pn = Penilaian.objects.get(skp=skp_pegawai, periode=juni)
    assert (pn.rating_hasil, pn.rating_perilaku, pn.predikat) == ("SESUAI", "ATAS", "BAIK")
    html = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, juni.pk])).content.decode()
    assert "Hasil kerja SESUAI + perilaku DIATAS → Baik" in html
    assert "HASIL PENILAIAN KINERJA" in html and "Hasil Perilaku Kerja" in html
    assert list(Riwayat.untuk(pn).values_list("aksi", flat=True)) == [
        "penilaian.rating_perilaku", "penilaian.rating_hasil"]


def test_htmx_rating_returns_the_result_with_live_warnings(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    rate(client, skp_pegawai, juni, "SESUAI", "SESUAI")
    pn = Penilaian.objects.get(skp=skp_pegawai, periode=juni)
    response = client.post(reverse("penilaian:rating", args=[skp_pegawai.pk, juni.pk, "hasil"]),
                           {"hasil-nilai": "ATAS", "hasil-versi": pn.versi}, headers=HX)
    html = response.content.decode()
    assert "<html" not in html and 'id="hasil-penilaian"' in html
    assert "Hasil kerja DIATAS + perilaku SESUAI → Baik" in html
    # One Baik in a unit of one: too few for the percentages (decisions.md), no warning.
    assert "paling banyak" not in html and "harus ada pegawai" not in html
    assert "sedikitnya 10 pegawai telah dinilai; saat ini 1" in html


def test_a_stale_rating_loses_with_a_clear_message(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    pn = Penilaian.untuk(skp_pegawai, juni)
    seen = pn.versi
    pn.set_rating("hasil", "ATAS", aktor=org.direktur)  # someone else, first
    response = client.post(reverse("penilaian:rating", args=[skp_pegawai.pk, juni.pk, "hasil"]),
                           {"hasil-nilai": "BAWAH", "hasil-versi": seen}, headers=HX)
    assert "Data ini telah diubah oleh pengguna lain" in response.content.decode()
    assert Penilaian.objects.get(pk=pn.pk).rating_hasil == "ATAS"


def test_override_needs_a_reason_and_keeps_both(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    rate(client, skp_pegawai, juni, "ATAS", "ATAS")
    pn = Penilaian.objects.get(skp=skp_pegawai, periode=juni)
    url = reverse("penilaian:predikat", args=[skp_pegawai.pk, juni.pk])
    response = client.post(url, {"predikat": "BAIK", "alasan": "", "versi": pn.versi})
    assert "Tuliskan alasan penetapan predikat." in response.content.decode()
    client.post(url, {"predikat": "BAIK", "alasan": "Pola distribusi unit", "versi": pn.versi})
    pn.refresh_from_db()
    assert (pn.predikat_matriks, pn.predikat_override, pn.predikat) == (
        "SANGAT_BAIK", "BAIK", "BAIK")
    log = Riwayat.untuk(pn).get(aksi="penilaian.predikat_ditetapkan")
    assert log.alasan == "Pola distribusi unit" and log.sebelum["predikat_override"] == ""


def test_only_the_pejabat_penilai_rates(client, org, skp_pegawai, juni):
    ind = first_ind(skp_pegawai)
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).first()
    urls_get = [reverse("penilaian:nilai", args=[skp_pegawai.pk, juni.pk]),
                reverse("penilaian:feedback_perilaku", args=[skp_pegawai.pk, juni.pk, value.pk])]
    urls_post = [
        (reverse("penilaian:rating", args=[skp_pegawai.pk, juni.pk, "hasil"]),
         {"hasil-nilai": "ATAS"}),
        (reverse("penilaian:predikat", args=[skp_pegawai.pk, juni.pk]),
         {"predikat": "BAIK", "alasan": "x"}),
        (reverse("penilaian:feedback_indikator", args=[skp_pegawai.pk, juni.pk, ind.pk]),
         {"teks": "x"}),
        (urls_get[1], {"teks": "x", "jempol": "1"}),
    ]
    for who in (org.pegawai, org.rekan, org.deputi, org.outsider):
        client.force_login(who)
        for url in urls_get:
            assert client.get(url).status_code == 404, (who, url)
        for url, data in urls_post:
            assert client.post(url, data).status_code == 404, (who, url)
    assert not Penilaian.objects.exclude(rating_hasil="").exists()
    assert not UmpanBalikPerilaku.objects.exists() and not CapaianIndikator.objects.exists()


def test_feedback_per_indicator_is_read_only_for_the_pegawai(client, org, skp_pegawai, juni):
    ind = first_ind(skp_pegawai)
    client.force_login(org.direktur)
    response = client.post(
        reverse("penilaian:feedback_indikator", args=[skp_pegawai.pk, juni.pk, ind.pk]),
        {"teks": "Lengkapi notula rapat"}, headers=HX)
    assert f'id="fb-{ind.pk}"' in response.content.decode()
    client.force_login(org.pegawai)
    html = client.get(reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk])).content.decode()
    assert "Lengkapi notula rapat" in html
    assert f'id="fbt-{ind.pk}"' not in html  # no textarea for the pegawai


def test_the_rater_gives_behaviour_feedback(client, org, skp_pegawai, juni):
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).first()
    client.force_login(org.direktur)
    url = reverse("penilaian:feedback_perilaku", args=[skp_pegawai.pk, juni.pk, value.pk])
    bad = client.post(url, {"teks": "", "jempol": "0"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    client.post(url, {"teks": "Sigap melayani", "jempol": "1"})
    ub = UmpanBalikPerilaku.objects.get()
    assert (ub.peran, ub.periode, ub.jempol, ub.penulis) == ("atasan", juni, True, org.direktur)


def test_the_final_period_shows_the_periodic_history(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    rate(client, skp_pegawai, juni, "SESUAI", "SESUAI")
    final = periode_of(skp_pegawai, "Final")
    html = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, final.pk])
                      ).content.decode()
    assert "Riwayat Penilaian Periodik" in html
    # Each cell carries its card label for phones (data-label, issue 12 item 5).
    assert ('16 Juni - 15 Juli</td><td data-label="Hasil Kerja">SESUAI EKSPEKTASI</td>'
            '<td data-label="Perilaku Kerja">SESUAI EKSPEKTASI</td><td data-label="Predikat">Baik'
            ) in html


def test_a_rated_skp_cannot_go_back_to_draft(org, skp_pegawai, juni):
    from ekinerja.exceptions import Ditolak

    Penilaian.untuk(skp_pegawai, juni).set_rating("hasil", "SESUAI", aktor=org.direktur)
    with pytest.raises(Ditolak, match="sudah ada periode yang dinilai"):
        skp_pegawai.return_to_draft(aktor=org.direktur, alasan="Revisi")


def test_an_unrated_approved_skp_may_still_go_back(org, skp_pegawai, juni):
    Penilaian.untuk(skp_pegawai, juni)  # opened, never rated
    skp_pegawai.return_to_draft(aktor=org.direktur, alasan="Revisi")
    assert skp_pegawai.status == "draft"


# --- Kurva ----------------------------------------------------------------------------------


def test_the_kurva_shows_counts_in_a_table_and_an_svg(client, org, skp_pegawai, juni):
    rekan = approved_skp(org.rekan)
    client.force_login(org.direktur)
    rate(client, skp_pegawai, juni, "SESUAI", "SESUAI")
    rate(client, rekan, juni, "BAWAH", "SESUAI")
    html = client.get(reverse("penilaian:kurva", args=[juni.pk])).content.decode()
    assert "<svg" in html and "<polyline" in html and "Kurva merah merupakan" in html
    assert '<th scope="row">Baik</th><td>1</td><td>1</td>' in html
    assert '<th scope="row">Butuh Perbaikan</th><td>1</td><td>1</td>' in html
    # Two rated: fewer than the 10 from which the unit is judged (decisions.md), so no verdict.
    assert "sedikitnya 10 pegawai telah dinilai; saat ini 2" in html
    assert "Bagian Anda: 2 dari 2 pegawai yang telah dinilai di Direktorat Uji" in html
    # SVG coordinates are plain numbers: the Indonesian locale must not turn 20.5 into "20,5".
    coords = re.findall(r' (?:cx|cy|x|y|x1|x2|y1|y2)="([^"]*)"', html.split("<svg")[1])
    assert coords and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coords), coords


def test_the_kurva_is_for_raters_only(client, org, juni):
    client.force_login(org.rekan)
    assert client.get(reverse("penilaian:kurva", args=[juni.pk])).status_code == 404
    client.force_login(org.outsider)
    assert client.get(reverse("penilaian:kurva", args=[juni.pk])).status_code == 404


# --- Capaian organisasi ---------------------------------------------------------------------


def test_the_leader_above_sets_capaian_and_the_head_rating_follows(client, org, juni):
    skp_direktur = approved_skp(org.direktur)  # rated by the deputi
    client.force_login(org.deputi)
    response = client.post(reverse("penilaian:capaian", args=[juni.pk]),
                           {"unit": org.direktorat.pk, "capaian": "ISTIMEWA"})
    assert response.status_code == 302
    assert CapaianOrganisasi.objects.get(unit=org.direktorat, periode=juni).capaian == "ISTIMEWA"
    pn = Penilaian.objects.get(skp=skp_direktur, periode=juni)
    assert pn.rating_hasil == "ATAS"
    with pytest.raises(Exception, match="mengikuti capaian kinerja organisasi"):
        pn.set_rating("hasil", "BAWAH", aktor=org.deputi)


def test_others_cannot_set_capaian(client, org, juni):
    for who in (org.pegawai, org.outsider):
        client.force_login(who)
        url = reverse("penilaian:capaian", args=[juni.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"unit": org.direktorat.pk, "capaian": "BAIK"}).status_code == 404
    client.force_login(org.direktur)  # heads the direktorat, not the unit above it
    assert client.post(reverse("penilaian:capaian", args=[juni.pk]),
                       {"unit": org.direktorat.pk, "capaian": "BAIK"}).status_code == 404
    assert not CapaianOrganisasi.objects.exists()


# --- Feedback rekan kerja -------------------------------------------------------------------


def test_a_colleague_finds_by_nip_and_leaves_feedback(client, org, skp_pegawai):
    client.force_login(org.rekan)
    html = client.get(reverse("penilaian:rekan"), {"nip": org.pegawai.nip}).content.decode()
    assert "SKP yang akan dinilai" in html and "PEGAWAI UJI (Periode SKP 2025-01-01" in html
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).first()
    url = reverse("penilaian:rekan_skp", args=[skp_pegawai.pk])
    client.post(url, {"perilaku": value.pk, "teks": "Selalu membantu", "jempol": "1"})
    ub = UmpanBalikPerilaku.objects.get()
    assert (ub.peran, ub.penulis, ub.periode) == ("rekan", org.rekan, None)
    client.force_login(org.pegawai)  # the owner sees it, with the author's name
    juni = periode_of(skp_pegawai)
    html = client.get(reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk])).content.decode()
    assert "(REKAN UJI)</strong> Selalu membantu" in html


def test_the_colleague_page_has_the_manuals_heading_rhk_context_and_says_per_skp(
    client, org, skp_pegawai
):
    """Gambar 32/34: SASARAN KINERJA PEGAWAI, a PENGISIAN FEEDBACK heading, the RHK as context;
    and (issue 12) that peer feedback is per SKP while the rater's is per period."""
    client.force_login(org.rekan)
    html = client.get(reverse("penilaian:rekan_skp", args=[skp_pegawai.pk])).content.decode()
    h1 = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert h1 == "PENGISIAN FEEDBACK REKAN KERJA UNTUK SKP PERIODE 2025-01-01 - 2025-12-31"
    assert "SASARAN KINERJA PEGAWAI" in html
    rhk = skp_pegawai.hasil_kerja.first()
    hasil_kerja = html.split('id="h-hasil-kerja"', 1)[1].split("</section>", 1)[0]
    assert rhk.teks in hasil_kerja and rhk.indikator.first().teks in hasil_kerja
    assert "untuk seluruh SKP ini" in html and "bukan per periode penilaian" in html
    client.force_login(org.direktur)  # the rater's page says its feedback is per period
    juni = periode_of(skp_pegawai)
    html = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, juni.pk])).content.decode()
    assert f"per periode penilaian: halaman ini untuk periode {juni.nama}" in html


def test_unknown_nip_and_own_nip_are_not_found(client, org):
    client.force_login(org.rekan)
    html = client.get(reverse("penilaian:rekan"), {"nip": "199901012020011999"}).content.decode()
    assert "Pegawai dengan NIP ini tidak ditemukan." in html
    assert 'value="199901012020011999"' in html
    html = client.get(reverse("penilaian:rekan"), {"nip": org.rekan.nip}).content.decode()
    assert "Pegawai dengan NIP ini tidak ditemukan." in html


def test_only_the_author_edits_or_deletes_feedback(client, org, skp_pegawai):
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).first()
    ub = UmpanBalikPerilaku.tambah(skp_pegawai, value, teks="Asli", jempol=True, aktor=org.rekan)
    for who in (org.pegawai, org.direktur, org.outsider):
        client.force_login(who)
        assert client.get(reverse("penilaian:umpan_balik_ubah", args=[ub.pk])).status_code == 404
        assert client.post(reverse("penilaian:umpan_balik_ubah", args=[ub.pk]),
                           {"teks": "Diubah", "jempol": "0"}).status_code == 404
        assert client.post(reverse("penilaian:umpan_balik_hapus", args=[ub.pk])
                           ).status_code == 404
    ub.refresh_from_db()
    assert ub.teks == "Asli"
    client.force_login(org.rekan)
    client.post(reverse("penilaian:umpan_balik_ubah", args=[ub.pk]),
                {"teks": "Lebih tepat", "jempol": "0"})
    ub.refresh_from_db()
    assert (ub.teks, ub.jempol) == ("Lebih tepat", False)
    client.post(reverse("penilaian:umpan_balik_hapus", args=[ub.pk]))
    assert not UmpanBalikPerilaku.objects.exists()


def test_nobody_gives_peer_feedback_on_their_own_skp(client, org, skp_pegawai):
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).first()
    client.force_login(org.pegawai)
    url = reverse("penilaian:rekan_skp", args=[skp_pegawai.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"perilaku": value.pk, "teks": "x", "jempol": "1"}).status_code == 404


# --- Keberatan ------------------------------------------------------------------------------


def test_keberatan_three_steps(client, org, skp_pegawai):
    final = periode_of(skp_pegawai, "Final")
    client.force_login(org.direktur)
    rate(client, skp_pegawai, final, "BAWAH", "SESUAI")
    client.force_login(org.pegawai)
    url = reverse("penilaian:keberatan_ajukan", args=[skp_pegawai.pk, final.pk])
    assert "Ajukan Keberatan" in client.get(reverse("penilaian:skp", args=[skp_pegawai.pk])
                                            ).content.decode()
    response = client.post(url, {"alasan": "Target tercapai 100%"})
    row = Keberatan.objects.get()
    assert response["Location"] == reverse("penilaian:keberatan", args=[row.pk])
    # Only the pejabat penilai answers; only the atasan pejabat penilai decides.
    detail = reverse("penilaian:keberatan", args=[row.pk])
    client.force_login(org.pegawai)
    assert client.post(detail, {"aksi": "jawab", "penjelasan": "x"}).status_code == 404
    client.force_login(org.direktur)
    assert client.post(detail, {"aksi": "putus", "keputusan": "ditolak",
                                "catatan": "x"}).status_code == 404
    client.post(detail, {"aksi": "jawab", "penjelasan": "Realisasi belum didukung eviden"})
    client.force_login(org.deputi)
    client.post(detail, {"aksi": "putus", "keputusan": "diterima", "predikat": "BAIK",
                         "catatan": "Eviden menyusul lengkap"})
    row.refresh_from_db()
    assert (row.status, row.keputusan, row.predikat_keputusan) == ("diputus", "diterima", "BAIK")
    assert list(Riwayat.untuk(row).order_by("waktu", "pk").values_list("aksi", flat=True)) == [
        "keberatan.ajukan", "keberatan.jawab", "keberatan.putus"]
    client.force_login(org.outsider)
    assert client.get(detail).status_code == 404


def test_keberatan_after_14_days_is_refused(org, skp_pegawai):
    from penilaian.models import Ditolak

    final = periode_of(skp_pegawai, "Final")
    pn = Penilaian.untuk(skp_pegawai, final)
    pn.set_rating("hasil", "SESUAI", aktor=org.direktur)
    pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    later = pn.dinilai_pada + dt.timedelta(days=15)
    with pytest.raises(Ditolak, match="telah lewat"):
        Keberatan.ajukan(pn, alasan="x", aktor=org.pegawai, now=later)
    Keberatan.ajukan(pn, alasan="x", aktor=org.pegawai, now=pn.dinilai_pada
                     + dt.timedelta(days=14))


# --- Manajemen Periode ----------------------------------------------------------------------


def test_the_admin_adds_a_period_and_overlap_is_refused(client, org):
    client.force_login(org.admin)
    url = reverse("penilaian:periode")
    data = {"nama": "Triwulan I", "awal": "2025-01-01", "akhir": "2025-03-31",
            "batas_pengisian": "2025-04-05", "jenis": "triwulanan"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "nama": "Triwulan I bis", "awal": "2025-03-01",
                              "akhir": "2025-05-31", "batas_pengisian": "2025-06-05"})
    html = again.content.decode()
    assert "tumpang tindih dengan periode triwulanan lain: Triwulan I" in html
    assert 'value="Triwulan I bis"' in html
    disorder = client.post(url, {**data, "nama": "Salah", "awal": "2025-09-30",
                                 "akhir": "2025-07-01", "jenis": "semesteran"})
    assert "Periode Akhir tidak boleh sebelum Periode Awal." in disorder.content.decode()


def test_periods_are_managed_by_the_admin_of_their_instansi_only(client, org):
    mine = PeriodePenilaian.objects.filter(instansi=org.badan.instansi).first()
    for who in (org.pegawai, org.outsider):
        client.force_login(who)
        assert client.get(reverse("penilaian:periode")).status_code == 404
        assert client.post(reverse("penilaian:periode"), {}).status_code == 404
        assert client.get(reverse("penilaian:periode_ubah", args=[mine.pk])).status_code == 404
    other = PeriodePenilaian.objects.exclude(instansi=org.badan.instansi).first()
    client.force_login(org.admin)
    assert client.get(reverse("penilaian:periode_ubah", args=[other.pk])).status_code == 404
    assert client.post(reverse("penilaian:periode_ubah", args=[other.pk]),
                       {"nama": "x"}).status_code == 404

"""Penilaian create forms take effect once (issue 10, item 3): Tambah Eviden, Tambah Rencana Aksi,
Tambah Feedback (pejabat penilai and rekan kerja), Ajukan Keberatan and a new Periode carry a
one-time token (ekinerja/formulir.py). Races: the same Tambah Eviden form sent twice at once, and
two tabs of the pejabat penilai rating one period at once (no lost update)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ekinerja.formulir import FIELD, SudahDikirim, sekali_token, token_baru
from ekinerja.models import Riwayat
from penilaian.models import (
    Eviden,
    Keberatan,
    Konflik,
    Penilaian,
    PeriodePenilaian,
    RencanaAksi,
    UmpanBalikPerilaku,
)
from penilaian.rules import WIB
from skp.models import PerilakuKerja
from tests.penilaian.conftest import periode_of
from tests.race import ROUNDS, Arena, token_in

HX = {"HX-Request": "true"}
SUDAH = "Formulir ini sudah dikirim; data tidak disimpan dua kali."


@pytest.fixture
def before_deadline(monkeypatch):
    moment = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def first_ind(skp):
    return skp.hasil_kerja.order_by("urutan").first().indikator.order_by("urutan").first()


def _twice(client, url, data, headers=None):
    """GET the form, then send it twice with its token; both responses."""
    token = token_in(client.get(url, headers=headers or {}).content.decode())
    return [client.post(url, {**data, FIELD: token}, headers=headers or {}) for _ in range(2)]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_a_double_clicked_tambah_eviden_adds_one(client, org, skp_pegawai, juni,
                                                 before_deadline, htmx):
    ind = first_ind(skp_pegawai)
    client.force_login(org.pegawai)
    url = reverse("penilaian:eviden_tambah", args=[ind.pk, juni.pk])
    headers = HX if htmx else None
    if htmx:  # the inline form lives in the eviden cell of the page
        page = client.get(reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk]))
        cell = page.content.decode().split(f'id="ev-{ind.pk}"')[1].split("</td>")[0]
        token = token_in(cell)
        first, second = (client.post(url, {"nama": "Laporan", "tautan": "https://a.example",
                                           FIELD: token}, headers=HX) for _ in range(2))
    else:
        first, second = _twice(client, url, {"nama": "Laporan", "tautan": "https://a.example"},
                               headers)
    assert Eviden.objects.filter(indikator=ind, periode=juni).count() == 1
    if htmx:  # the cell again, with the one eviden and a fresh form for the next one
        html = second.content.decode()
        assert html.lstrip().startswith(f'<td class="pn-eviden" id="ev-{ind.pk}"')
        assert html.count("https://a.example") == first.content.decode().count("https://a.example")
        assert SUDAH in html and token_in(html) != token
    else:
        assert first["Location"] == second["Location"]


def test_a_double_clicked_rencana_aksi_adds_one(client, org, skp_pegawai, juni, before_deadline):
    rhk = first_ind(skp_pegawai).rhk
    client.force_login(org.pegawai)
    url = reverse("penilaian:rencana_aksi", args=[rhk.pk, juni.pk])
    first, second = _twice(client, url, {"deskripsi": "Susun laporan", "target": "1 laporan"})
    assert RencanaAksi.objects.filter(rhk=rhk, periode=juni).count() == 1
    assert first["Location"] == second["Location"]
    assert SUDAH in client.get(second["Location"]).content.decode()


def test_a_double_clicked_feedback_adds_one_for_the_rater_and_the_colleague(
        client, org, skp_pegawai, juni):
    value = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).first()
    client.force_login(org.direktur)
    page = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, juni.pk])).content.decode()
    row = page.split(f'<tr id="perilaku-{value.pk}">')[1].split("</tr>")[0]
    url = reverse("penilaian:feedback_perilaku", args=[skp_pegawai.pk, juni.pk, value.pk])
    data = {"perilaku": value.pk, "teks": "Sigap", "jempol": "1", FIELD: token_in(row)}
    first, second = (client.post(url, data, headers=HX) for _ in range(2))
    assert UmpanBalikPerilaku.objects.filter(penulis=org.direktur).count() == 1
    assert second.content.decode().lstrip().startswith(f'<tr id="perilaku-{value.pk}">')
    assert SUDAH in second.content.decode()

    client.force_login(org.rekan)
    url = reverse("penilaian:rekan_skp", args=[skp_pegawai.pk])
    page = client.get(url).content.decode()
    row = page.split(f'<tr id="perilaku-{value.pk}">')[1].split("</tr>")[0]
    data = {"perilaku": value.pk, "teks": "Ramah", "jempol": "1", FIELD: token_in(row)}
    first, second = client.post(url, data), client.post(url, data)
    assert UmpanBalikPerilaku.objects.filter(penulis=org.rekan).count() == 1
    assert first["Location"] == second["Location"]


def test_a_double_clicked_keberatan_files_one_and_leads_to_it(client, org, skp_pegawai):
    final = periode_of(skp_pegawai, "Final")
    pn = Penilaian.untuk(skp_pegawai, final)
    pn.set_rating("hasil", "BAWAH", aktor=org.direktur)
    pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    client.force_login(org.pegawai)
    url = reverse("penilaian:keberatan_ajukan", args=[skp_pegawai.pk, final.pk])
    first, second = _twice(client, url, {"alasan": "Target tercapai"}, HX)
    row = Keberatan.objects.get()
    # The second tab goes where the first went, not to "already filed".
    assert first["HX-Redirect"] == second["HX-Redirect"] == reverse("penilaian:keberatan",
                                                                    args=[row.pk])


def test_a_double_clicked_new_periode_adds_one(client, org):
    client.force_login(org.admin)
    url = reverse("penilaian:periode")
    data = {"nama": "Triwulan I", "awal": "2025-01-01", "akhir": "2025-03-31",
            "batas_pengisian": "2025-04-05", "jenis": "triwulanan"}
    first, second = _twice(client, url, data, HX)
    assert PeriodePenilaian.objects.filter(nama="Triwulan I").count() == 1
    html = second.content.decode()
    assert html.lstrip().startswith('<div id="periode-isi">') and SUDAH in html
    assert "tumpang tindih" not in html


# --- races: real threads, separate connections ------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_tambah_eviden_adds_one_eviden_every_round(org, skp_pegawai, juni,
                                                                      before_deadline):
    ind = first_ind(skp_pegawai)
    outcomes = {"dibuat": 0, "sudah dikirim": 0, "lain": 0, "dobel": 0}
    with Arena(2) as arena:
        for n in range(ROUNDS):
            token = token_baru()

            def kirim(n=n, token=token):
                with sekali_token(org.pegawai.pk, token):
                    Eviden.tambah(ind, juni, nama=f"Eviden {n}", tautan=f"https://e.example/{n}",
                                  aktor=org.pegawai)
                return "dibuat"

            for result in arena.race(kirim, kirim):
                key = "sudah dikirim" if isinstance(result, SudahDikirim) else result
                outcomes[key if key in outcomes else "lain"] += 1
            made = Eviden.objects.filter(indikator=ind, nama=f"Eviden {n}").count()
            outcomes["dobel"] += made > 1
            assert made == 1, f"round {n}: {made} eviden"
    assert outcomes == {"dibuat": ROUNDS, "sudah dikirim": ROUNDS, "lain": 0, "dobel": 0}


@pytest.mark.django_db(transaction=True)
def test_two_tabs_rating_one_period_at_once_lose_no_update(org, skp_pegawai, juni):
    """The pejabat penilai's two tabs, opened at the same version, send a rating at once: one
    for hasil and one for perilaku (a whole-row save would silently drop one), or two different
    values for the same rating. Exactly one lands; the other gets the conflict message and
    changes nothing; the record has one entry per landed change."""
    pn = Penilaian.untuk(skp_pegawai, juni)
    nilai = ["ATAS", "SESUAI", "BAWAH"]
    outcomes = {"menang": 0, "konflik": 0, "lain": 0, "hilang": 0}
    with Arena(2) as arena:
        for n in range(ROUNDS):
            before = Penilaian.objects.get(pk=pn.pk)
            seen = before.versi
            a, b = nilai[n % 3], nilai[(n + 1) % 3]
            tab_b = ("perilaku", b) if n % 2 == 0 else ("hasil", b)

            def rate(jenis, value, seen=seen):
                Penilaian.objects.select_related("skp__pegawai", "periode").get(
                    pk=pn.pk).set_rating(jenis, value, aktor=org.direktur, versi=seen)
                return "menang"

            results = arena.race(lambda a=a: rate("hasil", a), lambda t=tab_b: rate(*t))
            for r in results:
                key = "konflik" if isinstance(r, Konflik) else r
                outcomes[key if key in outcomes else "lain"] += 1
            assert sorted(map(str, results)) == sorted(
                ["menang", "Data ini telah diubah oleh pengguna lain; muat ulang halaman lalu "
                           "coba lagi."]), (n, results)
            after = Penilaian.objects.get(pk=pn.pk)
            winner = ("hasil", a) if results[0] == "menang" else tab_b
            expected = {"hasil": before.rating_hasil, "perilaku": before.rating_perilaku,
                        winner[0]: winner[1]}
            lost = (after.rating_hasil, after.rating_perilaku) != (expected["hasil"],
                                                                   expected["perilaku"])
            outcomes["hilang"] += lost
            assert not lost, (n, results, after.rating_hasil, after.rating_perilaku)
            assert after.versi == seen + 1
    assert outcomes == {"menang": ROUNDS, "konflik": ROUNDS, "lain": 0, "hilang": 0}
    assert Riwayat.untuk(pn).filter(aksi__startswith="penilaian.rating").count() == ROUNDS

"""Deadlines as a countdown in Asia/Jakarta (issue 12 item 7; ekinerja/tenggat.py), at frozen
times with time-machine: the whole last day counts, midnight WIB (not UTC) ends it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from ekinerja.tenggat import hitung_mundur
from penilaian.models import Penilaian
from tests.penilaian.conftest import periode_of

WIB = dt.timezone(dt.timedelta(hours=7))
BATAS = dt.date(2026, 7, 20)


@pytest.mark.parametrize(("now", "sisa", "teks"), [
    (dt.datetime(2026, 7, 15, 8, 0, tzinfo=WIB), 5, "5 hari lagi"),
    (dt.datetime(2026, 7, 19, 23, 59, tzinfo=WIB), 1, "1 hari lagi"),
    (dt.datetime(2026, 7, 20, 0, 0, tzinfo=WIB), 0, "hari ini"),
    (dt.datetime(2026, 7, 20, 23, 59, 59, tzinfo=WIB), 0, "hari ini"),
    # 20 July 16:59 UTC is 23:59 WIB (still today); 17:00 UTC is 00:00 WIB on the 21st.
    (dt.datetime(2026, 7, 20, 16, 59, tzinfo=dt.UTC), 0, "hari ini"),
    (dt.datetime(2026, 7, 20, 17, 0, tzinfo=dt.UTC), -1, "sudah lewat"),
])
def test_it_counts_whole_wib_days_to_the_end_of_the_deadline_day(now, sisa, teks):
    with translation.override("id"), time_machine.travel(now, tick=False):
        t = hitung_mundur(BATAS)
        assert (t.sisa_hari, t.sisa) == (sisa, teks)
        assert t.tanggal == "20 Juli 2026 23:59 WIB"
    assert t.lewat == (sisa < 0) and t.dekat == (0 <= sisa <= 3)
    assert t.akhir.isoformat() == "2026-07-20T23:59:00+07:00"


def test_it_speaks_english_too():
    with translation.override("en"), time_machine.travel(
            dt.datetime(2026, 7, 15, 8, 0, tzinfo=WIB), tick=False):
        t = hitung_mundur(BATAS)
        assert (t.sisa, t.tanggal) == ("5 days left", "20 July 2026 23:59 WIB")


def test_pengisian_eviden_shows_the_batas_pengisian_countdown(client, org, skp_pegawai):
    juni = periode_of(skp_pegawai)  # 16 Juni - 15 Juli 2025, batas pengisian 2025-07-20
    client.force_login(org.pegawai)
    url = reverse("penilaian:eviden", args=[skp_pegawai.pk, juni.pk])
    with time_machine.travel(dt.datetime(2025, 7, 15, 10, 0, tzinfo=WIB), tick=False):
        html = client.get(url).content.decode()
    assert ('<span class="tenggat"><strong>Batas pengisian:</strong> 5 hari lagi, '
            '<time datetime="2025-07-20T23:59:00+07:00">20 Juli 2025 23:59 WIB</time></span>'
            in html)
    with time_machine.travel(dt.datetime(2025, 7, 19, 10, 0, tzinfo=WIB), tick=False):
        html = client.get(url).content.decode()
    assert 'class="tenggat tenggat-dekat"><strong>Batas pengisian:</strong> 1 hari lagi' in html
    with time_machine.travel(dt.datetime(2025, 7, 21, 0, 5, tzinfo=WIB), tick=False):
        html = client.get(url).content.decode()
    assert 'class="tenggat tenggat-lewat"><strong>Batas pengisian:</strong> sudah lewat' in html


def test_penilaian_skp_shows_the_owner_the_countdown_of_each_open_period(
        client, org, skp_pegawai):
    """Each period row whose deadline (extensions included) is still ahead says how long is
    left; past ones say nothing (13 rows of 'sudah lewat' would hide the open one)."""
    client.force_login(org.pegawai)
    url = reverse("penilaian:skp", args=[skp_pegawai.pk])
    with time_machine.travel(dt.datetime(2025, 7, 15, 10, 0, tzinfo=WIB), tick=False):
        html = client.get(url).content.decode()
    juni = html[html.index(f'id="periode-{periode_of(skp_pegawai).pk}"'):]
    juni = juni[:juni.index("</tr>")]
    assert ('<strong>Batas pengisian:</strong> 5 hari lagi, '
            '<time datetime="2025-07-20T23:59:00+07:00">20 Juli 2025 23:59 WIB</time>') in juni
    assert "sudah lewat" not in html
    with time_machine.travel(dt.datetime(2025, 7, 21, 0, 5, tzinfo=WIB), tick=False):
        html = client.get(url).content.decode()
    juni = html[html.index(f'id="periode-{periode_of(skp_pegawai).pk}"'):]
    assert "Batas pengisian" not in juni[:juni.index("</tr>")]
    assert "sudah lewat" not in html
    client.force_login(org.direktur)  # the rater's row shows Nilai, not the owner's countdown
    with time_machine.travel(dt.datetime(2025, 7, 15, 10, 0, tzinfo=WIB), tick=False):
        assert "Batas pengisian:" not in client.get(url).content.decode()


def test_the_rater_sees_the_periods_deadline(client, org, skp_pegawai):
    juni = periode_of(skp_pegawai)
    client.force_login(org.direktur)
    with time_machine.travel(dt.datetime(2025, 7, 10, 10, 0, tzinfo=WIB), tick=False):
        html = client.get(reverse("penilaian:bawahan", args=[juni.pk])).content.decode()
    assert "<strong>Batas pengisian periode ini:</strong> 10 hari lagi" in html


def test_the_keberatan_button_comes_with_its_countdown(client, org, skp_pegawai, settings):
    settings.KEBERATAN_HARI = 14
    final = periode_of(skp_pegawai, "Final")
    rated_at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=WIB)
    with time_machine.travel(rated_at, tick=False):
        pn = Penilaian.untuk(skp_pegawai, final)
        pn.set_rating("hasil", "BAWAH", aktor=org.direktur)
        pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    client.force_login(org.pegawai)
    url = reverse("penilaian:skp", args=[skp_pegawai.pk])
    with time_machine.travel(rated_at + dt.timedelta(days=12), tick=False):
        html = client.get(url).content.decode()
    assert ("<strong>Batas keberatan:</strong> 2 hari lagi, "
            '<time datetime="2026-01-19T23:59:00+07:00">19 Januari 2026 23:59 WIB</time>' in html)
    assert "Ajukan Keberatan" in html
    with time_machine.travel(rated_at + dt.timedelta(days=15), tick=False):
        html = client.get(url).content.decode()
    assert "Batas keberatan" not in html and "Ajukan Keberatan" not in html  # window closed

"""Penilaian pages use a fixed number of queries however much the SKP or group holds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from penilaian.models import CapaianIndikator, Eviden, Penilaian, UmpanBalikPerilaku
from penilaian.rules import WIB
from skp.models import PerilakuKerja
from tests.factories import make_pegawai
from tests.penilaian.conftest import approved_skp, periode_of


@pytest.fixture(autouse=True)
def before_deadline(monkeypatch):
    moment = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _fill(skp, periode, rater, colleague) -> None:
    for rhk in skp.hasil_kerja.all():
        for ind in rhk.indikator.all():
            Eviden.tambah(ind, periode, nama="Ev", tautan="https://x.example", aktor=skp.pegawai)
            CapaianIndikator.set_realisasi(ind, periode, realisasi="1", sumber_data="L",
                                           aktor=skp.pegawai)
            CapaianIndikator.set_feedback(ind, periode, teks="Baik", aktor=rater)
    for value in PerilakuKerja.objects.filter(versi=skp.perilaku_versi):
        UmpanBalikPerilaku.tambah(skp, value, teks="x", jempol=True, aktor=colleague)


# Queries of the eviden page:
#  1. the session
#  2. the signed-in pegawai with the unread notification count (base.html; Pegawai.untuk_sesi)
#  3. the approved SKP, if the user may see it, with pegawai and unit
#  4. the period, if it is the SKP instansi's and intersects the SKP
#  5. the RHKs
#  6. their indicators (prefetch)
#  7. the eviden of those indicators in the period
#  8. realisasi + superior feedback of those indicators in the period
#  9. the rencana aksi of the RHKs in the period
# 10. the BerAKHLAK values
# 11. the behaviour feedback with authors
# 12. the approved Progres Harian totals of the RHKs in the period ("Saran realisasi"; one
#     grouped query on progres_pegawai_tanggal, issue 15)
EVIDEN_QUERIES = 12


@pytest.mark.parametrize(("n_rhk", "n_ind"), [(1, 1), (10, 3)])
def test_eviden_page(client, org, django_assert_num_queries, n_rhk, n_ind):
    skp = approved_skp(org.pegawai, n_rhk=n_rhk, n_ind=n_ind)
    juni = periode_of(skp)
    _fill(skp, juni, org.direktur, org.rekan)
    client.force_login(org.pegawai)
    with django_assert_num_queries(EVIDEN_QUERIES):
        response = client.get(reverse("penilaian:eviden", args=[skp.pk, juni.pk]))
    assert response.content.decode().count('class="indikator"') == n_rhk * n_ind
    assert response.content.decode().count('rel="noopener noreferrer"') == n_rhk * n_ind


# Queries of the rating page (Penilaian Bawahan):
#  1-4. session, user (with the unread notification count), the SKP (only for its pejabat
#       penilai), the period
#  5. this period's Penilaian row (get_or_create: one SELECT once it exists)
#  6. the group's predikat (every SKP this rater rates in the period)
#  7. the capaian of the rater's unit in the period
#     (the capaian of the pegawai's own unit is read only when the pegawai heads it: not here)
#  8-12. RHKs, indicators, eviden, realisasi/feedback, rencana aksi
# 13-14. BerAKHLAK values, behaviour feedback
# 15. the view log (the rater opened the pegawai's penilaian): one INSERT ... ON CONFLICT DO
#     NOTHING after the response (ekinerja/akses.py)
NILAI_QUERIES = 15


@pytest.mark.parametrize(("n_rhk", "n_ind", "n_bawahan"), [(1, 1, 1), (10, 3, 6)])
def test_rating_page(client, org, django_assert_num_queries, n_rhk, n_ind, n_bawahan):
    skp = approved_skp(org.pegawai, n_rhk=n_rhk, n_ind=n_ind)
    juni = periode_of(skp)
    _fill(skp, juni, org.direktur, org.rekan)
    for k in range(n_bawahan - 1):
        other = approved_skp(make_pegawai(org.direktorat, nama=f"STAF {k}"))
        pn = Penilaian.untuk(other, juni)
        pn.set_rating("hasil", "SESUAI", aktor=org.direktur)
        pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    Penilaian.untuk(skp, juni)
    client.force_login(org.direktur)
    with django_assert_num_queries(NILAI_QUERIES):
        response = client.get(reverse("penilaian:nilai", args=[skp.pk, juni.pk]))
    assert response.content.decode().count('class="indikator"') == n_rhk * n_ind


# Queries of the kurva: session, user (with the unread notification count), period, is-rater,
# the unit where most of the rater's subordinates work, that unit's chain with heads and
# capaian, the unit population's predikat counts, heads a unit with sub-units (the Capaian
# Kinerja Organisasi link).
KURVA_QUERIES = 8


@pytest.mark.parametrize("n_bawahan", [1, 8])
def test_kurva_page(client, org, django_assert_num_queries, n_bawahan):
    juni = None
    for k in range(n_bawahan):
        skp = approved_skp(make_pegawai(org.direktorat, nama=f"STAF {k}"))
        juni = periode_of(skp)
        pn = Penilaian.untuk(skp, juni)
        pn.set_rating("hasil", "SESUAI", aktor=org.direktur)
        pn.set_rating("perilaku", "ATAS" if k % 2 else "SESUAI", aktor=org.direktur)
    client.force_login(org.direktur)
    with django_assert_num_queries(KURVA_QUERIES):
        response = client.get(reverse("penilaian:kurva", args=[juni.pk]))
    # Every one of them is SESUAI/SESUAI or SESUAI/DIATAS, i.e. Baik: the Realisasi column says n.
    row = re.search(r'<th scope="row">Baik</th><td>(\d+)</td><td>(\d+)</td>',
                    response.content.decode())
    assert int(row[2]) == n_bawahan


# Queries of Penilaian SKP: session, user (with the unread notification count), SKP, periods,
# ratings, keberatan, is-rater.
SKP_QUERIES = 7


@pytest.mark.parametrize("n_rated", [0, 5])
def test_penilaian_skp_page(client, org, django_assert_num_queries, n_rated):
    skp = approved_skp(org.pegawai)
    from penilaian.models import PeriodePenilaian

    for per in PeriodePenilaian.objects.untuk_skp(skp)[:n_rated]:
        Penilaian.untuk(skp, per).set_rating("hasil", "SESUAI", aktor=org.direktur)
    client.force_login(org.pegawai)
    with django_assert_num_queries(SKP_QUERIES):
        response = client.get(reverse("penilaian:skp", args=[skp.pk]))
    assert response.content.decode().count("SESUAI EKSPEKTASI") == n_rated


# Queries of the live pola distribusi preview (htmx GET while choosing):
#  1-4. session, user (with the unread notification count), the SKP (only for its pejabat
#       penilai), the period
#  5. this period's Penilaian row (read, never created)
#  6. the unit chain of the SKP with heads and capaian (its unit penilaian),
#  7. the predikat counts of that unit's population
# (no notification count: a fragment has no header)
#  8. the view log row, written after the response (the first fragment of the hour; later ones
#     in the same hour are remembered and cost nothing)
DISTRIBUSI_QUERIES = 8


@pytest.mark.parametrize("n_bawahan", [1, 8])
def test_distribusi_preview(client, org, django_assert_num_queries, n_bawahan):
    skps = [approved_skp(make_pegawai(org.direktorat, nama=f"STAF {k}"))
            for k in range(n_bawahan)]
    juni = periode_of(skps[0])
    for skp in skps:
        pn = Penilaian.untuk(skp, juni)
        pn.set_rating("hasil", "SESUAI", aktor=org.direktur)
        pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    client.force_login(org.direktur)
    with django_assert_num_queries(DISTRIBUSI_QUERIES):
        response = client.get(reverse("penilaian:distribusi", args=[skps[0].pk, juni.pk]),
                              {"hasil-nilai": "ATAS", "perilaku-nilai": "ATAS"},
                              headers={"HX-Request": "true"})
    assert f"{n_bawahan} pegawai dinilai" in response.content.decode()

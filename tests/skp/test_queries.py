"""Daftar SKP and the SKP page use a fixed number of queries, however much the SKP holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from skp.models import PerilakuKerja
from tests.skp.conftest import add_indikator, add_rhk, make_skp


def _fill(skp, n_rhk: int, n_ind: int, leader_rhk=None) -> None:
    for i in range(n_rhk):
        extra = {"rhk_atasan": leader_rhk} if leader_rhk else {}
        rhk = add_rhk(skp, f"RHK {i}", jenis="utama" if i % 3 else "tambahan", **extra)
        for j in range(n_ind):
            add_indikator(rhk, f"IKI {i}.{j}")
    for jenis in ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"):
        for k in range(n_rhk):
            skp.add_lampiran(jenis=jenis, teks=f"{jenis} {k}", aktor=skp.pegawai)
    for perilaku in PerilakuKerja.objects.all()[:n_rhk]:
        skp.set_ekspektasi(perilaku, "Ekspektasi", aktor=skp.pejabat_penilai)


# Queries of the SKP page:
#  1. the session
#  2. the signed-in pegawai with the unread notification count in the header (Pegawai.untuk_sesi)
#  3. the SKP, if visible to this user (get_skp_for_user)
#  4. the RHKs, each joined with the RHK atasan it intervenes
#  5. the indicators of those RHKs (prefetch)
#  6. the BerAKHLAK values of the SKP's reference version
#  7. the SKP's ekspektasi khusus pimpinan
#  8. the SKP's lampiran items
#  9. whether the user is a pejabat penilai at all (the Lihat Matriks Bawahan button)
# 10. the SKP's Riwayat with each actor (one join through the content type)
# 11. for the pejabat penilai only (not the owner): the view log row, written after the response
#     (one INSERT ... ON CONFLICT DO NOTHING, ekinerja/akses.py)
DETAIL_QUERIES = 10


@pytest.mark.parametrize(("n_rhk", "n_ind"), [(1, 1), (30, 3)])
def test_detail_jpt_query_count_is_constant(client, org, django_assert_num_queries, n_rhk, n_ind):
    skp = make_skp(org.direktur)
    _fill(skp, n_rhk, n_ind)
    client.force_login(org.direktur)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("skp:detail", args=[skp.pk]))
    html = response.content.decode()
    assert html.count('class="indikator"') == n_rhk * n_ind
    # The Riwayat section lists every change (creation, RHK, indicators, lampiran, ekspektasi).
    assert html.count('<tr class="">') + html.count('<tr class="transisi">') == \
        1 + n_rhk + n_rhk * n_ind + 3 * n_rhk + min(n_rhk, 7)


@pytest.mark.parametrize(("n_rhk", "n_ind"), [(1, 1), (30, 3)])
def test_detail_non_jpt_query_count_is_constant(client, org, django_assert_num_queries, n_rhk,
                                                n_ind):
    leader = add_rhk(make_skp(org.direktur), "RHK Direktur")
    skp = make_skp(org.pegawai)
    _fill(skp, n_rhk, n_ind, leader_rhk=leader)
    for user in (org.pegawai, org.direktur):  # the owner and the pejabat penilai
        client.force_login(user)
        with django_assert_num_queries(DETAIL_QUERIES + (user == org.direktur)):
            response = client.get(reverse("skp:detail", args=[skp.pk]))
        assert response.content.decode().count("RHK Direktur") == n_rhk


# Queries of Daftar SKP:
#  1. the session
#  2. the signed-in pegawai with the unread notification count in the header (base.html)
#  3. the pegawai's SKPs
#  4. whether the user is a pejabat penilai at all (Matriks Bawahan / SKP Bawahan actions)
DAFTAR_QUERIES = 4


@pytest.mark.parametrize("n_skp", [1, 12])
def test_daftar_query_count_is_constant(client, org, django_assert_num_queries, n_skp):
    for month in range(1, n_skp + 1):
        start = dt.date(2025, month, 1)
        end = (dt.date(2025, month + 1, 1) if month < 12 else dt.date(2026, 1, 1)) \
            - dt.timedelta(days=1)
        _fill(make_skp(org.pegawai, awal=start, akhir=end), 2, 2)
    client.force_login(org.pegawai)
    with django_assert_num_queries(DAFTAR_QUERIES):
        response = client.get(reverse("skp:daftar"))
    assert len(response.context["skps"]) == n_skp


# Queries of SKP Bawahan:
#  1. the session
#  2. the signed-in pegawai with the unread notification count in the header (base.html)
#  3. the count of matching SKPs (paginator)
#  4. this page's SKPs joined with their pegawai
BAWAHAN_QUERIES = 4


@pytest.mark.parametrize("n_staff", [1, 30])
def test_bawahan_query_count_is_constant(client, org, django_assert_num_queries, n_staff):
    from tests.factories import make_pegawai

    for i in range(n_staff):
        staff = make_pegawai(org.direktorat, nama=f"STAF {i:02d}")
        skp = make_skp(staff)
        if i % 2:
            add_indikator(add_rhk(skp))
            skp.submit(aktor=staff)
    client.force_login(org.direktur)
    with django_assert_num_queries(BAWAHAN_QUERIES):
        response = client.get(reverse("skp:bawahan"))
    html = response.content.decode()
    assert html.count('id="bawahan-') == min(n_staff, 25)
    assert html.count(">Detail SKP<") == sum(1 for i in range(min(n_staff, 25)) if i % 2)

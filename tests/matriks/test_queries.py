"""The matrix page uses a fixed number of queries, from 1 × 1 up to 100 subordinates × 30 indicators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matriks import actions
from matriks.models import BarisMatriks
from tests.factories import make_pegawai
from tests.skp.conftest import add_indikator, add_rhk, make_skp

# Queries of the matrix page:
#  1. the session
#  2. the signed-in pegawai with the unread notification count (base.html header)
#  3. the leader's SKP, with "rates at least one SKP" as an EXISTS (get_matriks_for_user)
#  4. the leader's RHKs (the column groups)
#  5. their indicators (prefetch; the columns)
#  6. the matrix rows, each joined with the subordinate SKP and its pegawai
#  7. the subordinates' RHKs that intervene one of the leader's RHKs (the cells)
MATRIKS_QUERIES = 7


def build(org, n_bawahan: int, n_rhk: int, n_ind: int):
    atasan = make_skp(org.direktur)
    rhks = []
    for i in range(n_rhk):
        rhk = add_rhk(atasan, f"RHK pimpinan {i}")
        for j in range(n_ind):
            add_indikator(rhk, f"Indikator {i}.{j}")
        rhks.append(rhk)
    for k in range(n_bawahan):
        make_skp(make_pegawai(org.direktorat, nama=f"BAWAHAN {k:03d}"))
    actions.sync_bawahan(aktor=org.direktur, skp_atasan=atasan)
    # Two subordinate RHKs in a few cells of every row.
    for k, baris in enumerate(BarisMatriks.objects.filter(skp_atasan=atasan).order_by("pk")):
        for rhk in {rhks[k % n_rhk], rhks[(k + 1) % n_rhk]}:
            actions.add_rhk_bawahan(aktor=org.direktur, baris=baris, rhk_atasan=rhk,
                                    jenis="utama", teks=f"RHK bawahan {k} untuk {rhk.teks}")
    return atasan


@pytest.mark.parametrize(("n_bawahan", "n_rhk", "n_ind"), [(1, 1, 1), (100, 10, 3)])
def test_the_matrix_page_query_count_is_constant(client, org, django_assert_num_queries,
                                                 n_bawahan, n_rhk, n_ind):
    atasan = build(org, n_bawahan, n_rhk, n_ind)
    client.force_login(org.direktur)
    with django_assert_num_queries(MATRIKS_QUERIES):
        response = client.get(reverse("matriks:skp", args=[atasan.pk]))
    html = response.content.decode()
    assert html.count('class="ind-head') == n_rhk * n_ind
    assert html.count('<th scope="row"') == n_bawahan
    assert html.count(">Tambah RHK</a>") == n_bawahan * n_rhk
    assert html.count("RHK bawahan ") == n_bawahan * min(2, n_rhk)
    assert MATRIKS_QUERIES <= 10

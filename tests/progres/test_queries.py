"""The Progres Harian pages run a fixed number of queries however many entries there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from progres import actions
from tests.factories import make_pegawai
from tests.penilaian.conftest import approved_skp
from tests.progres.conftest import RABU, catat

HARI = [RABU - dt.timedelta(days=d) for d in range(0, 8) if (RABU - dt.timedelta(days=d)).weekday() < 5]


def _isi(pegawai, rhk, per_hari: int) -> list:
    out = []
    for d in HARI:
        for k in range(per_hari):
            out.append(catat(pegawai, rhk, d, uraian=f"Kegiatan {d} {k}",
                             bukti_tautan="https://x.example/b" if k else ""))
    return out


# Queries of the quick form + week page:
#  1. the session  2. the signed-in pegawai with the unread notification count (base.html)
#  3. the pegawai's SKPs overlapping the week
#  4. the preference row (the RHK the form starts with)
#  5. the RHKs of the date's SKP  6. the rencana aksi of the period (penilaian's hook)
#  7. the week's holidays
#  8. the week's entries with their RHK (index progres_pegawai_tanggal, one partition)
#  9. is the user a rater (the Review links)
INDEX_QUERIES = 9


@pytest.mark.parametrize("per_hari", [1, 4])
def test_index(client, org, rhk, django_assert_num_queries, per_hari):
    _isi(org.pegawai, rhk, per_hari)
    client.force_login(org.pegawai)
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get(reverse("progres:index"))
    assert response.content.decode().count('class="pg-entri ') == per_hari * 3  # Mon-Wed


# Queries of the month calendar: session, user (with the unread notification count), holidays of
# the grid, the pegawai's SKPs in the month, the month's entries with their RHK, the per-RHK
# summary (one grouped query), is-rater.
BULAN_QUERIES = 7


@pytest.mark.parametrize("per_hari", [1, 4])
def test_month(client, org, rhk, django_assert_num_queries, per_hari):
    _isi(org.pegawai, rhk, per_hari)
    client.force_login(org.pegawai)
    with django_assert_num_queries(BULAN_QUERIES):
        response = client.get(reverse("progres:bulan"), {"bulan": "2026-11"})
    assert response.content.decode().count('class="pg-entri ') == per_hari * len(HARI)


# Queries of the review queue: session, user (with the unread notification count), the SKPs
# this user rates with their pegawai, the waiting entries (partial index progres_menunggu, no
# join), their RHKs by primary key.
REVIEW_QUERIES = 5


@pytest.mark.parametrize(("n_bawahan", "per_hari"), [(1, 1), (4, 3)])
def test_review(client, org, rhk, django_assert_num_queries, n_bawahan, per_hari):
    _isi(org.pegawai, rhk, per_hari)
    for k in range(n_bawahan - 1):
        p = make_pegawai(org.direktorat, nama=f"STAF {k}")
        _isi(p, approved_skp(p, year=2026).hasil_kerja.first(), per_hari)
    client.force_login(org.direktur)
    with django_assert_num_queries(REVIEW_QUERIES):
        response = client.get(reverse("progres:review"))
    assert response.content.decode().count('name="entri"') == n_bawahan * per_hari * len(HARI)


# Bulk approval: session, user, savepoint, the locked rows, the UPDATE, the Riwayat INSERT (one for
# all), the pegawai to notify, one notification per pegawai, release, then the message saved in
# the session (3 queries).
@pytest.mark.parametrize("per_hari", [1, 4])
def test_bulk_approve(client, org, rhk, django_assert_num_queries, per_hari):
    rows = _isi(org.pegawai, rhk, per_hari)
    client.force_login(org.direktur)
    with django_assert_num_queries(12):
        client.post(reverse("progres:review_setujui"), {"entri": [e.token for e in rows]})
    assert actions.setujui_progres(aktor=org.direktur, token=[e.token for e in rows]).disetujui == 0


# Subordinates at a glance: session, user (with the unread notification count), the SKPs rated
# in the month with pegawai, holidays, one grouped count of the month's entries.
BAWAHAN_QUERIES = 5


@pytest.mark.parametrize("n_bawahan", [1, 4])
def test_bawahan(client, org, rhk, django_assert_num_queries, n_bawahan):
    _isi(org.pegawai, rhk, 2)
    for k in range(n_bawahan - 1):
        p = make_pegawai(org.direktorat, nama=f"STAF {k}")
        _isi(p, approved_skp(p, year=2026).hasil_kerja.first(), 1)
    client.force_login(org.direktur)
    with django_assert_num_queries(BAWAHAN_QUERIES):
        response = client.get(reverse("progres:bawahan"), {"bulan": "2026-11"})
    assert response.content.decode().count('<th scope="row">') == n_bawahan

"""Every matrix view: only the leader who owns the SKP (and rates at least one SKP) gets in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matriks.models import BarisMatriks
from skp.models import HasilKerja
from tests.skp.conftest import add_rhk, make_skp


def _urls(mx) -> list[tuple[str, str]]:
    """(allowed methods, url) of every view; the wrong method is a 405 (tested below)."""
    baris = BarisMatriks.objects.get(skp_bawahan=mx.skp_pegawai)
    a = mx.atasan.pk
    return [
        ("get", reverse("matriks:skp", args=[a])),
        ("post", reverse("matriks:sinkronisasi", args=[a])),
        ("get post", reverse("matriks:tambah_pegawai", args=[a])),
        ("get post", reverse("matriks:hapus_baris", args=[a, baris.pk])),
        ("get", reverse("matriks:lihat_skp", args=[a, baris.pk])),
        ("get post", reverse("matriks:tambah_rhk", args=[a, baris.pk, mx.rhk1.pk])),
    ]


def _nothing_changed(mx) -> None:
    assert BarisMatriks.objects.filter(skp_atasan=mx.atasan).count() == 2
    assert not HasilKerja.objects.filter(skp=mx.skp_pegawai).exists()


@pytest.mark.parametrize("who", ["outsider", "pegawai", "deputi", "rekan"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_answers_404_to_anyone_but_the_leader(client, org, synced, who, method):
    """A subordinate, an outsider, and another leader (the Deputi rates the Direktur)."""
    make_skp(org.deputi)
    client.force_login(getattr(org, who))
    data = {"nip": org.rekan.nip, "jenis": "utama", "teks": "X", "rhk_atasan": synced.rhk1.pk}
    tried = 0
    for allowed, url in _urls(synced):
        if method in allowed:
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (url, method)
            tried += 1
    assert tried == (5 if method == "get" else 4)
    _nothing_changed(synced)


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_users_to_the_login_page(client, synced, method):
    for _allowed, url in _urls(synced):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    _nothing_changed(synced)


def test_a_pegawai_who_rates_no_skp_gets_404_on_their_own_skp(client, org, mx):
    own = make_skp(org.pegawai, year=2026)
    client.force_login(org.pegawai)
    assert client.get(reverse("matriks:skp", args=[own.pk])).status_code == 404
    assert client.post(reverse("matriks:sinkronisasi", args=[own.pk])).status_code == 404


def test_a_leader_gets_404_on_a_row_or_column_of_another_matrix(client, org, synced):
    other = make_skp(org.direktur, year=2026)
    baris = BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai)
    client.force_login(org.direktur)
    assert client.get(reverse("matriks:lihat_skp", args=[other.pk, baris.pk])).status_code == 404
    # The row of the 2025 matrix under the 2026 SKP; the 2026 SKP's RHK as a 2025 column.
    rhk_2026 = add_rhk(other, "RHK 2026")
    urls = [
        reverse("matriks:hapus_baris", args=[other.pk, baris.pk]),
        reverse("matriks:tambah_rhk", args=[other.pk, baris.pk, synced.rhk1.pk]),
        reverse("matriks:tambah_rhk", args=[synced.atasan.pk, baris.pk, rhk_2026.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {"teks": "X", "jenis": "utama"}).status_code == 404
    _nothing_changed(synced)


def test_the_wrong_method_gets_405(client, org, synced):
    client.force_login(org.direktur)
    baris = BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai)
    assert client.post(reverse("matriks:skp", args=[synced.atasan.pk])).status_code == 405
    assert client.get(reverse("matriks:sinkronisasi", args=[synced.atasan.pk])).status_code == 405
    lihat = reverse("matriks:lihat_skp", args=[synced.atasan.pk, baris.pk])
    assert client.post(lihat).status_code == 405
    assert client.put(reverse("matriks:tambah_pegawai", args=[synced.atasan.pk])).status_code == 405

"""Cetak views: access rules, the version cache, constant queries, the public verification page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ekinerja.models_dokumen import DokumenCetak
from ekinerja.pdf import tanggal_indonesia
from tests.cetak.conftest import build_skp, flat, pdf_text
from tests.factories import PASSWORD
from tests.skp.conftest import add_indikator, add_rhk

VIEWS = ["cetak:skp", "cetak:lampiran"]


def login(client, pegawai):
    assert client.login(username=pegawai.nip, password=PASSWORD)
    return client


@pytest.mark.parametrize("name", VIEWS)
def test_the_owner_and_the_pejabat_penilai_get_the_pdf(client, org, skp_non_jpt, name):
    url = reverse(name, args=[skp_non_jpt.pk])
    for who in (org.pegawai, org.direktur):
        response = login(client, who).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert "PEGAWAI UJI" in pdf_text(response.content)
        assert 'filename="' in response["Content-Disposition"]


@pytest.mark.parametrize("name", VIEWS)
def test_anyone_else_gets_a_404(client, org, skp_non_jpt, name):
    url = reverse(name, args=[skp_non_jpt.pk])
    for who in (org.outsider, org.rekan, org.kepala):  # the kepala is two levels up: not the rater
        assert login(client, who).get(url).status_code == 404
    assert DokumenCetak.objects.count() == 0


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_is_sent_to_login(client, skp_non_jpt, name):
    url = reverse(name, args=[skp_non_jpt.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", VIEWS)
def test_post_is_not_allowed(client, org, skp_non_jpt, name):
    assert login(client, org.pegawai).post(reverse(name, args=[skp_non_jpt.pk])).status_code == 405


def test_an_unchanged_skp_is_served_from_the_cache(client, org, skp_non_jpt):
    url = reverse("cetak:skp", args=[skp_non_jpt.pk])
    first = login(client, org.pegawai).get(url)
    assert first["X-Dokumen-Cache"] == "miss"
    again = login(client, org.direktur).get(url)
    assert again["X-Dokumen-Cache"] == "hit"
    assert again.content == first.content
    assert again["X-Dokumen-Kode"] == first["X-Dokumen-Kode"]
    assert DokumenCetak.objects.count() == 1


def test_a_change_makes_a_new_version_with_a_new_code(client, org, skp_non_jpt):
    url = reverse("cetak:skp", args=[skp_non_jpt.pk])
    first = login(client, org.pegawai).get(url)
    rhk = add_rhk(skp_non_jpt, "RHK baru setelah cetak pertama")
    add_indikator(rhk, "Indikator baru", target_teks="7 laporan")
    second = client.get(url)
    assert second["X-Dokumen-Cache"] == "miss"
    assert second["X-Dokumen-Kode"] != first["X-Dokumen-Kode"]
    assert "RHK baru setelah cetak pertama" in flat(pdf_text(second.content))
    old, new = DokumenCetak.objects.order_by("pk")
    assert new.versi == old.versi + 2  # two recorded changes: the RHK and its indicator
    assert f"SKP versi {new.versi}" in flat(pdf_text(second.content))
    # The earlier code still verifies: a printed copy stays checkable.
    assert client.get(reverse("cetak:verifikasi_kode", args=[old.kode])).status_code == 200


def test_a_snapshot_refresh_also_makes_a_new_version(client, org, skp_non_jpt):
    url = reverse("cetak:skp", args=[skp_non_jpt.pk])
    first = login(client, org.pegawai).get(url)
    org.pegawai.jabatan = "Pranata Komputer Ahli Madya"
    org.pegawai.save(update_fields=["jabatan"])
    skp_non_jpt.muat_ulang_pegawai(org.pegawai, aktor=org.pegawai)
    second = client.get(url)
    assert second["X-Dokumen-Kode"] != first["X-Dokumen-Kode"]
    assert "Pranata Komputer Ahli Madya" in flat(pdf_text(second.content))


@pytest.mark.parametrize("name", VIEWS)
def test_queries_do_not_grow_with_the_skp(client, org, name, django_assert_num_queries):
    small = build_skp(org.pegawai, n_rhk=1, n_ind=1, tambahan=0)
    big = build_skp(org.rekan, n_rhk=10, n_ind=3, tambahan=2)
    login(client, org.direktur)
    for skp in (small, big):
        url = reverse(name, args=[skp.pk])
        client.get(url)  # first print renders and stores
        # Cached download: session (1) and user (2); the SKP with its pegawai (3); its instansi (4);
        # the version from Riwayat (5). SKP: RHK with their RHK atasan (6), indicators (7),
        # ekspektasi (8), perilaku kerja (9), the document row (10), its stored PDF (11).
        # Lampiran: its items (6), the document row (7), its stored PDF (8).
        expected = 11 if name == "cetak:skp" else 8
        with django_assert_num_queries(expected):
            assert client.get(url)["X-Dokumen-Cache"] == "hit"


# --- verification page ---------------------------------------------------------------------


def test_verification_is_public_and_shows_only_name_type_and_date(client, org, skp_non_jpt):
    kode = login(client, org.pegawai).get(reverse("cetak:skp", args=[skp_non_jpt.pk]))["X-Dokumen-Kode"]
    client.logout()
    response = client.get(reverse("cetak:verifikasi"), {"kode": kode})
    assert response.status_code == 200
    body = response.content.decode()
    assert "PEGAWAI UJI" in body
    assert "Sasaran Kinerja Pegawai" in body
    dok = DokumenCetak.objects.get()
    assert tanggal_indonesia(dok.dibuat) in body
    # Nothing else about the person or the plan.
    for secret in (org.pegawai.nip, "DIREKTUR UJI", "RHK utama nomor 1", "Pranata Komputer"):
        assert secret not in body


def test_verification_accepts_the_code_as_people_type_it(client, org, skp_non_jpt):
    login(client, org.pegawai).get(reverse("cetak:skp", args=[skp_non_jpt.pk]))
    client.logout()
    kode = DokumenCetak.objects.get().kode
    typed = f" {kode[:5].lower()} - {kode[5:].lower()} "
    response = client.get(reverse("cetak:verifikasi"), {"kode": typed})
    assert response.status_code == 200 and "PEGAWAI UJI" in response.content.decode()
    response = client.get(reverse("cetak:verifikasi_kode", args=[kode]))
    assert response.status_code == 200 and "PEGAWAI UJI" in response.content.decode()


def test_an_unknown_code_is_not_a_document(client, org, skp_non_jpt):
    login(client, org.pegawai).get(reverse("cetak:skp", args=[skp_non_jpt.pk]))
    client.logout()
    response = client.get(reverse("cetak:verifikasi"), {"kode": "ZZZZZ-ZZZZZ"})
    assert response.status_code == 404
    body = response.content.decode()
    assert "Kode tidak dikenal" in body and "PEGAWAI UJI" not in body


def test_the_empty_verification_form_shows(client):
    response = client.get(reverse("cetak:verifikasi"))
    assert response.status_code == 200
    assert 'name="kode"' in response.content.decode()
    assert "<script>" not in response.content.decode()  # CSP: no inline scripts


def test_verification_refuses_post(client):
    assert client.post(reverse("cetak:verifikasi")).status_code == 405

"""Where the SKP meets the identity service and the leader's matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skp.models import HasilKerja, RhkMasihDiintervensi, Skp
from tests.identity_server import siasn_profile
from tests.skp.conftest import add_rhk, make_skp


@pytest.fixture
def cascaded(org):
    """The Direktur's RHK intervened by the pegawai's RHK (a real foreign key)."""
    atasan = make_skp(org.direktur)
    rhk_atasan = add_rhk(atasan, "Terwujudnya layanan data ASN")
    bawahan = make_skp(org.pegawai)
    rhk_bawahan = add_rhk(bawahan, "Tersedianya data ASN", rhk_atasan=rhk_atasan)
    return atasan, rhk_atasan, bawahan, rhk_bawahan


def test_an_skp_whose_rhk_others_intervene_cannot_be_deleted(cascaded, org):
    atasan, _rhk, _bawahan, rhk_bawahan = cascaded
    with pytest.raises(RhkMasihDiintervensi, match="PEGAWAI UJI: Tersedianya data ASN"):
        atasan.hapus(aktor=org.direktur)
    assert Skp.objects.filter(pk=atasan.pk).exists()
    rhk_bawahan.refresh_from_db()
    assert rhk_bawahan.rhk_atasan_id == _rhk.pk


def test_the_delete_page_says_why_and_a_post_changes_nothing(client, cascaded, org):
    atasan = cascaded[0]
    client.force_login(org.direktur)
    url = reverse("skp:hapus", args=[atasan.pk])
    html = client.get(url).content.decode()
    assert "diintervensi oleh RHK bawahan" in html and "PEGAWAI UJI" in html
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "diintervensi oleh RHK bawahan" in response.content.decode()
    assert Skp.objects.filter(pk=atasan.pk).exists()


def test_an_unlinked_skp_is_still_deleted(client, org):
    skp = make_skp(org.direktur)
    add_rhk(skp, "RHK tanpa bawahan")
    client.force_login(org.direktur)
    client.post(reverse("skp:hapus", args=[skp.pk]))
    assert not Skp.objects.filter(pk=skp.pk).exists()


def test_editing_an_intervened_rhk_lists_the_affected_subordinates_first(client, cascaded, org):
    atasan, rhk_atasan, _b, _r = cascaded
    client.force_login(org.direktur)
    html = client.get(reverse("skp:rhk_edit", args=[atasan.pk, rhk_atasan.pk])).content.decode()
    assert "perubahan akan terlihat di SKP mereka" in html
    assert "PEGAWAI UJI: Tersedianya data ASN" in html
    own = add_rhk(atasan, "RHK tanpa bawahan")
    html = client.get(reverse("skp:rhk_edit", args=[atasan.pk, own.pk])).content.decode()
    assert "perubahan akan terlihat" not in html


def test_a_jpt_rhk_keeps_a_link_to_its_leaders_rhk_and_shows_it_as_penugasan_dari(org):
    leader = make_skp(org.deputi)
    rhk_leader = add_rhk(leader, "Terwujudnya tata kelola SIASN")
    jpt = make_skp(org.direktur)
    rhk = add_rhk(jpt, "Terbangunnya layanan data", rhk_atasan=rhk_leader)
    rhk.refresh_from_db()
    assert rhk.rhk_atasan == rhk_leader
    assert rhk.penugasan_dari == "Deputi Bidang Uji"
    stranger = add_rhk(make_skp(org.rekan), "RHK orang lain")
    with pytest.raises(Exception, match="pejabat penilai Anda"):
        add_rhk(jpt, "Tautan yang salah", rhk_atasan=stranger)
    assert not HasilKerja.objects.filter(teks="Tautan yang salah").exists()


# --- Muat ulang against the loopback SIASN --------------------------------------------------


def test_muat_ulang_refreshes_the_snapshot_from_siasn(client, identity, org):
    skp = make_skp(org.pegawai)
    identity.add(org.pegawai.nip, "x", siasn_profile(
        org.pegawai.nip, nama="PEGAWAI UJI", jabatanNama="Pranata Komputer Ahli Madya",
        unorId=None, instansiKerjaId=None))
    client.force_login(org.pegawai)
    response = client.post(reverse("skp:muat_ulang", args=[skp.pk, "pegawai"]), follow=True)
    assert "dimuat ulang" in response.content.decode()
    skp.refresh_from_db()
    assert skp.snapshot_pegawai["jabatan"] == "Pranata Komputer Ahli Madya"


@pytest.mark.parametrize(
    ("knob", "value", "words"),
    [
        ("profile_status", 503, "SIASN tidak dapat dihubungi"),
        ("delay", 1.0, "SIASN tidak menjawab tepat waktu"),
        ("profile_body", "<<rusak>>", "Jawaban SIASN tidak dapat dibaca"),
    ],
)
def test_muat_ulang_keeps_the_old_snapshot_when_siasn_fails(client, identity, org, knob, value,
                                                             words):
    skp = make_skp(org.pegawai)
    before = dict(skp.snapshot_pegawai)
    identity.add(org.pegawai.nip, "x", siasn_profile(org.pegawai.nip, jabatanNama="BARU"))
    setattr(identity, knob, value)
    client.force_login(org.pegawai)
    response = client.post(reverse("skp:muat_ulang", args=[skp.pk, "pegawai"]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert words in html and "Data lama tetap dipakai" in html
    skp.refresh_from_db()
    assert skp.snapshot_pegawai == before


def test_muat_ulang_when_siasn_does_not_know_the_nip(client, identity, org):
    skp = make_skp(org.pegawai)
    identity.add(org.pegawai.nip, "x", None)
    client.force_login(org.pegawai)
    response = client.post(reverse("skp:muat_ulang", args=[skp.pk, "pegawai"]), follow=True)
    assert "tidak ditemukan di SIASN" in response.content.decode()


def test_the_skp_page_offers_cetak_to_owner_and_rater(client, org):
    skp = make_skp(org.pegawai)
    for who in (org.pegawai, org.direktur):
        client.force_login(who)
        html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
        assert f'href="{reverse("cetak:skp", args=[skp.pk])}"' in html
        assert f'href="{reverse("cetak:lampiran", args=[skp.pk])}"' in html


def test_skp_bawahan_offers_the_bulk_zip(client, org):
    client.force_login(org.direktur)
    html = client.get(reverse("skp:bawahan")).content.decode()
    assert f'href="{reverse("cetak:bundel")}"' in html

from __future__ import annotations

import datetime as dt

import pytest

from ekinerja.models import (
    AtasanTidakDitemukan,
    Penugasan,
    derive_pejabat_penilai,
    unit_ancestor_ids,
)
from tests.factories import make_pegawai, make_unit

ON = dt.date(2026, 6, 1)


def test_ordinary_staff_are_rated_by_the_head_of_their_unit(org):
    penilai = derive_pejabat_penilai(org.pegawai, ON)
    assert penilai.pegawai == org.direktur
    assert penilai.as_snapshot() == {
        "nama": "DIREKTUR UJI", "nip_nrp": org.direktur.nip,
        "pangkat_golongan": "Pembina Utama Muda, IV/c", "jabatan": "Direktur Uji",
        "unit_kerja": "Direktorat Uji", "status": "ASN",
    }


def test_a_unit_head_is_rated_by_the_head_of_the_parent_unit(org):
    assert derive_pejabat_penilai(org.direktur, ON).pegawai == org.deputi
    assert derive_pejabat_penilai(org.deputi, ON).pegawai == org.kepala


def test_it_walks_up_past_parent_units_without_a_head(org):
    seksi = make_unit(org.direktorat.instansi, "Subbagian Tanpa Kepala", parent=org.direktorat)
    subseksi = make_unit(org.direktorat.instansi, "Kelompok Kerja", parent=seksi)
    staf = make_pegawai(subseksi, nama="STAF KELOMPOK")
    assert derive_pejabat_penilai(staf, ON).pegawai == org.direktur


def test_a_plt_fills_a_unit_without_a_head_while_the_assignment_runs(org):
    org.direktorat.kepala = None
    org.direktorat.save()
    Penugasan.objects.create(pegawai=org.rekan, unit=org.direktorat, jenis="PLT",
                             mulai=dt.date(2026, 3, 1), selesai=dt.date(2026, 8, 31))

    penilai = derive_pejabat_penilai(org.pegawai, ON)

    assert penilai.pegawai == org.rekan
    assert penilai.via == "PLT"
    # Signs as the acting head of that unit, not in their own position.
    assert (penilai.jabatan, penilai.unit_kerja) == ("Plt Kepala Direktorat Uji", "Direktorat Uji")
    org.direktorat.nama_jabatan_pimpinan = "Direktur Uji"
    org.direktorat.save()
    assert derive_pejabat_penilai(org.pegawai, ON).jabatan == "Plt Direktur Uji"
    # Before and after the assignment the head is missing, so the Deputi rates.
    assert derive_pejabat_penilai(org.pegawai, dt.date(2026, 2, 28)).pegawai == org.deputi
    assert derive_pejabat_penilai(org.pegawai, dt.date(2026, 9, 1)).pegawai == org.deputi


def test_a_plh_does_not_replace_a_definitive_head(org):
    Penugasan.objects.create(pegawai=org.rekan, unit=org.direktorat, jenis="PLH",
                             mulai=dt.date(2026, 1, 1))
    assert derive_pejabat_penilai(org.pegawai, ON).pegawai == org.direktur


def test_the_plt_of_their_own_unit_goes_to_the_unit_above(org):
    org.direktorat.kepala = None
    org.direktorat.save()
    Penugasan.objects.create(pegawai=org.rekan, unit=org.direktorat, jenis="PLT",
                             mulai=dt.date(2026, 1, 1))
    assert derive_pejabat_penilai(org.rekan, ON).pegawai == org.deputi


def test_the_top_official_without_a_non_asn_rater_gets_a_clear_message(org):
    with pytest.raises(AtasanTidakDitemukan, match="Hubungi Admin Instansi"):
        derive_pejabat_penilai(org.kepala, ON)


def test_the_top_official_gets_the_non_asn_rater_the_admin_entered(org):
    org.badan.penilai_non_asn_nama = "Gubernur Contoh"
    org.badan.penilai_non_asn_nip_nrp = "NRP 12345"
    org.badan.penilai_non_asn_jabatan = "Gubernur"
    org.badan.save()

    penilai = derive_pejabat_penilai(org.kepala, ON)

    assert penilai.pegawai is None
    assert (penilai.nama, penilai.nip_nrp, penilai.status) == (
        "Gubernur Contoh", "NRP 12345", "NON ASN"
    )


def test_a_pegawai_without_a_unit_gets_a_clear_message(db):
    loner = make_pegawai(None, nama="TANPA UNIT")
    with pytest.raises(AtasanTidakDitemukan, match="Unit kerja Anda belum tercatat"):
        derive_pejabat_penilai(loner, ON)


def test_an_inactive_head_is_skipped(org):
    org.direktur.is_active = False
    org.direktur.save()
    assert derive_pejabat_penilai(org.pegawai, ON).pegawai == org.deputi


def test_derivation_costs_the_same_queries_however_deep_the_tree(org, django_assert_num_queries):
    parent = org.direktorat
    for depth in range(8):
        parent = make_unit(org.direktorat.instansi, f"Tingkat {depth}", parent=parent)
    deep = make_pegawai(parent, nama="STAF DALAM")
    deep = type(deep).objects.select_related("unit").get(pk=deep.pk)
    # 1 the chain of unit ids (recursive), 2 those units with their heads,
    # 3 the active Plt/Plh of those units
    with django_assert_num_queries(3):
        assert derive_pejabat_penilai(deep, ON).pegawai == org.direktur


def test_derivation_reads_only_the_chain_not_the_whole_instansi(org):
    for n in range(40):  # a large instansi: many units beside the pegawai's chain
        make_unit(org.direktorat.instansi, f"Unit samping {n}", parent=org.badan)
    chain = unit_ancestor_ids(org.pegawai.unit_id)
    assert chain == [org.direktorat.pk, org.deputi_unit.pk, org.badan.pk]


def test_a_cycle_in_bad_tree_data_does_not_loop_forever(org):
    # Bypass clean(): imported data can be wrong.
    type(org.badan).objects.filter(pk=org.badan.pk).update(parent=org.direktorat)
    assert unit_ancestor_ids(org.direktorat.pk) == [
        org.direktorat.pk, org.deputi_unit.pk, org.badan.pk
    ]
    # The walk ends; with the loop, the next head on the chain is the Direktur's.
    assert derive_pejabat_penilai(org.kepala, ON).pegawai == org.direktur


def test_profil_page_shows_the_derived_rater_or_the_reason(client, org):
    client.force_login(org.pegawai)
    html = client.get("/profil/").content.decode()
    assert "DIREKTUR UJI" in html and "Pejabat Penilai" in html
    client.force_login(org.kepala)
    assert "Atasan tidak ditemukan" in client.get("/profil/").content.decode()

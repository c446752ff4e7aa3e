"""The matrix actions: sync, Tambah Pegawai, removal, and Tambah RHK into a subordinate SKP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ekinerja.models import Notifikasi, Riwayat
from matriks import actions
from matriks.models import BarisMatriks
from skp.models import HasilKerja, SkpTerkunci, StatusSkp
from tests.factories import make_pegawai
from tests.skp.conftest import add_rhk, make_skp, to_status


def _rows(skp):
    return list(
        BarisMatriks.objects.filter(skp_atasan=skp).order_by("skp_bawahan__pegawai__nama")
        .values_list("skp_bawahan__pegawai__nama", "sumber")
    )


def test_it_syncs_the_skps_that_name_the_leader_as_penilai_for_an_overlapping_period(mx, org):
    # Not added: another year, someone rated by another leader, the leader's own other SKP.
    make_skp(org.pegawai, year=2024)
    make_skp(org.deputi)
    make_skp(org.direktur, year=2026)

    added = actions.sync_bawahan(aktor=org.direktur, skp_atasan=mx.atasan)

    assert added == 2
    assert _rows(mx.atasan) == [("PEGAWAI UJI", "sinkron"), ("REKAN UJI", "sinkron")]
    log = Riwayat.untuk(mx.atasan).get(aksi="matriks.sinkronisasi")
    assert sorted(log.sesudah["skp_bawahan"]) == sorted([mx.skp_pegawai.pk, mx.skp_rekan.pk])


def test_it_adds_only_new_skps_on_a_resync_and_keeps_manual_rows(mx, org):
    assert actions.sync_bawahan(aktor=org.direktur, skp_atasan=mx.atasan) == 2
    outsider_skp = make_skp(org.outsider)
    actions.add_pegawai(aktor=org.direktur, skp_atasan=mx.atasan, skp_bawahan=outsider_skp)
    assert actions.sync_bawahan(aktor=org.direktur, skp_atasan=mx.atasan) == 0

    late = make_skp(make_pegawai(org.direktorat, nama="PEGAWAI BARU"))
    assert actions.sync_bawahan(aktor=org.direktur, skp_atasan=mx.atasan) == 1
    rows = _rows(mx.atasan)
    assert ("ORANG LUAR", "manual") in rows
    assert ("PEGAWAI BARU", "sinkron") in rows
    assert len(rows) == 4
    assert late.pk in BarisMatriks.objects.values_list("skp_bawahan_id", flat=True)


def test_it_keeps_a_row_added_by_hand_as_manual_when_sync_would_also_find_it(mx, org):
    actions.add_pegawai(aktor=org.direktur, skp_atasan=mx.atasan, skp_bawahan=mx.skp_pegawai)
    assert actions.sync_bawahan(aktor=org.direktur, skp_atasan=mx.atasan) == 1
    assert _rows(mx.atasan) == [("PEGAWAI UJI", "manual"), ("REKAN UJI", "sinkron")]


def test_it_refuses_an_skp_already_in_the_matrix_the_leaders_own_or_another_period(mx, org):
    actions.add_pegawai(aktor=org.direktur, skp_atasan=mx.atasan, skp_bawahan=mx.skp_pegawai)
    cases = [
        (mx.skp_pegawai, "sudah ada di matriks"),
        (make_skp(org.direktur, year=2026), "SKP Anda sendiri"),
        (make_skp(org.rekan, year=2024), "tidak beririsan"),
    ]
    for skp, text in cases:
        with pytest.raises(ValidationError) as exc:
            actions.add_pegawai(aktor=org.direktur, skp_atasan=mx.atasan, skp_bawahan=skp)
        assert text in exc.value.message_dict["skp"][0]
    assert BarisMatriks.objects.count() == 1


def test_the_database_refuses_duplicate_rows_and_a_row_to_itself(mx, org):
    BarisMatriks.objects.create(skp_atasan=mx.atasan, skp_bawahan=mx.skp_pegawai, sumber="sinkron")
    with pytest.raises(IntegrityError), transaction.atomic():
        BarisMatriks.objects.create(
            skp_atasan=mx.atasan, skp_bawahan=mx.skp_pegawai, sumber="manual"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        BarisMatriks.objects.create(skp_atasan=mx.atasan, skp_bawahan=mx.atasan, sumber="manual")


def test_it_removes_a_row_and_keeps_the_subordinates_rhk_and_link(synced, org):
    rhk = actions.add_rhk_bawahan(
        aktor=org.direktur, baris=BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai),
        rhk_atasan=synced.rhk1, jenis="utama", teks="Laporan integrasi",
    )
    baris = BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai)
    actions.remove_baris(aktor=org.direktur, baris=baris)
    assert not BarisMatriks.objects.filter(pk=baris.pk).exists()
    rhk.refresh_from_db()
    assert rhk.rhk_atasan_id == synced.rhk1.pk
    assert Riwayat.untuk(synced.atasan).filter(aksi="matriks.hapus_baris").count() == 1


def test_tambah_rhk_creates_the_rhk_linked_by_foreign_key_with_history_and_a_notification(
    synced, org
):
    baris = BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai)
    rhk = actions.add_rhk_bawahan(
        aktor=org.direktur, baris=baris, rhk_atasan=synced.rhk2, jenis="tambahan",
        teks="  Rancangan regulasi teknis  ",
    )
    rhk.refresh_from_db()
    assert rhk.skp_id == synced.skp_pegawai.pk
    assert rhk.rhk_atasan_id == synced.rhk2.pk
    assert (rhk.jenis, rhk.teks) == ("tambahan", "Rancangan regulasi teknis")

    # Both SKPs' histories, both by the leader.
    bawahan_log = Riwayat.untuk(synced.skp_pegawai).get(aksi="rhk.tambah")
    atasan_log = Riwayat.untuk(synced.atasan).get(aksi="matriks.tambah_rhk_bawahan")
    assert bawahan_log.aktor == org.direktur and atasan_log.aktor == org.direktur
    assert bawahan_log.sesudah["rhk_atasan"] == synced.rhk2.pk
    assert atasan_log.sesudah["id"] == rhk.pk

    notice = Notifikasi.objects.get(penerima=org.pegawai)
    assert "Rancangan regulasi teknis" in notice.pesan
    assert notice.aktor == org.direktur
    assert notice.url == f"/skp/{synced.skp_pegawai.pk}/"


@pytest.mark.parametrize("status", [StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN])
def test_tambah_rhk_is_refused_once_the_subordinate_skp_left_draft_and_saves_nothing(
    synced, org, status
):
    baris = BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai)
    to_status(synced.skp_pegawai, status)
    rhk_before = list(HasilKerja.objects.filter(skp=synced.skp_pegawai))
    notices_before = Notifikasi.objects.filter(penerima=org.pegawai).count()
    with pytest.raises(SkpTerkunci):
        actions.add_rhk_bawahan(
            aktor=org.direktur, baris=baris, rhk_atasan=synced.rhk1, jenis="utama", teks="X"
        )
    assert list(HasilKerja.objects.filter(skp=synced.skp_pegawai)) == rhk_before
    assert not HasilKerja.objects.filter(skp=synced.skp_pegawai, teks="X").exists()
    assert Notifikasi.objects.filter(penerima=org.pegawai).count() == notices_before
    assert not Riwayat.untuk(synced.atasan).filter(aksi="matriks.tambah_rhk_bawahan").exists()


def test_tambah_rhk_refuses_an_rhk_atasan_from_another_skp(synced, org):
    other = add_rhk(make_skp(org.direktur, year=2026), "RHK tahun lain")
    baris = BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai)
    with pytest.raises(ValidationError) as exc:
        actions.add_rhk_bawahan(
            aktor=org.direktur, baris=baris, rhk_atasan=other, jenis="utama", teks="X"
        )
    assert "rhk_atasan" in exc.value.message_dict
    assert not HasilKerja.objects.filter(skp=synced.skp_pegawai).exists()


def test_tambah_rhk_refuses_a_row_whose_penilai_is_someone_else(mx, org):
    for owner in (org.outsider, org.deputi):
        skp = make_skp(owner, awal=dt.date(2025, 3, 1), akhir=dt.date(2025, 9, 30))
        baris = actions.add_pegawai(aktor=org.direktur, skp_atasan=mx.atasan, skp_bawahan=skp)
        with pytest.raises(ValidationError) as exc:
            actions.add_rhk_bawahan(
                aktor=org.direktur, baris=baris, rhk_atasan=mx.rhk1, jenis="utama", teks="X"
            )
        assert "bukan pejabat penilai" in exc.value.messages[0]
        assert not HasilKerja.objects.filter(skp=skp).exists()


def test_tambah_rhk_links_a_jpt_subordinates_rhk_by_foreign_key(org):
    """The Deputi cascades to the Direktur (both JPT): a real link, shown as Penugasan dari."""
    skp_deputi = make_skp(org.deputi)
    rhk_deputi = add_rhk(skp_deputi, "Terwujudnya tata kelola SIASN")
    skp_direktur = make_skp(org.direktur)
    actions.sync_bawahan(aktor=org.deputi, skp_atasan=skp_deputi)
    baris = BarisMatriks.objects.get(skp_atasan=skp_deputi, skp_bawahan=skp_direktur)

    rhk = actions.add_rhk_bawahan(aktor=org.deputi, baris=baris, rhk_atasan=rhk_deputi,
                                  jenis="utama", teks="Terbangunnya layanan data ASN")

    rhk.refresh_from_db()
    assert rhk.skp == skp_direktur
    assert rhk.rhk_atasan == rhk_deputi
    assert rhk.klasifikasi == HasilKerja.Klasifikasi.INDIVIDU
    assert rhk.penugasan_dari == "Deputi Bidang Uji"


def test_a_blank_rhk_text_is_a_field_error_and_nothing_is_saved(synced, org):
    baris = BarisMatriks.objects.get(skp_bawahan=synced.skp_pegawai)
    with pytest.raises(ValidationError) as exc:
        actions.add_rhk_bawahan(
            aktor=org.direktur, baris=baris, rhk_atasan=synced.rhk1, jenis="utama", teks="   "
        )
    assert "teks" in exc.value.message_dict
    assert not HasilKerja.objects.filter(skp=synced.skp_pegawai).exists()
    assert not Notifikasi.objects.exists()

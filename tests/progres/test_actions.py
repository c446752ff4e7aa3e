"""The rules of Progres Harian: who may log what and when, edits until review, copying, review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekinerja.models import Notifikasi, Riwayat
from progres import actions
from progres.models import (
    HariLibur,
    PengaturanProgres,
    ProgresHarian,
    StatusProgres,
    saran_realisasi,
    total_disetujui,
)
from tests.factories import make_pegawai
from tests.penilaian.conftest import approved_skp, make_skp
from tests.progres.conftest import JUMAT, RABU, SELASA, SENIN, catat, isian


def galat(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


def test_it_logs_a_day_records_history_and_remembers_the_rhk(org, rhk):
    e = catat(org.pegawai, rhk, uraian="  Menyusun laporan  ", volume=Decimal("1.5"))
    assert (e.status, e.uraian, e.volume, e.satuan) == ("diajukan", "Menyusun laporan",
                                                        Decimal("1.5"), "dokumen")
    assert e.id and e.pk == (e.id, RABU)
    row = Riwayat.objects.get(aksi="progres.tambah")
    assert row.objek_id == f"{e.id}/{RABU}" and row.aktor == org.pegawai
    assert PengaturanProgres.objects.get(pegawai=org.pegawai).rhk_terakhir == rhk


@pytest.mark.parametrize(("tanggal", "pesan"), [
    (dt.date(2026, 11, 19), "belum tiba"),
    (dt.date(2026, 11, 15), "bukan hari kerja"),
    (dt.date(2026, 11, 10), "paling lama 7 hari"),
])
def test_it_refuses_future_weekend_and_too_old_days(org, rhk, tanggal, pesan):
    with pytest.raises(ValidationError) as exc:
        catat(org.pegawai, rhk, tanggal)
    assert pesan in galat(exc)["tanggal"][0]
    assert not ProgresHarian.objects.exists()


def test_it_refuses_a_national_holiday(org, rhk):
    HariLibur.objects.create(tanggal=SENIN, nama="Libur Uji")
    with pytest.raises(ValidationError) as exc:
        catat(org.pegawai, rhk, SENIN)
    assert "hari libur (Libur Uji)" in galat(exc)["tanggal"][0]


def test_it_refuses_a_date_outside_the_skp_and_an_skp_not_approved(org):
    draft = make_skp(org.rekan, year=2026)
    from tests.skp.conftest import add_indikator, add_rhk

    r = add_rhk(draft)
    add_indikator(r)
    with pytest.raises(ValidationError) as exc:
        catat(org.rekan, r)
    assert "belum disetujui" in galat(exc)["tanggal"][0]
    # An approved SKP that ends before the date.
    pendek = approved_skp(org.direktur, year=2026)
    pendek_rhk = pendek.hasil_kerja.first()
    from skp.models import Skp

    Skp.objects.filter(pk=pendek.pk).update(periode_akhir=dt.date(2026, 11, 13))
    with pytest.raises(ValidationError) as exc:
        catat(org.direktur, pendek_rhk, RABU)
    assert "di luar periode SKP" in galat(exc)["tanggal"][0]


def test_it_refuses_another_persons_rhk_and_gives_every_field_message(org, rhk):
    other = approved_skp(org.rekan, year=2026).hasil_kerja.first()
    with pytest.raises(ValidationError) as exc:
        catat(org.pegawai, other, uraian=" ", volume=Decimal(0), satuan="",
              bukti_tautan="javascript:alert(1)")
    errors = galat(exc)
    assert set(errors) == {"rhk", "uraian", "volume", "satuan", "bukti_tautan"}
    assert "http://" in errors["bukti_tautan"][0]


def test_a_double_submit_stores_one_entry(org, rhk):
    a = catat(org.pegawai, rhk)
    b = catat(org.pegawai, rhk)
    assert a.pk == b.pk and ProgresHarian.objects.count() == 1


def test_edits_until_review_then_locked(org, rhk):
    e = catat(org.pegawai, rhk)
    baru = actions.ubah_progres(aktor=org.pegawai, entri=e,
                                isian=isian(rhk, SELASA, uraian="Diperbaiki"))
    assert (baru.tanggal, baru.uraian, baru.versi) == (SELASA, "Diperbaiki", 2)
    assert not ProgresHarian.objects.filter(tanggal=RABU).exists()
    # A stale page (version 1) cannot overwrite version 2.
    with pytest.raises(actions.Konflik):
        actions.ubah_progres(aktor=org.pegawai, entri=e, isian=isian(rhk, SELASA), versi=1)
    hasil = actions.setujui_progres(aktor=org.direktur, token=[baru.token])
    assert hasil.disetujui == 1
    baru.refresh_from_db()
    with pytest.raises(actions.Ditolak):
        actions.ubah_progres(aktor=org.pegawai, entri=baru, isian=isian(rhk, SELASA))
    with pytest.raises(actions.Konflik):
        actions.hapus_progres(aktor=org.pegawai, entri=baru)


def test_a_returned_entry_is_fixed_and_goes_back_to_the_rater(org, rhk):
    e = catat(org.pegawai, rhk)
    with pytest.raises(ValidationError):
        actions.kembalikan_progres(aktor=org.direktur, entri=e, catatan=" ")
    with pytest.raises(actions.Ditolak):
        actions.kembalikan_progres(aktor=org.rekan, entri=e, catatan="x")
    actions.kembalikan_progres(aktor=org.direktur, entri=e, catatan="Lengkapi bukti")
    e.refresh_from_db()
    assert (e.status, e.catatan) == ("dikembalikan", "Lengkapi bukti")
    assert Notifikasi.objects.filter(penerima=org.pegawai, pesan__contains="Lengkapi bukti")
    # Fixing it more than N days later on its own date is allowed (the pegawai was asked to).
    fixed = actions.ubah_progres(aktor=org.pegawai, entri=e,
                                 isian=isian(rhk, bukti_tautan="https://drive.example/x"))
    assert fixed.status == "diajukan"
    assert Notifikasi.objects.filter(penerima=org.direktur, pesan__contains="memperbaiki")
    assert list(Riwayat.objects.filter(objek_id=e.kunci_url).values_list("aksi", flat=True)
                .order_by("pk")) == ["progres.tambah", "progres.dikembalikan", "progres.ubah"]


def test_bulk_approval_only_of_own_subordinates_and_unchanged_entries(org, rhk):
    a = catat(org.pegawai, rhk, uraian="A")
    b = catat(org.pegawai, rhk, uraian="B")
    other = catat(org.rekan, approved_skp(org.rekan, year=2026).hasil_kerja.first(), uraian="C")
    asing = make_pegawai(org.badan, nama="ATASAN LAIN")
    assert actions.setujui_progres(aktor=asing, token=[a.token]).disetujui == 0
    actions.ubah_progres(aktor=org.pegawai, entri=b, isian=isian(rhk, uraian="B2"))
    hasil = actions.setujui_progres(aktor=org.direktur,
                                    token=[a.token, b.token, other.token, "garbage", "1:x:2"])
    assert (hasil.disetujui, hasil.berubah) == (2, 1)  # b changed since the page was shown
    status = dict(ProgresHarian.objects.values_list("uraian", "status"))
    assert status == {"A": "disetujui", "B2": "diajukan", "C": "disetujui"}
    assert Notifikasi.objects.filter(pesan__contains="progres harian Anda disetujui").count() == 2
    # A double click approves nothing twice.
    assert actions.setujui_progres(aktor=org.direktur, token=[a.token]).disetujui == 0
    assert Riwayat.objects.filter(aksi="progres.disetujui").count() == 2


def test_copy_from_the_previous_working_day_once(org, rhk):
    catat(org.pegawai, rhk, JUMAT, uraian="Rapat", bukti_tautan="https://x.example/a")
    catat(org.pegawai, rhk, JUMAT, uraian="Laporan")
    baru = actions.salin_kemarin(aktor=org.pegawai, tanggal=SENIN)  # Monday copies Friday
    assert sorted(e.uraian for e in baru) == ["Laporan", "Rapat"]
    assert all(e.bukti_tautan == "" and e.status == "diajukan" for e in baru)
    with pytest.raises(actions.Ditolak, match="sudah disalin"):
        actions.salin_kemarin(aktor=org.pegawai, tanggal=SENIN)
    with pytest.raises(actions.Ditolak, match="Tidak ada progres"):
        actions.salin_kemarin(aktor=org.pegawai, tanggal=RABU)  # Tuesday had nothing
    assert ProgresHarian.objects.filter(tanggal=SENIN).count() == 2


def test_totals_count_only_approved_entries_in_range(org, rhk, skp):
    a = catat(org.pegawai, rhk, uraian="A", volume=Decimal(3))
    b = catat(org.pegawai, rhk, SELASA, uraian="B", volume=Decimal("1.5"))
    catat(org.pegawai, rhk, SENIN, uraian="C", volume=Decimal(10))  # stays waiting
    catat(org.pegawai, rhk, SENIN, uraian="D", volume=Decimal(4), satuan="laporan")
    actions.setujui_progres(aktor=org.direktur, token=[a.token, b.token])
    d = ProgresHarian.objects.get(uraian="D")
    actions.setujui_progres(aktor=org.direktur, token=[d.token])
    totals = total_disetujui(pegawai_id=org.pegawai.pk, rhk_ids=[rhk.pk],
                             awal=SENIN, akhir=RABU)
    assert totals[rhk.pk] == [("dokumen", Decimal("4.5")), ("laporan", Decimal(4))]
    assert saran_realisasi(totals[rhk.pk], "laporan") == "4 laporan"
    assert saran_realisasi(totals[rhk.pk], "") == "4,5 dokumen; 4 laporan"
    assert total_disetujui(pegawai_id=org.pegawai.pk, rhk_ids=[rhk.pk], awal=SELASA,
                           akhir=SELASA)[rhk.pk] == [("dokumen", Decimal("1.5"))]


def test_rencana_aksi_of_the_period_through_the_penilaian_hook(org, rhk, skp):
    from penilaian.models import PeriodePenilaian, RencanaAksi

    per = PeriodePenilaian.objects.get(instansi_id=skp.instansi_id, nama="16 November - 15 Desember",
                                       awal__year=2026)
    ra = RencanaAksi.objects.create(rhk=rhk, periode=per, deskripsi="Rapat mingguan")
    e = catat(org.pegawai, rhk, rencana_aksi_id=ra.pk)
    assert (e.rencana_aksi_id, e.rencana_aksi_teks) == (ra.pk, "Rapat mingguan")
    other = RencanaAksi.objects.create(
        rhk=rhk, periode=PeriodePenilaian.objects.get(instansi_id=skp.instansi_id,
                                                      nama="16 Oktober - 15 November",
                                                      awal__year=2026), deskripsi="Lama")
    with pytest.raises(ValidationError) as exc:
        catat(org.pegawai, rhk, uraian="lain", rencana_aksi_id=other.pk)
    assert "rencana_aksi" in galat(exc)


def test_the_status_and_volume_rules_hold_in_the_database(org, rhk):
    from django.db import IntegrityError, transaction

    e = catat(org.pegawai, rhk)
    for change in ({"status": "rahasia"}, {"volume": Decimal(0)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgresHarian.objects.filter(id=e.id, tanggal=e.tanggal).update(**change)
    assert ProgresHarian.objects.get(id=e.id, tanggal=e.tanggal).status == StatusProgres.DIAJUKAN

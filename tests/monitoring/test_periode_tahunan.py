"""Periods for every year (issue 13 item 6): the explicit action, the instansi's pattern and
deadline settings, the creation hook instead of a signal, and deadline extensions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ekinerja.actions import create_instansi
from ekinerja.auth import apply_profile
from ekinerja.models import Instansi, PolaPeriode, Riwayat
from penilaian.actions import create_periods, extend_deadline
from penilaian.models import (
    CapaianIndikator,
    Ditolak,
    Eviden,
    JenisPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
)
from penilaian.rules import WIB
from tests.factories import make_pegawai, make_unit
from tests.monitoring.conftest import approved_skp

D = dt.date


def periods(instansi, tahun):
    return list(PeriodePenilaian.objects.filter(instansi=instansi, awal__year=tahun)
                .order_by("awal", "-akhir"))


def test_bulanan_follows_bkn_2022_with_the_instansi_deadlines(db):
    instansi = create_instansi(aktor=None, nama="Instansi Bulanan", batas_pengisian_hari=7,
                               batas_final_hari=10)
    made = create_periods(aktor=None, instansi=instansi, tahun=2027)
    assert len(made) == 14
    rows = periods(instansi, 2027)
    monthly = [p for p in rows if p.jenis == JenisPeriode.BULANAN]
    assert [(p.awal, p.akhir) for p in monthly[:3]] == [
        (D(2027, 1, 1), D(2027, 1, 15)), (D(2027, 1, 16), D(2027, 2, 15)),
        (D(2027, 2, 16), D(2027, 3, 15))]
    assert (monthly[-1].awal, monthly[-1].akhir) == (D(2027, 12, 16), D(2027, 12, 31))
    assert monthly[0].nama == "1 Januari - 15 Januari"
    assert all(p.batas_pengisian == p.akhir + dt.timedelta(days=7) for p in monthly)
    final = next(p for p in rows if p.is_final)
    assert (final.awal, final.akhir, final.batas_pengisian) == (D(2027, 1, 1), D(2027, 12, 31),
                                                                 D(2028, 1, 10))
    assert Riwayat.untuk(instansi).filter(aksi="periode.buat_tahun",
                                          sesudah__tahun=2027).count() == 1


def test_triwulanan_makes_four_quarters_and_final(db):
    instansi = create_instansi(aktor=None, nama="Instansi Triwulan",
                               pola_periode=PolaPeriode.TRIWULANAN)
    create_periods(aktor=None, instansi=instansi, tahun=2028)
    rows = periods(instansi, 2028)
    quarters = [(p.nama, p.awal, p.akhir, p.batas_pengisian) for p in rows if not p.is_final]
    assert quarters == [
        ("Triwulan I (Januari - Maret)", D(2028, 1, 1), D(2028, 3, 31), D(2028, 4, 5)),
        ("Triwulan II (April - Juni)", D(2028, 4, 1), D(2028, 6, 30), D(2028, 7, 5)),
        ("Triwulan III (Juli - September)", D(2028, 7, 1), D(2028, 9, 30), D(2028, 10, 5)),
        ("Triwulan IV (Oktober - Desember)", D(2028, 10, 1), D(2028, 12, 31), D(2029, 1, 5)),
    ]
    assert {p.jenis for p in rows} == {JenisPeriode.TRIWULANAN, JenisPeriode.FINAL}


def test_creating_periods_twice_makes_one_set(db):
    instansi = create_instansi(aktor=None, nama="Instansi Dua Kali")
    assert len(create_periods(aktor=None, instansi=instansi, tahun=2030)) == 14
    assert create_periods(aktor=None, instansi=instansi, tahun=2030) == []
    assert len(periods(instansi, 2030)) == 14


def test_a_new_instansi_gets_this_years_periods_through_the_action_not_a_signal(db):
    created = create_instansi(aktor=None, nama="Lewat Aksi")
    assert len(periods(created, 2025)) == 14  # "now" is 1 July 2025 (conftest)
    bare = Instansi.objects.create(nama="Tanpa Aksi")  # no post_save signal any more
    assert periods(bare, 2025) == []


def test_an_instansi_from_a_siasn_profile_gets_its_periods(db):
    pegawai = apply_profile({"nipBaru": "198501012010011999", "nama": "DARI SIASN",
                             "instansiKerjaId": "SIASN-BARU", "instansiKerjaNama": "Instansi Baru",
                             "unorId": "U1", "unorNama": "Unit Baru"})
    assert len(periods(pegawai.instansi, 2025)) == 14
    assert Riwayat.untuk(pegawai.instansi).filter(aksi="instansi.buat").exists()


def test_a_national_admin_adding_an_instansi_in_the_admin_gets_its_periods(client, db):
    from ekinerja.models import Pegawai

    root = Pegawai.objects.create_superuser("199001012015011001", "rahasia-uji-123")
    client.force_login(root)
    response = client.post(reverse("admin:ekinerja_instansi_add"), {
        "nama": "Instansi Admin", "siasn_id": "", "timezone": "Asia/Jakarta",
        "pola_periode": "triwulanan", "batas_pengisian_hari": 5, "batas_final_hari": 10,
        "pengingat_skp_bulan": 1, "pengingat_skp_tanggal": 31, "pengingat_realisasi_hari": 3,
        "pengingat_pengajuan_hari": 7, "pengingat_penilaian_hari": 2,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    instansi = Instansi.objects.get(nama="Instansi Admin")
    assert len(periods(instansi, 2025)) == 5


def test_an_impossible_reminder_date_is_refused_next_to_the_field(db):
    instansi = Instansi(nama="X", pengingat_skp_bulan=2, pengingat_skp_tanggal=31)
    with pytest.raises(ValidationError) as exc:
        instansi.full_clean()
    assert "Tanggal tidak ada pada bulan tersebut." in exc.value.message_dict[
        "pengingat_skp_tanggal"]


# --- deadline extensions --------------------------------------------------------------------


@pytest.fixture
def skp(org, berakhlak):
    return approved_skp(org.pegawai)


def after_deadline():
    return dt.datetime(2025, 7, 22, 10, 0, tzinfo=WIB)  # June's deadline was 20 Juli


def ind_of(skp):
    return skp.hasil_kerja.first().indikator.first()


def test_after_the_deadline_eviden_is_refused_until_extended_for_the_instansi(org, skp, juni):
    ind = ind_of(skp)
    with pytest.raises(Ditolak, match="2025-07-20"):
        Eviden.tambah(ind, juni, nama="Laporan", tautan="https://x.example/a",
                      aktor=org.pegawai, now=after_deadline())
    extend_deadline(aktor=org.admin, periode=juni, unit=None, batas=D(2025, 7, 25),
                    alasan="Gangguan jaringan")
    Eviden.tambah(ind, juni, nama="Laporan", tautan="https://x.example/a", aktor=org.pegawai,
                  now=after_deadline())
    CapaianIndikator.set_realisasi(ind, juni, realisasi="5", sumber_data="", aktor=org.pegawai,
                                   now=after_deadline())
    assert PeriodePenilaian.objects.untuk_skp(skp).get(pk=juni.pk).batas_efektif == D(2025, 7, 25)
    with pytest.raises(Ditolak, match="2025-07-25"):
        Eviden.tambah(ind, juni, nama="Terlambat", tautan="https://x.example/b",
                      aktor=org.pegawai, now=dt.datetime(2025, 7, 26, 0, 0, tzinfo=WIB))


def test_a_unit_extension_covers_that_unit_and_below_only(org, skp, juni, bagian):
    unit, kabag, staf = bagian
    other_unit = make_unit(org.badan.instansi, "Unit Sebelah", parent=org.badan)
    other = approved_skp(make_pegawai(other_unit, nama="ORANG SEBELAH"))
    below = approved_skp(staf[0])
    extend_deadline(aktor=org.admin, periode=juni, unit=org.direktorat, batas=D(2025, 7, 31),
                    alasan="Audit internal")
    for s in (skp, below):  # the Direktorat, and its Bagian
        assert juni.batas_untuk(s) == D(2025, 7, 31)
        assert juni.terbuka_untuk(s, after_deadline())
    assert juni.batas_untuk(other) == D(2025, 7, 20)
    with pytest.raises(Ditolak):
        Eviden.tambah(ind_of(other), juni, nama="L", tautan="https://x.example/c",
                      aktor=other.pegawai, now=after_deadline())


def test_extending_again_replaces_it_and_is_recorded(org, juni):
    extend_deadline(aktor=org.admin, periode=juni, unit=None, batas=D(2025, 7, 25), alasan="A")
    extend_deadline(aktor=org.admin, periode=juni, unit=None, batas=D(2025, 7, 28), alasan="B")
    assert list(PerpanjanganBatas.objects.filter(periode=juni).values_list("batas", flat=True)) \
        == [D(2025, 7, 28)]
    log = list(Riwayat.untuk(juni).filter(aksi="periode.perpanjang").order_by("pk"))
    assert [r.sebelum and r.sebelum["batas"] for r in log] == [None, "2025-07-25"]
    assert log[-1].sesudah["batas"] == "2025-07-28" and log[-1].alasan == "B"
    assert log[-1].aktor == org.admin


@pytest.mark.parametrize(("batas", "alasan", "field"), [
    (D(2025, 7, 20), "x", "batas"),   # not after the current deadline
    (D(2025, 7, 25), "  ", "alasan"),
])
def test_bad_extensions_are_refused_with_a_message_per_field(org, juni, batas, alasan, field):
    with pytest.raises(ValidationError) as exc:
        extend_deadline(aktor=org.admin, periode=juni, unit=None, batas=batas, alasan=alasan)
    assert field in exc.value.message_dict
    assert not PerpanjanganBatas.objects.exists()


def test_a_unit_of_another_instansi_is_refused(org, juni):
    with pytest.raises(ValidationError) as exc:
        extend_deadline(aktor=org.admin, periode=juni, unit=org.outsider.unit,
                        batas=D(2025, 7, 25), alasan="x")
    assert "unit" in exc.value.message_dict


# --- the pages ------------------------------------------------------------------------------


def test_the_admin_makes_next_years_periods_from_the_page(client, org):
    client.force_login(org.admin)
    page = client.get(reverse("monitoring:periode")).content.decode()
    assert "Bulanan (16–15, pola BKN 2022)" in page and "16 Juni - 15 Juli" in page
    response = client.post(reverse("monitoring:periode"), {"tahun": "2026"}, follow=True)
    assert "14 periode tahun 2026 dibuat." in response.content.decode()
    response = client.post(reverse("monitoring:periode"), {"tahun": "2026"}, follow=True)
    assert "Periode tahun 2026 sudah ada" in response.content.decode()
    bad = client.post(reverse("monitoring:periode"), {"tahun": "dua ribu"})
    assert bad.status_code == 200 and "Tahun tidak valid." in bad.content.decode()


def test_the_admin_extends_a_deadline_on_the_page(client, org, juni):
    client.force_login(org.admin)
    url = reverse("monitoring:perpanjang", args=[juni.pk])
    bad = client.post(url, {"unit": "", "batas": "2025-07-10", "alasan": "Terlalu awal"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "Batas baru harus setelah batas pengisian" in html
    assert "Terlalu awal" in html  # the typed value stays
    ok = client.post(url, {"unit": str(org.direktorat.pk), "batas": "2025-07-27",
                           "alasan": "Server down"}, follow=True)
    assert "diperpanjang sampai 2025-07-27 untuk Direktorat Uji" in ok.content.decode()
    assert PerpanjanganBatas.objects.get().unit == org.direktorat


@pytest.mark.parametrize("who", ["direktur", "pegawai", "outsider"])
def test_only_the_admin_instansi_manages_periods_and_deadlines(client, org, juni, who):
    client.force_login(getattr(org, who))
    for url in (reverse("monitoring:periode"),
                reverse("monitoring:perpanjang", args=[juni.pk])):
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, {"tahun": "2026", "batas": "2025-07-30",
                                 "alasan": "x"}).status_code in (403, 404)
    assert not PerpanjanganBatas.objects.exists()
    assert not PeriodePenilaian.objects.filter(awal__year=2026).exists()


def test_an_admin_of_another_instansi_cannot_extend_this_period(client, org, juni):
    other_admin = make_pegawai(org.outsider.unit, nama="ADMIN LAIN", is_admin_instansi=True)
    client.force_login(other_admin)
    url = reverse("monitoring:perpanjang", args=[juni.pk])
    assert client.post(url, {"batas": "2025-07-30", "alasan": "x"}).status_code == 404
    assert not PerpanjanganBatas.objects.exists()


def test_the_database_keeps_one_extension_per_period_and_unit(org, juni):
    from django.db import IntegrityError, transaction

    PerpanjanganBatas.objects.create(periode=juni, unit=None, batas=D(2025, 7, 25), alasan="a")
    PerpanjanganBatas.objects.create(periode=juni, unit=org.direktorat, batas=D(2025, 7, 25),
                                     alasan="b")
    for unit in (None, org.direktorat):
        with pytest.raises(IntegrityError), transaction.atomic():
            PerpanjanganBatas.objects.create(periode=juni, unit=unit, batas=D(2025, 7, 26),
                                             alasan="dua kali")

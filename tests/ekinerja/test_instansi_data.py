"""Every hot table carries its instansi (issue 16): filled by the normal flows, and a child whose
instansi differs from its parent's is refused by the database itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from ekinerja.models import AksesData, Notifikasi, Riwayat
from matriks import actions as matriks_actions
from matriks.models import BarisMatriks
from penilaian.models import (
    CapaianIndikator,
    Eviden,
    Keberatan,
    Penilaian,
    RencanaAksi,
    UmpanBalikPerilaku,
)
from progres import actions as progres_actions
from progres.models import ProgresHarian
from skp.models import EkspektasiKhusus, HasilKerja, Indikator, LampiranItem, PerilakuKerja, Skp
from tests.factories import make_instansi, make_pegawai, make_unit
from tests.penilaian.conftest import approved_skp, periode_of, periods_2025  # noqa: F401
from tests.skp.conftest import add_indikator, add_rhk, make_skp

HOT = [Skp, HasilKerja, Indikator, LampiranItem, EkspektasiKhusus, BarisMatriks, Penilaian, Eviden,
       CapaianIndikator, RencanaAksi, UmpanBalikPerilaku, Keberatan, ProgresHarian, Notifikasi,
       Riwayat, AksesData]
OPEN = dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.UTC)  # before June 2025's deadline


@pytest.fixture
def flows(org, periods_2025, client, time_machine):  # noqa: F811
    """One pass through every flow that writes a hot row, as the app does it."""
    leader_skp = approved_skp(org.direktur, n_rhk=1, n_ind=1)
    leader_rhk = leader_skp.hasil_kerja.get()
    skp = make_skp(org.pegawai)
    rhk = add_rhk(skp, "RHK yang mengintervensi", rhk_atasan=leader_rhk)
    ind = add_indikator(rhk)
    skp.add_lampiran(jenis=LampiranItem.Jenis.KONSEKUENSI, teks="Sesuai ketentuan",
                     aktor=org.pegawai)
    skp.submit(aktor=org.pegawai)
    skp.approve(aktor=org.direktur)
    skp.refresh_from_db()
    perilaku = PerilakuKerja.objects.filter(versi=skp.perilaku_versi).first()
    skp.set_ekspektasi(perilaku, "Responsif", aktor=org.direktur)
    matriks_actions.sync_bawahan(aktor=org.direktur, skp_atasan=leader_skp)
    juni, final = periode_of(skp), periode_of(skp, "Final")
    Eviden.tambah(ind, juni, nama="Laporan", tautan="https://drive.example/a", aktor=org.pegawai,
                  now=OPEN)
    CapaianIndikator.set_realisasi(ind, juni, realisasi="10", sumber_data="Aplikasi",
                                   aktor=org.pegawai, now=OPEN)
    CapaianIndikator.set_feedback(ind, juni, teks="Baik", aktor=org.direktur)
    RencanaAksi.tambah(rhk, juni, deskripsi="Menyusun", target="1", aktor=org.pegawai, now=OPEN)
    UmpanBalikPerilaku.tambah(skp, perilaku, teks="Sigap", jempol=True, aktor=org.direktur,
                              periode=juni)
    UmpanBalikPerilaku.tambah(skp, perilaku, teks="Membantu", jempol=True, aktor=org.rekan)
    pn = Penilaian.untuk(skp, final)
    pn.set_rating("hasil", "SESUAI", aktor=org.direktur)
    pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    Keberatan.ajukan(pn, alasan="Target tercapai", aktor=org.pegawai)
    # Progres Harian on a working day inside the SKP, "today" for the action.
    time_machine.move_to(dt.datetime(2025, 7, 2, 10, 0, tzinfo=dt.UTC), tick=False)
    progres_actions.catat_progres(aktor=org.pegawai, isian=progres_actions.Isian(
        tanggal=dt.date(2025, 7, 2), rhk_id=rhk.pk, uraian="Menyusun laporan",
        volume=Decimal(1), satuan="dokumen"))
    # The rater opens the SKP page: a view-log row.
    client.force_login(org.direktur)
    assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 200
    return skp


def test_every_hot_row_carries_its_instansi_after_the_normal_flows(org, flows):
    instansi_id = org.pegawai.instansi_id
    for model in HOT:
        ours = model.objects.filter(instansi_id=instansi_id)
        assert ours.exists(), f"{model.__name__}: no row with the instansi"
        if model not in (Riwayat, AksesData, Notifikasi):
            assert not model.objects.exclude(instansi_id=instansi_id).exists(), model.__name__
    # The history of objects of the org (SKPs, penilaian, keberatan, periods, the instansi)
    # all name it; only rows about people of no instansi may be empty.
    assert not Riwayat.objects.filter(instansi__isnull=True).exclude(pemilik__isnull=True) \
        .filter(pemilik__instansi__isnull=False).exists()
    assert not Notifikasi.objects.filter(instansi__isnull=True).exists()


@pytest.mark.parametrize("case", ["rhk", "indikator", "lampiran", "penilaian", "baris", "skp"])
def test_a_child_of_another_instansi_is_refused_by_the_database(org, periods_2025, case):  # noqa: F811
    skp = approved_skp(org.pegawai, n_rhk=1, n_ind=1)
    rhk = skp.hasil_kerja.get()
    other = make_instansi("Instansi Lain Lagi")
    cursor = connection.cursor()
    model = {"rhk": HasilKerja, "indikator": Indikator, "lampiran": LampiranItem,
             "penilaian": Penilaian, "baris": BarisMatriks}.get(case)
    sql = {
        "rhk": ("INSERT INTO skp_hasilkerja (skp_id, jenis, klasifikasi, teks, penugasan_dari,"
                " urutan, instansi_id) VALUES (%s, 'utama', '', 'x', '', 9, %s)", [skp.pk]),
        "indikator": ("INSERT INTO skp_indikator (rhk_id, teks, aspek, perspektif, target_teks,"
                      " target_satuan, urutan, instansi_id) VALUES (%s, 'x', '', '', '', '', 9, %s)",
                      [rhk.pk]),
        "lampiran": ("INSERT INTO skp_lampiranitem (skp_id, jenis, teks, urutan, instansi_id)"
                     " VALUES (%s, 'konsekuensi', 'x', 9, %s)", [skp.pk]),
        "penilaian": ("INSERT INTO penilaian_penilaian (skp_id, periode_id, rating_hasil,"
                      " rating_perilaku, predikat_matriks, predikat_override, alasan_override,"
                      " predikat_keberatan, versi, instansi_id)"
                      " VALUES (%s, %s, '', '', '', '', '', '', 0, %s)",
                      [skp.pk, periode_of(skp).pk]),
        "baris": ("INSERT INTO matriks_barismatriks (skp_atasan_id, skp_bawahan_id, sumber, dibuat,"
                  " instansi_id) VALUES (%s, %s, 'manual', now(), %s)",
                  [skp.pk, make_skp(org.rekan).pk]),
    }
    if case == "skp":
        # Through the ORM too: an SKP for a pegawai of one instansi filed under another.
        with pytest.raises(IntegrityError, match="berbeda dari instansi induknya"), \
                transaction.atomic():
            Skp.objects.create(pegawai=org.rekan, instansi=other, periode_awal=dt.date(2024, 1, 1),
                               periode_akhir=dt.date(2024, 12, 31), pendekatan="kuantitatif",
                               format="NON_JPT")
        return
    query, params = sql[case]
    with pytest.raises(IntegrityError, match="berbeda dari instansi induknya"), \
            transaction.atomic():
        cursor.execute(query, [*params, other.pk])
    # Moving an existing child under another instansi is refused as well.
    with pytest.raises(IntegrityError), transaction.atomic():
        HasilKerja.objects.filter(pk=rhk.pk).update(instansi=other)
    # Without an instansi the row takes its parent's (a bulk insert, COPY, raw SQL).
    with transaction.atomic():
        cursor.execute(query.replace(", instansi_id)", ")").replace(", %s)", ")"), params)
    assert model.objects.count() > 0
    assert not model.objects.exclude(instansi_id=skp.instansi_id).exists()


def test_a_unit_of_another_instansi_gives_its_own_rows_its_own_instansi(org):
    """Two instansi side by side: each SKP chain carries its own."""
    other = make_instansi("Instansi Kedua")
    unit = make_unit(other, "Unit Kedua")
    head = make_pegawai(unit, nama="KEPALA KEDUA")
    unit.kepala = head
    unit.save(update_fields=["kepala"])
    staff = make_pegawai(unit, nama="STAF KEDUA")
    a = approved_skp(org.pegawai)
    b = approved_skp(staff)
    assert a.instansi_id == org.pegawai.instansi_id and b.instansi_id == other.pk
    assert set(Indikator.objects.filter(rhk__skp=b).values_list("instansi_id", flat=True)) == {
        other.pk}
    assert set(Riwayat.untuk(b).values_list("instansi_id", flat=True)) == {other.pk}

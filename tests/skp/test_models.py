from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ekinerja.models import KelasJabatan, Riwayat
from skp.models import (
    FormatSkp,
    HasilKerja,
    PerilakuKerja,
    RhkMasihDiintervensi,
    Skp,
    SkpTerkunci,
    StatusSkp,
    parse_target,
)
from tests.factories import make_pegawai
from tests.skp.conftest import add_indikator, add_rhk, ajukan, make_skp


@pytest.mark.parametrize(
    ("text", "nilai", "satuan"),
    [
        ("92", Decimal("92"), ""),
        ("100 %", Decimal("100"), "%"),
        ("2,5 jam", Decimal("2.5"), "jam"),
        ("2.5 jam", Decimal("2.5"), "jam"),
        ("1.000 dokumen", Decimal("1000"), "dokumen"),
        ("12 laporan", Decimal("12"), "laporan"),
        ("dokumen", None, "dokumen"),
        ("", None, ""),
    ],
)
def test_it_parses_targets_into_number_and_unit(text, nilai, satuan):
    assert parse_target(text) == (nilai, satuan)


def test_it_loads_the_seven_berakhlak_values_with_three_guides_each(db):
    values = list(PerilakuKerja.objects.filter(versi="SE-MENPANRB-20-2021"))
    assert [v.nama for v in values] == [
        "Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif",
        "Kolaboratif",
    ]
    assert all(len(v.panduan) == 3 for v in values)
    assert values[0].panduan[0] == "Memahami dan memenuhi kebutuhan masyarakat"


def test_it_creates_a_draft_with_format_penilai_and_snapshots(org):
    skp = make_skp(org.direktur)
    assert skp.status == StatusSkp.DRAFT and skp.is_editable
    assert skp.format == FormatSkp.JPT
    assert skp.pejabat_penilai == org.deputi
    assert skp.snapshot_pegawai["nama"] == "DIREKTUR UJI"
    assert skp.snapshot_pegawai["pangkat_golongan"] == "Pembina Utama Muda, IV/c"
    assert skp.snapshot_pegawai["unit_kerja"] == "Direktorat Uji"
    assert skp.snapshot_penilai["nip_nrp"] == org.deputi.nip
    assert skp.snapshot_atasan_penilai["nama"] == "KEPALA BADAN"
    assert skp.instansi_id == org.direktur.instansi_id and skp.unit == org.direktorat
    row = Riwayat.untuk(skp).get()
    assert row.aksi == "skp.tambah" and row.aktor == org.direktur
    assert row.sesudah["periode_awal"] == "2025-01-01"


def test_it_uses_non_jpt_format_for_a_fungsional_and_jpt_for_pimpinan_unit(org):
    assert make_skp(org.pegawai).format == FormatSkp.NON_JPT
    org.rekan.pimpinan_unit = True
    org.rekan.save()
    assert make_skp(org.rekan).format == FormatSkp.JPT


def test_it_keeps_the_format_fixed_when_the_class_changes_later(org):
    skp = make_skp(org.pegawai)
    org.pegawai.kelas_jabatan = KelasJabatan.JPT_PRATAMA
    org.pegawai.save()
    skp.refresh_from_db()
    assert skp.format == FormatSkp.NON_JPT


@pytest.mark.parametrize(
    ("awal", "akhir", "pendekatan", "field", "fragment"),
    [
        (dt.date(2025, 12, 1), dt.date(2026, 1, 31), "kuantitatif", "periode_akhir", "satu tahun"),
        (dt.date(2025, 6, 1), dt.date(2025, 5, 1), "kuantitatif", "periode_akhir", "sebelum"),
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "", "pendekatan", "Pilih pendekatan"),
    ],
)
def test_it_refuses_bad_periods(org, awal, akhir, pendekatan, field, fragment):
    with pytest.raises(ValidationError) as exc:
        Skp.create_for(org.pegawai, periode_awal=awal, periode_akhir=akhir,
                       pendekatan=pendekatan, aktor=org.pegawai)
    assert fragment in " ".join(exc.value.message_dict[field])
    assert not Skp.objects.exists()


def test_it_refuses_overlap_but_allows_adjacent_periods_and_other_people(org):
    make_skp(org.pegawai, awal=dt.date(2025, 1, 1), akhir=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError) as exc:
        make_skp(org.pegawai, awal=dt.date(2025, 6, 30), akhir=dt.date(2025, 12, 31))
    assert "tumpang tindih" in exc.value.message_dict["periode_awal"][0]
    make_skp(org.pegawai, awal=dt.date(2025, 7, 1), akhir=dt.date(2025, 12, 31))
    make_skp(org.rekan, awal=dt.date(2025, 1, 1), akhir=dt.date(2025, 12, 31))
    assert Skp.objects.count() == 3


def test_it_lets_an_edit_keep_its_own_period_and_logs_before_and_after(org):
    skp = make_skp(org.pegawai)
    skp.update_header(periode_awal=dt.date(2025, 1, 1), periode_akhir=dt.date(2025, 6, 30),
                      pendekatan="kualitatif", aktor=org.pegawai)
    skp.refresh_from_db()
    assert skp.periode_akhir == dt.date(2025, 6, 30) and skp.pendekatan == "kualitatif"
    row = Riwayat.untuk(skp).filter(aksi="skp.ubah").get()
    assert row.sebelum["periode_akhir"] == "2025-12-31"
    assert row.sesudah == {"periode_awal": "2025-01-01", "periode_akhir": "2025-06-30",
                           "pendekatan": "kualitatif"}


def test_the_database_refuses_an_unknown_status_and_reversed_period(org):
    skp = make_skp(org.pegawai)
    with pytest.raises(IntegrityError), transaction.atomic():
        Skp.objects.filter(pk=skp.pk).update(status="disetujui")
    with pytest.raises(IntegrityError), transaction.atomic():
        Skp.objects.filter(pk=skp.pk).update(periode_awal=dt.date(2026, 1, 1))


def test_a_missing_atasan_leaves_the_penilai_empty(org):
    # Without a unit, still of an instansi: every SKP belongs to one (issue 16).
    loner = make_pegawai(None, nama="TANPA UNIT", instansi=org.badan.instansi)
    skp = make_skp(loner)
    assert skp.pejabat_penilai is None and skp.snapshot_penilai == {}


def test_no_skp_without_an_instansi_and_the_page_says_why(org, client):
    stateless = make_pegawai(None, nama="TANPA INSTANSI")
    with pytest.raises(ValidationError, match="Instansi Anda belum tercatat"):
        make_skp(stateless)
    client.force_login(stateless)
    response = client.post(reverse("skp:tambah"), {
        "periode_awal": "2025-01-01", "periode_akhir": "2025-12-31",
        "pendekatan": "kuantitatif"}, follow=True)
    assert response.status_code == 200
    assert "Instansi Anda belum tercatat" in response.content.decode()
    assert not Skp.objects.filter(pegawai=stateless).exists()


def test_jpt_rhk_needs_klasifikasi_and_keeps_penugasan(skp_jpt):
    with pytest.raises(ValidationError) as exc:
        skp_jpt.add_rhk(aktor=skp_jpt.pegawai, jenis="utama", teks="X", klasifikasi="")
    assert "klasifikasi" in exc.value.message_dict
    rhk = add_rhk(skp_jpt, penugasan_dari="Deputi Bidang Uji")
    assert rhk.penugasan_dari == "Deputi Bidang Uji" and rhk.rhk_atasan is None


def test_rhk_needs_text_and_a_valid_jenis(skp_pegawai):
    with pytest.raises(ValidationError) as exc:
        skp_pegawai.add_rhk(aktor=skp_pegawai.pegawai, jenis="lain", teks="  ")
    assert set(exc.value.message_dict) == {"teks", "jenis"}
    assert not HasilKerja.objects.exists()


def test_non_jpt_rhk_intervenes_only_the_penilais_rhk_of_an_overlapping_skp(org, skp_jpt):
    leader_rhk = add_rhk(skp_jpt, "RHK Direktur")
    other = make_skp(org.rekan)
    stranger_rhk = add_rhk(other, "RHK rekan")
    old = make_skp(org.direktur, year=2024)
    old_rhk = add_rhk(old, "RHK Direktur 2024")
    skp = make_skp(org.pegawai)
    assert list(skp.intervensi_options()) == [leader_rhk]
    rhk = add_rhk(skp, "RHK saya", rhk_atasan=leader_rhk)
    assert rhk.rhk_atasan == leader_rhk
    for wrong in (stranger_rhk, old_rhk):
        with pytest.raises(ValidationError) as exc:
            add_rhk(skp, "RHK salah", rhk_atasan=wrong)
        assert "rhk_atasan" in exc.value.message_dict


def test_deleting_an_intervened_rhk_is_refused_until_relinked(org, skp_jpt):
    leader_rhk = add_rhk(skp_jpt, "RHK Direktur")
    sub = add_rhk(make_skp(org.pegawai), "RHK bawahan", rhk_atasan=leader_rhk)
    with pytest.raises(RhkMasihDiintervensi) as exc:
        leader_rhk.hapus(aktor=org.direktur)
    assert "RHK bawahan" in str(exc.value)
    sub.update(aktor=org.pegawai, rhk_atasan=None)
    leader_rhk.hapus(aktor=org.direktur)
    assert not HasilKerja.objects.filter(pk=leader_rhk.pk).exists()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"target_teks": ""}, "target_teks"),
        ({"target_teks": "tinggi"}, "target_teks"),
        ({"target_teks": "90-100 %"}, "target_teks"),
        ({"perspektif": ""}, "perspektif"),
        ({"perspektif": "lain"}, "perspektif"),
        ({"teks": " "}, "teks"),
    ],
)
def test_jpt_kuantitatif_indicators_need_numeric_target_and_perspektif(skp_jpt, fields, error_field):
    rhk = add_rhk(skp_jpt)
    with pytest.raises(ValidationError) as exc:
        add_indikator(rhk, **fields)
    assert error_field in exc.value.message_dict


def test_it_stores_the_target_as_typed_and_parsed(skp_jpt):
    ind = add_indikator(add_rhk(skp_jpt), target_teks=" 100 % ")
    ind.refresh_from_db()
    assert (ind.target_teks, ind.target_nilai, ind.target_satuan) == ("100 %", Decimal("100"), "%")


def test_kualitatif_indicators_have_no_target_or_perspektif(org):
    skp = make_skp(org.direktur, pendekatan="kualitatif")
    ind = add_rhk(skp).add_indikator(aktor=org.direktur, teks="Kepuasan Pengguna",
                                     target_teks="92", perspektif="anggaran")
    ind.refresh_from_db()
    assert (ind.target_teks, ind.target_nilai, ind.perspektif) == ("", None, "")


def test_non_jpt_indicators_always_need_an_aspek(org):
    for pendekatan in ("kuantitatif", "kualitatif"):
        skp = make_skp(org.pegawai, year=2025 if pendekatan == "kuantitatif" else 2026,
                       pendekatan=pendekatan)
        with pytest.raises(ValidationError) as exc:
            add_indikator(add_rhk(skp), aspek="")
        assert "aspek" in exc.value.message_dict


def test_content_changes_are_refused_when_not_draft(org, skp_jpt):
    rhk = add_rhk(skp_jpt)
    ind = add_indikator(rhk)
    item = skp_jpt.add_lampiran(jenis="konsekuensi", teks="Reward", aktor=org.direktur)
    ajukan(skp_jpt)
    rhk.skp = ind.rhk.skp = item.skp = skp_jpt
    attempts = [
        lambda: add_rhk(skp_jpt),
        lambda: rhk.update(aktor=org.direktur, teks="baru"),
        lambda: rhk.hapus(aktor=org.direktur),
        lambda: rhk.move("turun", aktor=org.direktur),
        lambda: add_indikator(rhk),
        lambda: ind.update(aktor=org.direktur, teks="baru"),
        lambda: ind.hapus(aktor=org.direktur),
        lambda: skp_jpt.add_lampiran(jenis="konsekuensi", teks="x", aktor=org.direktur),
        lambda: item.update(teks="baru", aktor=org.direktur),
        lambda: item.hapus(aktor=org.direktur),
        lambda: skp_jpt.hapus(aktor=org.direktur),
        lambda: skp_jpt.update_header(periode_awal=dt.date(2025, 2, 1),
                                      periode_akhir=dt.date(2025, 12, 31),
                                      pendekatan="kuantitatif", aktor=org.direktur),
        lambda: skp_jpt.ganti_penilai(org.kepala, aktor=org.direktur),
    ]
    for attempt in attempts:
        with pytest.raises(SkpTerkunci, match="PENGAJUAN"):
            attempt()
    assert HasilKerja.objects.get().teks == "RHK uji"
    assert Skp.objects.filter(pk=skp_jpt.pk).exists()


def test_every_content_change_is_recorded_with_before_and_after(org, skp_jpt):
    rhk = add_rhk(skp_jpt, "Lama")
    rhk.update(aktor=org.direktur, teks="Baru")
    ind = add_indikator(rhk)
    ind.update(aktor=org.direktur, target_teks="95")
    ind.hapus(aktor=org.direktur)
    item = skp_jpt.add_lampiran(jenis="dukungan_sumber_daya", teks="Laptop", aktor=org.direktur)
    item.update(teks="Komputer", aktor=org.direktur)
    perilaku = PerilakuKerja.objects.get(urutan=4)
    skp_jpt.set_ekspektasi(perilaku, "Rajin Masuk", aktor=org.deputi)
    rows = {r.aksi: r for r in Riwayat.untuk(skp_jpt)}
    assert rows["rhk.ubah"].sebelum["teks"] == "Lama" and rows["rhk.ubah"].sesudah["teks"] == "Baru"
    assert rows["indikator.ubah"].sebelum["target"] == "92"
    assert rows["indikator.ubah"].sesudah["target"] == "95"
    assert rows["indikator.hapus"].sebelum["teks"] == "Indikator uji"
    assert rows["lampiran.ubah"].sesudah["teks"] == "Komputer"
    assert rows["ekspektasi.ubah"].aktor == org.deputi
    assert rows["ekspektasi.ubah"].sesudah == {"perilaku": "Harmonis", "teks": "Rajin Masuk"}
    assert {"skp.tambah", "rhk.tambah", "indikator.tambah", "lampiran.tambah"} <= set(rows)


def test_only_the_pejabat_penilai_writes_ekspektasi(org, skp_pegawai):
    perilaku = PerilakuKerja.objects.first()
    with pytest.raises(PermissionError):
        skp_pegawai.set_ekspektasi(perilaku, "x", aktor=org.pegawai)
    skp_pegawai.set_ekspektasi(perilaku, "Tepat waktu", aktor=org.direktur)
    assert skp_pegawai.ekspektasi.get().teks == "Tepat waktu"


def test_moving_rhk_changes_the_order_within_its_jenis(skp_jpt):
    a, b, c = (add_rhk(skp_jpt, t) for t in "ABC")
    tambahan = add_rhk(skp_jpt, "T", jenis="tambahan")
    c.move("naik", aktor=skp_jpt.pegawai)
    utama = [r.teks for r in skp_jpt.hasil_kerja.filter(jenis="utama").order_by("urutan", "pk")]
    assert utama == ["A", "C", "B"]
    a.refresh_from_db()
    a.move("naik", aktor=skp_jpt.pegawai)  # already first: nothing moves
    tambahan.move("naik", aktor=skp_jpt.pegawai)
    utama = [r.teks for r in skp_jpt.hasil_kerja.filter(jenis="utama").order_by("urutan", "pk")]
    assert utama == ["A", "C", "B"]
    assert Riwayat.untuk(skp_jpt).filter(aksi="rhk.pindah").count() == 1
    b.refresh_from_db()
    b.move("naik", aktor=skp_jpt.pegawai)
    utama = [r.teks for r in skp_jpt.hasil_kerja.filter(jenis="utama").order_by("urutan", "pk")]
    assert utama == ["A", "B", "C"]


def test_deleting_a_draft_skp_removes_its_content_and_is_logged(org, skp_jpt):
    add_indikator(add_rhk(skp_jpt))
    pk = skp_jpt.pk
    skp_jpt.hapus(aktor=org.direktur)
    assert not Skp.objects.filter(pk=pk).exists() and not HasilKerja.objects.exists()
    assert Riwayat.objects.filter(objek_id=str(pk), aksi="skp.hapus").exists()


def test_visible_to_is_the_owner_and_the_penilai_only(org, skp_pegawai):
    assert list(Skp.objects.visible_to(org.pegawai)) == [skp_pegawai]
    assert list(Skp.objects.visible_to(org.direktur)) == [skp_pegawai]
    for other in (org.rekan, org.outsider, org.deputi, org.admin):
        assert not Skp.objects.visible_to(other).exists()

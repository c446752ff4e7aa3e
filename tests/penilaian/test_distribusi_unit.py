"""Pola distribusi per unit (decisions.md, revised): the unit penilaian of an SKP, its population
aggregated up the tree, the rater's share, and no warning below the documented size."""

from __future__ import annotations

import pytest

from ekinerja.models import KelasJabatan
from penilaian.distribusi import gambaran_unit, unit_penilaian
from penilaian.kurva import kelompok
from penilaian.models import CapaianOrganisasi, Penilaian
from penilaian.rules import MIN_PEGAWAI_POLA, Capaian, Predikat, cek_distribusi, cek_distribusi_unit
from tests.factories import lead, make_pegawai, make_unit
from tests.penilaian.conftest import approved_skp

SB, BA, BP, KU, SK = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN,
                      Predikat.KURANG, Predikat.SANGAT_KURANG)


def test_the_threshold_is_ten_and_documented():
    assert MIN_PEGAWAI_POLA == 10
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "pola-distribusi.md").read_text()
    assert "10 pegawai" in doc and "10 %" in doc


# The five rules at the unit level: the same boundaries as the pure rules from ten people on, and
# silence below ten (one person short of the size, each configuration would warn).
@pytest.mark.parametrize(("capaian", "ok", "bad"), [
    (Capaian.ISTIMEWA, {SB: 7, BA: 3}, {SB: 8, BA: 2}),
    (Capaian.BAIK, {BA: 7, BP: 1, SB: 2}, {BA: 8, BP: 1, SB: 1}),
    (Capaian.BAIK, {BA: 7, KU: 1, SB: 2}, {BA: 7, SB: 3}),
    (Capaian.BUTUH_PERBAIKAN, {BP: 6, SB: 1, BA: 3}, {BP: 5, SB: 1, BA: 4}),
    (Capaian.BUTUH_PERBAIKAN, {BP: 6, SB: 1, BA: 3}, {BP: 6, SB: 2, BA: 2}),
    (Capaian.KURANG, {KU: 6, BP: 1, SB: 1, BA: 2}, {KU: 6, BP: 0, SB: 1, BA: 3}),
    (Capaian.KURANG, {KU: 6, BP: 1, SB: 1, BA: 2}, {KU: 6, BP: 1, SB: 2, BA: 1}),
    (Capaian.SANGAT_KURANG, {SK: 6, KU: 1, BA: 3}, {SK: 5, KU: 1, BA: 4}),
    (Capaian.SANGAT_KURANG, {SK: 6, BP: 1, BA: 3}, {SK: 6, KU: 1, SB: 1, BA: 2}),
])
def test_the_five_rules_apply_from_ten_people(capaian, ok, bad):
    assert sum(ok.values()) == sum(bad.values()) == 10
    assert cek_distribusi_unit(capaian, ok) == []
    assert cek_distribusi_unit(capaian, bad) != [] and cek_distribusi_unit(capaian, bad) == \
        cek_distribusi(capaian, bad)


@pytest.mark.parametrize(("capaian", "nine"), [
    (Capaian.ISTIMEWA, {SB: 9}), (Capaian.BAIK, {BA: 9}), (Capaian.BUTUH_PERBAIKAN, {SB: 9}),
    (Capaian.KURANG, {SB: 9}), (Capaian.SANGAT_KURANG, {SB: 9}),
])
def test_nine_people_get_no_warning_whatever_the_spread(capaian, nine):
    assert cek_distribusi(capaian, nine) != []  # the pure rule would warn
    assert cek_distribusi_unit(capaian, nine) == []
    assert cek_distribusi_unit(capaian, {**nine, BP: 1}) == cek_distribusi(capaian,
                                                                          {**nine, BP: 1})


@pytest.fixture
def tree(org):
    """Direktorat Uji (JPT) has a Subbagian led by a Pengawas below it."""
    sub = make_unit(org.direktorat.instansi, "Subbagian Uji", parent=org.direktorat)
    kasubbag = make_pegawai(sub, nama="KASUBBAG", kelas=KelasJabatan.PENGAWAS)
    lead(sub, kasubbag)
    return sub, kasubbag


def test_the_unit_penilaian_is_the_nearest_jpt_unit_and_a_head_belongs_above(org, tree, juni):
    sub, kasubbag = tree
    staf = make_pegawai(sub, nama="STAF SUBBAG")
    assert unit_penilaian(sub.pk, staf.pk, juni).id == org.direktorat.pk
    assert unit_penilaian(sub.pk, kasubbag.pk, juni).id == org.direktorat.pk
    assert unit_penilaian(org.direktorat.pk, org.pegawai.pk, juni).id == org.direktorat.pk
    assert unit_penilaian(org.direktorat.pk, org.direktur.pk, juni).id == org.deputi_unit.pk
    assert unit_penilaian(org.badan.pk, org.kepala.pk, juni).id == org.badan.pk
    assert unit_penilaian(None, org.pegawai.pk, juni) is None
    CapaianOrganisasi.tetapkan(org.direktorat, juni, capaian=Capaian.ISTIMEWA, aktor=org.deputi)
    u = unit_penilaian(sub.pk, staf.pk, juni)
    assert (u.capaian, u.capaian_ditetapkan) == (Capaian.ISTIMEWA, True)
    assert unit_penilaian(org.deputi_unit.pk, org.kepala.pk, juni).capaian_ditetapkan is False


def rate(skp, juni, rater, hasil="SESUAI", perilaku="SESUAI"):
    pn = Penilaian.untuk(skp, juni)
    pn.set_rating("hasil", hasil, aktor=rater)
    pn.set_rating("perilaku", perilaku, aktor=rater)


def test_two_raters_in_one_unit_are_judged_together(org, tree, juni):
    """Five rated by the Direktur, five by the Kasubbag below: one population of ten."""
    sub, kasubbag = tree
    direct = [approved_skp(make_pegawai(org.direktorat, nama=f"DIR {k}")) for k in range(5)]
    below = [approved_skp(make_pegawai(sub, nama=f"SUB {k}")) for k in range(5)]
    assert {s.pejabat_penilai_id for s in below} == {kasubbag.pk}
    for skp in direct:
        rate(skp, juni, org.direktur)
    for skp in below[:4]:
        rate(skp, juni, kasubbag)
    rate(below[4], juni, kasubbag, "BAWAH", "SESUAI")  # one Butuh Perbaikan
    # 9 Baik of 10 > floor(70 %) = 7: the unit breaks the pattern, and both raters see it.
    for rater, skp, mine in ((org.direktur, direct[0], 5), (kasubbag, below[0], 5)):
        k = kelompok(rater, juni, skp=skp)
        assert k["unit"].id == org.direktorat.pk and k["n"] == 10 and k["n_bagian"] == mine
        assert k["peringatan"] == ["Capaian organisasi Baik: predikat Baik paling banyak 70% "
                                   "(7 dari 10 pegawai), saat ini 9."]
    assert kelompok(kasubbag, juni, skp=below[0])["bagian_teks"] == "Butuh Perbaikan 1, Baik 4"
    # Without an SKP (the kurva page), the rater's subordinates decide the unit.
    assert kelompok(kasubbag, juni)["unit"].id == org.direktorat.pk


def test_the_population_is_aggregated_up_the_tree(org, tree, juni):
    """The Deputi's unit counts the Direktur and the Direktorat's people, not the Deputi."""
    sub, _kasubbag = tree
    approved_skp(org.deputi)
    direktur = approved_skp(org.direktur)
    staf = approved_skp(make_pegawai(sub, nama="STAF"))
    rate(direktur, juni, org.deputi, "ATAS", "ATAS")
    rate(staf, juni, staf.pejabat_penilai, "SESUAI", "SESUAI")
    deputi_unit = unit_penilaian(org.deputi_unit.pk, None, juni)
    g = gambaran_unit(deputi_unit, juni, penilai_id=org.deputi.pk)
    assert g.jumlah == {SB: 1, BA: 1} and g.bagian == {SB: 1}
    direktorat = unit_penilaian(org.direktorat.pk, None, juni)
    g = gambaran_unit(direktorat, juni, penilai_id=org.direktur.pk)
    assert g.jumlah == {BA: 1} and g.bagian == {}  # the Direktur himself is not in it
    # Unrated approved SKPs are counted apart, never as a predikat (`juni` comes with the
    # pegawai's unrated SKP).
    before = gambaran_unit(direktorat, juni).belum
    approved_skp(org.rekan)
    assert gambaran_unit(direktorat, juni).belum == before + 1 == 2


def test_the_preview_changes_only_the_chosen_skp(org, juni):
    skps = [approved_skp(make_pegawai(org.direktorat, nama=f"S {k}")) for k in range(3)]
    for skp in skps:
        rate(skp, juni, org.direktur)
    unit = unit_penilaian(org.direktorat.pk, skps[0].pegawai_id, juni)
    g = gambaran_unit(unit, juni, penilai_id=org.direktur.pk, seandainya=(skps[0].pk, SB))
    assert g.jumlah == {BA: 2, SB: 1}
    g = gambaran_unit(unit, juni, seandainya=(skps[0].pk, ""))
    assert g.jumlah == {BA: 2} and g.belum == 2  # that one and the pegawai's unrated SKP

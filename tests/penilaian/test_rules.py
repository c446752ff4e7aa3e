"""The pure rules: predikat matrix, pola distribusi with rounding, deadlines in WIB."""

from __future__ import annotations

import datetime as dt

import pytest

from penilaian.rules import (
    WIB,
    Capaian,
    Predikat,
    Rating,
    cek_distribusi,
    distribusi_ideal,
    masih_bisa_diisi,
    paling_banyak,
    paling_sedikit,
    penjelasan,
    predikat,
)

A, S, B = Rating.ATAS, Rating.SESUAI, Rating.BAWAH
SB, BA, BP, KU, SK = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN,
                      Predikat.KURANG, Predikat.SANGAT_KURANG)


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (A, B, KU), (A, S, BA), (A, A, SB),
        (S, B, KU), (S, S, BA), (S, A, BA),
        (B, B, SK), (B, S, BP), (B, A, BP),
    ],
)
def test_it_follows_every_cell_of_the_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) == expected


def test_it_has_no_predikat_until_both_ratings_exist():
    assert predikat(S, "") is None
    assert predikat("", A) is None


def test_it_explains_the_predikat_in_one_line():
    assert penjelasan(S, A) == "Hasil kerja SESUAI + perilaku DIATAS → Baik"
    assert penjelasan(B, B) == "Hasil kerja DIBAWAH + perilaku DIBAWAH → Sangat Kurang"


@pytest.mark.parametrize(("n", "floor70", "ceil60", "floor10", "ceil10"),
                         [(1, 0, 1, 0, 1), (2, 1, 2, 0, 1), (3, 2, 2, 0, 1), (4, 2, 3, 0, 1),
                          (5, 3, 3, 0, 1), (10, 7, 6, 1, 1), (11, 7, 7, 1, 2)])
def test_it_rounds_conservatively(n, floor70, ceil60, floor10, ceil10):
    assert paling_banyak(70, n) == floor70
    assert paling_sedikit(60, n) == ceil60
    assert paling_banyak(10, n) == floor10
    assert paling_sedikit(10, n) == ceil10


def counts(**kw):
    names = {"sb": SB, "b": BA, "bp": BP, "k": KU, "sk": SK}
    return {names[k]: v for k, v in kw.items()}


# Istimewa: Sangat Baik at most floor(70 % of n).
@pytest.mark.parametrize(("sb", "others", "ok"), [
    (7, 3, True), (8, 2, False),        # n = 10: limit 7
    (0, 1, True), (1, 0, False),        # n = 1: limit 0
    (1, 1, True), (2, 0, False),        # n = 2: limit 1
    (2, 1, True), (3, 0, False),        # n = 3: limit 2
    (2, 2, True), (3, 1, False),        # n = 4: limit 2
])
def test_istimewa_limits_sangat_baik(sb, others, ok):
    assert (cek_distribusi(Capaian.ISTIMEWA, counts(sb=sb, b=others)) == []) is ok


# Baik: Baik at most floor(70 %), and at least one Butuh Perbaikan / Kurang.
@pytest.mark.parametrize(("b", "bp", "k", "sb", "ok"), [
    (7, 1, 0, 2, True), (8, 1, 0, 1, False),   # n = 10
    (7, 0, 0, 3, False), (7, 0, 1, 2, True),   # the "must have" rule, either kind counts
    (0, 1, 0, 0, True), (1, 0, 0, 0, False),   # n = 1
    (1, 1, 0, 0, True), (2, 0, 0, 0, False),   # n = 2
    (2, 1, 0, 0, True), (2, 0, 0, 1, False),   # n = 3
    (2, 0, 1, 1, True), (3, 1, 0, 0, False),   # n = 4
])
def test_baik_limits_baik_and_needs_someone_below(b, bp, k, sb, ok):
    assert (cek_distribusi(Capaian.BAIK, counts(b=b, bp=bp, k=k, sb=sb)) == []) is ok


# Butuh Perbaikan: at least ceil(60 %) Butuh Perbaikan, at most floor(10 %) Sangat Baik.
@pytest.mark.parametrize(("bp", "sb", "b", "ok"), [
    (6, 1, 3, True), (5, 1, 4, False), (6, 2, 2, False),   # n = 10
    (1, 0, 0, True), (0, 0, 1, False), (0, 1, 0, False),   # n = 1
    (2, 0, 0, True), (1, 0, 1, False),                     # n = 2
    (2, 0, 1, True), (1, 0, 2, False), (2, 1, 0, False),   # n = 3
    (3, 0, 1, True), (2, 0, 2, False),                     # n = 4
])
def test_butuh_perbaikan(bp, sb, b, ok):
    assert (cek_distribusi(Capaian.BUTUH_PERBAIKAN, counts(bp=bp, sb=sb, b=b)) == []) is ok


# Kurang: at least ceil(60 %) Kurang, at least ceil(10 %) Butuh Perbaikan, Sangat Baik ≤ 10 %.
@pytest.mark.parametrize(("k", "bp", "sb", "b", "ok"), [
    (6, 1, 1, 2, True), (5, 1, 1, 3, False), (6, 0, 1, 3, False), (6, 1, 2, 1, False),  # n=10
    (1, 0, 0, 0, False), (0, 1, 0, 0, False),      # n = 1 cannot satisfy both minimums
    (2, 0, 0, 0, False), (1, 1, 0, 0, False),      # n = 2 cannot either
    (2, 1, 0, 0, True), (1, 1, 0, 1, False),       # n = 3
    (3, 1, 0, 0, True), (2, 1, 0, 1, False), (3, 0, 0, 1, False),  # n = 4
])
def test_kurang(k, bp, sb, b, ok):
    assert (cek_distribusi(Capaian.KURANG, counts(k=k, bp=bp, sb=sb, b=b)) == []) is ok


# Sangat Kurang: ≥ ceil(60 %) Sangat Kurang, ≥ ceil(10 %) Kurang or Butuh Perbaikan, no Sangat Baik.
@pytest.mark.parametrize(("sk", "k", "bp", "sb", "b", "ok"), [
    (6, 1, 0, 0, 3, True), (6, 0, 1, 0, 3, True), (5, 1, 0, 0, 4, False),
    (6, 0, 0, 0, 4, False), (6, 1, 0, 1, 2, False),              # n = 10
    (1, 0, 0, 0, 0, False),                                      # n = 1
    (2, 0, 0, 0, 0, False), (1, 1, 0, 0, 0, False),              # n = 2
    (2, 1, 0, 0, 0, True), (2, 0, 0, 1, 0, False),               # n = 3
    (3, 0, 1, 0, 0, True), (2, 1, 0, 0, 1, False),               # n = 4
])
def test_sangat_kurang(sk, k, bp, sb, b, ok):
    result = cek_distribusi(Capaian.SANGAT_KURANG, counts(sk=sk, k=k, bp=bp, sb=sb, b=b))
    assert (result == []) is ok


def test_an_empty_group_has_no_warnings():
    for capaian in Capaian.values:
        assert cek_distribusi(capaian, {}) == []


def test_the_warning_names_the_limit_and_the_count():
    [warning] = cek_distribusi(Capaian.ISTIMEWA, counts(sb=4))
    assert warning == ("Capaian organisasi Istimewa: predikat Sangat Baik paling banyak 70% "
                       "(2 dari 4 pegawai), saat ini 4.")


@pytest.mark.parametrize("capaian", Capaian.values)
@pytest.mark.parametrize("n", range(1, 31))
def test_the_ideal_curve_has_n_people_and_obeys_the_pattern_where_possible(capaian, n):
    ideal = distribusi_ideal(capaian, n)
    assert sum(ideal.values()) == n
    # Kurang and Sangat Kurang need ceil(60 %) + ceil(10 %) people: impossible for n < 3.
    if capaian in (Capaian.KURANG, Capaian.SANGAT_KURANG) and n < 3:
        assert cek_distribusi(capaian, ideal) != []
    else:
        assert cek_distribusi(capaian, ideal) == []


def wib(*args):
    return dt.datetime(*args, tzinfo=WIB)


def test_the_deadline_day_is_open_until_2359_wib():
    batas = dt.date(2025, 7, 20)
    assert masih_bisa_diisi(batas, wib(2025, 7, 20, 23, 59, 59))
    assert not masih_bisa_diisi(batas, wib(2025, 7, 21, 0, 0))


def test_the_deadline_is_judged_in_jakarta_not_utc():
    batas = dt.date(2025, 7, 20)
    # 17:30 UTC on the 20th is already 00:30 on the 21st in Jakarta.
    assert not masih_bisa_diisi(batas, dt.datetime(2025, 7, 20, 17, 30, tzinfo=dt.UTC))
    # 16:59 UTC on the 20th is 23:59 in Jakarta.
    assert masih_bisa_diisi(batas, dt.datetime(2025, 7, 20, 16, 59, tzinfo=dt.UTC))

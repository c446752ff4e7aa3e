from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekinerja.nip import parse_pns_nip, validate_nip

TODAY = dt.date(2026, 11, 23)


def test_it_parses_the_manuals_example_nip():
    parts = parse_pns_nip("199012072022031003", today=TODAY)
    assert parts.tanggal_lahir == dt.date(1990, 12, 7)
    assert (parts.tmt_tahun, parts.tmt_bulan) == (2022, 3)
    assert parts.jenis_kelamin == "L"
    assert parts.urutan == 3


def test_it_strips_spaces_and_dots_people_paste():
    assert validate_nip("19901207 202203 1 003") == "199012072022031003"


@pytest.mark.parametrize("value", ["", "12345", "1990120720220310031", "19901207202203100A"])
def test_it_refuses_anything_but_18_digits(value):
    with pytest.raises(ValidationError, match="18 angka"):
        validate_nip(value)


@pytest.mark.parametrize(
    ("nip", "code", "words"),
    [
        ("199002302022031003", "nip_lahir", "bukan tanggal yang ada"),  # 30 February
        ("209001012022031003", "nip_lahir", "tidak mungkin"),  # born in the future
        ("199012072022131003", "nip_tmt", "01 sampai 12"),  # month 13
        ("199012072000031003", "nip_tmt", "tidak mungkin"),  # CPNS at age 9
        ("199012072022033003", "nip_gender", "jenis kelamin"),  # gender digit 3
        ("199012072022031000", "nip_urutan", "001"),  # sequence 000
    ],
)
def test_it_names_the_impossible_part_of_a_pns_nip(nip, code, words):
    with pytest.raises(ValidationError) as exc:
        parse_pns_nip(nip, today=TODAY)
    assert exc.value.code == code
    assert words in exc.value.messages[0]


def test_it_checks_only_the_length_of_a_pppk_number():
    assert validate_nip("199012072022133003", jenis_pegawai="PPPK") == "199012072022133003"
    with pytest.raises(ValidationError):
        validate_nip("199012072022133003", jenis_pegawai="PNS")

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ekinerja.masukan import (
    BIGINT_MAX,
    parse_date,
    parse_id,
    parse_ids,
    parse_int,
    parse_month,
    parse_next,
)

NOT_NUMBERS = [
    "²³",  # superscripts: str.isdigit() is True, int() raises
    "١٢٣",  # Arabic-Indic digits: int() accepts them, a browser never sends them for an id
    "１２",  # full-width digits
    "9" * 5000,  # int() refuses more than 4300 digits
    str(2**70),  # beyond a bigint
    "12\x00", "1e3", "0x1f", "1_000", "12.0", "", " ", "+-1", None, 3.0, True, ["1"],
]


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_it_refuses_anything_but_ascii_digits(value):
    assert parse_int(value) is None
    assert parse_id(value) is None


def test_it_reads_plain_numbers_and_bounds():
    assert parse_int(" 42 ") == 42 and parse_int("-7") == -7 and parse_int(5) == 5
    assert parse_int(str(BIGINT_MAX)) == BIGINT_MAX and parse_int(str(BIGINT_MAX + 1)) is None
    assert parse_int("11", maximum=10) is None and parse_int("0", minimum=1) is None
    assert parse_id("0") is None and parse_id("-3") is None and parse_id("17") == 17


def test_ids_keep_order_once_and_drop_the_rest():
    assert parse_ids(["3", "²³", "1", "3", "9" * 5000, "x", "2"]) == [3, 1, 2]


@pytest.mark.parametrize("value", ["2026-02-30", "0000-01-01", "99999-01-01", "2026-13-01",
                                   "2026-1-1", "20260101", "2026-W01-1", "٢٠٢٦-٠١-٠١", "", None])
def test_it_refuses_impossible_or_odd_dates(value):
    assert parse_date(value) is None


def test_it_reads_dates_and_months():
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_month("2026-11") == (2026, 11)
    assert parse_month("2026-13") is None and parse_month("2026-1") is None
    assert parse_month("1999-05", first_year=2000) is None and parse_month("٢٠٢٦-١١") is None


@pytest.mark.parametrize("value", ["שלום עולם", "skp:daftar", "home", "//evil.example/",
                                   "https://evil.example/", "/\\evil.example", "\x00/", "", None])
def test_the_way_back_is_a_path_on_this_site_or_nothing(rf, value):
    assert parse_next(value, rf.get("/")) == ""


def test_the_way_back_keeps_a_path_on_this_site(rf):
    assert parse_next("/skp/12/?q=a", rf.get("/")) == "/skp/12/?q=a"


@pytest.mark.parametrize("value", ["שלום עולם", "skp:daftar", "//evil.example/"])
def test_tetap_masuk_and_login_with_a_bare_word_as_next_go_home(client, org, value):
    """Measured (Hypothesis): next="שלום עולם" was looked up as a view name, a 500."""
    client.force_login(org.pegawai)
    response = client.post(reverse("sesi_perpanjang"), {"next": value})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    response = client.get(reverse("login"), {"next": value})
    assert response.status_code == 302 and response["Location"] == reverse("home")

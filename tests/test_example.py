"""How a test is written in e-Kinerja: read this module first.

Every test here is a real one (it fails when the behaviour it names breaks); each shows one habit
of the suite. Run it alone with

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja .venv/bin/pytest tests/test_example.py

What you need to know before writing one:

- The database is PostgreSQL, never SQLite (tests/conftest.py refuses to start otherwise).
  pytest-django creates test_<name> (test_<name>_gw0, _gw1 under `-n 2`) and each test runs in a
  transaction that is rolled back, so a test sees only what it built.
- The people come from the `org` fixture (tests/conftest.py): a small instansi with a Kepala
  Badan, a Deputi, a Direktur (JPT Pratama, head of the Direktorat), two staff members of that
  Direktorat (`pegawai`, `rekan`), an admin instansi, and an `outsider` in another instansi.
  `org.direktur` is `org.pegawai`'s pejabat penilai. All share tests.factories.PASSWORD.
- Other data comes from plain functions: tests/factories.py (people, units) and each app's
  tests/<app>/conftest.py (an SKP and its RHK in tests/skp/conftest.py). They go through the
  model methods and actions the app itself uses, so the data is always a state the app can reach.
- A status is never assigned (`skp.status = ...`): a state is reached through its transitions,
  which check the rules and write the Riwayat (history) row, as a user's click would.
- Query counts are asserted (django_assert_num_queries), with a comment naming each query; times
  are never asserted.
- Browser tests (Playwright driving Debian's Chromium against pytest-django's live_server) are
  marked `e2e` and use `django_db(transaction=True)`: the live server is another thread, so data
  must be committed for it to see. `make test-fast` skips them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ekinerja.models import Riwayat
from skp.models import Skp, StatusSkp
from tests.browser import login
from tests.skp.conftest import add_indikator, add_rhk, ajukan, make_skp, setujui

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def skp(org) -> Skp:
    """A draft SKP of org.pegawai for 2025 that may be submitted: one RHK utama with an indicator.

    A fixture built from the shared helpers, not from objects.create(): `make_skp` is
    Skp.create_for (which also finds the pejabat penilai and writes the first Riwayat row) and
    `add_rhk`/`add_indikator` call the model's own add_rhk/add_indikator with `aktor=`."""
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp, "Tersedianya laporan kinerja triwulan"))
    return skp


def test_the_personas_and_who_rates_whom(org, skp):
    # The rater comes from the organisation: the head of the pegawai's unit.
    assert skp.pejabat_penilai == org.direktur
    assert org.direktorat.kepala == org.direktur
    # The outsider belongs to another instansi altogether.
    assert org.outsider.instansi != org.pegawai.instansi


def test_a_state_is_reached_through_its_transitions(org, skp):
    # setujui() = submit by the owner, then approve by the pejabat penilai (tests/skp/conftest.py):
    # the same transitions the Ajukan SKP and Edit Status buttons run.
    setujui(skp)

    skp.refresh_from_db()
    assert skp.status == StatusSkp.PERSETUJUAN
    # Each transition left its history row, with who did it.
    rows = Riwayat.untuk(skp).filter(aksi__in=["skp.diajukan", "skp.disetujui"]).order_by("pk")
    assert [(r.aksi, r.aktor) for r in rows] == [
        ("skp.diajukan", org.pegawai), ("skp.disetujui", org.direktur)]


# Queries of Daftar SKP (the home page), in the order the view runs them:
#  1. the session (django.contrib.sessions)
#  2. the signed-in pegawai (request.user), with the unread notification count for the header
#     (templates/base.html) counted in the same query (Pegawai.untuk_sesi)
#  3. the pegawai's SKPs, one query however many there are
#  4. whether the user is a pejabat penilai at all (the Matriks Bawahan / SKP Bawahan actions)
# A fifth query - say one per SKP row - fails the test and prints every query it saw.
DAFTAR_SKP_QUERIES = 4


def test_daftar_skp_costs_the_same_queries_for_one_skp_or_three(client, org, skp,
                                                               django_assert_num_queries):
    client.force_login(org.pegawai)  # a session without the login form (fast, no hashing)
    with django_assert_num_queries(DAFTAR_SKP_QUERIES):
        one = client.get(reverse("skp:daftar"))
    for year in (2023, 2024):
        make_skp(org.pegawai, year=year)
    with django_assert_num_queries(DAFTAR_SKP_QUERIES):
        three = client.get(reverse("skp:daftar"))
    assert one.status_code == three.status_code == 200
    # The page lists all three, each with its Detail SKP button.
    assert one.content.decode().count(">Detail SKP</a>") == 1
    assert three.content.decode().count(">Detail SKP</a>") == 3


def test_an_htmx_request_gets_only_the_fragment(client, org, skp):
    client.force_login(org.pegawai)
    url = reverse("skp:ajukan", args=[skp.pk])
    # htmx sends the HX-Request header; the view then answers with the dialog alone, which htmx
    # swaps into the page. Without the header the same URL is a full page (it works without JS).
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Apakah Anda yakin ingin mengajukan SKP ini?" in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and "Apakah Anda yakin ingin mengajukan SKP ini?" in page


def test_an_outsider_is_refused_and_nothing_changes(client, org, skp):
    # Someone from another instansi: the SKP "does not exist" for them (404, not 403, so its
    # existence is not revealed), for reading and for changing alike.
    client.force_login(org.outsider)
    assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 404
    response = client.post(reverse("skp:ajukan", args=[skp.pk]), {"dilihat": "draft"})
    assert response.status_code == 404
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.DRAFT
    assert not Riwayat.untuk(skp).filter(aksi="skp.diajukan").exists()


def test_time_is_frozen_with_time_machine(org, time_machine):
    # The `time_machine` fixture (package time-machine) moves the clock for this test only;
    # tick=False stops it, so every "now" in the code under test is exactly this instant.
    time_machine.move_to(dt.datetime(2025, 1, 6, 8, 30, tzinfo=WIB), tick=False)
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    time_machine.shift(dt.timedelta(days=2))  # two days later the pegawai submits it
    ajukan(skp)  # the owner's Ajukan SKP transition (tests/skp/conftest.py)

    dibuat = Riwayat.untuk(skp).order_by("pk").first()
    diajukan = Riwayat.untuk(skp).get(aksi="skp.diajukan")
    assert dibuat.waktu == dt.datetime(2025, 1, 6, 8, 30, tzinfo=WIB)
    assert diajukan.waktu - dibuat.waktu == dt.timedelta(days=2)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_pegawai_opens_their_skp(page: Page, live_server, org, skp, settings):
    # Local accounts only (no MySAPK identity service in this test): log in through the real
    # form (tests/browser.py), as a person would, then click through to the SKP.
    settings.MYSAPK_BASE_URL = ""
    login(page, live_server.url, org.pegawai.nip)
    page.locator("#daftar").get_by_role("link", name="Detail SKP").click()
    expect(page.locator(".status-line")).to_contain_text("Status SKP: DRAFT")
    expect(page.locator("#hasil-kerja")).to_contain_text("Tersedianya laporan kinerja triwulan")

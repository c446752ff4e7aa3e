"""The error pattern in the browser (issue 12 item 3): the summary gets focus, the page title
starts with "Kesalahan:", a link of the summary puts focus in its field; in an htmx section, in
an htmx dialog and without JavaScript. And the defect seen in the manual walk: Ubah with no
rating chosen showed the browser's own bubble instead of the app's message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from penilaian.models import Penilaian
from penilaian.rules import WIB
from tests.browser import htmx_tenang, login
from tests.penilaian.conftest import approved_skp, make_skp, periode_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings):
    settings.MYSAPK_BASE_URL = ""
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB))


def fokus(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_ubah_with_no_rating_gives_the_apps_message_and_focuses_the_summary(
        page: Page, live_server, org, layar):
    skp = approved_skp(org.pegawai)
    juni = periode_of(skp)
    login(page, live_server.url, org.direktur.nip)
    page.goto(f"{live_server.url}/penilaian/skp/{skp.pk}/periode/{juni.pk}/nilai/")
    htmx_tenang(page)
    box = page.locator("#hasil-penilaian")
    box.get_by_role("button", name="Ubah").first.click()
    # No bubble of the browser: the form went to the server, which answered in Indonesian.
    summary = page.locator("#ringkasan-kesalahan")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Terdapat kesalahan")
    expect(page).to_have_title("Kesalahan: Penilaian Bawahan · e-Kinerja")
    select = page.locator("#id_hasil-nilai")
    expect(select).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_hasil-nilai_error")).to_have_text("Pilih salah satu penilaian.")
    assert "id_hasil-nilai_error" in (select.get_attribute("aria-describedby") or "")
    layar(page, "ubah-tanpa-rating")
    summary.get_by_role("link", name="Pilih salah satu penilaian.").click()
    expect(select).to_be_focused()
    # Fixed: the title loses its prefix with the summary.
    htmx_tenang(page)
    select.select_option("SESUAI")
    htmx_tenang(page)
    box.get_by_role("button", name="Ubah").first.click()
    expect(page.locator(".pn-rating-now").first).to_have_text("SESUAI EKSPEKTASI")
    expect(page.locator("#ringkasan-kesalahan")).to_have_count(0)
    expect(page).to_have_title("Penilaian Bawahan · e-Kinerja")
    assert Penilaian.objects.get(skp=skp, periode=juni).rating_hasil == "SESUAI"


def test_without_javascript_ubah_with_no_rating_gives_the_same_page_with_errors(
        browser: Browser, live_server, org):
    skp = approved_skp(org.pegawai)
    juni = periode_of(skp)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server.url, org.direktur.nip)
    page.goto(f"{live_server.url}/penilaian/skp/{skp.pk}/periode/{juni.pk}/nilai/")
    page.locator("#hasil-penilaian").get_by_role("button", name="Ubah").last.click()
    expect(page).to_have_title("Kesalahan: Penilaian Bawahan · e-Kinerja")
    summary = page.locator("#ringkasan-kesalahan")
    expect(summary).to_be_focused()  # autofocus, no script
    expect(page.locator("#id_perilaku-nilai_error")).to_have_text("Pilih salah satu penilaian.")
    summary.get_by_role("link").click()
    expect(page.locator("#id_perilaku-nilai")).to_be_focused()
    context.close()


def test_a_dialog_form_with_errors_focuses_its_summary_and_returns_focus(
        page: Page, live_server, org, layar):
    skp = make_skp(org.pegawai, year=2025)
    login(page, live_server.url, org.pegawai.nip)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    htmx_tenang(page)
    opener = page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)")
    opener.click()
    dialog = page.locator("#skp-dialog")
    expect(dialog).to_be_visible()
    htmx_tenang(page)
    dialog.get_by_role("button", name="OK").click()
    summary = dialog.locator("#ringkasan-kesalahan")
    expect(summary).to_be_focused()
    expect(page).to_have_title(f"Kesalahan: {page.title().removeprefix('Kesalahan: ')}")
    assert page.title().startswith("Kesalahan: ")
    first = summary.get_by_role("link").first
    target = first.get_attribute("href").removeprefix("#")
    layar(page, "dialog-kesalahan")
    first.click()
    expect(dialog.locator(f"#{target}")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    assert not page.title().startswith("Kesalahan")

"""A form sent twice by a real browser makes one RHK (issue 10, item 3), with JavaScript (the
htmx dialog) and without it (a plain page). Chromium's request is delivered to the live server
twice by Playwright's router: what a double click, a flaky network's retry or a resent POST
does, made certain instead of left to timing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from skp.models import HasilKerja
from tests.browser import htmx_tenang, login
from tests.skp.conftest import make_skp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUDAH = "Formulir ini sudah dikirim; data tidak disimpan dua kali."


@pytest.fixture(autouse=True)
def local_accounts(settings):
    settings.MYSAPK_BASE_URL = ""


def send_posts_twice(page: Page, sent: list[int]) -> None:
    def twice(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        first = route.fetch(max_redirects=0)  # the first click reaches the server...
        sent.append(first.status)
        route.continue_()  # ...and so does the second, the same form with the same token
        sent.append(0)

    page.route("**/rhk/tambah/", twice)


def fill_rhk(scope, teks: str) -> None:
    scope.get_by_label("Klasifikasi RHK").select_option(label="Individu - tertaut di SKP Pegawai")
    scope.get_by_label("Jenis RHK").select_option(label="Utama")
    scope.get_by_label("Rencana Hasil Kerja").fill(teks)


def test_the_htmx_dialog_sent_twice_adds_one_rhk(page: Page, live_server, org):
    skp = make_skp(org.direktur)
    login(page, live_server.url, org.direktur.nip)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    htmx_tenang(page)
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    dialog = page.locator("#skp-dialog")
    fill_rhk(dialog, "RHK dikirim dua kali")
    sent: list[int] = []
    send_posts_twice(page, sent)
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text(SUDAH)
    expect(page.locator("#hasil-kerja").get_by_text("RHK dikirim dua kali")).to_have_count(1)
    assert sent == [200, 0]  # two POSTs reached the server
    assert HasilKerja.objects.filter(skp=skp).count() == 1


def test_the_plain_page_without_javascript_sent_twice_adds_one_rhk(browser: Browser, live_server,
                                                                   org):
    skp = make_skp(org.direktur)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server.url, org.direktur.nip)
    page.goto(f"{live_server.url}/skp/{skp.pk}/rhk/tambah/")
    fill_rhk(page, "RHK tanpa JavaScript")
    sent: list[int] = []
    send_posts_twice(page, sent)
    page.get_by_role("button", name="OK").click()
    expect(page.get_by_role("heading", name="SASARAN KINERJA PEGAWAI")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text(SUDAH)
    expect(page.locator("#hasil-kerja").get_by_text("RHK tanpa JavaScript")).to_have_count(1)
    assert sent == [302, 0]
    assert HasilKerja.objects.filter(skp=skp).count() == 1
    context.close()

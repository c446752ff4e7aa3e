"""Browser journeys: real Chromium, the real login form, the live server on PostgreSQL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_nip
from tests.identity_server import siasn_profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page: Page, base: str, nip: str, password: str) -> None:
    page.goto(f"{base}/login/")
    expect(page.get_by_text("silahkan login dengan user MySAPK")).to_be_visible()
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Login").click()


def test_it_logs_in_through_the_identity_service_and_out_again(page: Page, live_server, identity):
    nip = make_nip("2")
    identity.add(nip, "sandi-mysapk", siasn_profile(nip, nama="DEWI LESTARI"))

    login(page, live_server.url, nip, "sandi-mysapk")

    expect(page.get_by_text("Selamat datang, DEWI LESTARI.")).to_be_visible()
    expect(page.locator(".whoami")).to_contain_text(nip)
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_text("Anda telah keluar.")).to_be_visible()
    expect(page.get_by_role("button", name="Login")).to_be_visible()


def test_it_logs_in_with_a_local_account_using_only_the_keyboard(
    page: Page, live_server, org, settings
):
    settings.MYSAPK_BASE_URL = ""
    page.goto(f"{live_server.url}/profil/")  # anonymous: sent to the login page
    page.get_by_label("NIP").focus()
    page.keyboard.type(org.pegawai.nip)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/profil/")
    expect(page.get_by_role("heading", name="Profil Pegawai")).to_be_visible()
    expect(page.locator("#h-penilai + table")).to_contain_text("DIREKTUR UJI")
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{live_server.url}/login/")


def test_a_failed_login_shows_its_message_and_keeps_the_nip(page: Page, live_server, identity):
    nip = make_nip()
    identity.add(nip, "benar", siasn_profile(nip))

    login(page, live_server.url, nip, "keliru")

    # The one error pattern (issue 12 item 3, docs/formulir.md): the message is in the error
    # summary at the top of the form, which takes the focus (it was a role=alert box before),
    # and the title says "Kesalahan:".
    summary = page.get_by_role("group", name="Terdapat kesalahan")
    expect(summary).to_contain_text("NIP atau password salah")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Kesalahan: "))
    expect(page.get_by_label("NIP")).to_have_value(nip)


def test_the_login_page_has_no_csp_violations(page: Page, live_server, db):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/login/")
    assert page.evaluate("typeof htmx") == "object"  # htmx loaded under the nonce policy
    assert errors == []

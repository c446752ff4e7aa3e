"""The session warning in real Chromium (static/js/sesi.js under the site's CSP).

Browser and server must agree on the time, so this uses the real clock with short limits
(6 s idle, warned 4 s before) instead of a fake browser clock.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_page_warns_before_the_session_ends_and_tetap_masuk_keeps_it(page: Page, live_server,
                                                                         org, settings):
    settings.MYSAPK_BASE_URL = ""
    settings.SESSION_IDLE_SECONDS = 6
    settings.SESSION_WARNING_SECONDS = 4
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico") else None)
    login(page, live_server.url, org.pegawai.nip)
    warning = page.get_by_role("alert").filter(has_text="Sesi Anda akan segera berakhir")
    expect(page.get_by_text("sesi Anda berakhir pukul")).to_be_visible()

    expect(warning).to_be_visible(timeout=5000)  # shown 4 s before the end
    expect(warning).to_contain_text("Sisa waktu: 0 menit")
    warning.get_by_role("button", name="Tetap masuk").click()  # posted in the background
    expect(warning).to_be_hidden()
    expect(page.get_by_role("heading", name="Daftar SKP")).to_be_visible()  # still on the page

    # Left alone, the page reloads at the end and the server shows the login page, saying why.
    expect(page.get_by_role("button", name="Login")).to_be_visible(timeout=15000)
    expect(page.get_by_text("tidak ada aktivitas")).to_be_visible()
    assert errors == []

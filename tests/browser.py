"""Shared steps for browser journeys (Playwright on Debian's Chromium)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def login(page: Page, base: str, nip: str, password: str = PASSWORD) -> None:
    """Log in through the real form and land on the home page (Daftar SKP)."""
    page.goto(f"{base}/login/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("heading", name="Daftar SKP")).to_be_visible()

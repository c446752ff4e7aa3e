"""Shared steps for browser journeys (Playwright on Debian's Chromium)."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def login(page: Page, base: str, nip: str, password: str = PASSWORD) -> None:
    """Log in through the real form and land on the home page (Daftar SKP)."""
    page.goto(f"{base}/login/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("heading", name="Daftar SKP")).to_be_visible()


def htmx_tenang(page: Page) -> None:
    """Wait until the page has loaded and htmx has no request, swap or settle in progress.

    A swapped-in element gets its htmx handlers only when the swap settles (about 20 ms later);
    an event fired on it before then reaches no handler and sends nothing. Seeing the new text is
    therefore not enough before driving an htmx control again."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => window.htmx !== undefined && !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def simpan_layar(page: Page, folder: Path, name: str, *, full_page: bool = True) -> Path:
    """Save the page as <folder>/<name>.png (the `layar` fixture in tests/conftest.py gives the
    folder: the test's tmp_path or $SCREENSHOT_DIR/<test>)."""
    path = folder / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path


def folder_layar_env() -> Path | None:
    """$SCREENSHOT_DIR as a folder, for helpers that run without fixtures (only when it is set)."""
    root = os.environ.get("SCREENSHOT_DIR")
    if not root:
        return None
    Path(root).mkdir(parents=True, exist_ok=True)
    return Path(root)

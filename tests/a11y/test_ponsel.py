"""Every catalogue page (tests/a11y/halaman.py), in each of its states, at 360 px: no sideways
page scrolling (document.documentElement.scrollWidth <= innerWidth; issue 12 item 5). With
SCREENSHOT_DIR set, a full-page 360 px screenshot of each goes through the `layar` fixture for a
human look (skipped otherwise: 102 full-page screenshots would double this test's time in CI,
where nobody looks at them). tests/e2e/test_ponsel.py checks the card view with long texts, the
Matriks region and the 1366 px boxes."""

from __future__ import annotations

import os

import pytest

from tests.a11y.halaman import kasus_params

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PONSEL = 360


@pytest.mark.parametrize(("nama", "keadaan"), kasus_params())
def test_it_needs_no_sideways_scrolling_at_360_px(katalog, nama: str, keadaan: str, layar) -> None:
    page = katalog.buka(nama, keadaan, PONSEL)
    lebar = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if os.environ.get("SCREENSHOT_DIR"):
        layar(page, f"{nama}-{keadaan}-360")
    assert lebar[1] == PONSEL and lebar[0] <= PONSEL, f"{nama} ({keadaan}) is {lebar[0]} px wide"

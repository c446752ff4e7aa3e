"""axe-core on every catalogue page (tests/a11y/halaman.py), in each of its states, at 1280 and
360 px: no violation of the WCAG 2.2 A and AA rules (issue 12 item 1); on the same page views, the
checks of item 4 that axe does not make (tests/a11y/periksa.py): every control has visible words,
is at least 24 x 24 px, and every status mark has words; and at 360 px no sideways page
scrolling (document.documentElement.scrollWidth <= innerWidth; issue 12 item 5). With
SCREENSHOT_DIR set, a full-page 360 px screenshot of each goes through the `layar` fixture for a
human look (not otherwise: nobody looks at them in CI). tests/e2e/test_ponsel.py checks the card
view with long texts, the Matriks region and the 1366 px boxes."""

from __future__ import annotations

import os
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.a11y import periksa
from tests.a11y.halaman import LEBAR, kasus_params

# django_db: pytest-django creates the test database only for a run that holds a test marked so;
# each test's own transaction stays empty (the catalogue's data is committed once, see halaman.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

AXE = Axe()
# WCAG 2.0, 2.1 and 2.2, levels A and AA: axe's tags for exactly those rules.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


PONSEL = LEBAR[1]  # a phone's width
OPSI = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


def pelanggaran(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (axe is put into the page once per load)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.axe_script)
    return list(page.evaluate("opsi => axe.run(document, opsi).then(r => r.violations)", OPSI))


def uraikan(v: dict[str, Any]) -> str:
    nodes = "\n".join(f"    {', '.join(map(str, n['target']))}: {n['html'][:200]}\n"
                      f"      {n.get('failureSummary', '').replace(chr(10), ' ')[:300]}"
                      for n in v["nodes"][:5])
    return f"{v['id']} ({v['impact']}): {v['help']}\n{nodes}"


@pytest.mark.parametrize(("nama", "keadaan"), kasus_params())
def test_it_passes_axe_and_the_control_checks(katalog, nama: str, keadaan: str, layar) -> None:
    page = katalog.buka(nama, keadaan, LEBAR[0])
    for lebar in LEBAR:
        # The same page made narrower: the media queries apply as on a phone (a reload would only
        # repeat the data and the dialog's opening).
        page.set_viewport_size({"width": lebar, "height": 800})
        if lebar == PONSEL:
            if os.environ.get("SCREENSHOT_DIR"):
                layar(page, f"{nama}-{keadaan}-360")
            ukuran = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert ukuran[1] == PONSEL and ukuran[0] <= PONSEL, (
                f"{nama} ({keadaan}) is {ukuran[0]} px wide at {PONSEL} px: it scrolls sideways")
        found = pelanggaran(page)
        assert not found, (
            f"axe: {found[0]['id']} on {nama} ({keadaan}, {lebar} px, {page.url}):\n"
            + "\n".join(uraikan(v) for v in found))
        if nama.startswith("admin"):
            continue  # Django's own admin screens: axe only (their widgets are Django's)
        for cek in (periksa.tanpa_teks, periksa.target_kecil, periksa.status_tanpa_teks):
            salah = cek(page)
            assert not salah, (f"{cek.__name__} on {nama} ({keadaan}, {lebar} px, {page.url}):\n  "
                               + "\n  ".join(salah[:8]))

"""Phones and narrow laptops (issue 12 item 5 and the 1366 px defect): real Chromium, live server.

With long RHK texts and a long eviden link: at 360 px the wide tables are stacked cards (each
cell labelled by its data-label, the table roles kept for screen readers) and the Matriks scrolls
inside its own region with a sticky header; at 1366 px the Hasil Kerja tables of Pengisian
Eviden and of the rater's page, and the rater's Feedback box, fit inside their card. That no page
of the catalogue scrolls sideways at 360 px is checked in tests/a11y/test_axe.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from penilaian.models import Eviden
from penilaian.rules import WIB
from tests.browser import login
from tests.penilaian.conftest import add_indikator, add_rhk, approved_skp, make_skp, periode_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
PANJANG = ("Terwujudnya pembinaan dan pelayanan data dan informasi aparatur sipil negara yang "
           "berkualitas, terintegrasi dan dapat dipertanggungjawabkan di seluruh unit kerja")
TAUTAN = "https://drive.example/folder/laporan-pemantauan-layanan-sistem-informasi-" + "x" * 60


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings):
    """The live server runs in this process: its "now" is 1 July 2025 (June's window is open)."""
    settings.MYSAPK_BASE_URL = ""
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB))


def data(org):
    """A JPT SKP (the Direktur's) and a non-JPT one (the pegawai's, intervening it), both approved,
    with long texts and a long eviden link; a colleague's SKP for Feedback Rekan Kerja."""
    skp_dir = make_skp(org.direktur, year=2025)
    rhk_dir = add_rhk(skp_dir, PANJANG, penugasan_dari="Deputi Bidang Sistem Informasi")
    add_indikator(rhk_dir, "Indeks kepuasan pengguna atas layanan sistem informasi ASN")
    add_indikator(add_rhk(skp_dir, "RHK kedua"), "Persentase integrasi sistem informasi")
    skp_dir.submit(aktor=org.direktur)
    skp_dir.approve(aktor=skp_dir.pejabat_penilai)
    skp_peg = make_skp(org.pegawai, year=2025)
    rhk = add_rhk(skp_peg, PANJANG, rhk_atasan=rhk_dir)
    ind = add_indikator(rhk, "Jumlah laporan pemantauan layanan sistem informasi", target_teks="12 laporan")
    add_indikator(rhk, "Persentase laporan tepat waktu")
    skp_peg.submit(aktor=org.pegawai)
    skp_peg.approve(aktor=org.direktur)
    juni = periode_of(skp_peg)
    Eviden.objects.create(indikator=ind, periode=juni, nama="Laporan Juni", tautan=TAUTAN)
    skp_rekan = approved_skp(org.rekan)
    return skp_dir, skp_peg, skp_rekan, juni


def lebar_halaman(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def ax_cells(page: Page, selector: str) -> tuple[list[str], list[str]]:
    """(column headers, cell names) Chromium's accessibility tree gives the table at `selector`."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("Accessibility.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]

    def names(role: str) -> list[str]:
        found = cdp.send("Accessibility.queryAXTree", {"nodeId": node, "role": role})["nodes"]
        return [(n.get("name") or {}).get("value", "") for n in found]

    return names("columnheader"), names("cell")


def test_the_wide_tables_are_cards_at_360_px(page: Page, live_server, org, layar):
    skp_dir, skp_peg, _rekan, juni = data(org)
    page.set_viewport_size(PHONE)
    hk = "#hasil-kerja table.skp-table"
    for nip, tables in (
        (org.pegawai.nip, [  # the non-JPT SKP page and Pengisian Eviden
            (f"/skp/{skp_peg.pk}/", hk, "Rencana Hasil Kerja Yang Diintervensi"),
            (f"/penilaian/skp/{skp_peg.pk}/periode/{juni.pk}/eviden/", "table.pn-hasil", "Eviden"),
        ]),
        (org.direktur.nip, [  # the JPT SKP page, the rater's feedback page, Penilaian Bawahan
            (f"/skp/{skp_dir.pk}/", hk, "Perspektif"),
            (f"/penilaian/skp/{skp_peg.pk}/periode/{juni.pk}/nilai/", "table.pn-hasil", "Feedback"),
            (f"/penilaian/periode/{juni.pk}/bawahan/", "table.tabel-kartu", "Predikat"),
        ]),
    ):
        page.context.clear_cookies()
        login(page, live_server.url, nip)
        for path, selector, label in tables:
            page.goto(f"{live_server.url}{path}")
            table = page.locator(selector)
            cell = table.locator(f'td[data-label="{label}"]').first
            expect(cell.locator("xpath=..")).to_have_css("display", "block")  # the row is a card
            kepala = table.locator("thead").bounding_box()  # headers only for screen readers
            assert kepala is not None and kepala["height"] <= 1 and kepala["width"] <= 1
            label_shown = cell.evaluate("e => getComputedStyle(e, '::before').content")
            assert label_shown.startswith(f'"{label}"'), label_shown  # the label is drawn
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            headers, cells = ax_cells(page, selector)
            assert label in headers  # screen readers still get a table with its column headers
            assert cells and not any(c.startswith(label) for c in cells)  # and no label twice
            assert lebar_halaman(page) <= PHONE["width"]
            layar(page, "kartu-" + re.sub(r"\W+", "-", path).strip("-"))
    page.goto(f"{live_server.url}/matriks/{skp_dir.pk}/")  # the matrix keeps its own scrolling
    assert page.locator(".matriks-scroll").evaluate("e => e.scrollWidth > e.clientWidth")
    expect(page.locator(".matriks thead")).to_have_css("position", "sticky")
    assert lebar_halaman(page) <= PHONE["width"]
    # The kurva keeps a readable size and scrolls inside its own figure (reachable by keyboard)
    # instead of shrinking its axis labels to a few pixels.
    page.goto(f"{live_server.url}/penilaian/periode/{juni.pk}/kurva/")
    figure = page.locator("figure.pn-chart").first
    assert figure.evaluate("e => e.scrollWidth > e.clientWidth && e.tabIndex === 0")
    label = figure.locator(".pn-svg-label").first.bounding_box()
    assert label is not None and label["height"] >= 9  # about 10 px text, not 5
    assert lebar_halaman(page) <= PHONE["width"]
    layar(page, "kurva-360")


def test_at_1366_px_the_hasil_kerja_tables_and_the_feedback_box_fit_their_card(
    page: Page, live_server, org, layar
):
    _dir, skp_peg, _rekan, juni = data(org)
    page.set_viewport_size({"width": 1366, "height": 900})
    for nip, path, name in (
        (org.pegawai.nip, f"/penilaian/skp/{skp_peg.pk}/periode/{juni.pk}/eviden/", "eviden"),
        (org.direktur.nip, f"/penilaian/skp/{skp_peg.pk}/periode/{juni.pk}/nilai/", "feedback"),
    ):
        page.context.clear_cookies()
        login(page, live_server.url, nip)
        page.goto(f"{live_server.url}{path}")
        card = page.locator("section.card").filter(has=page.locator("table.pn-hasil"))
        inner = card.evaluate(
            "e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);"
            " return [r.left + parseFloat(s.paddingLeft), r.right - parseFloat(s.paddingRight)]; }")
        boxes = [page.locator("table.pn-hasil")]
        if name == "feedback":
            boxes += [page.locator("table.pn-hasil .pn-feedback textarea").first,
                      page.locator("table.pn-hasil .pn-feedback button").first]
        for loc in boxes:
            box = loc.bounding_box()
            assert box is not None
            assert inner[0] - 0.5 <= box["x"] and box["x"] + box["width"] <= inner[1] + 0.5, (
                name, loc, box, inner)
        # The RHK text gets a real column: at least ~25 characters a line, not a few words.
        rhk = page.locator("table.pn-hasil td[data-label='Rencana Hasil Kerja']").first
        assert rhk.bounding_box()["width"] >= 180
        layar(page, f"1366-{name}")
        assert lebar_halaman(page) <= 1366

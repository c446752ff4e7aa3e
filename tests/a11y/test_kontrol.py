"""Controls people can see (issue 12 item 4), beyond what axe and the per-page checks of
test_axe.py measure: focus is visible on every control reached with Tab, and the kurva's two lines
differ by pattern and are named in a legend, on the page and in the printed PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# The focused element's ring, read from its computed style (app.css ':focus-visible').
_CINCIN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const garis = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  return {garis, bayang: s.boxShadow !== 'none',
          html: el.outerHTML.slice(0, 120), tampak: el.getBoundingClientRect().width > 0};
}"""


@pytest.mark.parametrize(("nama", "keadaan"), [
    ("login", "kosong"), ("skp-detail", "terisi"), ("penilaian-nilai", "terisi"),
    ("matriks", "terisi"), ("progres", "kosong"), ("skp-tambah", "galat")])
def test_it_shows_a_focus_ring_on_every_control_reached_with_tab(katalog, nama, keadaan):
    page = katalog.buka(nama, keadaan)
    dilihat, tanpa = 0, []
    for _ in range(40):
        page.keyboard.press("Tab")
        cincin: dict[str, Any] | None = page.evaluate(_CINCIN)
        if cincin is None or not cincin["tampak"]:
            continue
        dilihat += 1
        if not (cincin["garis"] and cincin["bayang"]):
            tanpa.append(cincin["html"])
    assert dilihat >= 3, f"Tab reached only {dilihat} visible controls on {nama}"
    assert not tanpa, f"no visible focus ring on {nama} ({keadaan}):\n  " + "\n  ".join(tanpa)


def test_it_draws_the_kurva_lines_with_different_patterns_and_a_legend(katalog):
    page = katalog.buka("kurva", "terisi")
    ideal = page.locator("svg.pn-svg .pn-ideal")
    aktual = page.locator("svg.pn-svg .pn-aktual")
    assert re.fullmatch(r"\d+ \d+", ideal.get_attribute("stroke-dasharray") or "")
    assert aktual.get_attribute("stroke-dasharray") is None
    assert ideal.get_attribute("stroke-width") != aktual.get_attribute("stroke-width")
    legend = page.locator("figcaption.pn-legend")
    assert legend.inner_text().split() == [
        "Ideal", "(garis", "putus-putus)", "Realisasi", "(garis", "utuh)"]
    # The legend's keys draw the same patterns as the lines.
    gaya = page.evaluate("""() => [...document.querySelectorAll('.pn-legend .pn-key')]
        .map(k => getComputedStyle(k).borderTopStyle)""")
    assert gaya == ["dashed", "solid"]
    judul = page.locator("svg.pn-svg title").first.text_content()
    assert "putus-putus" in judul and "utuh" in judul


def _aliran(pdf: PdfReader) -> bytes:
    """Every stream of the PDF, decoded: the pages' drawing and the forms they draw."""
    isi = b""
    for nomor in range(1, int(pdf.trailer["/Size"])):
        try:
            obj = pdf.get_object(nomor)
            isi += obj.get_data() if hasattr(obj, "get_data") else b""
        except Exception:  # noqa: BLE001, S112 (a free or undecodable object holds no drawing)
            continue
    return isi


def test_it_prints_the_kurva_with_a_dashed_ideal_line_and_its_legend(katalog):
    d = katalog.data
    page = katalog.page_untuk("pegawai")
    url = reverse("cetak:evaluasi", args=[d.skp_pegawai.pk, d.periode.pk])
    jawab = page.request.get(katalog.base + url)
    assert jawab.status == 200, jawab.status
    pdf = PdfReader(io.BytesIO(jawab.body()))
    teks = " ".join((p.extract_text() or "") for p in pdf.pages)
    assert "Ideal (garis putus-putus)" in " ".join(teks.split())
    assert "Realisasi (garis utuh)" in " ".join(teks.split())
    # A dash pattern is set in the drawing ("[a b] c d" in the page's content stream): the ideal
    # line. Without it the two lines would differ by colour only.
    isi = _aliran(pdf)
    assert re.search(rb"\[\s*[\d.]+\s+[\d.]+\s*\]\s*[\d.]+\s+d\b", isi), "no dashed line drawn"

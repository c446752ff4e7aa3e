"""Checks of issue 12 item 4 that axe does not make, run in the page (see test_axe.py).

- ``tanpa_teks``: controls (links, buttons, summaries, submit inputs) whose visible text is empty:
  a control named only by aria-label, title or an icon fails (the manual's icon-only buttons get
  words).
- ``target_kecil``: controls smaller than 24 x 24 px. Stricter than axe's target-size, which lets
  a small target pass when it has room around it: here only a link inside running text (a
  sentence with other words, WCAG 2.5.8's inline exception) may be smaller.
- ``status_tanpa_teks``: status marks (coloured badges) without words.
Each returns a list of short descriptions of the offending elements (empty = none).
"""

from __future__ import annotations

from typing import Any

_JS = r"""
(jenis) => {
  const terlihat = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && s.visibility !== 'hidden' && s.display !== 'none'
      && !el.closest('[hidden], [aria-hidden=true], dialog:not([open])');
  };
  const uraian = el => {
    const r = el.getBoundingClientRect();
    return `${el.outerHTML.slice(0, 140)} (${Math.round(r.width)}x${Math.round(r.height)})`;
  };
  // innerText is the rendered text; a cell scrolled out of its region renders none, so the
  // node's own text counts too (an icon-only control has neither).
  const teks = el => (el.tagName === 'INPUT' ? el.value : el.innerText || el.textContent || '')
    .trim();
  if (jenis === 'tanpa_teks') {
    return [...document.querySelectorAll(
      'a[href], button, summary, input[type=submit], input[type=button], input[type=reset], [role=button]')]
      .filter(terlihat).filter(el => !teks(el)).map(uraian);
  }
  if (jenis === 'target_kecil') {
    return [...document.querySelectorAll(
      'a[href], button, summary, select, input:not([type=hidden]), [role=button], [tabindex="0"]')]
      .filter(terlihat).filter(el => {
        const r = el.getBoundingClientRect();
        if (r.width >= 24 && r.height >= 24) return false;
        if (el.tagName === 'A' && !el.classList.contains('btn')) {
          // Inside a sentence: the block around the link has words of its own.
          const blok = el.parentElement
            && el.parentElement.closest('p, li, dd, td, th, figcaption, label, small, span, h1, h2, h3');
          if (blok && blok.innerText.trim() !== el.innerText.trim()) return false;
        }
        return true;
      }).map(uraian);
  }
  if (jenis === 'status_tanpa_teks') {
    return [...document.querySelectorAll(
      '.status, .tag, .badge, .pg-status, .siasn-status, [class*="mon-status-"]')]
      .filter(terlihat).filter(el => !teks(el)).map(uraian);
  }
  throw new Error(jenis);
}
"""


def tanpa_teks(page: Any) -> list[str]:
    return list(page.evaluate(_JS, "tanpa_teks"))


def target_kecil(page: Any) -> list[str]:
    return list(page.evaluate(_JS, "target_kecil"))


def status_tanpa_teks(page: Any) -> list[str]:
    return list(page.evaluate(_JS, "status_tanpa_teks"))

"""One error pattern on every form (issue 12 item 3), walked over every form-bearing page.

Run as a test of tests/security/test_masukan_fuzz.py's Fuzz class, which has built the scenario
(ENDPOINTS: one actor and the objects its path names) and signed its actors in. Every endpoint
is opened, with and without HX-Request; every POST form found
on those pages is sent back twice, as a browser would send it, with and without htmx: once with
every visible field left empty, once with every text field holding a word that is no date, no
number, no NIP and no link. Whenever the answer shows a form error, it must show the pattern:

- one error summary (partials/error_summary.html) with tabindex="-1" and autofocus, linking to
  every field that has a message (href="#<its id>", and that id exists);
- beside each such field its message (id "<field id>_error"), the field aria-invalid="true" and
  aria-describedby naming the message (a radio group: its fieldset names it);
- a whole page's <title> starting with "Kesalahan: ";
- the text typed kept in the text fields sent back.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import lxml.html
from django.urls import reverse

from tests.security.test_masukan_fuzz import ENDPOINTS, TOKENS, _url_name

TYPED = "Isian uji kesalahan"


def _forms(html: str) -> list[Any]:
    if not html.strip():
        return []
    try:
        doc = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - an empty fragment
        return []
    return [f for f in doc.iter("form") if (f.get("method") or "get").lower() == "post"]


def _payloads(form: Any) -> list[dict[str, list[str]]]:
    """The form as sent with every visible field empty, and with text fields holding TYPED."""
    keep: dict[str, list[str]] = defaultdict(list)
    visible_text: list[str] = []  # a browser sends any text in these
    visible_other: list[str] = []
    for el in form.iter("input", "select", "textarea"):
        name = el.get("name")
        kind = (el.get("type") or "text").lower()
        if not name:
            continue
        if name in TOKENS or kind == "hidden":
            keep[name].append(el.get("value", ""))
        elif el.tag == "textarea" or (el.tag == "input" and kind in (
                "text", "search", "email", "url", "tel")):
            visible_text.append(name)
        elif el.tag == "select" or kind in ("checkbox", "radio", "file", "number", "date",
                                            "time"):
            visible_other.append(name)
    if not visible_text and not visible_other:
        return []
    empty = {**keep, **{n: [""] for n in visible_text}}
    typed = {**keep, **{n: [TYPED] for n in visible_text}}
    return [empty, typed] if visible_text else [empty]


def periksa(html: str, *, page: bool, sent: dict[str, list[str]], where: str) -> bool:
    """The pattern on one answer; False when it shows no form error."""
    if not html.strip():
        return False
    doc = lxml.html.fromstring(html)
    errors = doc.xpath("//ul[contains(concat(' ', @class, ' '), ' errorlist ')][@id]")
    summaries = doc.find_class("error-summary")
    if not errors and not summaries:
        return False
    assert len(summaries) == 1, (where, "one error summary", len(summaries))
    summary = summaries[0]
    assert summary.get("tabindex") == "-1" and summary.get("autofocus") is not None, where
    links = {a.get("href") for a in summary.iter("a")}
    for ul in errors:
        field_id = ul.get("id").removesuffix("_error")
        widget = doc.get_element_by_id(field_id, None)
        if widget is None or widget.tag == "div":  # a radio group: its inputs are <id>_0, <id>_1, ...
            widget = doc.get_element_by_id(f"{field_id}_0", None)
            assert widget is not None, (where, field_id)
            group = next(a for a in widget.iterancestors() if a.tag == "fieldset")
            assert ul.get("id") in (group.get("aria-describedby") or "").split(), (
                where, field_id)
            assert f"#{field_id}_0" in links, (where, field_id, links)
            continue
        assert widget.get("aria-invalid") == "true", (where, field_id)
        assert ul.get("id") in (widget.get("aria-describedby") or "").split(), (
            where, field_id)
        assert f"#{field_id}" in links, (where, field_id, links)
    for href in links:
        assert doc.get_element_by_id(href.removeprefix("#"), None) is not None, (where, href)
    if page:
        title = doc.findtext(".//title") or ""
        assert title.startswith("Kesalahan: "), (where, title)
    kept: dict[str, list[str]] = defaultdict(list)  # a page may show several forms
    for el in doc.iter("input", "textarea"):
        value = el.text if el.tag == "textarea" else el.get("value")
        kept[el.get("name")].append((value or "").strip())
    for name, values in sent.items():
        if values == [TYPED] and name in kept:
            assert TYPED in kept[name], (where, name, kept[name])
    return True


def jelajahi(fuzz: Any) -> None:
    """Send every POST form of the scenario's pages back with bad input; assert the pattern."""
    s = fuzz.scenario
    checked: set[str] = set()
    sent_to: set[str] = set()
    problems: list[str] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()  # a form on a page and in its fragment
    for name, (actor, kwargs) in ENDPOINTS.items():
        c = fuzz.client_for(actor)
        url = reverse(name, kwargs=kwargs(s))
        for get_headers in ({}, {"HX-Request": "true"}):
            response = c.get(url, headers=get_headers)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            for form in _forms(response.content.decode()):
                action = form.get("action") or url
                target = _url_name(action) if action.startswith("/") else name
                if target is None or target in {"logout", "ganti_bahasa"}:
                    continue
                for data in _payloads(form):
                    key = (action, tuple(sorted(k for k in data if k not in TOKENS)))
                    if key in seen:
                        continue
                    seen.add(key)
                    sent_to.add(target)
                    for headers in ({}, {"HX-Request": "true"}):
                        answer = c.post(action if action.startswith("/") else url, data,
                                        headers=headers)
                        assert answer.status_code < 500, (target, data)
                        if answer.status_code != 200 or not answer.get(
                                "Content-Type", "").startswith("text/html"):
                            continue
                        try:
                            if periksa(answer.content.decode(), page=not headers,
                                          sent=data, where=f"{target} {headers}"):
                                checked.add(target)
                        except AssertionError as exc:
                            problems.append(str(exc)[:300])
    assert not problems, "\n".join(sorted(set(problems)))
    # The walk reached the forms: most of the pages' forms answered bad input with errors.
    # Measured 2026-11-30: forms of 39 endpoints sent, 32 answered with errors (the rest have
    # no required field: Simpan of an empty feedback, Setujui of nothing ticked, ...).
    assert len(sent_to) >= 39, sorted(sent_to)
    assert len(checked) >= 32, sorted(checked)

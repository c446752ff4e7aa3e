"""Guidance on every page (issue 12 item 7): `{% bantuan %}`, the page's Bantuan panel
(ekinerja/bantuan.py, drawn by base.html), and `{% tenggat batas label %}`, a deadline as a
countdown in WIB (ekinerja/tenggat.py). Load with `{% load panduan %}`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from ekinerja.bantuan import untuk
from ekinerja.tenggat import hitung_mundur

register = template.Library()


@register.inclusion_tag("partials/tenggat.html")
def tenggat(batas: dt.date | None, label: str, mendatang: bool = False) -> dict[str, Any]:
    """"Batas pengisian: 5 hari lagi, 20 Juli 2026 23:59 WIB"; nothing without a deadline, and
    with `mendatang` nothing once it has passed (a list of periods shows only the open ones)."""
    t = hitung_mundur(batas) if batas else None
    return {"t": None if t is None or (mendatang and t.lewat) else t, "label": label}


@register.inclusion_tag("partials/bantuan.html", takes_context=True)
def bantuan(context: template.Context) -> dict[str, Any]:
    """The page's Bantuan panel (ekinerja/bantuan.py), chosen by its URL name; signed-in pages
    only (the public landing page is itself the introduction)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"topik": None}
    match = getattr(request, "resolver_match", None)
    return {"topik": untuk(match.view_name if match else None)}


@register.filter
def tombol(teks: str) -> SafeString:
    """A help step with its [button labels] in bold, each kept on one line (no-break spaces).

    The no-break space also means the help text never contains a button's label verbatim, so a
    page's own buttons stay the only match for it (in tests and for find-in-page alike)."""
    bagian = re.split(r"\[([^\]]+)\]", str(teks))
    return mark_safe("".join(  # noqa: S308 -- every piece is escaped here
        '<b class="tombol">' + conditional_escape(b).replace(" ", "&nbsp;") + "</b>" if i % 2
        else conditional_escape(b) for i, b in enumerate(bagian)))

"""Guidance on every page (issue 12 item 7): `{% bantuan %}`, the page's Bantuan panel
(ekinerja/bantuan.py, drawn by base.html), and `{% tenggat batas label %}`, a deadline as a
countdown in WIB (ekinerja/tenggat.py). Load with `{% load panduan %}`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from ekinerja.bantuan import untuk
from ekinerja.tenggat import hitung_mundur

register = template.Library()


@register.inclusion_tag("partials/tenggat.html")
def tenggat(batas: dt.date | None, label: str) -> dict[str, Any]:
    """"Batas pengisian: 5 hari lagi, 20 Juli 2026 23:59 WIB"; nothing without a deadline."""
    return {"t": hitung_mundur(batas) if batas else None, "label": label}


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

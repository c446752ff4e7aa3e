"""`{% token_formulir %}`: the one-time token of a create form (ekinerja/formulir.py). A
template builtin (settings.TEMPLATES), so every form template can use it without a load."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ekinerja.formulir import FIELD, token_baru

register = template.Library()


@register.simple_tag
def token_formulir() -> SafeString:
    """A fresh token each time a form is drawn: two forms on one page never share one."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token_baru())

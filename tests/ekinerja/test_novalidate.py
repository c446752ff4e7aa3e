"""Every form lets the server speak (issue 12 item 3): `novalidate` on each <form>, so a
required field left empty gets the app's Indonesian message beside it, never the browser's own
bubble in the browser's language (the defect seen with Ubah on the rating form). Browser hints
(`required`, `type=url`) may stay as an addition."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
FORM = re.compile(r"<form\b[^>]*>", re.S)


def test_it_puts_novalidate_on_every_form_of_every_template():
    seen = 0
    missing = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in FORM.findall(path.read_text()):
            seen += 1
            if not re.search(r"\snovalidate[\s>]", tag):
                missing.append(f"{path.relative_to(TEMPLATES)}: {tag[:80]}")
    assert seen > 50  # the walk found the forms
    assert missing == []


def test_it_finds_a_form_without_novalidate():
    assert not re.search(r"\snovalidate[\s>]", FORM.findall('<form method="post" class="x">')[0])

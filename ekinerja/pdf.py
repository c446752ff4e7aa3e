"""HTML templates to PDF with WeasyPrint: A4, Indonesian dates, nothing fetched from outside.

WeasyPrint is imported inside the functions that need it: the import costs 2-3 s, which
Django start-up (and every management command) should not pay.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint.urls import URLFetcherResponse

# Month names in the active language (a printed document follows the reader's choice).
BULAN = (
    _("Januari"), _("Februari"), _("Maret"), _("April"), _("Mei"), _("Juni"),
    _("Juli"), _("Agustus"), _("September"), _("Oktober"), _("November"), _("Desember"),
)

# Documents resolve their links against this origin; it names no real host, so a relative URL
# can only ever mean one of our own static files.
BASE_URL = "https://ekinerja.internal/"


def tanggal_indonesia(value: dt.date | dt.datetime | None) -> str:
    """1 Januari 2025 (a datetime is first taken to the local time zone)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value.day} {BULAN[value.month - 1]!s} {value.year}"


class FetchRefused(ValueError):
    """The document asked for something that is not one of the app's static files."""


def _static_prefix() -> str:
    return "/" + settings.STATIC_URL.strip("/") + "/"


def static_path_for(url: str) -> Path:
    """The local file behind `url`, which must be BASE_URL + STATIC_URL + a static file's name."""
    parts = urlsplit(url)
    origin = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        raise FetchRefused(f"refused (not an app static file): {url}")
    path = unquote(parts.path)
    prefix = _static_prefix()
    if not path.startswith(prefix):
        raise FetchRefused(f"refused (outside {prefix}): {url}")
    name = path.removeprefix(prefix)
    if not name or ".." in Path(name).parts:
        raise FetchRefused(f"refused (bad static name): {url}")
    try:
        found = finders.find(name)
    except SuspiciousFileOperation as exc:
        raise FetchRefused(f"refused: {url}") from exc
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / name
        root = Path(settings.STATIC_ROOT).resolve()
        if candidate.resolve().is_relative_to(root) and candidate.is_file():
            found = str(candidate)
    if not found:
        raise FetchRefused(f"refused (no such static file): {url}")
    return Path(found if isinstance(found, str) else found[0])


_MIME = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
         ".otf": "font/otf"}


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no types
        """Serves the app's own static files; every other URL (http, file, data...) is refused."""

        def __init__(self) -> None:
            super().__init__(fail_on_errors=False)

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = static_path_for(url)
            mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticOnlyFetcher


def static_only_fetcher() -> Any:
    return _fetcher_class()()


def html_to_pdf(html: str, *, title: str = "", author: str = "") -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher()).render()
    if title:
        document.metadata.title = title
    if author:
        document.metadata.authors = [author]
    pdf: bytes = document.write_pdf()
    return pdf


def render_pdf(template: str, context: dict[str, Any], *, title: str = "", author: str = "") -> bytes:
    """Render a template under templates/ (e.g. "cetak/skp.html") to PDF bytes."""
    return html_to_pdf(render_to_string(template, context), title=title, author=author)

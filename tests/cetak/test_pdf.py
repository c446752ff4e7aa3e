"""ekinerja/pdf.py: Indonesian dates, the static-only URL fetcher, A4 output."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from pypdf import PdfReader

from ekinerja.pdf import BASE_URL, FetchRefused, html_to_pdf, static_only_fetcher, tanggal_indonesia


def test_it_writes_dates_in_indonesian():
    assert tanggal_indonesia(dt.date(2025, 1, 1)) == "1 Januari 2025"
    assert tanggal_indonesia(dt.date(2024, 2, 29)) == "29 Februari 2024"
    assert tanggal_indonesia(dt.date(2025, 12, 31)) == "31 Desember 2025"
    assert tanggal_indonesia(None) == ""


def test_it_takes_a_datetime_to_jakarta_time_first():
    # 20:00 UTC on 31 December is already 1 January in Jakarta (UTC+7).
    utc = dt.datetime(2024, 12, 31, 20, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert tanggal_indonesia(utc) == "1 Januari 2025"


def test_it_serves_the_apps_own_static_files():
    response = static_only_fetcher().fetch(BASE_URL + "static/css/pdf.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/style.css",
        "https://ekinerja.internal.evil.example/static/css/pdf.css",
        "http://ekinerja.internal/static/css/pdf.css",  # same host, other scheme
        "file:///etc/passwd",
        "data:text/css,body{}",
        BASE_URL + "admin/",  # our origin, but not a static file
        BASE_URL + "static/../ekinerja/settings.py",
        BASE_URL + "static/%2e%2e/ekinerja/settings.py",
        BASE_URL + "static/css/tidak-ada.css",
        "http://127.0.0.1:5432/",
    ],
)
def test_it_refuses_everything_else(url):
    with pytest.raises(FetchRefused):
        static_only_fetcher().fetch(url)


def test_a_document_cannot_make_the_renderer_fetch_outside(httpserver):
    """A stylesheet and an image on a (loopback) server are never requested during rendering."""
    httpserver.expect_request("/x.css").respond_with_data("body{color:red}", content_type="text/css")
    httpserver.expect_request("/x.png").respond_with_data(b"", content_type="image/png")
    html = (
        f'<link rel="stylesheet" href="{httpserver.url_for("/x.css")}">'
        f'<img src="{httpserver.url_for("/x.png")}"><p>Isi dokumen</p>'
    )
    pdf = html_to_pdf(html)
    assert httpserver.log == []
    assert "Isi dokumen" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_it_makes_a4_portrait_pages_with_metadata():
    html = '<link rel="stylesheet" href="/static/css/pdf.css"><p>Halo</p>'
    reader = PdfReader(io.BytesIO(html_to_pdf(html, title="Judul Uji", author="PEGAWAI UJI")))
    box = reader.pages[0].mediabox
    # A4 is 210 x 297 mm = 595.3 x 841.9 pt.
    assert round(float(box.width)) == 595
    assert round(float(box.height)) == 842
    assert reader.metadata.title == "Judul Uji"
    assert reader.metadata.author == "PEGAWAI UJI"
    # The page footer comes from static/css/pdf.css, so the fetcher did serve it.
    assert "Halaman 1 dari 1" in reader.pages[0].extract_text()

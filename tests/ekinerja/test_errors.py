"""Server errors visible to operators, friendly to users (issue 10, item 2).

With DEBUG=0 every unhandled exception is logged with its traceback and a request id; the user
sees an Indonesian page with the same id. Error pages need no database.
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import Client, RequestFactory

from ekinerja import errors

pytestmark = pytest.mark.urls("tests.ekinerja.error_urls")


@pytest.fixture
def anon(settings, db):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def shown_id(response) -> str:
    match = re.search(r"Kode permintaan: <code>([^<]+)</code>", response.content.decode())
    assert match, response.content.decode()[:500]
    return match.group(1)


def test_an_unhandled_exception_gives_a_friendly_page_and_a_logged_traceback_with_one_id(
    anon, caplog
):
    # The production handler (settings.LOGGING "errors": stderr, for gunicorn/systemd).
    [handler] = logging.getLogger("django.request").handlers
    stderr = io.StringIO()
    old = handler.setStream(stderr)
    try:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = anon.get("/uji/meledak/")
    finally:
        handler.setStream(old)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Maaf, terjadi kesalahan pada sistem" in html and 'lang="id"' in html
    assert "Traceback" not in html and "Meledak" not in html  # nothing internal leaks
    rid = shown_id(response)
    assert response["X-Request-ID"] == rid
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == rid
    assert record.exc_info and record.exc_info[0].__name__ == "Meledak"
    text = logging.Formatter().format(record)
    assert "Traceback (most recent call last)" in text and "sebuah kesalahan" in text
    written = stderr.getvalue()
    assert f"ERROR django.request [{rid}] Internal Server Error: /uji/meledak/" in written
    assert "Traceback (most recent call last)" in written


def test_each_request_gets_its_own_id(anon):
    ids = {anon.get("/login/")["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3 and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)


def test_a_database_failure_still_gets_the_page(anon):
    response = anon.get("/uji/database-mati/")
    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan" in response.content.decode()


@pytest.mark.parametrize(("view", "status", "text"), [
    (errors.server_error, 500, "Maaf, terjadi kesalahan pada sistem"),
    (errors.page_not_found, 404, "Halaman tidak ditemukan"),
    (errors.permission_denied, 403, "Akses ditolak"),
    (errors.bad_request, 400, "Permintaan tidak dapat diproses"),
    (errors.csrf_failure, 403, "Formulir tidak dapat dikirim"),
])
def test_error_pages_are_indonesian_and_need_no_database(view, status, text, db,
                                                         django_assert_num_queries):
    request = RequestFactory().get("/apa-saja/")
    request.request_id = "abc123def456"
    with django_assert_num_queries(0):
        response = view(request)
    html = response.content.decode()
    assert response.status_code == status
    assert text in html and "abc123def456" in html and 'lang="id"' in html


def test_an_unknown_address_gets_the_indonesian_404(client, org):
    client.force_login(org.pegawai)
    response = client.get("/tidak-ada-di-sini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert shown_id(response) == response["X-Request-ID"]


def test_a_refusal_shows_its_reason(anon):
    response = anon.get("/uji/dilarang/")
    assert response.status_code == 403
    assert "Hanya pemilik SKP yang dapat mengubah" in response.content.decode()


def test_an_expired_form_gets_the_indonesian_csrf_page(db, org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.pegawai)
    response = client.post("/skp/tambah/", {"periode_awal": "2025-01-01"})
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim" in response.content.decode()


def test_an_incoming_request_id_is_kept_only_from_a_trusted_proxy(anon, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    trusted = anon.get("/login/", REMOTE_ADDR="10.1.2.3", HTTP_X_REQUEST_ID="lb-7f3a9c2e")
    assert trusted["X-Request-ID"] == "lb-7f3a9c2e"
    stranger = anon.get("/login/", REMOTE_ADDR="198.51.100.4", HTTP_X_REQUEST_ID="lb-7f3a9c2e")
    assert stranger["X-Request-ID"] != "lb-7f3a9c2e"
    forged = anon.get("/login/", REMOTE_ADDR="10.1.2.3", HTTP_X_REQUEST_ID="x\nINFO palsu")
    assert "\n" not in forged["X-Request-ID"] and forged["X-Request-ID"] != "x\nINFO palsu"

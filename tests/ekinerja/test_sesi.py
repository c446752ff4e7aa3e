"""Sessions (issue 10, item 6): 30 minutes idle with a warning, 12 hours at most, logout ends the
session on the server, and no signed-in response may be cached (Cache-Control: no-store)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import PASSWORD
from tests.skp.conftest import add_indikator, add_rhk, make_skp

T0 = dt.datetime(2025, 3, 3, 8, 0, tzinfo=dt.UTC)


def at(minutes: float):
    return time_machine.travel(T0 + dt.timedelta(minutes=minutes), tick=False)


@pytest.fixture
def masuk(client, org, settings):
    """Signed in through the login page at T0 (local accounts)."""
    settings.MYSAPK_BASE_URL = ""
    with at(0):
        assert client.post("/login/", {"nip": org.pegawai.nip, "password": PASSWORD}
                           ).status_code == 302
    return client


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_session_survives_activity_within_30_minutes(masuk):
    for minute in (29, 58, 87):
        with at(minute):
            assert masuk.get("/profil/").status_code == 200
            assert signed_in(masuk)


def test_30_idle_minutes_end_the_session_on_the_server(masuk):
    with at(29):
        masuk.get("/profil/")
    with at(29 + 31):
        response = masuk.get("/profil/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/profil/")
        assert not signed_in(masuk)
        page = masuk.get(response["Location"]).content.decode()
    assert "tidak ada aktivitas selama 30 menit" in page


def test_12_hours_after_login_the_session_ends_however_active(masuk):
    for minute in range(20, 12 * 60, 20):
        with at(minute):
            assert masuk.get("/profil/").status_code == 200
    with at(12 * 60 + 1):
        response = masuk.get("/profil/")
        assert response.status_code == 302 and not signed_in(masuk)
        assert "12 jam" in masuk.get(response["Location"]).content.decode()


def test_an_htmx_request_after_the_limit_is_refused_too(masuk, org):
    with at(0):
        skp = make_skp(org.pegawai)
    page = reverse("skp:detail", args=[skp.pk])
    with at(45):
        response = masuk.get(page, headers={
            "HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"})
        assert not signed_in(masuk)
    # The browser goes to the login page (not the login page swapped into the SKP page).
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/login/?next=%2Fskp%2F{skp.pk}%2F"


def test_pages_say_when_the_session_ends_and_carry_the_warning(masuk):
    with at(10):
        html = masuk.get("/profil/").content.decode()
        header = masuk.get("/profil/")["X-Sesi-Berakhir"]
    # Jakarta time (UTC+7): 08:10 UTC + 30 minutes = 15:40 WIB, also without JavaScript.
    assert "sesi Anda berakhir pukul 15:40 bila tidak ada aktivitas" in html
    assert 'id="sesi-peringatan"' in html and "Tetap masuk" in html and "js/sesi.js" in html
    assert int(header) == int((T0 + dt.timedelta(minutes=40)).timestamp())


def test_tetap_masuk_counts_as_activity(masuk):
    with at(29):
        response = masuk.post("/sesi/perpanjang/", {"next": "/profil/"})
    assert response["Location"] == "/profil/"
    with at(29 + 29.5):
        assert masuk.post("/sesi/perpanjang/", headers={"Accept": "application/json"}
                          ).status_code == 204
    with at(29 + 29.5 + 29):
        assert masuk.get("/profil/").status_code == 200


def test_tetap_masuk_needs_a_post_and_a_session(client, masuk):
    with at(1):
        assert masuk.get("/sesi/perpanjang/").status_code == 405
    client.logout()
    assert client.post("/sesi/perpanjang/").status_code == 302  # to the login page


def test_logout_ends_the_session_on_the_server(masuk, client_class):
    with at(1):
        cookie = masuk.cookies["sessionid"].value
        masuk.post("/logout/")
        replay = client_class()
        replay.cookies["sessionid"] = cookie
        response = replay.get("/profil/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.fixture
def client_class(client):
    return client.__class__


def test_every_signed_in_response_is_no_store(client, org):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    client.force_login(org.pegawai)
    responses = {
        "page": client.get("/profil/"),
        "fragment": client.get(reverse("skp:detail", args=[skp.pk]),
                               headers={"HX-Request": "true"}),
        "pdf": client.get(reverse("cetak:skp", args=[skp.pk])),
        "redirect": client.get("/"),
    }
    for kind, response in responses.items():
        assert "no-store" in response["Cache-Control"], kind
        assert "private" in response["Cache-Control"], kind
    assert responses["pdf"]["Content-Type"] == "application/pdf"

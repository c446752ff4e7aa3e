"""The language switch (issue 12 item 6): Indonesian by default, English when chosen, the choice
kept in the session, the cookie and the profile; the printed documents follow it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy

from ekinerja.models import Pegawai, Riwayat

# berakhlak: the autouse fixture that loads the BerAKHLAK rows the SKP PDF prints.
from tests.cetak.conftest import berakhlak, build_skp, flat, pdf_text  # noqa: F401
from tests.skp.conftest import add_indikator, add_rhk, make_skp

SWITCH = reverse("ganti_bahasa")


def switch(client: Client, bahasa: str, next_url: str = "/"):
    return client.post(SWITCH, {"bahasa": bahasa, "next": next_url})


def test_it_is_indonesian_by_default_whatever_the_browser_asks(client):
    page = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    html = page.content.decode()
    assert '<html lang="id">' in html
    assert "silahkan login dengan user MySAPK" in html
    assert page["Content-Language"] == "id"


def test_an_anonymous_visitor_switches_on_the_login_page_and_back(client):
    login = reverse("login")
    assert 'action="/bahasa/"' in client.get(login).content.decode()  # the switch is on the page
    response = switch(client, "en", login)
    assert response.status_code == 302 and response["Location"] == login
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(login).content.decode()
    assert '<html lang="en">' in html
    assert "please sign in with your MySAPK user" in html
    assert "Display language changed." in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    switch(client, "id", login)
    html = client.get(login).content.decode()
    assert '<html lang="id">' in html and "silahkan login dengan user MySAPK" in html


def test_the_choice_survives_new_requests_and_a_new_session_through_the_cookie(client):
    switch(client, "en", reverse("login"))
    for _ in range(2):
        assert "please sign in with your MySAPK user" in client.get(reverse("login")).content.decode()
    client.session.flush()  # a new session: the cookie still knows
    assert "please sign in with your MySAPK user" in client.get(reverse("login")).content.decode()


def test_a_signed_in_pegawai_keeps_the_choice_in_the_profile_on_every_device(client, org):
    client.force_login(org.pegawai)
    daftar = reverse("skp:daftar")
    assert "Daftar SKP" in client.get(daftar).content.decode()
    response = switch(client, "en", daftar)
    assert response["Location"] == daftar
    org.pegawai.refresh_from_db()
    assert org.pegawai.bahasa == "en"
    riwayat = Riwayat.objects.get(aksi="pegawai.bahasa")
    assert riwayat.sebelum == {"bahasa": ""} and riwayat.sesudah == {"bahasa": "en"}
    html = client.get(daftar).content.decode()
    assert "SKP List" in html and "Sign out" in html and "Daftar SKP" not in html
    other_device = Client()  # no session, no cookie: the profile decides
    other_device.force_login(Pegawai.objects.get(pk=org.pegawai.pk))
    assert "SKP List" in other_device.get(daftar).content.decode()
    switch(client, "id", daftar)
    assert "Daftar SKP" in other_device.get(daftar).content.decode()
    assert Pegawai.objects.get(pk=org.pegawai.pk).bahasa == "id"


def test_a_request_in_english_leaves_no_language_behind(client, org):
    """The language is the request's only: code run after it in the same thread (a task, the
    next test) speaks the default again. It used to stay English, so a later test's messages
    came out in English depending on the order the tests ran."""
    Pegawai.objects.filter(pk=org.pegawai.pk).update(bahasa="en")
    client.force_login(Pegawai.objects.get(pk=org.pegawai.pk))
    assert "SKP List" in client.get(reverse("skp:daftar")).content.decode()
    assert translation.get_language() == settings.LANGUAGE_CODE
    assert str(_lazy("Daftar SKP")) == "Daftar SKP"


def test_the_skp_status_speaks_the_chosen_language(client, org):
    """The status is its label, not the stored code: 'pengajuan' in Indonesian (as the manual
    prints it), 'submitted' in English (it showed the code 'pengajuan' in both)."""
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp, "RHK uji"), "Indikator uji")
    skp.submit(aktor=org.pegawai)
    client.force_login(org.pegawai)
    assert '<span class="status status-pengajuan">pengajuan</span>' in \
        client.get(reverse("skp:daftar")).content.decode()
    Pegawai.objects.filter(pk=org.pegawai.pk).update(bahasa="en")
    assert '<span class="status status-pengajuan">submitted</span>' in \
        client.get(reverse("skp:daftar")).content.decode()
    assert '<strong class="status status-pengajuan">SUBMITTED</strong>' in \
        client.get(reverse("skp:detail", args=[skp.pk])).content.decode()


def test_an_unknown_language_is_refused_and_changes_nothing(client, org):
    client.force_login(org.pegawai)
    assert switch(client, "fr").status_code == 400
    assert client.post(SWITCH, {}).status_code == 400
    assert Pegawai.objects.get(pk=org.pegawai.pk).bahasa == ""
    assert not Riwayat.objects.filter(aksi="pegawai.bahasa").exists()


def test_it_answers_get_with_405(client):
    assert client.get(SWITCH).status_code == 405


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "skp:daftar", ""])
def test_it_never_sends_anyone_to_another_site(client, org, next_url):
    client.force_login(org.pegawai)
    assert switch(client, "en", next_url)["Location"] == reverse("home")


def test_it_needs_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    assert client.post(SWITCH, {"bahasa": "en"}).status_code == 403


def test_the_skp_pdf_prints_in_english_with_its_own_code(client, org):
    skp = build_skp(org.pegawai)
    client.force_login(org.pegawai)
    url = reverse("cetak:skp", args=[skp.pk])
    indonesian = client.get(url)
    text = flat(pdf_text(indonesian.content))
    assert "SASARAN KINERJA PEGAWAI" in text and "Halaman 1 dari" in text
    switch(client, "en")
    english = client.get(url)
    text = flat(pdf_text(english.content))
    assert "EMPLOYEE PERFORMANCE TARGETS" in text
    assert "PLANNED WORK RESULT" in text and "INDIVIDUAL PERFORMANCE INDICATOR" in text
    assert "ASSESSED EMPLOYEE" in text and "APPRAISING OFFICIAL" in text
    assert "Page 1 of" in text
    # Built in Python (skp/cetak.py, ekinerja/pdf.py): the rank line, the period and the sections.
    assert "FUNCTIONAL POSITION" in text
    assert "ASSESSMENT PERIOD: 1 JANUARY TO 31 DECEMBER 2025" in text
    assert "A. MAIN PERFORMANCE" in text and "B. ADDITIONAL PERFORMANCE" in text
    assert "SASARAN KINERJA PEGAWAI" not in text and "Halaman 1 dari" not in text
    # An English copy is a document of its own: the Indonesian one is not served in its place.
    assert english["X-Dokumen-Kode"] != indonesian["X-Dokumen-Kode"]
    switch(client, "id")
    again = client.get(url)
    assert again["X-Dokumen-Kode"] == indonesian["X-Dokumen-Kode"]
    assert "SASARAN KINERJA PEGAWAI" in flat(pdf_text(again.content))


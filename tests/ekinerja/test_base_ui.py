from __future__ import annotations

from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ekinerja.context_processors import navigation
from ekinerja.middleware import HtmxMessagesMiddleware


def test_full_pages_show_the_signed_in_person_and_the_menu(client, org):
    client.force_login(org.pegawai)
    html = client.get(reverse("profil")).content.decode()
    assert "PEGAWAI UJI" in html and org.pegawai.nip in html
    assert 'aria-label="Menu utama"' in html
    assert "Keluar" in html
    assert 'hx-headers=\'{"x-csrftoken": "' in html
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html


def test_the_menu_lists_only_pages_that_exist_and_admin_only_for_admins(org):
    request = RequestFactory().get("/profil/")
    request.user = org.pegawai
    labels = [str(i["label"]) for i in navigation(request)["nav_items"]]
    assert "Admin" not in labels
    for item in navigation(request)["nav_items"]:
        assert item["url"].startswith("/")
    request.user = org.admin
    assert "Admin" in [str(i["label"]) for i in navigation(request)["nav_items"]]


def _htmx_response(rf, org, body="<p>potongan</p>", **headers):
    def view(request):
        messages.success(request, "Tersimpan.")
        return HttpResponse(body, **headers)

    request = rf.get("/x", headers={"HX-Request": "true"})
    request.user = org.pegawai
    request.session = SessionStore()
    request._messages = SessionStorage(request)
    request.htmx = True
    return HtmxMessagesMiddleware(view)(request)


def test_htmx_swaps_carry_pending_messages_out_of_band(rf, org):
    response = _htmx_response(rf, org)
    html = response.content.decode()
    assert html.startswith("<p>potongan</p>")
    assert 'id="messages"' in html and 'hx-swap-oob="true"' in html
    assert "Tersimpan." in html


def test_htmx_redirects_keep_their_messages_for_the_next_page(rf, org):
    response = _htmx_response(rf, org, status=302)
    assert "Tersimpan." not in response.content.decode()


def test_only_the_most_specific_menu_entry_is_marked_current(org):
    request = RequestFactory().get("/penilaian/rekan/")
    request.user = org.pegawai
    active = [str(i["label"]) for i in navigation(request)["nav_items"] if i["active"]]
    assert active == ["Feedback Rekan Kerja"]
    request = RequestFactory().get("/penilaian/")
    request.user = org.pegawai
    active = [str(i["label"]) for i in navigation(request)["nav_items"] if i["active"]]
    assert active == ["Penilaian"]

from __future__ import annotations

from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ekinerja.context_processors import navigation
from ekinerja.middleware import HtmxMessagesMiddleware
from tests.skp.conftest import make_skp


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


def _menu(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("profil")).content.decode()
    return html.split('aria-label="Menu utama"', 1)[1].split("</nav>", 1)[0]


def test_a_pegawai_who_rates_nobody_sees_no_superior_or_admin_menu(client, org):
    # org.pegawai rates no SKP (issue 12: "SKP Bawahan ... show for a pegawai who rates nobody").
    menu = _menu(client, org.pegawai)
    assert "Daftar SKP" in menu and "Penilaian" in menu and "Feedback Rekan Kerja" in menu
    for superior in ("SKP Bawahan", "Monitoring", "SIASN", "Admin"):
        assert superior not in menu
    assert client.get(reverse("skp:daftar")).content.decode().count("SKP Bawahan") == 0


def test_the_pejabat_penilai_of_an_skp_sees_skp_bawahan_but_no_admin_menu(client, org):
    menu = _menu(client, org.direktur)
    assert "SKP Bawahan" not in menu  # the head of a unit rates nobody until an SKP names them
    make_skp(org.pegawai)  # its pejabat penilai is org.direktur
    menu = _menu(client, org.direktur)
    assert f'href="{reverse("skp:bawahan")}"' in menu and "SKP Bawahan" in menu
    for admin_only in ("Monitoring", "SIASN", "Admin"):
        assert admin_only not in menu


def test_the_admin_instansi_sees_the_admin_menus(client, org):
    menu = _menu(client, org.admin)
    for admin_only in ("Monitoring", "SIASN", "Admin"):
        assert admin_only in menu
    assert "SKP Bawahan" not in menu  # an admin who rates nobody


def test_the_menu_and_the_unread_badge_cost_one_query_and_htmx_fragments_none(
    client, org, django_assert_num_queries
):
    from ekinerja.context_processors import kepala

    make_skp(org.pegawai)
    request = RequestFactory().get("/skp/")
    request.user = org.direktur
    with django_assert_num_queries(1):  # the unread count and "rates anybody?" together
        labels = [str(i["label"]) for i in navigation(request)["nav_items"]]
        assert kepala(request) == {"unread": 0, "menilai": True}
    assert "SKP Bawahan" in labels
    request = RequestFactory().get("/skp/")
    request.user = org.pegawai
    with django_assert_num_queries(0):
        navigation(request)  # not evaluated until a template shows the menu

"""The public landing page (issue 12, Gambar 1): what e-Kinerja is, Login, the verification box."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ekinerja.models import Pegawai
from ekinerja.models_dokumen import DokumenCetak, buat_kode
from tests.factories import PASSWORD


def test_it_shows_an_anonymous_visitor_what_e_kinerja_is_login_and_the_code_box(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):  # no session yet, nothing to look up
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "e-KINERJA" in html
    assert "aplikasi ASN" in html  # the short "what it is"
    assert f'href="{reverse("login")}"' in html and ">Login</a>" in html
    assert f'action="{reverse("cetak:verifikasi")}"' in html and 'name="kode"' in html
    assert 'aria-label="Menu utama"' not in html  # no menu for the public


def test_the_code_box_on_the_landing_page_checks_a_real_document(client, org):
    dok = DokumenCetak.objects.create(
        jenis=DokumenCetak.Jenis.SKP, objek_tipe=ContentType.objects.get_for_model(Pegawai),
        objek_id=str(org.pegawai.pk), versi=1, sidik="beranda", kode=buat_kode(),
        pemilik_nama=org.pegawai.nama)
    html = client.get("/").content.decode()
    form = re.search(r'<form method="get" action="([^"]+)"[^>]*>.*?name="(\w+)"', html, re.S)
    assert form is not None
    action, field = form.groups()
    found = client.get(action, {field: dok.kode_tampil})
    assert found.status_code == 200 and org.pegawai.nama in found.content.decode()
    unknown = client.get(action, {field: "XXXXX-XXXXX"})
    assert unknown.status_code == 404 and "Kode tidak dikenal" in unknown.content.decode()


def test_a_signed_in_user_still_lands_on_daftar_skp(client, org):
    client.force_login(org.pegawai)
    assert client.get("/").url == reverse("skp:daftar")


def test_login_from_the_landing_page_ends_on_daftar_skp(client, org):
    response = client.post(reverse("login"), {"nip": org.pegawai.nip, "password": PASSWORD},
                           follow=True)
    assert [url for url, _status in response.redirect_chain] == ["/", reverse("skp:daftar")]
    assert "Daftar SKP" in response.content.decode()


def test_a_protected_page_still_sends_an_anonymous_visitor_to_login(client, db):
    response = client.get(reverse("skp:daftar"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('skp:daftar')}"


def test_the_landing_page_takes_get_only(client, db):
    assert client.post("/").status_code == 405


def test_pages_go_out_gzip_compressed_to_a_browser_that_accepts_it(client, db):
    """Issue 12 item 8: the app compresses its pages itself (GZipMiddleware)."""
    import gzip

    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "e-KINERJA" in html and len(response.content) < len(html.encode()) / 2
    assert "Content-Encoding" not in client.get("/")  # a client that does not ask gets it plain

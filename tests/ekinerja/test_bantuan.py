"""The Bantuan panel (issue 12 item 7): one <details> per signed-in page, with the steps of the
manual's matching section, chosen by the page's URL name (ekinerja/bantuan.py)."""

from __future__ import annotations

import re

from django.urls import get_resolver, reverse

from ekinerja.bantuan import HALAMAN, TOPIK, UMUM
from tests.skp.conftest import make_skp


def _panel(html: str) -> str:
    panels = re.findall(r'<details class="bantuan">.*?</details>', html, re.S)
    assert len(panels) == 1, "exactly one Bantuan panel per page"
    return panels[0]


def test_daftar_skp_has_the_steps_of_the_manuals_section_2(client, org):
    client.force_login(org.pegawai)
    panel = _panel(client.get(reverse("skp:daftar")).content.decode())
    assert "<summary>Bantuan: Daftar SKP</summary>" in panel
    assert ('Klik <b class="tombol">Tambah&nbsp;SKP</b>, pilih Periode Awal, Periode Akhir dan '
            "Pendekatan" in panel)
    assert "Buku Petunjuk e-Kinerja 2022, bagian 2." in panel


def test_the_skp_page_has_its_own_steps_and_english_follows_the_language(client, org):
    skp = make_skp(org.pegawai)
    client.force_login(org.pegawai)
    panel = _panel(client.get(reverse("skp:detail", args=[skp.pk])).content.decode())
    assert "Bantuan: Sasaran Kinerja Pegawai" in panel and "Ajukan&nbsp;SKP" in panel
    client.post(reverse("ganti_bahasa"), {"bahasa": "en", "next": "/"})
    panel = _panel(client.get(reverse("skp:detail", args=[skp.pk])).content.decode())
    assert "<summary>Help: Employee Performance Targets</summary>" in panel
    assert "Steps from the 2022 e-Kinerja manual, section 2.1, 3, 4." in panel


def test_a_page_without_a_topic_of_its_own_gets_the_general_one(client, org):
    client.force_login(org.pegawai)
    panel = _panel(client.get(reverse("profil")).content.decode())
    assert f"Bantuan: {UMUM.judul}" in panel and "Menu di atas membuka" in panel


def test_public_pages_have_no_panel(client, db):
    for url in ("/", reverse("login"), reverse("cetak:verifikasi")):
        assert 'class="bantuan"' not in client.get(url).content.decode()


def test_htmx_fragments_carry_no_panel(client, org):
    client.force_login(org.pegawai)
    html = client.get(reverse("skp:daftar"), headers={"HX-Request": "true"}).content.decode()
    assert 'class="bantuan"' not in html


def test_every_mapped_page_exists_and_every_topic_is_used():
    namespaces = set(get_resolver().namespace_dict)
    for page in HALAMAN:
        ns, _, name = page.partition(":")
        if name:
            assert name in get_resolver(None).namespace_dict[ns][1].reverse_dict, page
        else:
            assert ns in namespaces, page
    assert set(HALAMAN.values()) == set(TOPIK)
    for topik in TOPIK.values():
        assert 2 <= len(topik.langkah) <= 5  # short: a few steps, not a manual


def test_empty_pages_say_what_to_do_next(client, org):
    client.force_login(org.pegawai)
    assert "Belum ada SKP. Klik Tambah SKP" in client.get(reverse("skp:daftar")).content.decode()
    assert "Buat dan ajukan SKP di Daftar SKP" in client.get(
        reverse("penilaian:index")).content.decode()
    assert "akan muncul di sini" in client.get(reverse("notifikasi")).content.decode()
    skp = make_skp(org.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Klik Tambah Rencana Hasil Kerja (RHK) untuk menambahkannya." in html
    client.force_login(org.direktur)  # the rater reads the draft: no step that is not theirs
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Belum ada RHK" in html and "untuk menambahkannya" not in html


def test_button_labels_in_the_steps_are_bold_unbroken_and_escaped():
    from ekinerja.templatetags.panduan import tombol

    assert tombol("Klik [Tambah SKP] lalu <OK>") == (
        'Klik <b class="tombol">Tambah&nbsp;SKP</b> lalu &lt;OK&gt;')
    # So a page's own "Tambah SKP" button stays the only verbatim "Tambah SKP" on it.
    assert "Tambah SKP" not in tombol("[Tambah SKP]")

"""The manual's section 5 (Gambar 15-18) in real Chromium against the live server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from skp.models import HasilKerja
from tests.browser import login
from tests.factories import make_pegawai
from tests.skp.conftest import add_indikator, add_rhk, make_skp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def local_accounts(settings):
    settings.MYSAPK_BASE_URL = ""


def test_the_direktur_syncs_adds_by_nip_and_adds_an_rhk_the_subordinate_then_sees(
    page: Page, live_server, org, layar
):
    atasan = make_skp(org.direktur)
    rhk1 = add_rhk(atasan, "Meningkatnya kualitas layanan sistem informasi ASN")
    add_indikator(rhk1, "Indeks kepuasan pengguna atas layanan sistem informasi ASN")
    add_indikator(rhk1, "Persentase integrasi sistem informasi ASN")
    rhk2 = add_rhk(atasan, "Tersusunnya regulasi teknis tata kelola TIK")
    add_indikator(rhk2, "Persentase pemenuhan regulasi teknis")
    make_skp(org.pegawai)
    lain = make_pegawai(org.deputi_unit, nama="PEGAWAI UNIT LAIN")  # rated by the Deputi
    make_skp(lain)

    login(page, live_server.url, org.direktur.nip)
    page.get_by_role("link", name="Matriks Bawahan").click()
    expect(page.get_by_role("heading", name="Matriks Pembagian Peran Hasil")).to_be_visible()

    page.get_by_role("button", name="Sinkronisasi SKP Bawahan").click()
    expect(page.locator("#messages")).to_contain_text("1 SKP bawahan ditambahkan ke matriks.")
    row = page.get_by_role("row", name="PEGAWAI UJI (SKP Periode 2025-01-01 sampai 2025-12-31)")
    expect(row).to_contain_text("draft")

    # Tambah Pegawai: a wrong NIP first, then the right one (Gambar 16).
    page.get_by_role("link", name="Tambah Pegawai").click()
    dialog = page.locator("#skp-dialog")
    dialog.get_by_label("NIP Pegawai").fill("199001012015011999")
    dialog.get_by_role("button", name="Cari Pegawai").click()
    expect(dialog).to_contain_text("Pegawai dengan NIP 199001012015011999 tidak ditemukan.")
    dialog.get_by_label("NIP Pegawai").fill(lain.nip)
    dialog.get_by_role("button", name="Cari Pegawai").click()
    expect(dialog.get_by_label("PEGAWAI UNIT LAIN (Periode SKP 2025-01-01 - 2025-12-31)")).to_be_checked()
    layar(page, "matriks_tambah_pegawai", full_page=False)
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text("PEGAWAI UNIT LAIN ditambahkan ke matriks.")
    expect(page.get_by_role("row", name="PEGAWAI UNIT LAIN (SKP Periode")).to_contain_text(
        "Anda bukan pejabat penilai"
    )

    # Tambah RHK in the subordinate's cell under the second leader RHK (Gambar 17).
    row.get_by_role("link", name="Tambah RHK: PEGAWAI UJI — Tersusunnya regulasi").click()
    expect(dialog.get_by_role("heading", name="Tambah RHK")).to_be_visible()
    expect(dialog.get_by_label("RHK atasan yang diintervensi")).to_have_value(str(rhk2.pk))
    dialog.get_by_label("Jenis RHK").select_option(label="Utama")
    dialog.get_by_label("Rencana Hasil Kerja").fill("Tersusunnya rancangan regulasi teknis SI ASN")
    layar(page, "matriks_tambah_rhk", full_page=False)
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text("RHK ditambahkan ke SKP PEGAWAI UJI.")
    cells = row.locator("td")
    expect(cells.nth(1)).to_contain_text("Tersusunnya rancangan regulasi teknis SI ASN")
    expect(cells.nth(0)).not_to_contain_text("Tersusunnya rancangan regulasi")
    page.get_by_role("button", name="Keluar").focus()
    layar(page, "matriks_journey")
    assert HasilKerja.objects.get(skp__pegawai=org.pegawai).rhk_atasan_id == rhk2.pk

    # The subordinate sees it on their SKP with the intervened RHK (Gambar 18).
    page.get_by_role("button", name="Keluar").click()
    login(page, live_server.url, org.pegawai.nip)
    page.get_by_role("link", name="Detail SKP").click()
    rhk_row = page.locator("#hasil-kerja tbody.rhk").first
    expect(rhk_row.locator(".intervensi")).to_have_text("Tersusunnya regulasi teknis tata kelola TIK")
    expect(rhk_row.locator(".rhk-teks")).to_contain_text("Tersusunnya rancangan regulasi teknis SI ASN")


def test_a_wide_matrix_scrolls_by_keyboard_with_header_and_first_column_in_view(
    page: Page, live_server, org, layar
):
    from matriks import actions

    atasan = make_skp(org.direktur)
    for i in range(8):
        rhk = add_rhk(atasan, f"Rencana hasil kerja pimpinan nomor {i + 1}")
        for j in range(3):
            add_indikator(rhk, f"Indikator {i + 1}.{j + 1} kinerja direktorat")
    for k in range(25):
        make_skp(make_pegawai(org.direktorat, nama=f"BAWAHAN {k + 1:02d}"))
    actions.sync_bawahan(aktor=org.direktur, skp_atasan=atasan)

    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, live_server.url, org.direktur.nip)
    page.goto(f"{live_server.url}/matriks/{atasan.pk}/")
    scroller = page.get_by_role("region", name="Tabel matriks, dapat digulir ke samping")
    layar(page, "matriks_wide", full_page=False)
    scroller.focus()
    expect(scroller).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("PageDown")
    settled, last = 0, None
    while settled < 3:  # keyboard scrolling is animated; measure once it has stopped
        page.wait_for_timeout(100)
        now = scroller.evaluate("el => [el.scrollLeft, el.scrollTop]")
        settled = settled + 1 if now == last else 0
        last = now
    assert scroller.evaluate("el => el.scrollLeft") > 0
    assert scroller.evaluate("el => el.scrollTop") > 0
    # The sticky first column and header stay at the scroll container's left and top edges.
    box = scroller.bounding_box()
    first = page.locator("tbody th.bawahan").first.bounding_box()
    head = page.locator("thead .head-rhk th.corner").bounding_box()
    assert abs(first["x"] - box["x"]) < 3
    assert abs(head["y"] - box["y"]) < 3
    layar(page, "matriks_scrolled", full_page=False)

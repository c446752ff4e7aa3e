"""Browser journeys of the manual's sections 4 and 6 (Gambar 13-14, 19-22): real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from skp.models import Skp, StatusSkp
from tests.browser import folder_layar_env, login, simpan_layar
from tests.skp.conftest import add_indikator, add_rhk, make_skp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Screenshots for looking at the pages: only when asked ($SCREENSHOT_DIR, see README), and never
# inside the repository. The helpers below run without fixtures, so they read the variable.
def shot(page: Page, name: str) -> None:
    folder = folder_layar_env()
    if folder is not None:
        simpan_layar(page, folder, f"skp_workflow-{name}")


@pytest.fixture(autouse=True)
def local_accounts(settings):
    settings.MYSAPK_BASE_URL = ""


@pytest.fixture
def skp_pegawai(org):
    """The fungsional pegawai's draft SKP, with an RHK and an indicator (Gambar 12)."""
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp, "Tersedianya aplikasi layanan kepegawaian"),
                  "Jumlah modul aplikasi yang selesai dibangun", target_teks="4 modul")
    return skp


def ajukan_skp(page: Page) -> None:
    page.get_by_role("link", name="Ajukan SKP").click()
    dialog = page.locator("#skp-dialog")
    expect(dialog.get_by_role("heading", name="Pengajuan SKP")).to_be_visible()
    expect(dialog).to_contain_text("Apakah Anda yakin ingin mengajukan SKP ini?")
    expect(dialog).to_contain_text(
        "Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau.")
    expect(dialog.get_by_role("link", name="Close")).to_be_visible()
    shot(page, "ajukan_dialog")
    dialog.get_by_role("button", name="OK").click()
    expect(page.locator(".status-line")).to_contain_text("Status SKP: PENGAJUAN")


def open_bawahan_detail(page: Page, nama: str) -> None:
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="SKP Bawahan").click()
    expect(page.get_by_role("heading", name="Daftar SKP Bawahan")).to_be_visible()
    row = page.locator("#bawahan tbody tr", has_text=nama)
    expect(row).to_contain_text("pengajuan")
    shot(page, "skp_bawahan")
    row.get_by_role("link", name="Detail SKP").click()
    expect(page.get_by_role("heading", name="SASARAN KINERJA PEGAWAI")).to_be_visible()


def edit_status(page: Page, status: str, alasan: str = "") -> None:
    page.get_by_role("link", name="Edit Status").click()
    dialog = page.locator("#skp-dialog")
    expect(dialog.get_by_role("heading", name="Edit Status")).to_be_visible()
    dialog.get_by_role("combobox", name="Status").select_option(label=status)
    if alasan:
        dialog.get_by_label("Alasan pengembalian").fill(alasan)
    shot(page, f"edit_status_{status.lower()}")
    dialog.get_by_role("button", name="OK").click()


def test_the_pegawai_submits_and_the_direktur_approves(page: Page, live_server, org,
                                                       skp_pegawai):
    base = live_server.url
    login(page, base, org.pegawai.nip)
    page.locator("#daftar").get_by_role("link", name="Detail SKP").click()
    expect(page.locator(".status-line")).to_contain_text("Status SKP: DRAFT")
    ajukan_skp(page)
    expect(page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)")).to_have_count(0)
    expect(page.get_by_role("link", name="Ajukan SKP")).to_have_count(0)
    expect(page.locator("#messages")).to_contain_text("SKP berhasil diajukan")
    shot(page, "pegawai_pengajuan")
    page.get_by_role("button", name="Keluar").click()

    login(page, base, org.direktur.nip)
    expect(page.locator(".notif-link .badge")).to_have_text("1")
    open_bawahan_detail(page, "PEGAWAI UJI")
    expect(page.locator(".status-line")).to_contain_text("Status SKP: PENGAJUAN")
    edit_status(page, "Persetujuan")
    expect(page.locator(".status-line")).to_contain_text("Status SKP: PERSETUJUAN")
    expect(page.locator("#messages")).to_contain_text("SKP PEGAWAI UJI disetujui.")
    page.get_by_role("button", name="Keluar").click()

    login(page, base, org.pegawai.nip)
    expect(page.locator("#daftar tbody tr").first).to_contain_text("persetujuan")
    page.locator("#daftar").get_by_role("link", name="Detail SKP").click()
    expect(page.locator(".status-line")).to_contain_text("Status SKP: PERSETUJUAN")
    assert Skp.objects.get(pk=skp_pegawai.pk).status == StatusSkp.PERSETUJUAN


def test_a_return_with_a_reason_is_seen_fixed_and_submitted_again(page: Page, live_server, org,
                                                                  skp_pegawai):
    base = live_server.url
    skp_pegawai.submit(aktor=org.pegawai)
    login(page, base, org.direktur.nip)
    open_bawahan_detail(page, "PEGAWAI UJI")
    # Draft without a reason: refused beside the field, the dialog stays open.
    edit_status(page, "Draft")
    dialog = page.locator("#skp-dialog")
    expect(dialog.locator("#id_alasan_error")).to_contain_text("Tuliskan alasan pengembalian")
    shot(page, "edit_status_tanpa_alasan")
    dialog.get_by_label("Alasan pengembalian").fill("Target modul terlalu rendah; naikkan ke 6.")
    dialog.get_by_role("button", name="OK").click()
    expect(page.locator(".status-line")).to_contain_text("Status SKP: DRAFT")
    page.get_by_role("button", name="Keluar").click()

    login(page, base, org.pegawai.nip)
    page.locator("#daftar").get_by_role("link", name="Detail SKP").click()
    notice = page.locator(".dikembalikan")
    expect(notice).to_contain_text("SKP dikembalikan ke draft")
    expect(notice).to_contain_text("Target modul terlalu rendah; naikkan ke 6.")
    expect(notice).to_contain_text("DIREKTUR UJI")
    shot(page, "pegawai_dikembalikan")
    page.locator("#hasil-kerja .indikator").get_by_role("link", name="Edit").click()
    dialog.get_by_label("Target").fill("6 modul")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#hasil-kerja")).to_contain_text("6 modul")
    ajukan_skp(page)
    expect(page.locator(".dikembalikan")).to_have_count(0)
    riwayat = page.locator("#riwayat")
    riwayat.locator("summary").click()
    expect(riwayat).to_contain_text("Indikator diubah")
    expect(riwayat).to_contain_text("4 modul → 6 modul")
    shot(page, "pegawai_riwayat")
    assert Skp.objects.get(pk=skp_pegawai.pk).status == StatusSkp.PENGAJUAN

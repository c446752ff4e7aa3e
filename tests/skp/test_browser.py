"""Browser journeys of the manual's sections 2 and 3 (Gambar 3-12): real Chromium, live server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from skp.models import HasilKerja, Indikator, Skp
from tests.browser import login
from tests.skp.conftest import add_rhk, make_skp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RHK_GAMBAR_9 = "Terwujudnya Pembinaan dan Pelayanan Data dan Informasi ASN yang Berkualitas"
PENUGASAN = "Deputi Bidang Sistem Informasi Kepegawaian"


@pytest.fixture(autouse=True)
def local_accounts(settings):
    settings.MYSAPK_BASE_URL = ""


def tambah_skp(page: Page, awal: str, akhir: str, pendekatan: str) -> None:
    page.get_by_role("link", name="Tambah SKP").click()
    dialog = page.locator("#skp-dialog")
    expect(dialog.get_by_role("heading", name="Tambah SKP")).to_be_visible()
    dialog.get_by_label("Periode Awal").fill(awal)
    dialog.get_by_label("Periode Akhir").fill(akhir)
    dialog.get_by_label("Pendekatan").select_option(label=pendekatan)
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()


def test_a_jpt_creates_a_kuantitatif_skp_with_the_rhk_and_indicators_of_gambar_9(
    page: Page, live_server, org, layar
):
    login(page, live_server.url, org.direktur.nip)
    tambah_skp(page, "2025-01-01", "2025-12-31", "Kuantitatif")
    row = page.locator("#daftar tbody tr").first
    expect(row).to_contain_text("2025-01-01 sampai 2025-12-31")
    expect(row).to_contain_text("kuantitatif")
    expect(row).to_contain_text("draft")
    row.get_by_role("link", name="Detail SKP").click()

    expect(page.get_by_role("heading", name="SASARAN KINERJA PEGAWAI")).to_be_visible()
    expect(page.locator("#identitas")).to_contain_text("DEPUTI UJI")
    expect(page.locator(".status-line")).to_contain_text("Status SKP: DRAFT")

    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    dialog = page.locator("#skp-dialog")
    dialog.get_by_label("Klasifikasi RHK").select_option(label="Individu - tertaut di SKP Pegawai")
    dialog.get_by_label("Jenis RHK").select_option(label="Utama")
    dialog.get_by_label("Rencana Hasil Kerja").fill(RHK_GAMBAR_9)
    dialog.get_by_label("Penugasan dari").fill(PENUGASAN)
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    table = page.locator("#hasil-kerja")
    expect(table).to_contain_text(f"{RHK_GAMBAR_9} (Penugasan dari {PENUGASAN})")

    for teks, target in [
        ("Indeks Kepuasan pengguna atas layanan sistem informasi ASN", "95"),
        ("Indeks Kepuasan Instansi terhadap Pembinaan Penerapan Sistem Informasi ASN", "92"),
    ]:
        table.get_by_role("link", name="Tambah Indikator").click()
        expect(dialog.get_by_label("Perspektif")).to_be_visible()
        dialog.get_by_label("Indikator").fill(teks)
        dialog.get_by_label("Target").fill(target)
        dialog.get_by_label("Perspektif").select_option(label="Penerima Layanan")
        dialog.get_by_role("button", name="OK").click()
        expect(dialog).to_be_hidden()
        expect(table).to_contain_text(teks)

    rows = table.locator("tbody.rhk tr")
    expect(rows.nth(0)).to_contain_text("95")
    expect(rows.nth(1)).to_contain_text("92")
    expect(rows.nth(1)).to_contain_text("Penerima Layanan")
    assert list(Indikator.objects.order_by("urutan").values_list("target_teks", flat=True)) == [
        "95", "92"]
    page.get_by_role("button", name="Keluar").focus()  # no hover/focus ring on the table
    layar(page, "skp_jpt")


def test_a_kualitatif_skp_gets_an_indicator_without_target(page: Page, live_server, org):
    login(page, live_server.url, org.direktur.nip)
    tambah_skp(page, "2024-01-01", "2024-12-31", "Kualitatif")
    page.locator("#daftar tbody tr").first.get_by_role("link", name="Detail SKP").click()
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    dialog = page.locator("#skp-dialog")
    dialog.get_by_label("Rencana Hasil Kerja").fill(RHK_GAMBAR_9)
    dialog.get_by_label("Penugasan dari").fill(PENUGASAN)
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    page.locator("#hasil-kerja").get_by_role("link", name="Tambah Indikator").click()
    expect(dialog.get_by_label("Indikator")).to_be_visible()
    expect(dialog.get_by_label("Target")).to_have_count(0)
    expect(dialog.get_by_label("Perspektif")).to_have_count(0)
    dialog.get_by_label("Indikator").fill("Kepuasan Pengguna Layanan Sistem Informasi ASN")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#hasil-kerja")).to_contain_text(
        "Kepuasan Pengguna Layanan Sistem Informasi ASN")
    expect(page.locator("#hasil-kerja thead")).not_to_contain_text("Target")
    assert Indikator.objects.get().target_teks == ""


def test_a_fungsional_adds_an_rhk_that_intervenes_the_direkturs_rhk(page: Page, live_server, org,
                                                                     layar):
    leader = add_rhk(make_skp(org.direktur), RHK_GAMBAR_9, penugasan_dari=PENUGASAN)
    login(page, live_server.url, org.pegawai.nip)
    tambah_skp(page, "2025-01-01", "2025-12-31", "Kuantitatif")
    page.locator("#daftar tbody tr").first.get_by_role("link", name="Detail SKP").click()
    expect(page.locator("#identitas")).to_contain_text("DIREKTUR UJI")
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    dialog = page.locator("#skp-dialog")
    expect(dialog.get_by_label("Klasifikasi RHK")).to_have_count(0)
    dialog.get_by_label("Jenis RHK").select_option(label="Utama")
    dialog.get_by_label("Rencana Hasil Kerja", exact=True).fill(
        "Tersedianya aplikasi layanan data ASN yang andal")
    dialog.get_by_label("RHK atasan yang diintervensi").select_option(label=RHK_GAMBAR_9)
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    rhk_row = page.locator("#hasil-kerja tbody.rhk").first
    expect(rhk_row.locator("td.intervensi")).to_have_text(RHK_GAMBAR_9)
    rhk_row.get_by_role("link", name="Tambah Indikator").click()
    dialog.get_by_label("Aspek").select_option(label="Kuantitas")
    dialog.get_by_label("Indikator").fill("Jumlah layanan aplikasi yang tersedia")
    dialog.get_by_label("Target").fill("12 layanan")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(rhk_row).to_contain_text("12 layanan")
    mine = HasilKerja.objects.get(skp__pegawai=org.pegawai)
    assert mine.rhk_atasan_id == leader.pk
    page.get_by_role("button", name="Keluar").focus()
    layar(page, "skp_nonjpt")


def test_a_validation_error_appears_in_place_and_keeps_the_typed_values(
    page: Page, live_server, org, layar
):
    login(page, live_server.url, org.pegawai.nip)
    page.get_by_role("link", name="Tambah SKP").click()
    dialog = page.locator("#skp-dialog")
    dialog.get_by_label("Periode Awal").fill("2025-06-01")
    dialog.get_by_label("Periode Akhir").fill("2025-03-31")
    dialog.get_by_label("Pendekatan").select_option(label="Kualitatif")
    dialog.get_by_role("button", name="OK").click()
    error = dialog.locator("#id_periode_akhir_error")
    expect(error).to_have_text("Periode Akhir tidak boleh sebelum Periode Awal.")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Periode Awal")).to_have_value("2025-06-01")
    expect(dialog.get_by_label("Periode Akhir")).to_have_value("2025-03-31")
    expect(dialog.get_by_label("Pendekatan")).to_have_value("kualitatif")
    layar(page, "skp_error", full_page=False)
    assert not Skp.objects.exists()
    dialog.get_by_label("Periode Akhir").fill("2025-12-31")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#daftar")).to_contain_text("2025-06-01 sampai 2025-12-31")


def test_the_forms_work_as_full_pages_without_javascript(browser, live_server, org):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server.url, org.direktur.nip)
    page.get_by_role("link", name="Tambah SKP").click()
    expect(page).to_have_url(f"{live_server.url}/skp/tambah/")
    page.get_by_label("Periode Awal").fill("2025-01-01")
    page.get_by_label("Periode Akhir").fill("2025-12-31")
    page.get_by_label("Pendekatan").select_option(label="Kuantitatif")
    page.get_by_role("button", name="OK").click()
    expect(page).to_have_url(f"{live_server.url}/skp/")
    page.get_by_role("link", name="Detail SKP").click()
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    page.get_by_label("Rencana Hasil Kerja").fill(RHK_GAMBAR_9)
    page.get_by_role("button", name="OK").click()
    expect(page.locator("#hasil-kerja")).to_contain_text(RHK_GAMBAR_9)
    page.locator("#hasil-kerja").get_by_role("link", name="Tambah Indikator").click()
    page.get_by_label("Indikator").fill("Indeks Kepuasan")
    page.get_by_role("button", name="OK").click()  # no target, no perspektif: refused in place
    expect(page.locator("#id_target_teks_error")).to_be_visible()
    expect(page.get_by_label("Indikator")).to_have_value("Indeks Kepuasan")
    page.get_by_label("Target").fill("92")
    page.get_by_label("Perspektif").select_option(label="Proses Bisnis")
    page.get_by_role("button", name="OK").click()
    expect(page.locator("#hasil-kerja")).to_contain_text("Proses Bisnis")
    context.close()

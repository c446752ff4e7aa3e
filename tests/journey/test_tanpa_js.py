"""The whole journey without JavaScript (issue 12 item 2b): login → Tambah SKP → RHK and
indicator → Ajukan → the pejabat penilai approves → matriks Tambah RHK → eviden and realisasi →
ratings → kurva → Cetak, every step by plain links and form posts (Chromium with JavaScript
off; clicks allowed)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from skp.models import HasilKerja, Skp
from tests.browser import login
from tests.journey.conftest import RHK_ATASAN, RHK_MATRIKS, RHK_PEGAWAI, Cerita, periksa_hasil

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def keluar(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_label("NIP")).to_be_visible()


def test_the_whole_journey_works_without_javascript(browser: Browser, live_server,
                                                     cerita: Cerita, layar):
    org, base = cerita.org, live_server.url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    # The pegawai: Tambah SKP, an RHK intervening the Direktur's, an indicator, Ajukan.
    login(page, base, org.pegawai.nip)
    page.get_by_role("link", name="Tambah SKP").click()
    expect(page.get_by_role("heading", name="Tambah SKP", level=1)).to_be_visible()
    page.get_by_label("Periode Awal").fill("2025-01-01")
    page.get_by_label("Periode Akhir").fill("2025-12-31")
    page.get_by_label("Pendekatan").select_option(label="Kuantitatif")
    page.get_by_role("button", name="OK").click()
    page.locator("#daftar tbody tr").first.get_by_role("link", name="Detail SKP").click()
    expect(page.get_by_role("heading", name="SASARAN KINERJA PEGAWAI")).to_be_visible()
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    page.get_by_label("Jenis RHK").select_option(label="Utama")
    page.get_by_label("Rencana Hasil Kerja", exact=True).fill(RHK_PEGAWAI)
    page.get_by_label("RHK atasan yang diintervensi").select_option(label=RHK_ATASAN)
    page.get_by_role("button", name="OK").click()
    rhk_row = page.locator("#hasil-kerja tbody.rhk").first
    expect(rhk_row).to_contain_text(RHK_PEGAWAI)
    rhk_row.get_by_role("link", name="Tambah Indikator").click()
    page.get_by_label("Aspek").select_option(label="Kuantitas")
    page.get_by_label("Indikator").fill("Jumlah layanan aplikasi yang tersedia")
    page.get_by_label("Target").fill("12 layanan")
    page.get_by_role("button", name="OK").click()
    expect(page.locator("#hasil-kerja")).to_contain_text("12 layanan")
    page.get_by_role("link", name="Ajukan SKP").click()
    expect(page.get_by_role("heading", name="Pengajuan SKP")).to_be_visible()
    page.get_by_role("button", name="OK").click()
    expect(page.locator(".status-line")).to_contain_text("Status SKP: PENGAJUAN")
    skp = Skp.objects.get(pegawai=org.pegawai)
    keluar(page)

    # The Direktur approves it, then adds an RHK in the matriks to the colleague's draft SKP.
    login(page, base, org.direktur.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="SKP Bawahan").click()
    page.locator("#bawahan tbody tr", has_text="PEGAWAI UJI").get_by_role(
        "link", name="Detail SKP").click()
    page.get_by_role("link", name="Edit Status").click()
    page.get_by_role("combobox", name="Status").select_option(label="Persetujuan")
    page.get_by_role("button", name="OK").click()
    expect(page.locator(".status-line")).to_contain_text("Status SKP: PERSETUJUAN")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Daftar SKP").click()
    page.get_by_role("link", name="Matriks Bawahan").click()
    page.get_by_role("button", name="Sinkronisasi SKP Bawahan").click()
    row = page.locator("#matriks tbody tr", has_text="REKAN UJI")
    row.get_by_role("link", name=f"Tambah RHK: REKAN UJI — {RHK_ATASAN[:20]}").click()
    expect(page.get_by_role("heading", name="Tambah RHK")).to_be_visible()
    page.get_by_label("Jenis RHK").select_option(label="Utama")
    page.get_by_role("textbox", name="Rencana Hasil Kerja", exact=True).fill(RHK_MATRIKS)
    page.get_by_role("button", name="OK").click()
    expect(page.locator("#matriks")).to_contain_text(RHK_MATRIKS)
    keluar(page)

    # The pegawai files eviden and realisasi for June.
    login(page, base, org.pegawai.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Penilaian").click()
    page.get_by_role("link", name="Penilaian", exact=True).last.click()
    page.locator(f"#periode-{cerita.juni.pk}").get_by_role("link", name="Eviden").click()
    ind = HasilKerja.objects.get(skp=skp).indikator.get()
    cell = page.locator(f"#ev-{ind.pk}")
    cell.get_by_text("Tambah Eviden").click()  # <details>: no script needed
    cell.get_by_label("Nama Eviden").fill("Laporan Juni")
    cell.get_by_label("Bukti Eviden").fill("https://drive.example/laporan-juni")
    cell.get_by_role("button", name="OK").click()
    expect(page.locator(f"#ev-{ind.pk}").get_by_role("link", name="Laporan Juni")).to_be_visible()
    cell = page.locator(f"#re-{ind.pk}")
    cell.get_by_text("Edit").click()
    cell.get_by_label("Realisasi").fill("12 layanan")
    cell.get_by_label("Sumber Data").fill("Laporan")
    cell.get_by_role("button", name="OK").click()
    expect(page.locator(f"#re-{ind.pk}")).to_contain_text("12 layanan berdasarkan Laporan")
    keluar(page)

    # The Direktur rates, looks at the kurva, prints.
    login(page, base, org.direktur.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Penilaian").click()
    page.locator("tr", has_text=cerita.juni.nama).get_by_role(
        "link", name="Penilaian Bawahan").first.click()
    page.get_by_role("link", name="PEGAWAI UJI").click()
    box = page.locator("#hasil-penilaian")
    box.get_by_label("HASIL PENILAIAN KINERJA").select_option(label="SESUAI EKSPEKTASI")
    box.get_by_role("button", name="Ubah").first.click()
    box = page.locator("#hasil-penilaian")
    box.get_by_label("Hasil Perilaku Kerja").select_option(label="DIATAS EKSPEKTASI")
    box.get_by_role("button", name="Ubah").last.click()
    expect(page.locator("#predikat")).to_have_text("Baik")
    page.get_by_role("link", name="Lihat Kurva").last.click()
    baik = page.locator(".pn-kurva-tabel tr").filter(
        has=page.get_by_role("rowheader", name="Baik", exact=True)).locator("td").last
    expect(baik).to_have_text("1")
    layar(page, "tanpa-js-kurva")
    page.go_back()
    cetak = page.get_by_role("link", name="Cetak Evaluasi Kinerja")
    pdf = page.request.get(base + cetak.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    context.close()

    periksa_hasil(org, skp, cerita)

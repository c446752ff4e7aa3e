"""The issue's journey on a 360 px phone, in real Chromium against the live server: three days
logged (one with an uploaded file, one copied from the day before), the rater approves two and
returns one, the pegawai fixes it, and the month's total appears as Saran realisasi and is copied
into realisasi. Screenshots go to pytest's tmp_path for a human look; they are never committed."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from penilaian.models import CapaianIndikator, PeriodePenilaian
from progres.models import ProgresHarian
from tests.browser import htmx_tenang, login
from tests.progres.conftest import PDF, SEKARANG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 780}


@pytest.fixture(autouse=True)
def sekarang(monkeypatch, settings):
    """The live server runs in this process: its "now" is 18 November 2026, 10:00 WIB (the
    browser's own clock, and so its cookies, stay real)."""
    settings.MYSAPK_BASE_URL = ""
    monkeypatch.setattr(timezone, "now", lambda: SEKARANG)


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _keluar(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_label("NIP")).to_be_visible()


def _isi(page: Page, tanggal: str, uraian: str, rhk: int) -> None:
    """A new date reloads the form with that date's RHKs (htmx); then type the rest. After a
    save the form has just been swapped in: its date field answers only once htmx has settled
    (CI, under load, once saw the change event go nowhere and waited 30 s for the request)."""
    htmx_tenang(page)
    with page.expect_response(lambda r: "/progres/tambah/?" in r.url):
        page.get_by_label("Tanggal").fill(tanggal)
        page.get_by_label("Tanggal").dispatch_event("change")
    expect(page.get_by_label("Tanggal")).to_have_value(tanggal)
    page.get_by_label("Rencana Hasil Kerja").select_option(str(rhk))
    page.get_by_label("Uraian kegiatan").fill(uraian)
    page.get_by_label("Volume").fill("2")
    page.get_by_label("Satuan").fill("dokumen")


def test_log_review_fix_and_copy_into_realisasi_on_a_phone(browser, live_server, org, skp, rhk,
                                                           tmp_path):
    base = live_server.url
    bukti = tmp_path / "Notulen Rapat.pdf"
    bukti.write_bytes(PDF)
    page = browser.new_page(viewport=PHONE)
    login(page, base, org.pegawai.nip)
    page.get_by_role("link", name="Progres Harian").click()
    expect(page.get_by_role("heading", name="Catat Progres")).to_be_visible()
    _fits(page)
    page.screenshot(path=tmp_path / "catat-360.png", full_page=True)

    # Monday, with an uploaded file as bukti.
    _isi(page, "2026-11-16", "Menyusun notulen rapat koordinasi", rhk.pk)
    page.get_by_text("Bukti (opsional)").click()
    page.get_by_label("atau unggah berkas").set_input_files(str(bukti))
    page.get_by_role("button", name="Simpan Progres").click()
    expect(page.locator("#messages")).to_contain_text("tersimpan")
    # Tuesday.
    _isi(page, "2026-11-17", "Memverifikasi data instansi", rhk.pk)
    page.get_by_role("button", name="Simpan Progres").click()
    expect(page.locator("#hari-2026-11-17")).to_contain_text("Memverifikasi data instansi")
    # Wednesday: copied from the day before.
    page.get_by_role("link", name="Rabu, 18 November 2026").click()
    page.get_by_role("button", name="Salin dari kemarin").click()
    expect(page.locator("#hari-2026-11-18")).to_contain_text("Memverifikasi data instansi")
    expect(page.locator("#hari-2026-11-16")).to_contain_text("Unduh bukti")
    _fits(page)
    assert ProgresHarian.objects.count() == 3
    assert ProgresHarian.objects.get(tanggal="2026-11-16").bukti_nama == "Notulen Rapat.pdf"
    _keluar(page)

    # The rater approves two and returns one with a note.
    login(page, base, org.direktur.nip)
    page.goto(f"{base}/progres/review/")
    expect(page.get_by_text("3 progres menunggu review.")).to_be_visible()
    senin = ProgresHarian.objects.get(tanggal="2026-11-16")
    selasa = ProgresHarian.objects.get(tanggal="2026-11-17")
    rabu = ProgresHarian.objects.get(tanggal="2026-11-18")
    page.locator(f"#review-{senin.id} input[type=checkbox]").check()
    page.locator(f"#review-{selasa.id} input[type=checkbox]").check()
    page.get_by_role("button", name="Setujui yang dipilih").click()
    expect(page.locator("#messages")).to_contain_text("2 progres disetujui")
    row = page.locator(f"#review-{rabu.id}")
    row.get_by_text("Kembalikan", exact=True).click()
    row.get_by_label("Catatan untuk pegawai").fill("Sebutkan instansi yang diverifikasi.")
    row.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(page.locator(f"#review-{rabu.id}")).to_contain_text("Dikembalikan")
    page.screenshot(path=tmp_path / "review-360.png", full_page=True)
    _fits(page)
    _keluar(page)

    # The pegawai sees the note and fixes the entry.
    login(page, base, org.pegawai.nip)
    page.goto(f"{base}/progres/?tanggal=2026-11-18")
    hari = page.locator("#hari-2026-11-18")
    expect(hari).to_contain_text("Sebutkan instansi yang diverifikasi.")
    hari.get_by_role("link", name="Perbaiki").click()
    page.get_by_label("Uraian kegiatan").fill("Memverifikasi data 3 instansi (BKN, KemenPAN, LAN)")
    page.get_by_role("button", name="Simpan dan ajukan lagi").click()
    expect(page.locator("#hari-2026-11-18")).to_contain_text("Menunggu review")
    _keluar(page)

    # The rater approves the fixed one.
    login(page, base, org.direktur.nip)
    page.goto(f"{base}/progres/review/")
    page.get_by_role("button", name="Setujui semua (1)").click()
    expect(page.locator("#messages")).to_contain_text("1 progres disetujui")
    _keluar(page)

    # The month's total is the Saran realisasi and is copied into realisasi.
    login(page, base, org.pegawai.nip)
    periode = PeriodePenilaian.objects.get(instansi_id=skp.instansi_id, awal__year=2026,
                                           nama="16 November - 15 Desember")
    page.goto(f"{base}/penilaian/skp/{skp.pk}/periode/{periode.pk}/eviden/")
    ind = rhk.indikator.get()
    cell = page.locator(f"#re-{ind.pk}")
    expect(cell).to_contain_text("Saran realisasi (Progres Harian disetujui): 6 dokumen")
    cell.get_by_role("button", name="Salin ke Realisasi").click()
    expect(page.locator(f"#re-{ind.pk} .pn-nilai")).to_contain_text("6 dokumen")
    page.screenshot(path=tmp_path / "eviden-360.png", full_page=True)
    assert CapaianIndikator.objects.get(indikator=ind, periode=periode).realisasi == "6 dokumen"
    page.close()

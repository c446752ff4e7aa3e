"""Browser journeys of issue 13's "Done when": real Chromium against the live server.

The admin instansi filters Monitoring Pengisian to a unit, drills down, sends reminders,
exports Laporan Penilaian and opens the file; a head of unit sees only their subtree; an admin
extends a deadline and the pegawai can file eviden again. Screenshots (1280 and 360 px wide) go
to pytest's tmp_path, never into the repository.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from monitoring.models import Pengingat
from penilaian.models import Eviden, PeriodePenilaian, PerpanjanganBatas
from penilaian.rules import WIB
from tests.browser import login
from tests.monitoring.conftest import approved_skp, make_skp, rate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings, berakhlak):
    """The live server runs in this process, so its "now" is this clock."""
    settings.MYSAPK_BASE_URL = ""
    c = Clock()
    monkeypatch.setattr(timezone, "now", c)
    return c


def shots(page: Page, path, name: str) -> None:
    """The page at 1280 and 360 px, for a human look."""
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(path / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def periode(org, nama="16 Juni - 15 Juli"):
    return PeriodePenilaian.objects.get(instansi=org.badan.instansi, nama=nama, awal__year=2025)


def test_the_admin_monitors_reminds_and_exports(page: Page, live_server, org, bagian, tmp_path):
    _unit, _kabag, staf = bagian
    juni = periode(org)
    rate(approved_skp(org.pegawai), juni, "ATAS", "ATAS")
    approved_skp(org.rekan)
    make_skp(org.direktur, year=2025)
    base = live_server.url
    login(page, base, org.admin.nip)
    page.get_by_role("link", name="Monitoring", exact=True).click()
    expect(page.get_by_role("heading", name="Monitoring Pengisian", exact=True)).to_be_visible()

    # Filter to the Direktorat: its own people and the Bagian below it.
    page.get_by_label("Unit kerja").select_option(str(org.direktorat.pk))
    page.get_by_role("button", name="Terapkan").click()
    hasil = page.locator("#hasil")
    expect(hasil.get_by_role("heading")).to_contain_text("Direktorat Uji: tahun 2025")
    expect(hasil.get_by_role("rowheader", name="Bagian Uji")).to_be_visible()
    expect(hasil).not_to_contain_text("Deputi Bidang Uji")
    shots(page, tmp_path, "pengisian")

    # Drill down: the Bagian's people without an SKP.
    bagian_row = hasil.get_by_role("row").filter(has=page.get_by_role("rowheader",
                                                                      name="Bagian Uji"))
    bagian_row.get_by_role("link").nth(1).click()  # the "Belum SKP" count
    expect(page.get_by_role("heading", name="Daftar Pegawai: Bagian Uji")).to_be_visible()
    daftar = page.locator("#daftar")
    expect(daftar).to_contain_text("STAF BAGIAN 1")
    expect(daftar).not_to_contain_text("PEGAWAI UJI")
    shots(page, tmp_path, "pegawai")

    # Remind them (the reason follows the filter: no SKP yet).
    daftar.get_by_label("Pilih STAF BAGIAN 1").check()
    daftar.get_by_label("Pilih STAF BAGIAN 0").check()
    expect(daftar.get_by_label("Pengingat")).to_have_value("skp_belum")
    daftar.get_by_role("button", name="Kirim Pengingat").click()
    expect(page.locator("#messages")).to_contain_text("2 pengingat dikirim")
    assert set(Pengingat.objects.values_list("penerima__nama", flat=True)) == {
        "STAF BAGIAN 0", "STAF BAGIAN 1"}
    page.get_by_role("link", name="Pengingat Terkirim").click()
    expect(page.locator("table")).to_contain_text("STAF BAGIAN 1")

    # Export Laporan Penilaian SKP for June and open the file.
    page.get_by_role("link", name="Laporan", exact=True).last.click()
    page.get_by_label("Jenis laporan").select_option("penilaian")
    page.get_by_label("Format").select_option("xlsx")
    page.get_by_label("Periode penilaian").select_option(str(juni.pk))
    page.get_by_label("Unit kerja").select_option("")
    page.get_by_role("button", name="Buat Laporan").click()
    expect(page.locator("#progres")).to_contain_text("Selesai")
    shots(page, tmp_path, "laporan")
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh Laporan-Penilaian-SKP").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    ws = load_workbook(target).active
    assert ws["A1"].value == "Laporan Penilaian SKP Periode 16 Juni - 15 Juli Tahun 2025"
    assert ws["A2"].value == "Instansi Badan Uji"
    rows = {r[2].value: r for r in ws.iter_rows(min_row=9)}
    assert rows["PEGAWAI UJI"][-1].value == "Sangat Baik"
    assert rows["REKAN UJI"][-1].value == "-"
    assert rows["PEGAWAI UJI"][1].value == org.pegawai.nip
    assert rows["PEGAWAI UJI"][1].data_type == "s"


def test_a_head_of_unit_sees_only_their_subtree(page: Page, live_server, org, bagian, tmp_path):
    base = live_server.url
    approved_skp(org.pegawai)
    login(page, base, org.direktur.nip)
    page.get_by_role("link", name="Penilaian", exact=True).first.click()
    page.get_by_role("link", name="Monitoring unit").click()
    hasil = page.locator("#hasil")
    expect(hasil).to_contain_text("Direktorat Uji")
    expect(hasil.get_by_role("rowheader", name="Bagian Uji")).to_be_visible()
    expect(hasil).not_to_contain_text("Deputi Bidang Uji")
    options = page.get_by_label("Unit kerja").locator("option").all_inner_texts()
    assert [o.strip() for o in options] == ["Semua unit yang Anda pimpin", "Direktorat Uji",
                                            "Bagian Uji"]
    expect(page.get_by_role("link", name="Periode & Batas")).to_have_count(0)
    shots(page, tmp_path, "pimpinan")
    response = page.goto(f"{base}/monitoring/?unit={org.deputi_unit.pk}")
    assert response.status == 404
    response = page.goto(f"{base}/monitoring/periode/")
    assert response.status == 404


def test_an_admin_extends_a_deadline_and_the_pegawai_files_again(page: Page, live_server, org,
                                                                 clock, tmp_path):
    clock.now = dt.datetime(2025, 7, 23, 10, 0, tzinfo=WIB)  # June's deadline was 20 Juli
    juni = periode(org)
    skp = approved_skp(org.pegawai)
    ind = skp.hasil_kerja.get().indikator.get()
    base = live_server.url
    eviden_url = f"{base}/penilaian/skp/{skp.pk}/periode/{juni.pk}/eviden/"

    login(page, base, org.pegawai.nip)
    page.goto(eviden_url)
    expect(page.locator(".pn-batas")).to_contain_text("Batas waktu telah lewat")
    expect(page.locator(f"#ev-{ind.pk}")).not_to_contain_text("Tambah Eviden")

    page.context.clear_cookies()
    login(page, base, org.admin.nip)
    page.get_by_role("link", name="Monitoring", exact=True).click()
    page.get_by_role("link", name="Periode & Batas").click()
    row = page.get_by_role("row").filter(has_text="16 Juni - 15 Juli")
    row.get_by_role("link", name="Perpanjang").click()
    page.get_by_label("Berlaku untuk").select_option(str(org.direktorat.pk))
    page.get_by_label("Batas baru").fill("2025-07-20")
    page.get_by_label("Alasan").fill("Gangguan server")
    page.get_by_role("button", name="Perpanjang").click()
    expect(page.locator(".errorlist")).to_contain_text("Batas baru harus setelah batas pengisian")
    expect(page.get_by_label("Alasan")).to_have_value("Gangguan server")
    page.get_by_label("Batas baru").fill("2025-07-31")
    page.get_by_role("button", name="Perpanjang").click()
    expect(page.locator("#messages")).to_contain_text("diperpanjang sampai 2025-07-31")
    expect(page.get_by_role("row").filter(has_text="16 Juni - 15 Juli")).to_contain_text(
        "2025-07-31: Direktorat Uji")
    shots(page, tmp_path, "periode")
    assert PerpanjanganBatas.objects.get().unit == org.direktorat

    page.context.clear_cookies()
    login(page, base, org.pegawai.nip)
    page.goto(eviden_url)
    expect(page.locator(".pn-batas")).to_contain_text("2025-07-31 (diperpanjang)")
    cell = page.locator(f"#ev-{ind.pk}")
    cell.get_by_text("Tambah Eviden").click()
    cell.get_by_label("Nama Eviden").fill("Laporan susulan")
    cell.get_by_label("Bukti Eviden").fill("https://drive.example/susulan")
    cell.get_by_role("button", name="OK").click()
    expect(page.locator(f"#ev-{ind.pk}").get_by_role("link", name="Laporan susulan")
           ).to_be_visible()
    assert Eviden.objects.get().nama == "Laporan susulan"

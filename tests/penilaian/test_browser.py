"""Browser journeys of the manual's §7 (Gambar 23–34): real Chromium against the live server.

Screenshots go to the `layar` fixture's folder (tmp_path, or $SCREENSHOT_DIR when set) for a
human look; they are never committed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from penilaian.models import CapaianIndikator, Eviden, Penilaian, UmpanBalikPerilaku
from penilaian.rules import WIB
from tests.browser import login
from tests.penilaian.conftest import approved_skp, periode_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings):
    """The live server runs in this process, so its "now" is this clock (inside June's window)."""
    settings.MYSAPK_BASE_URL = ""
    c = Clock()
    monkeypatch.setattr(timezone, "now", c)
    return c


def test_a_pegawai_files_eviden_and_realisasi(page: Page, live_server, org, layar):
    skp = approved_skp(org.pegawai, n_rhk=2, n_ind=2)
    juni = periode_of(skp)
    login(page, live_server.url, org.pegawai.nip)
    page.get_by_role("link", name="Penilaian", exact=True).first.click()
    page.get_by_role("link", name="Penilaian", exact=True).last.click()
    expect(page.get_by_role("heading", name="Penilaian SKP")).to_be_visible()
    page.locator(f"#periode-{juni.pk}").get_by_role("link", name="Eviden").click()
    expect(page.get_by_text("adalah tanggal 2025-07-20")).to_be_visible()

    ind = skp.hasil_kerja.order_by("urutan").first().indikator.order_by("urutan").first()
    cell = page.locator(f"#ev-{ind.pk}")
    cell.get_by_text("Tambah Eviden").click()
    cell.get_by_label("Nama Eviden").fill("Laporan Juni")
    cell.get_by_label("Bukti Eviden").fill("javascript:alert(1)")
    cell.get_by_role("button", name="OK").click()
    expect(page.locator(f"#ev-{ind.pk}")).to_contain_text(
        "Bukti Eviden harus berupa tautan http:// atau https://.")
    cell = page.locator(f"#ev-{ind.pk}")
    expect(cell.get_by_label("Nama Eviden")).to_have_value("Laporan Juni")
    cell.get_by_label("Bukti Eviden").fill("https://drive.example/laporan-juni")
    cell.get_by_role("button", name="OK").click()
    link = page.locator(f"#ev-{ind.pk}").get_by_role("link", name="Laporan Juni")
    expect(link).to_have_attribute("rel", "noopener noreferrer")

    re_cell = page.locator(f"#re-{ind.pk}")
    re_cell.get_by_text("Edit").click()
    re_cell.get_by_label("Realisasi").fill("30")
    re_cell.get_by_label("Sumber Data").fill("Laporan")
    re_cell.get_by_role("button", name="OK").click()
    expect(page.locator(f"#re-{ind.pk}")).to_contain_text("30 berdasarkan Laporan")
    expect(page.locator("#messages")).to_contain_text("Realisasi disimpan.")
    layar(page, "penilaian-eviden")
    assert Eviden.objects.get().tautan == "https://drive.example/laporan-juni"
    assert CapaianIndikator.objects.get().realisasi == "30"


def test_a_filing_after_the_deadline_is_refused(page: Page, live_server, org, clock):
    clock.now = dt.datetime(2025, 7, 20, 23, 50, tzinfo=WIB)  # ten minutes before the deadline
    skp = approved_skp(org.pegawai)
    juni = periode_of(skp)
    login(page, live_server.url, org.pegawai.nip)
    page.goto(f"{live_server.url}/penilaian/skp/{skp.pk}/periode/{juni.pk}/eviden/")
    ind = skp.hasil_kerja.get().indikator.get()
    cell = page.locator(f"#ev-{ind.pk}")
    cell.get_by_text("Tambah Eviden").click()
    cell.get_by_label("Nama Eviden").fill("Terlambat")
    cell.get_by_label("Bukti Eviden").fill("https://drive.example/t")
    clock.now = dt.datetime(2025, 7, 21, 0, 0, tzinfo=WIB)  # 00:00 WIB the day after
    cell.get_by_role("button", name="OK").click()
    expect(page.locator("#messages")).to_contain_text("telah lewat")
    expect(page.locator(f"#ev-{ind.pk}")).not_to_contain_text("Tambah Eviden")
    page.reload()
    expect(page.locator(".pn-batas")).to_contain_text("Batas waktu telah lewat")
    assert not Eviden.objects.exists()


def test_the_direktur_rates_two_subordinates_and_sees_the_kurva_change(page: Page, live_server,
                                                                       org, layar):
    skp_a = approved_skp(org.pegawai)
    skp_b = approved_skp(org.rekan)
    juni = periode_of(skp_a)
    login(page, live_server.url, org.direktur.nip)
    base = live_server.url
    page.goto(f"{base}/penilaian/periode/{juni.pk}/kurva/")
    baik = page.locator(".pn-kurva-tabel tr").filter(
        has=page.get_by_role("rowheader", name="Baik", exact=True)).locator("td").last
    expect(baik).to_have_text("0")

    for skp, hasil, perilaku, predikat in (
        (skp_a, "SESUAI EKSPEKTASI", "DIATAS EKSPEKTASI", "Baik"),
        (skp_b, "DIBAWAH EKSPEKTASI", "SESUAI EKSPEKTASI", "Butuh Perbaikan"),
    ):
        page.goto(f"{base}/penilaian/periode/{juni.pk}/bawahan/")
        page.get_by_role("link", name=skp.pegawai.nama).click()
        box = page.locator("#hasil-penilaian")
        box.get_by_label("HASIL PENILAIAN KINERJA").select_option(label=hasil)
        box.get_by_role("button", name="Ubah").first.click()
        expect(page.locator("#hasil-penilaian .pn-rating-now").first).to_have_text(hasil)
        page.locator("#hasil-penilaian").get_by_label("Hasil Perilaku Kerja").select_option(
            label=perilaku)
        page.locator("#hasil-penilaian").get_by_role("button", name="Ubah").last.click()
        expect(page.locator("#predikat")).to_have_text(predikat)
    expect(page.locator("#penjelasan")).to_contain_text(
        "Hasil kerja DIBAWAH + perilaku SESUAI → Butuh Perbaikan")
    # Two rated in the unit: below the 10 from which the pattern is judged (decisions.md).
    expect(page.locator("#distribusi")).to_contain_text("belum ada peringatan")
    layar(page, "penilaian-nilai")

    page.get_by_role("link", name="Lihat Kurva").last.click()
    expect(baik).to_have_text("1")
    expect(page.locator("svg.pn-svg polyline")).to_have_count(2)
    layar(page, "penilaian-kurva")
    assert Penilaian.objects.get(skp=skp_a, periode=juni).predikat == "BAIK"


def test_a_colleague_finds_a_pegawai_by_nip_and_leaves_a_thumbs_up(page: Page, live_server,
                                                                   org, layar):
    skp = approved_skp(org.pegawai)
    login(page, live_server.url, org.rekan.nip)
    page.get_by_role("link", name="Feedback Rekan Kerja").click()
    page.get_by_label("NIP Pegawai").fill(org.pegawai.nip)
    page.get_by_role("button", name="Cari Pegawai").click()
    page.get_by_role("link", name="PEGAWAI UJI (Periode SKP 2025-01-01 - 2025-12-31)").click()
    row = page.locator("tr", has_text="Berorientasi Pelayanan")
    row.get_by_text("Tambah").click()
    row.get_by_label("Feedback").fill("Selalu sigap membantu pengguna layanan")
    row.get_by_label("Positif").check()
    row.get_by_role("button", name="OK").click()
    row = page.locator("tr", has_text="Berorientasi Pelayanan")
    expect(row).to_contain_text("(REKAN UJI) Selalu sigap membantu pengguna layanan")
    expect(row.locator(".pn-up")).to_contain_text("👍")
    layar(page, "penilaian-rekan")
    ub = UmpanBalikPerilaku.objects.get()
    assert (ub.skp, ub.penulis, ub.jempol) == (skp, org.rekan, True)

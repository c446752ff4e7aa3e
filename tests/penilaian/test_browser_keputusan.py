"""Browser journeys: override with a reason (with the live pola distribusi preview), capaian set by
the leader and the unit head's rating following it, keberatan submitted, answered and decided.

Screenshots go to the `layar` fixture's folder (tmp_path, or $SCREENSHOT_DIR when set) for a
human look; they are never committed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from penilaian.models import Eviden, Keberatan, Penilaian
from penilaian.rules import WIB
from tests.browser import login
from tests.penilaian.conftest import approved_skp, periode_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings):
    """The live server runs in this process: "now" is 2025-07-01 09:00 WIB (June's window)."""
    settings.MYSAPK_BASE_URL = ""
    moment = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def switch(page: Page, base: str, nip: str) -> None:
    page.context.clear_cookies()
    login(page, base, nip)


def test_the_rater_overrides_the_predikat_with_a_reason(page: Page, live_server, org, layar):
    skp = approved_skp(org.pegawai)
    juni = periode_of(skp)
    base = live_server.url
    login(page, base, org.direktur.nip)
    page.goto(f"{base}/penilaian/skp/{skp.pk}/periode/{juni.pk}/nilai/")
    previews: list[str] = []
    page.on("request", lambda r: previews.append(r.url) if "/distribusi/" in r.url else None)
    box = page.locator("#hasil-penilaian")
    # Choosing shows the pola distribusi as if saved, before anything is saved.
    box.get_by_label("HASIL PENILAIAN KINERJA").select_option(label="DIATAS EKSPEKTASI")
    box.get_by_label("Hasil Perilaku Kerja").select_option(label="DIATAS EKSPEKTASI")
    expect(page.locator("#distribusi")).to_contain_text(
        "Pratinjau bila disimpan dengan predikat Sangat Baik")
    # One person in the unit: too few for the percentages, so no warning (decisions.md).
    expect(page.locator("#distribusi")).to_contain_text(
        "sedikitnya 10 pegawai telah dinilai; saat ini 1")
    assert not Penilaian.objects.filter(skp=skp).exclude(rating_hasil="").exists()
    assert previews and all("csrfmiddlewaretoken" not in u for u in previews)
    box.get_by_role("button", name="Ubah").first.click()
    expect(page.locator("#hasil-penilaian .pn-rating-now").first).to_have_text(
        "DIATAS EKSPEKTASI")
    page.locator("#hasil-penilaian").get_by_label("Hasil Perilaku Kerja").select_option(
        label="DIATAS EKSPEKTASI")
    page.locator("#hasil-penilaian").get_by_role("button", name="Ubah").last.click()
    expect(page.locator("#predikat")).to_have_text("Sangat Baik")

    page.get_by_text("Tetapkan predikat lain").click()
    box = page.locator("#hasil-penilaian")
    box.get_by_label("Predikat yang ditetapkan").select_option(label="Baik")
    box.get_by_role("button", name="OK").click()  # no reason: refused beside the field
    expect(page.locator("#hasil-penilaian")).to_contain_text(
        "Tuliskan alasan penetapan predikat.")
    box = page.locator("#hasil-penilaian")
    expect(box.get_by_label("Predikat yang ditetapkan")).to_have_value("BAIK")
    box.get_by_label("Alasan").fill("Kuota Sangat Baik unit sudah terpenuhi")
    box.get_by_role("button", name="OK").click()
    expect(page.locator("#predikat")).to_have_text("Baik")
    expect(page.locator("#penjelasan")).to_contain_text(
        "Ditetapkan lain dari matriks (Sangat Baik); alasan: Kuota Sangat Baik unit sudah")
    expect(page.locator("#distribusi")).not_to_contain_text("Pratinjau")
    layar(page, "penilaian-override")
    pn = Penilaian.objects.get(skp=skp, periode=juni)
    assert (pn.predikat_matriks, pn.predikat_override, pn.predikat) == (
        "SANGAT_BAIK", "BAIK", "BAIK")


def test_the_pegawai_edits_an_eviden_in_its_cell(page: Page, live_server, org, layar):
    skp = approved_skp(org.pegawai)
    juni = periode_of(skp)
    ind = skp.hasil_kerja.get().indikator.get()
    Eviden.tambah(ind, juni, nama="Laporan", tautan="https://a.example", aktor=org.pegawai)
    login(page, live_server.url, org.pegawai.nip)
    page.goto(f"{live_server.url}/penilaian/skp/{skp.pk}/periode/{juni.pk}/eviden/")
    cell = page.locator(f"#ev-{ind.pk}")
    cell.get_by_role("link", name="Ubah").click()
    expect(cell.get_by_label("Nama Eviden")).to_have_value("Laporan")
    assert page.url.endswith("/eviden/")  # still the same page: only the cell changed
    cell.get_by_label("Nama Eviden").fill("Laporan Juni (revisi)")
    cell.get_by_label("Bukti Eviden").fill("data:text/html,x")
    cell.get_by_role("button", name="Simpan").click()
    expect(cell).to_contain_text("Bukti Eviden harus berupa tautan http:// atau https://.")
    expect(cell.get_by_label("Nama Eviden")).to_have_value("Laporan Juni (revisi)")
    layar(page, "penilaian-eviden-ubah")
    cell.get_by_role("link", name="Batal").click()
    expect(cell.get_by_role("link", name="Laporan", exact=True)).to_be_visible()
    cell.get_by_role("link", name="Ubah").click()
    # Wait for the edit form itself: the Tambah Eviden form has a Simpan button too, so a
    # visible Simpan does not prove the swap has happened.
    expect(cell.get_by_role("link", name="Batal")).to_be_visible()
    expect(cell.get_by_label("Bukti Eviden")).to_have_value("https://a.example")
    cell.get_by_label("Bukti Eviden").fill("https://b.example/revisi")
    cell.get_by_role("button", name="Simpan").click()
    expect(cell.get_by_role("link", name="Laporan")).to_have_attribute(
        "href", "https://b.example/revisi")
    expect(page.locator("#messages")).to_contain_text("Eviden diubah.")
    assert Eviden.objects.get().tautan == "https://b.example/revisi"


def test_the_leader_sets_capaian_and_the_unit_head_rating_follows(page: Page, live_server, org,
                                                                  layar):
    skp = approved_skp(org.direktur)  # the direktur heads the direktorat; the deputi rates
    juni = periode_of(skp)
    base = live_server.url
    login(page, base, org.deputi.nip)
    page.get_by_role("link", name="Penilaian", exact=True).first.click()
    page.locator("tr", has_text="16 Juni - 15 Juli TAHUN 2025").get_by_role(
        "link", name="Capaian Kinerja Organisasi").click()
    row = page.locator(f"#unit-{org.direktorat.pk}")
    expect(row).to_contain_text("DIREKTUR UJI")
    row.get_by_label("Capaian Kinerja Organisasi").select_option(label="Istimewa")
    row.get_by_role("button", name="Simpan").click()
    expect(page.locator("#messages")).to_contain_text(
        "Capaian kinerja organisasi Direktorat Uji disimpan.")
    expect(page.locator(f"#unit-{org.direktorat.pk}").get_by_label(
        "Capaian Kinerja Organisasi")).to_have_value("ISTIMEWA")
    layar(page, "penilaian-capaian")

    page.goto(f"{base}/penilaian/periode/{juni.pk}/bawahan/")
    page.get_by_role("link", name="DIREKTUR UJI").click()
    box = page.locator("#hasil-penilaian")
    expect(box.locator(".pn-rating-now").first).to_have_text("DIATAS EKSPEKTASI")
    expect(box).to_contain_text("rating hasil kerja mengikuti capaian kinerja organisasi "
                                "(Istimewa)")
    expect(box.get_by_label("HASIL PENILAIAN KINERJA")).to_have_count(0)
    box.get_by_label("Hasil Perilaku Kerja").select_option(label="SESUAI EKSPEKTASI")
    box.get_by_role("button", name="Ubah").click()
    expect(page.locator("#predikat")).to_have_text("Baik")
    layar(page, "penilaian-kepala-unit")
    pn = Penilaian.objects.get(skp=skp, periode=juni)
    assert (pn.rating_hasil, pn.rating_perilaku, pn.predikat) == ("ATAS", "SESUAI", "BAIK")


def test_keberatan_submitted_answered_and_decided(page: Page, live_server, org, layar):
    skp = approved_skp(org.pegawai)
    final = periode_of(skp, "Final")
    pn = Penilaian.untuk(skp, final)
    pn.set_rating("hasil", "BAWAH", aktor=org.direktur)
    pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    base = live_server.url

    login(page, base, org.pegawai.nip)
    page.goto(f"{base}/penilaian/skp/{skp.pk}/")
    row = page.locator(f"#periode-{final.pk}")
    expect(row).to_contain_text("Butuh Perbaikan")
    row.get_by_role("link", name="Ajukan Keberatan").click()
    dialog = page.locator("#keberatan-dialog")
    expect(dialog.get_by_role("heading", name="Ajukan Keberatan")).to_be_visible()
    dialog.get_by_role("button", name="OK").click()  # empty: refused in place
    expect(dialog.locator(".errorlist")).to_be_visible()
    layar(page, "penilaian-keberatan-ajukan")
    dialog.get_by_label("Keberatan").fill("Seluruh target tercapai; eviden terlampir.")
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_role("heading", name="Keberatan atas Predikat Final")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Keberatan diajukan.")
    row_k = Keberatan.objects.get()
    url = f"{base}/penilaian/keberatan/{row_k.pk}/"

    switch(page, base, org.direktur.nip)
    page.goto(url)
    page.get_by_label("Penjelasan Pejabat Penilai atas Keberatan").fill(
        "Dua indikator belum didukung eviden.")
    page.get_by_role("button", name="Kirim Penjelasan").click()
    expect(page.locator("#keberatan-isi")).to_contain_text("Dua indikator belum didukung")
    expect(page.locator("#keberatan-isi")).to_contain_text("Dijawab pejabat penilai")

    switch(page, base, org.deputi.nip)
    page.goto(url)
    page.get_by_role("combobox", name="Keputusan", exact=True).select_option(
        label="Keberatan diterima")
    page.get_by_label("Predikat (bila keberatan diterima)").select_option(label="Baik")
    page.get_by_label("Uraian Keputusan").fill(
        "Eviden telah dilengkapi.")
    page.get_by_role("button", name="Putuskan").click()
    expect(page.locator("#keberatan-isi")).to_contain_text(
        "Predikat final kini Baik (semula Butuh Perbaikan).")
    layar(page, "penilaian-keberatan-putus")

    switch(page, base, org.pegawai.nip)
    page.goto(f"{base}/penilaian/skp/{skp.pk}/")
    row = page.locator(f"#periode-{final.pk}")
    expect(row).to_contain_text("Baik (keputusan keberatan; semula Butuh Perbaikan)")
    expect(row.get_by_role("link", name="Keberatan: Diputus atasan pejabat penilai")
           ).to_be_visible()
    layar(page, "penilaian-skp-keberatan")
    assert Penilaian.objects.get(pk=pn.pk).predikat == "BAIK"

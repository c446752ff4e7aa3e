"""The whole journey with the keyboard only (issue 12 item 2a): login → Tambah SKP → RHK and
indicator → Ajukan → the pejabat penilai approves → matriks Tambah RHK → eviden and realisasi →
ratings → kurva → Cetak. Only `page.keyboard` acts (Tab, Shift+Tab, Enter, Space, Escape,
the arrows in a list and typing; no click, no mouse, no fill). Along the way: the focus order
follows the page (login form, Tambah SKP dialog), the dialog keeps Tab inside it, Escape closes
it and focus goes back to the link that opened it, also after a change replaced that link.

Each persona has a browser context of its own (two people at two computers), so nobody has to
sign out in between."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from skp.models import HasilKerja, Skp
from tests.browser import htmx_tenang
from tests.factories import PASSWORD
from tests.journey.conftest import RHK_MATRIKS, RHK_PEGAWAI, Cerita, periksa_hasil

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DI_DIALOG = "() => document.getElementById('skp-dialog').contains(document.activeElement)"


def tab_ke(page: Page, target: Locator, *, maks: int = 120) -> None:
    """Press Tab until `target` has focus (it must be reachable in the page's order)."""
    handle = target.element_handle()
    for _ in range(maks):
        if page.evaluate("el => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def fokus(page: Page) -> str:
    """The focused element, as a reader would name it."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const label = el.labels && el.labels[0] ? el.labels[0].innerText : "";
        return (label || el.getAttribute("aria-label") || el.innerText || el.id).trim()
            .replace(/\\s*\\*$/, "");
    }""")


def tekan(page: Page, key: str = "Enter") -> None:
    page.keyboard.press(key)
    htmx_tenang(page)


def masuk(browser: Browser, base: str, nip: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/login/")
    order = [fokus(page)]  # the NIP field has autofocus
    for _ in range(2):
        page.keyboard.press("Tab")
        order.append(fokus(page))
    assert order == ["NIP", "Password", "Login"], order
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type(nip)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    tekan(page)
    expect(page.get_by_role("heading", name="Daftar SKP")).to_be_visible()
    return context, page


def pilih(page: Page, select: Locator, awalan: str) -> None:
    """Choose an option of a <select> the keyboard way: focus it, then ArrowDown until the
    chosen option's text starts with `awalan` (a closed list changes with the arrows)."""
    tab_ke(page, select)
    for _ in range(20):
        if select.evaluate("s => s.selectedOptions[0].text.trim()").startswith(awalan):
            htmx_tenang(page)
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {awalan!r} in {select}")


def test_the_whole_journey_works_with_the_keyboard_only(browser: Browser, live_server,
                                                         cerita: Cerita, layar):
    org, base = cerita.org, live_server.url
    pegawai_ctx, page = masuk(browser, base, org.pegawai.nip)
    dialog = page.locator("#skp-dialog")

    # Tambah SKP: the dialog opens on its first field, Tab stays inside, Escape closes it and
    # focus goes back to the link; then the real thing, fields in the order shown.
    tambah = page.get_by_role("link", name="Tambah SKP")
    tab_ke(page, tambah)
    tekan(page)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Periode Awal")).to_be_focused()
    order = [fokus(page)]
    for _ in range(12):  # a date field takes a Tab per part (month, day, year)
        page.keyboard.press("Tab")
        if fokus(page) != order[-1]:
            order.append(fokus(page))
        if order[-1] == "OK":
            break
    assert order == ["Periode Awal", "Periode Akhir", "Pendekatan", "Close", "OK"], order
    for _ in range(6):  # past the last control: still in the dialog
        page.keyboard.press("Tab")
        assert page.evaluate(DI_DIALOG), fokus(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(tambah).to_be_focused()
    tekan(page)
    expect(dialog.get_by_label("Periode Awal")).to_be_focused()
    page.keyboard.type("01012025")
    page.keyboard.press("Tab")
    page.keyboard.type("12312025")
    pilih(page, dialog.get_by_label("Pendekatan"), "Kuantitatif")
    tab_ke(page, dialog.get_by_role("button", name="OK"))
    tekan(page)
    expect(dialog).to_be_hidden()
    expect(tambah).to_be_focused()  # the same link in the list that the change brought

    tab_ke(page, page.locator("#daftar tbody tr").first.get_by_role("link", name="Detail SKP"))
    tekan(page)
    expect(page.get_by_role("heading", name="SASARAN KINERJA PEGAWAI")).to_be_visible()
    tab_ke(page, page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)"))
    tekan(page)
    expect(dialog).to_be_visible()
    pilih(page, dialog.get_by_label("Jenis RHK"), "Utama")
    tab_ke(page, dialog.get_by_label("Rencana Hasil Kerja", exact=True))
    page.keyboard.type(RHK_PEGAWAI)
    pilih(page, dialog.get_by_label("RHK atasan yang diintervensi"), "Terwujud")
    tab_ke(page, dialog.get_by_role("button", name="OK"))
    tekan(page)
    expect(dialog).to_be_hidden()
    rhk_row = page.locator("#hasil-kerja tbody.rhk").first
    expect(rhk_row).to_contain_text(RHK_PEGAWAI)
    tab_ke(page, rhk_row.get_by_role("link", name="Tambah Indikator"))
    tekan(page)
    pilih(page, dialog.get_by_label("Aspek"), "Kuantitas")
    tab_ke(page, dialog.get_by_label("Indikator"))
    page.keyboard.type("Jumlah layanan aplikasi yang tersedia")
    tab_ke(page, dialog.get_by_label("Target"))
    page.keyboard.type("12 layanan")
    tekan(page)
    expect(dialog).to_be_hidden()
    expect(page.locator("#hasil-kerja")).to_contain_text("12 layanan")
    # The RHK's rows were replaced: focus is on the same link in the new rows.
    expect(page.locator("#hasil-kerja tbody.rhk").first.get_by_role(
        "link", name="Tambah Indikator")).to_be_focused()
    tab_ke(page, page.get_by_role("link", name="Ajukan SKP"))
    tekan(page)
    expect(dialog.get_by_role("button", name="OK")).to_be_focused()
    tekan(page)
    expect(page.locator(".status-line")).to_contain_text("Status SKP: PENGAJUAN")
    skp = Skp.objects.get(pegawai=org.pegawai)

    # The Direktur approves, then Tambah RHK in the matriks for the colleague's draft SKP.
    direktur_ctx, atasan = masuk(browser, base, org.direktur.nip)
    dialog2 = atasan.locator("#skp-dialog")
    tab_ke(atasan, atasan.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="SKP Bawahan"))
    tekan(atasan)
    tab_ke(atasan, atasan.locator("#bawahan tbody tr", has_text="PEGAWAI UJI").get_by_role(
        "link", name="Detail SKP"))
    tekan(atasan)
    tab_ke(atasan, atasan.get_by_role("link", name="Edit Status"))
    tekan(atasan)
    pilih(atasan, dialog2.get_by_role("combobox", name="Status"), "Pers")
    tab_ke(atasan, dialog2.get_by_role("button", name="OK"))
    tekan(atasan)
    expect(atasan.locator(".status-line")).to_contain_text("Status SKP: PERSETUJUAN")
    tab_ke(atasan, atasan.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Daftar SKP"))
    tekan(atasan)
    tab_ke(atasan, atasan.get_by_role("link", name="Matriks Bawahan"))
    tekan(atasan)
    tab_ke(atasan, atasan.get_by_role("button", name="Sinkronisasi SKP Bawahan"))
    tekan(atasan, "Space")
    row = atasan.locator("#matriks tbody tr", has_text="REKAN UJI")
    tab_ke(atasan, row.get_by_role("link", name="Tambah RHK: REKAN UJI — Terwujudnya"))
    tekan(atasan)
    expect(dialog2.get_by_role("heading", name="Tambah RHK")).to_be_visible()
    tab_ke(atasan, dialog2.get_by_role("textbox", name="Rencana Hasil Kerja", exact=True))
    atasan.keyboard.type(RHK_MATRIKS)
    tab_ke(atasan, dialog2.get_by_role("button", name="OK"))
    tekan(atasan)
    expect(atasan.locator("#matriks")).to_contain_text(RHK_MATRIKS)

    # The pegawai files eviden and realisasi for June.
    page.bring_to_front()
    tab_ke(page, page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Penilaian"))
    tekan(page)
    tab_ke(page, page.locator("main").get_by_role("link", name="Penilaian", exact=True).last)
    tekan(page)
    tab_ke(page, page.locator(f"#periode-{cerita.juni.pk}").get_by_role("link", name="Eviden"))
    tekan(page)
    ind = HasilKerja.objects.get(skp=skp).indikator.get()
    cell = page.locator(f"#ev-{ind.pk}")
    tab_ke(page, cell.get_by_text("Tambah Eviden"))
    tekan(page, "Space")  # opens the <details>
    tab_ke(page, cell.get_by_label("Nama Eviden"))
    page.keyboard.type("Laporan Juni")
    page.keyboard.press("Tab")
    page.keyboard.type("https://drive.example/laporan-juni")
    tekan(page)
    expect(page.locator(f"#ev-{ind.pk}").get_by_role("link", name="Laporan Juni")).to_be_visible()
    cell = page.locator(f"#re-{ind.pk}")
    tab_ke(page, cell.get_by_text("Edit"))
    tekan(page)
    tab_ke(page, cell.get_by_label("Realisasi"))
    page.keyboard.type("12 layanan")
    page.keyboard.press("Tab")
    page.keyboard.type("Laporan")
    tekan(page)
    expect(page.locator(f"#re-{ind.pk}")).to_contain_text("12 layanan berdasarkan Laporan")

    # The Direktur rates, opens the kurva, prints.
    atasan.bring_to_front()
    tab_ke(atasan, atasan.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Penilaian"))
    tekan(atasan)
    tab_ke(atasan, atasan.locator("tr", has_text=cerita.juni.nama).get_by_role(
        "link", name="Penilaian Bawahan").first)
    tekan(atasan)
    tab_ke(atasan, atasan.get_by_role("link", name="PEGAWAI UJI"))
    tekan(atasan)
    box = atasan.locator("#hasil-penilaian")
    pilih(atasan, box.get_by_label("HASIL PENILAIAN KINERJA"), "SES")
    tab_ke(atasan, box.get_by_role("button", name="Ubah").first)
    tekan(atasan)
    expect(atasan.locator(".pn-rating-now").first).to_have_text("SESUAI EKSPEKTASI")
    pilih(atasan, atasan.locator("#hasil-penilaian").get_by_label("Hasil Perilaku Kerja"), "DIA")
    tab_ke(atasan, atasan.locator("#hasil-penilaian").get_by_role("button", name="Ubah").last)
    tekan(atasan)
    expect(atasan.locator("#predikat")).to_have_text("Baik")
    layar(atasan, "keyboard-nilai")
    tab_ke(atasan, atasan.get_by_role("link", name="Lihat Kurva").last)
    tekan(atasan)
    baik = atasan.locator(".pn-kurva-tabel tr").filter(
        has=atasan.get_by_role("rowheader", name="Baik", exact=True)).locator("td").last
    expect(baik).to_have_text("1")
    atasan.go_back()
    tab_ke(atasan, atasan.get_by_role("link", name="Cetak Evaluasi Kinerja"))
    with atasan.context.expect_page() as baru:
        atasan.keyboard.press("Enter")  # opens in a new tab (target=_blank)
    assert "/cetak/" in baru.value.url

    pegawai_ctx.close()
    direktur_ctx.close()
    periksa_hasil(org, skp, cerita)

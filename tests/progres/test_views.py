"""Progres Harian pages: happy paths, refusals (another person's entry, outsiders), htmx
fragments, wrong methods, the PDF and the unit spreadsheet."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from progres import actions
from progres.models import ProgresHarian
from tests.factories import make_instansi, make_pegawai, make_unit
from tests.progres.conftest import RABU, SELASA, catat

HX = {"HX-Request": "true"}


def test_index_shows_the_quick_form_and_the_week(client, org, rhk):
    catat(org.pegawai, rhk, SELASA, uraian="Rapat koordinasi")
    client.force_login(org.pegawai)
    html = client.get(reverse("progres:index")).content.decode()
    assert "Catat Progres" in html and "Salin dari kemarin" in html
    assert "Rapat koordinasi" in html and "Senin, 16 November 2026" in html
    assert "Belum ada progres" in html  # Monday 16th, a working day left empty
    fragment = client.get(reverse("progres:index"), headers=HX).content.decode()
    assert "<html" not in fragment and 'id="progres-isi"' in fragment


def test_posting_the_form_logs_and_redirects_and_htmx_swaps(client, org, rhk):
    client.force_login(org.pegawai)
    data = {"tanggal": "2026-11-18", "rhk": rhk.pk, "uraian": "Menulis", "volume": "1,5",
            "satuan": "halaman"}
    response = client.post(reverse("progres:tambah"), data)
    assert response.status_code == 302
    assert ProgresHarian.objects.get().volume == 1.5
    data["uraian"] = "Lagi"
    fragment = client.post(reverse("progres:tambah"), data, headers=HX).content.decode()
    assert "<html" not in fragment and "Lagi" in fragment and "tersimpan" in fragment


def test_a_future_date_is_refused_beside_the_field(client, org, rhk):
    client.force_login(org.pegawai)
    response = client.post(reverse("progres:tambah"), {
        "tanggal": "2026-11-20", "rhk": rhk.pk, "uraian": "Besok", "volume": "1",
        "satuan": "x"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_tanggal_error"' in html
    assert "belum tiba" in html and "Besok</textarea>" in html
    assert not ProgresHarian.objects.exists()


def test_the_date_change_reloads_the_form_with_typed_values(client, org, rhk):
    client.force_login(org.pegawai)
    fragment = client.get(reverse("progres:tambah"), {"tanggal": "2026-11-17", "uraian": "abc"},
                          headers=HX).content.decode()
    assert "<html" not in fragment and "abc</textarea>" in fragment
    assert client.get(reverse("progres:tambah")).status_code == 302


def test_crafted_numbers_in_the_form_reload_and_the_version_are_no_server_error(client, org,
                                                                               rhk):
    """"²³" passes str.isdigit() and fails int(): it was a 500 in both places."""
    e = catat(org.pegawai, rhk)
    client.force_login(org.pegawai)
    url = reverse("progres:ubah", args=[e.id, e.tanggal])
    for crafted in ("²³", "9" * 5000):
        fragment = client.get(reverse("progres:tambah"), {"tanggal": "2026-11-17", "rhk": crafted},
                              headers=HX)
        assert fragment.status_code == 200 and 'name="rhk"' in fragment.content.decode()
        response = client.post(url, {"tanggal": "2026-11-18", "rhk": rhk.pk, "uraian": "Ubah",
                                     "volume": "2", "satuan": "dokumen", "versi": crafted})
        assert response.status_code == 302
    assert ProgresHarian.objects.get().uraian == "Ubah"


def test_another_persons_entry_is_not_found(client, org, rhk):
    e = catat(org.pegawai, rhk)
    client.force_login(org.rekan)
    assert client.get(reverse("progres:ubah", args=[e.id, e.tanggal])).status_code == 404
    assert client.post(reverse("progres:hapus", args=[e.id, e.tanggal])).status_code == 404
    # The rater reviews but does not edit it either.
    client.force_login(org.direktur)
    assert client.get(reverse("progres:ubah", args=[e.id, e.tanggal])).status_code == 404
    assert ProgresHarian.objects.filter(id=e.id).exists()


def test_edit_and_delete_pages(client, org, rhk):
    e = catat(org.pegawai, rhk)
    client.force_login(org.pegawai)
    url = reverse("progres:ubah", args=[e.id, e.tanggal])
    assert "Menyusun laporan" in client.get(url).content.decode()
    response = client.post(url, {"tanggal": "2026-11-17", "rhk": rhk.pk, "uraian": "Ubah",
                                 "volume": "2", "satuan": "dokumen", "versi": e.versi})
    assert response.status_code == 302
    moved = ProgresHarian.objects.get()
    assert (moved.tanggal, moved.uraian) == (SELASA, "Ubah")
    assert client.get(reverse("progres:hapus", args=[moved.id, moved.tanggal])).status_code == 405
    fragment = client.post(reverse("progres:hapus", args=[moved.id, moved.tanggal]), headers=HX)
    assert "<html" not in fragment.content.decode()
    assert not ProgresHarian.objects.exists()


def test_anonymous_goes_to_login(client, db):
    for name in ("progres:index", "progres:bulan", "progres:review", "progres:bawahan"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_month_calendar_and_summary(client, org, rhk):
    a = catat(org.pegawai, rhk, uraian="Satu", volume=2)
    catat(org.pegawai, rhk, SELASA, uraian="Dua", volume=3)
    actions.setujui_progres(aktor=org.direktur, token=[a.token])
    client.force_login(org.pegawai)
    html = client.get(reverse("progres:bulan"), {"bulan": "2026-11"}).content.decode()
    assert "November 2026" in html and "Satu" in html and "Dua" in html
    assert "Ringkasan per RHK" in html
    assert '<td class="angka"><strong>5</strong></td>' in html  # 2 approved + 3 waiting
    assert "Belum diisi" in html


def test_review_queue_bulk_approve_and_return(client, org, rhk):
    a = catat(org.pegawai, rhk, uraian="Satu")
    b = catat(org.pegawai, rhk, uraian="Dua")
    c = catat(org.pegawai, rhk, SELASA, uraian="Tiga")
    client.force_login(org.direktur)
    html = client.get(reverse("progres:review")).content.decode()
    assert "3 progres menunggu review" in html and "PEGAWAI UJI" in html
    response = client.post(reverse("progres:review_setujui"), {"entri": [a.token, b.token]})
    assert response.status_code == 302
    url = reverse("progres:review_kembalikan", args=[c.id, c.tanggal])
    fragment = client.post(url, {"catatan": "", "versi": c.versi}, headers=HX).content.decode()
    assert "Tuliskan catatan" in fragment and "<html" not in fragment
    fragment = client.post(url, {"catatan": "Tambah bukti", "versi": c.versi},
                           headers=HX).content.decode()
    assert "Dikembalikan" in fragment and "Tambah bukti" in fragment
    assert dict(ProgresHarian.objects.values_list("uraian", "status")) == {
        "Satu": "disetujui", "Dua": "disetujui", "Tiga": "dikembalikan"}
    # "Setujui semua" of one person: nothing left to approve.
    response = client.post(reverse("progres:review_setujui"), {"semua": str(org.pegawai.pk)})
    assert response.status_code == 302


def test_review_refusals(client, org, rhk):
    e = catat(org.pegawai, rhk)
    client.force_login(org.rekan)
    url = reverse("progres:review_kembalikan", args=[e.id, e.tanggal])
    assert client.post(url, {"catatan": "x"}).status_code == 404
    client.post(reverse("progres:review_setujui"), {"entri": [e.token]})
    assert ProgresHarian.objects.get().status == "diajukan"
    assert "Tidak ada progres bawahan" in client.get(reverse("progres:review")).content.decode()
    assert client.get(reverse("progres:review_setujui")).status_code == 405


def test_subordinates_month_at_a_glance(client, org, rhk):
    catat(org.pegawai, rhk)
    client.force_login(org.direktur)
    html = client.get(reverse("progres:bawahan"), {"bulan": "2026-11"}).content.decode()
    assert "PEGAWAI UJI" in html and "pg-c-menunggu" in html and "pg-c-kosong" in html
    own = client.get(reverse("progres:bulan_bawahan", args=[org.pegawai.pk]),
                     {"bulan": "2026-11"})
    assert own.status_code == 200 and "Menyusun laporan" in own.content.decode()
    client.force_login(org.rekan)
    assert client.get(reverse("progres:bulan_bawahan", args=[org.pegawai.pk])).status_code == 404


def test_laporan_pdf_for_owner_and_rater_only(client, org, rhk):
    e = catat(org.pegawai, rhk, uraian="Menyusun notulen rapat")
    actions.setujui_progres(aktor=org.direktur, token=[e.token])
    url = reverse("cetak:laporan_progres", args=[org.pegawai.pk, 2026, 11])
    client.force_login(org.pegawai)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "LAPORAN PROGRES HARIAN" in text and "Menyusun notulen rapat" in text
    assert response["X-Dokumen-Kode"] in text and "NOVEMBER 2026" in text
    client.force_login(org.direktur)
    again = client.get(url)
    assert again["X-Dokumen-Cache"] == "hit"  # same content: the stored PDF
    client.force_login(org.rekan)
    assert client.get(url).status_code == 404
    assert client.get(reverse("cetak:laporan_progres", args=[org.pegawai.pk, 2026, 13])
                      ).status_code == 404


def test_unit_spreadsheet_for_the_admin_instansi_only(client, org, rhk):
    catat(org.pegawai, rhk, uraian="Menyusun laporan bulanan")
    url = reverse("progres:laporan_unit")
    client.force_login(org.pegawai)
    assert client.get(url).status_code == 404
    client.force_login(org.admin)
    assert "Laporan Progres Harian per Unit" in client.get(url).content.decode()
    response = client.get(url, {"unit": org.direktorat.pk, "bulan": "2026-11"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ringkasan = {r[0]: r for r in wb["Ringkasan"].iter_rows(min_row=3, values_only=True)}
    assert ringkasan[org.pegawai.nip][6] == 1  # one entry
    assert ringkasan[org.pegawai.nip][3] == 21  # Monday to Friday in November 2026
    rincian = list(wb["Rincian"].iter_rows(min_row=3, values_only=True))
    assert rincian[0][5] == "Menyusun laporan bulanan" and rincian[0][2].date() == RABU
    # A unit of another instansi is not a choice.
    lain = make_unit(make_instansi("Lain"), "Unit Lain")
    make_pegawai(lain)
    refused = client.get(url, {"unit": lain.pk, "bulan": "2026-11"})
    assert refused["Content-Type"].startswith("text/html")
    assert "Pilih unit dari daftar" in refused.content.decode()


@pytest.mark.parametrize("name", ["progres:index", "progres:bulan", "progres:pengaturan"])
def test_pages_for_someone_without_an_skp(client, org, name):
    client.force_login(org.outsider)
    assert client.get(reverse(name)).status_code == 200


def test_reminder_email_opt_in(client, org):
    client.force_login(org.pegawai)
    client.post(reverse("progres:pengaturan"), {"email_pengingat": "on"})
    from progres.models import PengaturanProgres

    assert PengaturanProgres.objects.get(pegawai=org.pegawai).email_pengingat


def test_on_a_saturday_the_form_offers_friday(client, org, rhk, time_machine):
    import datetime as dt

    from tests.progres.conftest import WIB

    time_machine.move_to(dt.datetime(2026, 11, 21, 9, 0, tzinfo=WIB), tick=False)
    client.force_login(org.pegawai)
    html = client.get(reverse("progres:index")).content.decode()
    assert 'value="2026-11-20"' in html and "Menyalin progres hari kerja sebelumnya ke 2026-11-20" in html

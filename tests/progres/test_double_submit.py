"""Catat Progres takes effect once (issue 10, item 3). Its action already stores a repeated
identical entry once, but not one with an uploaded bukti (each upload is its own file): a
double click with a file made two entries and two files. The form's one-time token
(ekinerja/formulir.py) stops the second before anything is stored."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ekinerja.formulir import FIELD
from progres.models import ProgresHarian
from tests.progres.conftest import png_bytes
from tests.race import token_in

HX = {"HX-Request": "true"}
SUDAH = "Formulir ini sudah dikirim; data tidak disimpan dua kali."


def test_a_double_clicked_catat_progres_with_a_file_stores_one_entry_and_one_file(
        client, org, rhk, bukti_di_tmp):
    client.force_login(org.pegawai)
    page = client.get(reverse("progres:index"), headers=HX).content.decode()
    token = token_in(page.split('class="pg-form"')[1].split("</form>")[0])

    def kirim():
        return client.post(reverse("progres:tambah"), {
            "tanggal": "2026-11-18", "rhk": rhk.pk, "uraian": "Foto kegiatan", "volume": "1",
            "satuan": "kegiatan", FIELD: token,
            "bukti_berkas": SimpleUploadedFile("foto.png", png_bytes(), "image/png")},
            headers=HX)

    first, second = kirim(), kirim()
    assert first.status_code == second.status_code == 200
    assert ProgresHarian.objects.filter(pegawai=org.pegawai).count() == 1
    assert len([p for p in bukti_di_tmp.rglob("*") if p.is_file()]) == 1
    html = second.content.decode()
    assert 'id="progres-isi"' in html and "Foto kegiatan" in html and SUDAH in html
    assert token_in(html.split('class="pg-form"')[1].split("</form>")[0]) \
        != token  # the form drawn again is a new one
    third = client.post(reverse("progres:tambah"), {
        "tanggal": "2026-11-18", "rhk": rhk.pk, "uraian": "Foto kegiatan", "volume": "1",
        "satuan": "kegiatan", FIELD: token,
        "bukti_berkas": SimpleUploadedFile("foto.png", png_bytes(), "image/png")})
    assert third.status_code == 302  # without JavaScript: to the first entry's week
    assert third["Location"] == f"{reverse('progres:index')}?tanggal=2026-11-18"
    assert ProgresHarian.objects.filter(pegawai=org.pegawai).count() == 1

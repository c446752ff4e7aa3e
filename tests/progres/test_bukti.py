"""Uploaded bukti: judged by content, at most 2 MB, stored under an unguessable name, served only
to the owner and the rater, as an attachment with nosniff; a bad file gets a message by the field."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progres import actions
from progres.models import ProgresHarian
from tests.progres.conftest import PDF, RABU, catat, isian, jpg_bytes, png_bytes


def upload(name: str, data: bytes, ct: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=ct)


@pytest.mark.parametrize(("name", "data", "jenis"), [
    ("Notulen Rapat.pdf", PDF, "pdf"), ("foto.PNG", png_bytes(), "png"),
    ("layar.jpeg", jpg_bytes(), "jpg"),
])
def test_good_files_are_stored_under_unguessable_names(org, rhk, bukti_di_tmp, name, data, jenis):
    e = catat(org.pegawai, rhk, berkas=upload(name, data))
    stored = e.bukti_berkas.name
    assert re.fullmatch(rf"progres/2026/11/[A-Za-z0-9_-]{{32}}\.{jenis}", stored)
    assert "Notulen" not in stored and "foto" not in stored
    assert (bukti_di_tmp / stored).read_bytes() == data
    assert e.bukti_nama.endswith(f".{jenis}")


@pytest.mark.parametrize(("name", "data", "pesan"), [
    ("laporan.pdf", b"MZ\x90\x00 not a pdf at all", "harus PDF, JPG atau PNG"),
    ("skrip.png", b"<script>alert(1)</script>", "harus PDF, JPG atau PNG"),
    ("palsu.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "Gambar rusak"),
    ("potong.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "PDF rusak"),
    ("besar.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024) + b"\n%%EOF\n", "maksimal 2 MB"),
    ("kosong.jpg", b"", "Berkas kosong"),
])
def test_bad_files_are_refused_with_a_clear_message_and_nothing_saved(org, rhk, bukti_di_tmp,
                                                                      name, data, pesan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        catat(org.pegawai, rhk, berkas=upload(name, data, "application/pdf"))
    assert pesan in exc.value.message_dict["bukti_berkas"][0]
    assert not ProgresHarian.objects.exists()
    assert not bukti_di_tmp.exists() or not any(bukti_di_tmp.rglob("*.*"))


def test_a_bad_file_in_the_form_shows_beside_the_field_with_typed_values_kept(client, org, rhk):
    client.force_login(org.pegawai)
    response = client.post(reverse("progres:tambah"), {
        "tanggal": "2026-11-18", "rhk": rhk.pk, "uraian": "Uraian saya", "volume": "3",
        "satuan": "dokumen", "bukti_berkas": upload("x.pdf", b"GIF89a not allowed"),
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_bukti_berkas_error"' in html and "harus PDF, JPG atau PNG" in html
    assert "Uraian saya</textarea>" in html and 'value="dokumen"' in html
    assert not ProgresHarian.objects.exists()


def test_served_only_to_owner_and_rater_as_attachment_with_nosniff(client, org, rhk):
    e = catat(org.pegawai, rhk, berkas=upload("Notulen.pdf", PDF))
    url = reverse("progres:bukti", args=[e.id, e.tanggal])
    for who in (org.pegawai, org.direktur):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Notulen.pdf" in response["Content-Disposition"]
    for who in (org.rekan, org.outsider, org.kepala):
        client.force_login(who)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(org.pegawai)
    assert client.post(url).status_code == 405


def test_replacing_and_deleting_remove_the_old_file_after_commit(org, rhk, bukti_di_tmp,
                                                                 django_capture_on_commit_callbacks):
    e = catat(org.pegawai, rhk, berkas=upload("a.pdf", PDF))
    lama = bukti_di_tmp / e.bukti_berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        baru = actions.ubah_progres(aktor=org.pegawai, entri=e,
                                    isian=isian(rhk, berkas=upload("b.png", png_bytes())))
    assert not lama.exists() and (bukti_di_tmp / baru.bukti_berkas.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.hapus_progres(aktor=org.pegawai, entri=baru)
    assert not any(bukti_di_tmp.rglob("*.*"))
    assert RABU  # the entry's day

"""The SKP and Lampiran SKP documents: what a reader must find in them, and how page 1 looks."""

from __future__ import annotations

import io
import subprocess

from PIL import Image
from pypdf import PdfReader

from ekinerja.models_dokumen import DokumenCetak
from skp.cetak import skp_document
from tests.cetak.conftest import build_skp, flat, pdf_pages, pdf_text
from tests.skp.conftest import add_indikator, add_rhk


def test_it_prints_the_non_jpt_skp(org, skp_non_jpt):
    hasil = skp_document(skp_non_jpt)
    text = flat(pdf_text(hasil.pdf))
    assert "SASARAN KINERJA PEGAWAI" in text
    assert "JABATAN FUNGSIONAL" in text
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in text
    assert "BADAN UJI" in text
    assert "PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER TAHUN 2025" in text
    # Identity table from the snapshots: the pegawai and the pejabat penilai.
    assert org.pegawai.nip in text and org.direktur.nip in text
    assert "Pranata Komputer Ahli Muda" in text and "Pembina Utama Muda, IV/c" in text
    # Non-JPT hasil kerja columns and sections.
    assert "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI" in text
    assert "ASPEK" in text and "PERSPEKTIF" not in text
    assert "A. KINERJA UTAMA" in text and "B. KINERJA TAMBAHAN" in text
    for rhk in ("RHK utama nomor 1 tentang layanan data", "RHK utama nomor 2 tentang layanan data",
                "RHK tambahan nomor 1 pendampingan"):
        assert rhk in text
    assert "Indikator 1.2 persentase layanan tepat waktu" in text
    assert "92 %" in text and "4 kegiatan" in text and "Kuantitas" in text
    # Perilaku kerja with the ekspektasi written by the pejabat penilai.
    assert "Berorientasi Pelayanan" in text and "Kolaboratif" in text
    assert "Ekspektasi Khusus Pimpinan:" in text
    assert "Menjawab surat masyarakat dalam dua hari" in text
    # Signature blocks with names, ranks and NIPs.
    assert "PEGAWAI YANG DINILAI" in text and "PEJABAT PENILAI KINERJA" in text
    assert f"NIP {org.pegawai.nip}" in text and f"NIP {org.direktur.nip}" in text
    # Draft status, version, verification code, page numbers.
    assert "belum disetujui" in text
    assert f"Kode verifikasi {hasil.dokumen.kode_tampil}" in text
    assert f"SKP versi {hasil.dokumen.versi}" in text
    pages = pdf_pages(hasil.pdf)
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text


def test_it_prints_the_jpt_skp(org, skp_jpt):
    text = flat(pdf_text(skp_document(skp_jpt).pdf))
    assert "JABATAN PIMPINAN TINGGI PRATAMA" in text
    assert "PERSPEKTIF" in text and "Penerima Layanan" in text
    assert "PIMPINAN YANG DIINTERVENSI" not in text
    assert "Penugasan dari: Kepala Badan Uji 1" in text
    assert org.direktur.nip in text and org.deputi.nip in text  # the deputi rates the direktur
    assert "DIREKTUR UJI" in text and "DEPUTI UJI" in text
    assert "Indikator 2.1 persentase layanan tepat waktu" in text and "91 %" in text


def test_it_prints_the_rhk_atasan_that_a_non_jpt_rhk_intervenes(org):
    atasan_skp = build_skp(org.direktur, n_rhk=1, n_ind=1, tambahan=0)
    rhk_atasan = atasan_skp.hasil_kerja.get()
    skp = build_skp(org.rekan, n_rhk=0, tambahan=0)
    rhk = add_rhk(skp, "RHK rekan yang mendukung direktur", rhk_atasan=rhk_atasan)
    add_indikator(rhk, "Indikator rekan", target_teks="12 dokumen")
    text = flat(pdf_text(skp_document(skp).pdf))
    assert "RHK utama nomor 1 tentang layanan data" in text  # the leader's RHK, column (2)
    assert "RHK rekan yang mendukung direktur" in text and "12 dokumen" in text


def test_it_prints_the_lampiran(org, skp_non_jpt):
    hasil = skp_document(skp_non_jpt, DokumenCetak.Jenis.LAMPIRAN_SKP)
    text = flat(pdf_text(hasil.pdf))
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in text
    assert "DUKUNGAN SUMBER DAYA" in text and "Anggaran pelatihan" in text
    assert "SKEMA PERTANGGUNGJAWABAN" in text and "Laporan bulanan kepada direktur" in text
    assert "KONSEKUENSI" in text and "Teguran tertulis" in text
    assert f"NIP {org.pegawai.nip}" in text and "DIREKTUR UJI" in text
    assert "RHK utama nomor 1" not in text  # the lampiran is not the SKP


def test_long_tables_repeat_their_header_on_every_page(org):
    skp = build_skp(org.pegawai, n_rhk=30, n_ind=2, tambahan=0)
    reader = PdfReader(io.BytesIO(skp_document(skp).pdf))
    hasil_kerja_pages = [p.extract_text() for p in reader.pages if "RHK utama nomor" in p.extract_text()]
    assert len(hasil_kerja_pages) >= 3
    for page in hasil_kerja_pages:
        assert "INDIKATOR KINERJA" in page and "TARGET" in page


def test_fonts_are_embedded(skp_non_jpt):
    reader = PdfReader(io.BytesIO(skp_document(skp_non_jpt).pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_page_one_renders_to_a_png(skp_non_jpt, tmp_path):
    pdf = tmp_path / "skp.pdf"
    pdf.write_bytes(skp_document(skp_non_jpt).pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "hal")],
        check=True,
    )
    with Image.open(tmp_path / "hal-1.png") as image:
        # A4 at 50 dpi: about 413 x 585 pixels, portrait.
        assert abs(image.width - 413) <= 1 and abs(image.height - 585) <= 1
        grey = image.convert("L")
        # Ink in the top fifth (title, identity table) and none in the side margins.
        top = grey.crop((0, 0, image.width, image.height // 5))
        assert top.getextrema()[0] < 80
        left_margin = grey.crop((0, 0, 20, image.height))
        assert left_margin.getextrema()[0] > 240

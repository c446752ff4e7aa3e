"""The penilaian documents: Umpan Balik, Evaluasi Kinerja Pegawai, Dokumen Evaluasi Kinerja Pegawai.

State is built through the model methods (realisasi, eviden, feedback, ratings, capaian,
keberatan); the PDFs are read back with pypdf and checked for what a reader must find.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from ekinerja.models_dokumen import DokumenCetak
from penilaian.cetak import penilaian_document
from penilaian.models import (
    CapaianIndikator,
    CapaianOrganisasi,
    Eviden,
    Keberatan,
    Penilaian,
    PeriodePenilaian,
    UmpanBalikPerilaku,
)
from penilaian.rules import Capaian, Rating
from skp.models import HasilKerja, PerilakuKerja, Skp
from tests.cetak.conftest import build_skp, flat, pdf_pages, pdf_text
from tests.factories import PASSWORD

Jenis = DokumenCetak.Jenis
VIEWS = {"cetak:umpan_balik": Jenis.UMPAN_BALIK, "cetak:evaluasi": Jenis.EVALUASI_KINERJA,
         "cetak:dokumen_evaluasi": Jenis.DOKUMEN_EVALUASI}
# Inside the June period's filling window (deadline 2025-07-20 WIB).
OPEN = dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.UTC)


def login(client, pegawai):
    assert client.login(username=pegawai.nip, password=PASSWORD)
    return client


def approved(pegawai, **kw) -> Skp:
    skp = build_skp(pegawai, **kw)
    skp.submit(aktor=pegawai)
    skp.approve(aktor=skp.pejabat_penilai)
    return Skp.objects.select_related("pegawai", "instansi", "pejabat_penilai").get(pk=skp.pk)


def periode(skp: Skp, nama: str = "16 Juni - 15 Juli") -> PeriodePenilaian:
    return PeriodePenilaian.objects.get(instansi_id=skp.instansi_id, nama=nama, awal__year=2025)


def indikator(skp: Skp):
    """The indicators in print order: kinerja utama first, then tambahan."""
    rhks = sorted(skp.hasil_kerja.all(), key=lambda r: (r.jenis != HasilKerja.Jenis.UTAMA, r.urutan, r.pk))
    return [i for r in rhks for i in r.indikator.order_by("urutan", "pk")]


def fill(skp: Skp, per: PeriodePenilaian) -> None:
    """The pegawai's realisasi and eviden, the pejabat penilai's feedback, and a colleague's."""
    direktur = skp.pejabat_penilai
    for n, ind in enumerate(indikator(skp), 1):
        CapaianIndikator.set_realisasi(ind, per, realisasi=f"Realisasi {n} selesai 95 persen",
                                       sumber_data=f"Laporan aplikasi {n}", aktor=skp.pegawai, now=OPEN)
        CapaianIndikator.set_feedback(ind, per, teks=f"Umpan balik atasan {n}: pertahankan", aktor=direktur)
    first = indikator(skp)[0]
    Eviden.tambah(first, per, nama="Notulen rapat Juni", tautan="https://drive.example/notulen-juni",
                  aktor=skp.pegawai, now=OPEN)
    values = list(PerilakuKerja.objects.filter(versi=skp.perilaku_versi).order_by("urutan"))
    UmpanBalikPerilaku.tambah(skp, values[0], teks="Sigap melayani permintaan data", jempol=True,
                              aktor=direktur, periode=per)
    UmpanBalikPerilaku.tambah(skp, values[2], teks="Perlu lebih teliti memeriksa laporan", jempol=False,
                              aktor=direktur, periode=per)


def rate(skp: Skp, per: PeriodePenilaian, hasil: str = Rating.ATAS,
         perilaku: str = Rating.SESUAI) -> Penilaian:
    pn = Penilaian.untuk(skp, per)
    pn.set_rating("hasil", hasil, aktor=skp.pejabat_penilai)
    pn.set_rating("perilaku", perilaku, aktor=skp.pejabat_penilai)
    return pn


@pytest.fixture(autouse=True)
def periods(org):
    PeriodePenilaian.buat_default(org.badan.instansi, 2025)


@pytest.fixture
def skp(org) -> Skp:
    return approved(org.pegawai)


@pytest.fixture
def juni(skp) -> PeriodePenilaian:
    return periode(skp)


# --- Umpan Balik -----------------------------------------------------------------------------


def test_it_prints_the_umpan_balik_of_a_period(org, skp, juni):
    fill(skp, juni)
    UmpanBalikPerilaku.tambah(skp, PerilakuKerja.objects.filter(versi=skp.perilaku_versi).first(),
                              teks="Catatan rekan tidak untuk formulir", jempol=True, aktor=org.rekan)
    hasil = penilaian_document(skp, juni, Jenis.UMPAN_BALIK)
    text = flat(pdf_text(hasil.pdf))
    assert "UMPAN BALIK" in text and "JABATAN FUNGSIONAL" in text
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in text
    assert "PERIODE PENILAIAN: 16 JUNI SD 15 JULI TAHUN 2025" in text
    assert org.pegawai.nip in text and org.direktur.nip in text and "Pranata Komputer Ahli Muda" in text
    # The 8 columns of the hasil kerja table.
    for header in ("RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "ASPEK", "INDIKATOR KINERJA INDIVIDU",
                   "TARGET", "REALISASI BERDASARKAN BUKTI DUKUNG",
                   "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"):
        assert header in text
    assert "RHK utama nomor 1 tentang layanan data" in text and "RHK tambahan nomor 1 pendampingan" in text
    assert "Indikator 1.2 persentase layanan tepat waktu" in text and "92 %" in text
    assert "Realisasi 1 selesai 95 persen" in text and "Sumber data: Laporan aplikasi 1" in text
    assert "Realisasi 5 selesai 95 persen" in text  # the tambahan RHK's indicator
    assert "Umpan balik atasan 3: pertahankan" in text
    assert "Bukti dukung: Notulen rapat Juni" in text
    assert "https://drive.example/notulen-juni" in text.replace(" ", "")  # a long link may wrap
    # Perilaku kerja with the superior's feedback of this period; the colleague's stays on the page.
    assert "UMPAN BALIK BERKELANJUTAN" in text and "Berorientasi Pelayanan" in text
    assert "(+) Sigap melayani permintaan data" in text
    assert "(-) Perlu lebih teliti memeriksa laporan" in text
    assert "Menjawab surat masyarakat dalam dua hari" in text  # ekspektasi khusus pimpinan
    assert "Catatan rekan" not in text
    # Signatures, version, code, page numbers.
    assert f"NIP {org.pegawai.nip}" in text and "DIREKTUR UJI" in text
    assert f"Kode verifikasi {hasil.dokumen.kode_tampil}" in text
    assert f"SKP dan penilaian versi {hasil.dokumen.versi}" in text
    pages = pdf_pages(hasil.pdf)
    assert f"Halaman 1 dari {pages}" in text


def test_another_period_has_its_own_content_and_code(org, skp, juni):
    fill(skp, juni)
    juli = periode(skp, "16 Juli - 15 Agustus")
    juni_doc = penilaian_document(skp, juni, Jenis.UMPAN_BALIK)
    juli_doc = penilaian_document(skp, juli, Jenis.UMPAN_BALIK)
    assert juni_doc.dokumen.kode != juli_doc.dokumen.kode
    text = flat(pdf_text(juli_doc.pdf))
    assert "16 JULI SD 15 AGUSTUS TAHUN 2025" in text
    assert "Realisasi 1 selesai" not in text and "Sigap melayani" not in text


def test_the_jpt_umpan_balik_has_the_jpt_columns(org):
    skp = approved(org.direktur, n_rhk=1, n_ind=1, tambahan=0)
    text = flat(pdf_text(penilaian_document(skp, periode(skp), Jenis.UMPAN_BALIK).pdf))
    assert "JABATAN PIMPINAN TINGGI PRATAMA" in text and "PERSPEKTIF" in text
    assert "PIMPINAN YANG DIINTERVENSI" not in text and "Penugasan dari: Kepala Badan Uji 1" in text
    assert "DEPUTI UJI" in text and org.deputi.nip in text  # the deputi rates the direktur


# --- Evaluasi Kinerja Pegawai ------------------------------------------------------------------


def test_it_prints_the_evaluasi_with_capaian_kurva_ratings_and_predikat(org, skp, juni):
    fill(skp, juni)
    CapaianOrganisasi.tetapkan(org.direktorat, juni, capaian=Capaian.ISTIMEWA, aktor=org.deputi)
    rate(skp, juni, Rating.ATAS, Rating.ATAS)
    rekan = approved(org.rekan, n_rhk=1, n_ind=1, tambahan=0)
    rate(rekan, juni, Rating.SESUAI, Rating.SESUAI)
    hasil = penilaian_document(skp, juni, Jenis.EVALUASI_KINERJA)
    text = flat(pdf_text(hasil.pdf))
    assert "EVALUASI KINERJA PEGAWAI" in text and "JABATAN FUNGSIONAL" in text
    assert "CAPAIAN KINERJA ORGANISASI" in text
    assert "\u2713 ISTIMEWA" in text and "\u2713 BAIK" not in text
    assert "POLA DISTRIBUSI" in text
    # The curve's labels come from the SVG; the count table beside it: 2 rated, 1 + 1.
    for label in ("Sangat Kurang", "Kurang/Misconduct", "Butuh Perbaikan", "Sangat Baik"):
        assert label in text
    assert "2 pegawai dinilai" in text
    assert "Realisasi 1 selesai 95 persen" in text and "Umpan balik atasan 1: pertahankan" in text
    assert "RATING HASIL KERJA DIATAS EKSPEKTASI" in text
    assert "RATING PERILAKU KERJA DIATAS EKSPEKTASI" in text
    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text
    assert "(+) Sigap melayani permintaan data" in text
    assert "belum lengkap" not in text
    assert f"NIP {org.pegawai.nip}" in text and f"NIP {org.direktur.nip}" in text


def test_the_kurva_is_drawn_with_plain_numbers(org, skp, juni, settings):
    """The id locale writes 20,5; SVG coordinates must stay 20.5, or the lines vanish."""
    settings.LANGUAGE_CODE = "id"
    rate(skp, juni)
    from django.template.loader import render_to_string
    from django.utils import translation

    from penilaian.cetak import evaluasi_kinerja_data

    with translation.override("id"):
        data = evaluasi_kinerja_data(skp, juni)
        html = render_to_string("cetak/_kurva.html", data)
    assert data["svg"]["aktual"] and "," in data["svg"]["aktual"]
    for point in data["svg"]["aktual"].split():
        x, y = point.split(",")
        float(x), float(y)
    assert f'points="{data["svg"]["ideal"]}"' in html
    for p in data["svg"]["points"]:
        assert f'cx="{p["x"]}"' in html and "," not in p["x"] + p["ya"] + p["yi"]


def test_an_unrated_period_says_so_and_prints_dashes(org, skp, juni):
    text = flat(pdf_text(penilaian_document(skp, juni, Jenis.EVALUASI_KINERJA).pdf))
    assert "belum lengkap" in text
    assert "RATING HASIL KERJA -" in text and "PREDIKAT KINERJA PEGAWAI -" in text
    assert "Capaian kinerja organisasi belum ditetapkan; kurva ideal memakai capaian BAIK" in text
    assert "\u2713" not in text


def test_an_override_prints_the_predikat_in_force_and_the_reason(org, skp, juni):
    pn = rate(skp, juni, Rating.SESUAI, Rating.SESUAI)
    pn.set_override("SANGAT_BAIK", "Menyelesaikan proyek prioritas nasional", aktor=org.direktur)
    text = flat(pdf_text(penilaian_document(skp, juni, Jenis.EVALUASI_KINERJA).pdf))
    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text
    assert "berbeda dari matriks (Baik)" in text and "Menyelesaikan proyek prioritas nasional" in text


# --- Dokumen Evaluasi Kinerja Pegawai -----------------------------------------------------------


def test_it_prints_the_dokumen_evaluasi_without_keberatan(org, skp, juni):
    CapaianOrganisasi.tetapkan(org.direktorat, juni, capaian=Capaian.BAIK, aktor=org.deputi)
    rate(skp, juni, Rating.SESUAI, Rating.ATAS)
    hasil = penilaian_document(skp, juni, Jenis.DOKUMEN_EVALUASI)
    text = flat(pdf_text(hasil.pdf))
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text and "PERIODE: 16 JUNI - 15 JULI" in text
    assert "BADAN UJI" in text and "PERIODE PENILAIAN: 16 JUNI SD 15 JULI TAHUN 2025" in text
    assert "1 PEGAWAI YANG DINILAI" in text and "2 PEJABAT PENILAI KINERJA" in text
    assert "3 ATASAN PEJABAT PENILAI KINERJA" in text
    assert "NAMA PEGAWAI UJI" in text and f"NIP {org.pegawai.nip}" in text
    assert "NAMA DIREKTUR UJI" in text and "NAMA DEPUTI UJI" in text and org.deputi.nip in text
    assert "CAPAIAN KINERJA ORGANISASI BAIK" in text and "PREDIKAT KINERJA PEGAWAI BAIK" in text
    assert "Rating hasil kerja: SESUAI EKSPEKTASI; rating perilaku kerja: DIATAS EKSPEKTASI." in text
    assert "6 KEBERATAN Tidak ada keberatan." in text
    assert "9. ATASAN PEJABAT PENILAI KINERJA" not in text  # signs only if there is an objection
    assert "10. PEGAWAI YANG DINILAI" in text and "11. PEJABAT PENILAI KINERJA" in text
    assert pdf_pages(hasil.pdf) == 1


def test_it_prints_the_keberatan_its_explanation_and_the_decision(org, skp):
    final = periode(skp, "Final")
    pn = rate(skp, final, Rating.SESUAI, Rating.SESUAI)
    row = Keberatan.ajukan(pn, alasan="Target triwulan tiga sudah terlampaui dua kali lipat",
                           aktor=org.pegawai)
    row.jawab(penjelasan="Capaian sudah dipertimbangkan dalam rapat evaluasi", aktor=org.direktur)
    row.putuskan(keputusan=Keberatan.Keputusan.DITERIMA, predikat="SANGAT_BAIK",
                 catatan="Bukti dukung tambahan diterima", aktor=org.deputi)
    pn.refresh_from_db()
    text = flat(pdf_text(penilaian_document(skp, final, Jenis.DOKUMEN_EVALUASI).pdf))
    assert "PERIODE: AKHIR" in text and "1 JANUARI SD 31 DESEMBER TAHUN 2025" in text
    assert f"PREDIKAT KINERJA PEGAWAI {pn.get_predikat_display_final().upper()}" in text
    assert "6 KEBERATAN Target triwulan tiga sudah terlampaui dua kali lipat" in text
    assert ("7 PENJELASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN "
            "Capaian sudah dipertimbangkan dalam rapat evaluasi") in text
    assert "Keberatan diterima: predikat kinerja pegawai SANGAT BAIK." in text
    assert "Bukti dukung tambahan diterima" in text
    assert "9. ATASAN PEJABAT PENILAI KINERJA" in text and f"NIP {org.deputi.nip}" in text


# --- views: access, cache, queries ---------------------------------------------------------------


@pytest.mark.parametrize("name", VIEWS)
def test_the_owner_and_the_pejabat_penilai_get_the_pdf(client, org, skp, juni, name):
    url = reverse(name, args=[skp.pk, juni.pk])
    for who in (org.pegawai, org.direktur):
        response = login(client, who).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "PEGAWAI UJI" in pdf_text(response.content)
        assert response["X-Dokumen-Kode"] in flat(pdf_text(response.content))
    assert DokumenCetak.objects.get().jenis == VIEWS[name]  # the second download was the cached one


@pytest.mark.parametrize("name", VIEWS)
def test_anyone_else_gets_a_404(client, org, skp, juni, name):
    url = reverse(name, args=[skp.pk, juni.pk])
    # The colleague, the outsider, the kepala two levels up, and the atasan pejabat penilai
    # while there is no keberatan.
    for who in (org.rekan, org.outsider, org.kepala, org.deputi):
        assert login(client, who).get(url).status_code == 404
    assert DokumenCetak.objects.count() == 0


@pytest.mark.parametrize("name", VIEWS)
def test_a_draft_skp_or_a_foreign_period_is_a_404(client, org, skp, name):
    draft = build_skp(org.rekan, n_rhk=1, n_ind=1, tambahan=0)
    juni = periode(skp)
    assert login(client, org.rekan).get(reverse(name, args=[draft.pk, juni.pk])).status_code == 404
    PeriodePenilaian.buat_default(org.outsider.instansi, 2025)
    foreign = PeriodePenilaian.objects.filter(instansi=org.outsider.instansi).first()
    assert login(client, org.pegawai).get(reverse(name, args=[skp.pk, foreign.pk])).status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_is_sent_to_login(client, skp, juni, name):
    response = client.get(reverse(name, args=[skp.pk, juni.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", VIEWS)
def test_post_is_not_allowed(client, org, skp, juni, name):
    assert login(client, org.pegawai).post(reverse(name, args=[skp.pk, juni.pk])).status_code == 405


def test_the_atasan_penilai_prints_the_dokumen_evaluasi_once_there_is_a_keberatan(client, org, skp):
    final = periode(skp, "Final")
    pn = rate(skp, final)
    url = reverse("cetak:dokumen_evaluasi", args=[skp.pk, final.pk])
    assert login(client, org.deputi).get(url).status_code == 404
    Keberatan.ajukan(pn, alasan="Keberatan uji", aktor=org.pegawai)
    response = client.get(url)
    assert response.status_code == 200 and "Keberatan uji" in pdf_text(response.content)
    # Only that document, and only that period.
    assert client.get(reverse("cetak:evaluasi", args=[skp.pk, final.pk])).status_code == 404
    assert client.get(reverse("cetak:umpan_balik", args=[skp.pk, final.pk])).status_code == 404
    juni = periode(skp)
    assert client.get(reverse("cetak:dokumen_evaluasi", args=[skp.pk, juni.pk])).status_code == 404


def test_a_new_rating_makes_a_new_version(client, org, skp, juni):
    url = reverse("cetak:evaluasi", args=[skp.pk, juni.pk])
    first = login(client, org.direktur).get(url)
    assert client.get(url)["X-Dokumen-Cache"] == "hit"
    rate(skp, juni)
    second = client.get(url)
    assert second["X-Dokumen-Cache"] == "miss" and second["X-Dokumen-Kode"] != first["X-Dokumen-Kode"]
    old, new = DokumenCetak.objects.order_by("pk")
    assert new.versi == old.versi + 2  # two recorded changes: the two ratings
    assert "DIATAS EKSPEKTASI" in flat(pdf_text(second.content))
    assert client.get(reverse("cetak:verifikasi_kode", args=[old.kode])).status_code == 200


@pytest.mark.parametrize("name", VIEWS)
def test_queries_do_not_grow_with_the_skp(client, org, name, django_assert_num_queries):
    small = approved(org.pegawai, n_rhk=1, n_ind=1, tambahan=0)
    big = approved(org.rekan, n_rhk=8, n_ind=3, tambahan=2)
    juni = periode(small)
    for skp in (small, big):
        fill(skp, juni)
        rate(skp, juni)
    login(client, org.direktur)
    for skp in (small, big):
        url = reverse(name, args=[skp.pk, juni.pk])
        client.get(url)  # first print renders and stores
        # Cached download: session (1), user (2), the SKP with pegawai, instansi and pejabat
        # penilai (3), the period (4), its penilaian with keberatan (5), the version (6).
        # Umpan Balik: RHK (7), indicators (8), realisasi (9), eviden (10), ekspektasi (11),
        # perilaku kerja (12), feedback perilaku (13). Evaluasi adds the group's predikat (14)
        # and capaian (15). Dokumen Evaluasi: the capaian (7). Then the document row and its PDF.
        expected = {"cetak:umpan_balik": 15, "cetak:evaluasi": 17, "cetak:dokumen_evaluasi": 9}[name]
        with django_assert_num_queries(expected):
            assert client.get(url)["X-Dokumen-Cache"] == "hit"


def test_the_verification_page_names_the_penilaian_document(client, org, skp, juni):
    url = reverse("cetak:umpan_balik", args=[skp.pk, juni.pk])
    kode = login(client, org.pegawai).get(url)["X-Dokumen-Kode"]
    client.logout()
    body = client.get(reverse("cetak:verifikasi"), {"kode": kode}).content.decode()
    assert "Umpan Balik" in body and "PEGAWAI UJI" in body
    assert "Realisasi" not in body


def test_page_one_of_the_evaluasi_renders_to_a_png(org, skp, juni, tmp_path):
    fill(skp, juni)
    rate(skp, juni)
    pdf = tmp_path / "evaluasi.pdf"
    pdf.write_bytes(penilaian_document(skp, juni, Jenis.EVALUASI_KINERJA).pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "hal")],
                   check=True)
    with Image.open(tmp_path / "hal-1.png") as image:
        assert abs(image.width - 413) <= 1 and abs(image.height - 585) <= 1
        rgb = image.convert("RGB")
        # The kurva's red (ideal) and green (realisasi) lines are drawn on page 1.
        colours = {c for _n, c in rgb.getcolors(maxcolors=1 << 20)}
        assert any(r > 150 and g < 90 and b < 90 for r, g, b in colours)
        assert any(g > 100 and r < 80 and b < 110 for r, g, b in colours)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert "POLA DISTRIBUSI" in reader.pages[0].extract_text()


def test_the_penilaian_pages_offer_the_documents(client, org):
    """Cetak links on Penilaian SKP (owner) and the rating page (pejabat penilai)."""
    from django.urls import reverse

    from penilaian.models import PeriodePenilaian
    from tests.skp.conftest import add_indikator, add_rhk, make_skp, setujui

    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    setujui(skp)
    periode = PeriodePenilaian.objects.filter(instansi=org.pegawai.instansi,
                                              awal__year=skp.periode_awal.year).first()
    links = [reverse(n, args=[skp.pk, periode.pk])
             for n in ("cetak:umpan_balik", "cetak:evaluasi", "cetak:dokumen_evaluasi")]
    client.force_login(org.pegawai)
    html = client.get(reverse("penilaian:skp", args=[skp.pk])).content.decode()
    assert all(f'href="{url}"' in html for url in links)
    client.force_login(org.direktur)
    html = client.get(reverse("penilaian:nilai", args=[skp.pk, periode.pk])).content.decode()
    assert all(f'href="{url}"' in html for url in links)

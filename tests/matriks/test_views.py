"""The matrix page, Sinkronisasi, Tambah Pegawai, Tambah RHK, removal and Lihat SKP."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ekinerja.models import Notifikasi
from matriks import actions
from matriks.models import BarisMatriks
from skp.models import HasilKerja, StatusSkp
from tests.factories import lead, make_pegawai
from tests.skp.conftest import make_skp, to_status

HX = {"HX-Request": "true"}


@pytest.fixture
def leader(client, org):
    client.force_login(org.direktur)
    return client


def _page(client, mx, **kw):
    return client.get(reverse("matriks:skp", args=[mx.atasan.pk]), **kw).content.decode()


def _baris(mx, skp=None):
    return BarisMatriks.objects.get(skp_atasan=mx.atasan, skp_bawahan=skp or mx.skp_pegawai)


# --- the page ---------------------------------------------------------------------------------


def test_it_shows_the_leaders_rhk_and_indicators_as_two_header_rows(leader, synced, org):
    html = _page(leader, synced)
    assert "<h1" in html and "Matriks Pembagian Peran Hasil" in html
    head = html.split("<thead>")[1].split("</thead>")[0]
    rows = head.split('class="head-ind"')
    assert 'colspan="2"' in rows[0] and "Meningkatnya kualitas layanan sistem informasi" in rows[0]
    assert 'colspan="1"' in rows[0] and "Tersusunnya regulasi teknis tata kelola TIK" in rows[0]
    for text in ("DIREKTUR UJI", "Indeks kepuasan pengguna", "Persentase integrasi sistem",
                 "Persentase pemenuhan regulasi"):
        assert text in rows[1]


def test_each_row_is_labelled_with_name_and_period_status_and_a_tambah_rhk_per_leader_rhk(
    leader, synced
):
    html = _page(leader, synced)
    assert "PEGAWAI UJI (SKP Periode 2025-01-01 sampai 2025-12-31)" in html
    assert "REKAN UJI (SKP Periode 2025-01-01 sampai 2025-12-31)" in html
    row = html.split(f'id="baris-{_baris(synced).pk}"')[1].split("</tr>")[0]
    assert "status-draft" in row
    assert row.count(">Tambah RHK</a>") == 2
    assert "Lihat SKP" not in row  # draft: not viewable yet (manual §5)


def test_lihat_skp_appears_once_the_skp_is_not_draft(leader, synced):
    to_status(synced.skp_pegawai, StatusSkp.PENGAJUAN)
    html = _page(leader, synced)
    row = html.split(f'id="baris-{_baris(synced).pk}"')[1].split("</tr>")[0]
    assert f'href="/skp/{synced.skp_pegawai.pk}/">Lihat SKP' in row
    assert "Tambah RHK" not in row
    assert "status-pengajuan" in row


def test_a_cell_lists_the_subordinate_rhks_that_intervene_that_leader_rhk(leader, synced, org):
    for rhk, teks in ((synced.rhk1, "Aplikasi layanan"), (synced.rhk2, "Draf regulasi")):
        actions.add_rhk_bawahan(aktor=org.direktur, baris=_baris(synced), rhk_atasan=rhk,
                                jenis="utama", teks=teks)
    html = _page(leader, synced)
    row = html.split(f'id="baris-{_baris(synced).pk}"')[1].split("</tr>")[0]
    cells = re.findall(r'<td colspan="(\d)" class="sel[^"]*">(.*?)</td>', row, re.S)
    assert [c[0] for c in cells] == ["2", "1"]
    assert "Aplikasi layanan" in cells[0][1] and "Draf regulasi" not in cells[0][1]
    assert "Draf regulasi" in cells[1][1]
    rekan_row = html.split(f'id="baris-{_baris(synced, synced.skp_rekan).pk}"')[1].split("</tr>")[0]
    assert "Aplikasi layanan" not in rekan_row


def test_an_empty_matrix_explains_what_to_do(leader, mx):
    html = _page(leader, mx)
    assert "Belum ada SKP bawahan di matriks" in html


def test_the_htmx_fragment_is_the_matrix_only(leader, synced):
    html = _page(leader, synced, headers=HX)
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="matriks"')


# --- Sinkronisasi SKP Bawahan -----------------------------------------------------------------


def test_sinkronisasi_adds_and_says_how_many_then_none(leader, mx):
    url = reverse("matriks:sinkronisasi", args=[mx.atasan.pk])
    response = leader.post(url, follow=True)
    assert "2 SKP bawahan ditambahkan ke matriks." in response.content.decode()
    assert BarisMatriks.objects.filter(skp_atasan=mx.atasan).count() == 2
    response = leader.post(url, headers=HX)
    html = response.content.decode()
    assert response["HX-Retarget"] == "#matriks"
    assert "Tidak ada SKP bawahan baru" in html  # the oob messages block
    assert "PEGAWAI UJI (SKP Periode" in html


# --- Tambah Pegawai ---------------------------------------------------------------------------


def _tambah_url(mx):
    return reverse("matriks:tambah_pegawai", args=[mx.atasan.pk])


def test_tambah_pegawai_finds_the_skps_of_a_nip_and_adds_the_chosen_one(leader, mx, org):
    html = leader.get(_tambah_url(mx), {"nip": org.rekan.nip}).content.decode()
    assert "SKP yang ditambahkan" in html
    assert "REKAN UJI (Periode SKP 2025-01-01 - 2025-12-31)" in html
    response = leader.post(_tambah_url(mx), {"nip": org.rekan.nip, "skp": mx.skp_rekan.pk})
    assert response.status_code == 302
    baris = _baris(mx, mx.skp_rekan)
    assert baris.sumber == "manual"


def test_tambah_pegawai_from_another_instansi_by_nip(leader, mx, org):
    skp = make_skp(org.outsider)
    response = leader.post(_tambah_url(mx), {"nip": org.outsider.nip, "skp": skp.pk}, headers=HX)
    assert response["HX-Trigger"] == "skp-dialog-close"
    assert "ORANG LUAR (SKP Periode" in response.content.decode()
    assert "ORANG LUAR ditambahkan ke matriks." in response.content.decode()


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("199001012015011999", "Pegawai dengan NIP 199001012015011999 tidak ditemukan."),
        ("12345", "NIP harus terdiri dari 18 angka."),
        ("", "Isi NIP pegawai."),
    ],
)
def test_tambah_pegawai_says_what_is_wrong_with_the_nip_and_keeps_it(leader, mx, nip, message):
    html = leader.get(_tambah_url(mx), {"nip": nip}, headers=HX).content.decode()
    assert message in html
    assert f'value="{nip}"' in html or not nip
    assert "<html" not in html
    assert ">OK</button>" not in html


def test_tambah_pegawai_for_someone_without_an_skp_or_without_one_this_year(leader, mx, org):
    baru = make_pegawai(org.direktorat, nama="BELUM PUNYA SKP")
    html = leader.get(_tambah_url(mx), {"nip": baru.nip}).content.decode()
    assert "BELUM PUNYA SKP belum membuat SKP." in html
    make_skp(baru, year=2024)
    html = leader.get(_tambah_url(mx), {"nip": baru.nip}).content.decode()
    assert "BELUM PUNYA SKP belum memiliki SKP untuk periode 2025-01-01 sampai 2025-12-31." in html


def test_tambah_pegawai_refuses_an_skp_already_in_the_matrix(leader, synced, org):
    html = leader.get(_tambah_url(synced), {"nip": org.pegawai.nip}).content.decode()
    assert "Sudah ada di matriks: 2025-01-01 - 2025-12-31" in html
    response = leader.post(_tambah_url(synced), {"nip": org.pegawai.nip,
                                                 "skp": synced.skp_pegawai.pk})
    assert response.status_code == 200
    assert "SKP PEGAWAI UJI periode 2025-01-01 sampai 2025-12-31 sudah ada di matriks." in (
        response.content.decode()
    )
    assert BarisMatriks.objects.filter(skp_atasan=synced.atasan).count() == 2


def test_tambah_pegawai_refuses_the_leaders_own_nip_and_a_foreign_skp_id(leader, mx, org):
    html = leader.get(_tambah_url(mx), {"nip": org.direktur.nip}).content.decode()
    assert "Ini NIP Anda sendiri" in html
    # The SKP id of someone else than the NIP searched is not among the choices.
    response = leader.post(_tambah_url(mx), {"nip": org.rekan.nip, "skp": mx.skp_pegawai.pk})
    assert "SKP yang dipilih tidak ditemukan" in response.content.decode()
    assert not BarisMatriks.objects.exists()


# --- Tambah RHK -------------------------------------------------------------------------------


def _rhk_url(mx, rhk, skp=None):
    return reverse("matriks:tambah_rhk", args=[mx.atasan.pk, _baris(mx, skp).pk, rhk.pk])


def test_tambah_rhk_form_presets_the_column_as_rhk_atasan(leader, synced):
    html = leader.get(_rhk_url(synced, synced.rhk2), headers=HX).content.decode()
    assert "<html" not in html
    for label in ("Jenis RHK", "Rencana Hasil Kerja", "RHK atasan yang diintervensi"):
        assert label in html
    assert f'<option value="{synced.rhk2.pk}" selected>' in html
    assert f'<option value="{synced.rhk1.pk}">' in html
    assert "Untuk SKP PEGAWAI UJI" in html


def test_tambah_rhk_creates_it_in_the_subordinate_skp_and_updates_the_matrix(leader, synced, org):
    response = leader.post(
        _rhk_url(synced, synced.rhk1),
        {"jenis": "utama", "teks": "Laporan survei kepuasan", "rhk_atasan": synced.rhk1.pk},
        headers=HX,
    )
    html = response.content.decode()
    assert response["HX-Trigger"] == "skp-dialog-close"
    assert "Laporan survei kepuasan" in html
    assert "RHK ditambahkan ke SKP PEGAWAI UJI." in html
    rhk = HasilKerja.objects.get(skp=synced.skp_pegawai)
    assert rhk.rhk_atasan == synced.rhk1
    assert Notifikasi.objects.filter(penerima=org.pegawai).count() == 1


def test_tambah_rhk_without_javascript_redirects_to_the_row(leader, synced):
    response = leader.post(
        _rhk_url(synced, synced.rhk1),
        {"jenis": "tambahan", "teks": "Dokumen", "rhk_atasan": synced.rhk2.pk},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#baris-{_baris(synced).pk}")
    assert HasilKerja.objects.get(skp=synced.skp_pegawai).rhk_atasan == synced.rhk2


def test_tambah_rhk_shows_errors_beside_the_fields_and_keeps_what_was_typed(leader, synced):
    response = leader.post(
        _rhk_url(synced, synced.rhk1),
        {"jenis": "utama", "teks": "   ", "rhk_atasan": ""},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Isi Rencana Hasil Kerja." in html
    assert "Pilih RHK atasan yang diintervensi." in html
    response = leader.post(
        _rhk_url(synced, synced.rhk1),
        {"jenis": "utama", "teks": "Teks yang diketik", "rhk_atasan": "999999"},
    )
    html = response.content.decode()
    assert "Pilih salah satu RHK dari SKP Anda pada matriks ini." in html
    assert "Teks yang diketik</textarea>" in html
    assert not HasilKerja.objects.filter(skp=synced.skp_pegawai).exists()


def test_tambah_rhk_is_refused_clearly_when_the_skp_is_no_longer_draft(leader, synced):
    url = _rhk_url(synced, synced.rhk1)
    to_status(synced.skp_pegawai, StatusSkp.PERSETUJUAN)
    for response in (
        leader.get(url, follow=True),
        leader.post(url, {"jenis": "utama", "teks": "X", "rhk_atasan": synced.rhk1.pk},
                    follow=True),
    ):
        assert "SKP berstatus PERSETUJUAN sehingga tidak dapat diubah." in response.content.decode()
    response = leader.post(url, {"jenis": "utama", "teks": "X", "rhk_atasan": synced.rhk1.pk},
                           headers=HX)
    assert response["HX-Redirect"] == reverse("matriks:skp", args=[synced.atasan.pk])
    assert not HasilKerja.objects.filter(skp=synced.skp_pegawai, teks="X").exists()


def test_a_row_whose_penilai_is_someone_else_explains_why_there_is_no_tambah_rhk(leader, mx, org):
    skp = make_skp(org.outsider)
    actions.add_pegawai(aktor=org.direktur, skp_atasan=mx.atasan, skp_bawahan=skp)
    html = _page(leader, mx)
    row = html.split(f'id="baris-{_baris(mx, skp).pk}"')[1].split("</tr>")[0]
    assert ">Tambah RHK</a>" not in row
    assert "Anda bukan pejabat penilai SKP ini, sehingga Tambah RHK tidak tersedia." in row
    # Reached anyway (an old page), the form is refused with the full reason.
    response = leader.get(_rhk_url(mx, mx.rhk1, skp), follow=True)
    assert "Anda bukan pejabat penilai pada SKP ORANG LUAR" in response.content.decode()


# --- remove a row, Lihat SKP ------------------------------------------------------------------


def test_hapus_asks_first_then_removes_the_row(leader, synced):
    url = reverse("matriks:hapus_baris", args=[synced.atasan.pk, _baris(synced).pk])
    html = leader.get(url, headers=HX).content.decode()
    assert "Keluarkan SKP PEGAWAI UJI" in html and "<html" not in html
    response = leader.post(url, headers=HX)
    html = response.content.decode()
    assert "PEGAWAI UJI dikeluarkan dari matriks." in html
    assert "PEGAWAI UJI (SKP Periode" not in html
    assert not BarisMatriks.objects.filter(skp_bawahan=synced.skp_pegawai).exists()


def test_lihat_skp_shows_a_submitted_skp_added_by_nip_read_only(leader, mx, org):
    lead(org.outsider.unit, make_pegawai(org.outsider.unit, nama="ATASAN LUAR"))
    skp = make_skp(org.outsider)
    skp.add_rhk(aktor=org.outsider, jenis="utama", teks="RHK orang luar")
    baris = actions.add_pegawai(aktor=org.direktur, skp_atasan=mx.atasan, skp_bawahan=skp)
    url = reverse("matriks:lihat_skp", args=[mx.atasan.pk, baris.pk])
    assert "belum dapat dilihat" in leader.get(url, follow=True).content.decode()
    to_status(skp, StatusSkp.PENGAJUAN)
    row = _page(leader, mx).split(f'id="baris-{baris.pk}"')[1].split("</tr>")[0]
    assert f'href="{url}">Lihat SKP' in row
    html = leader.get(url).content.decode()
    assert "RHK orang luar" in html and "PENGAJUAN" in html and "ORANG LUAR" in html


def test_daftar_skp_and_the_skp_page_link_to_the_matrix_for_a_leader_only(client, synced, org):
    url = reverse("matriks:skp", args=[synced.atasan.pk])
    client.force_login(org.direktur)
    assert f'href="{url}">Matriks Bawahan' in client.get(reverse("skp:daftar")).content.decode()
    detail = client.get(reverse("skp:detail", args=[synced.atasan.pk])).content.decode()
    assert f'href="{url}">Lihat Matriks Bawahan' in detail
    client.force_login(org.pegawai)  # rates nobody
    assert "Matriks Bawahan" not in client.get(reverse("skp:daftar")).content.decode()


def test_cell_text_is_escaped(leader, synced, org):
    actions.add_rhk_bawahan(aktor=org.direktur, baris=_baris(synced), rhk_atasan=synced.rhk1,
                            jenis="tambahan", teks="<b>tebal</b> & lain")
    html = _page(leader, synced)
    assert "<li>&lt;b&gt;tebal&lt;/b&gt; &amp; lain" in html
    assert '<span class="jenis">(tambahan)</span>' in html
    assert "<b>tebal</b>" not in html

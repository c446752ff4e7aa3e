from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ekinerja.models import Riwayat
from skp.models import HasilKerja, Indikator, LampiranItem, PerilakuKerja, Skp, StatusSkp
from tests.skp.conftest import add_indikator, add_rhk, ajukan, make_skp, setujui

HX = {"HX-Request": "true"}


def test_home_is_daftar_skp(client, org):
    client.force_login(org.pegawai)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("skp:daftar")
    assert "Tambah SKP" in response.content.decode()


def test_daftar_lists_periode_pendekatan_status_and_draft_actions(client, org):
    skp = make_skp(org.pegawai)
    client.force_login(org.pegawai)
    html = client.get(reverse("skp:daftar")).content.decode()
    assert "2025-01-01 sampai 2025-12-31" in html and "kuantitatif" in html and "draft" in html
    for name in ("skp:detail", "skp:edit", "skp:hapus"):
        assert reverse(name, args=[skp.pk]) in html
    add_indikator(add_rhk(skp))
    ajukan(skp)
    html = client.get(reverse("skp:daftar")).content.decode()
    assert reverse("skp:detail", args=[skp.pk]) in html
    assert reverse("skp:edit", args=[skp.pk]) not in html
    assert reverse("skp:hapus", args=[skp.pk]) not in html


def test_daftar_htmx_returns_the_fragment_only(client, org):
    client.force_login(org.pegawai)
    response = client.get(reverse("skp:daftar"), headers=HX)
    html = response.content.decode()
    assert 'id="daftar"' in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_tambah_skp_full_page_creates_and_redirects(client, org):
    client.force_login(org.direktur)
    page = client.get(reverse("skp:tambah"))
    assert f'value="{timezone.localdate().year}-01-01"' in page.content.decode()
    response = client.post(reverse("skp:tambah"), {
        "periode_awal": "2025-01-01", "periode_akhir": "2025-12-31", "pendekatan": "kuantitatif"})
    assert response.status_code == 302 and response["Location"] == reverse("skp:daftar")
    skp = Skp.objects.get()
    assert skp.pegawai == org.direktur and skp.is_jpt and skp.pejabat_penilai == org.deputi


def test_tambah_skp_htmx_swaps_the_list_and_closes_the_dialog(client, org):
    client.force_login(org.pegawai)
    response = client.post(reverse("skp:tambah"), {
        "periode_awal": "2025-01-01", "periode_akhir": "2025-06-30", "pendekatan": "kualitatif"},
        headers=HX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#daftar" and response["HX-Trigger"] == "skp-dialog-close"
    html = response.content.decode()
    assert "2025-01-01 sampai 2025-06-30" in html and "<html" not in html
    assert "SKP berhasil dibuat" in html  # the message, appended out of band


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"periode_awal": "2025-12-01", "periode_akhir": "2026-01-31", "pendekatan": "kuantitatif"},
         "periode_akhir", "satu tahun kalender"),
        ({"periode_awal": "2025-06-01", "periode_akhir": "2025-05-01", "pendekatan": "kuantitatif"},
         "periode_akhir", "tidak boleh sebelum"),
        ({"periode_awal": "2025-01-01", "periode_akhir": "2025-12-31", "pendekatan": ""},
         "pendekatan", "Pilih pendekatan"),
        ({"periode_awal": "", "periode_akhir": "2025-12-31", "pendekatan": "kuantitatif"},
         "periode_awal", "Isi Periode Awal"),
        ({"periode_awal": "2025-03-01", "periode_akhir": "2025-04-30", "pendekatan": "kuantitatif"},
         "periode_awal", "tumpang tindih"),
    ],
)
def test_tambah_skp_shows_errors_beside_the_field_and_keeps_values(client, org, data, field,
                                                                    message):
    make_skp(org.pegawai, awal=dt.date(2025, 4, 1), akhir=dt.date(2025, 4, 30))
    client.force_login(org.pegawai)
    for headers in ({}, HX):
        response = client.post(reverse("skp:tambah"), data, headers=headers)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'id="id_{field}_error"' in html and message in html
        for name, value in data.items():
            if value and name != "pendekatan":
                assert f'value="{value}"' in html
    assert Skp.objects.count() == 1


def test_edit_skp_changes_the_period_and_rejects_overlap(client, org):
    first = make_skp(org.pegawai, awal=dt.date(2025, 1, 1), akhir=dt.date(2025, 6, 30))
    second = make_skp(org.pegawai, awal=dt.date(2025, 7, 1), akhir=dt.date(2025, 12, 31))
    client.force_login(org.pegawai)
    url = reverse("skp:edit", args=[first.pk])
    assert 'value="2025-06-30"' in client.get(url).content.decode()
    bad = client.post(url, {"periode_awal": "2025-01-01", "periode_akhir": "2025-07-15",
                            "pendekatan": "kuantitatif"})
    assert "tumpang tindih" in bad.content.decode()
    ok = client.post(url, {"periode_awal": "2025-01-01", "periode_akhir": "2025-05-31",
                           "pendekatan": "kualitatif"})
    assert ok.status_code == 302
    first.refresh_from_db()
    assert first.periode_akhir == dt.date(2025, 5, 31) and first.pendekatan == "kualitatif"
    second.refresh_from_db()
    assert second.periode_awal == dt.date(2025, 7, 1)


def test_hapus_skp_asks_first_then_deletes(client, org):
    skp = make_skp(org.pegawai)
    client.force_login(org.pegawai)
    url = reverse("skp:hapus", args=[skp.pk])
    confirm = client.get(url, headers=HX).content.decode()
    assert "tidak dapat dibatalkan" in confirm and "<html" not in confirm
    assert Skp.objects.filter(pk=skp.pk).exists()
    response = client.post(url, headers=HX)
    assert response["HX-Retarget"] == "#daftar"
    assert not Skp.objects.filter(pk=skp.pk).exists()


@pytest.mark.parametrize("name", ["skp:edit", "skp:hapus"])
def test_edit_and_hapus_are_refused_when_not_draft(client, org, name):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    setujui(skp)
    client.force_login(org.pegawai)
    response = client.post(reverse(name, args=[skp.pk]), {
        "periode_awal": "2025-02-01", "periode_akhir": "2025-12-31", "pendekatan": "kuantitatif"},
        follow=True)
    assert "tidak dapat diubah" in response.content.decode()
    skp.refresh_from_db()
    assert skp.periode_awal == dt.date(2025, 1, 1)


def test_detail_jpt_shows_gambar_9_columns_and_penugasan(client, org, skp_jpt):
    rhk = add_rhk(skp_jpt, "Terwujudnya Pelayanan Data ASN yang Berkualitas",
                  penugasan_dari="Deputi Bidang Uji")
    add_indikator(rhk, "Indeks Kepuasan pengguna", target_teks="95")
    add_indikator(rhk, "Indeks Kepuasan Instansi", target_teks="92")
    client.force_login(org.direktur)
    html = client.get(reverse("skp:detail", args=[skp_jpt.pk])).content.decode()
    for text in ("Pegawai Yang Dinilai", "Pejabat Penilai", "DEPUTI UJI", "Status SKP",
                 "DRAFT", "Perspektif", "Target", "Indikator Kinerja Individu",
                 "(Penugasan dari Deputi Bidang Uji)", "Penerima Layanan", "Muat ulang",
                 "Tambah Rencana Hasil Kerja (RHK)", "Tambah Indikator", "Perilaku Kerja",
                 "Ekspektasi Khusus Pimpinan", "Dukungan Sumber Daya",
                 "Skema Pertanggungjawaban", "Konsekuensi", "Melakukan perbaikan tiada henti"):
        assert text in html, text
    assert "Diintervensi" not in html and ">Aspek<" not in html
    assert "Ajukan SKP" in html  # live since issue 4 (Cetak comes with its own work)
    assert html.index("Indeks Kepuasan pengguna") < html.index("Indeks Kepuasan Instansi")
    assert 'rowspan="3"' in html  # two indicators + the Tambah Indikator row


def test_detail_non_jpt_shows_gambar_12_columns(client, org, skp_jpt, skp_pegawai):
    leader = add_rhk(skp_jpt, "RHK Direktur")
    add_indikator(add_rhk(skp_pegawai, "RHK Pegawai", rhk_atasan=leader), "IKI Pegawai",
                  aspek="waktu", target_teks="12 bulan")
    client.force_login(org.pegawai)
    html = client.get(reverse("skp:detail", args=[skp_pegawai.pk])).content.decode()
    heads = ["No", "Rencana Hasil Kerja Yang Diintervensi", "Rencana Hasil Kerja", "Aspek",
             "Indikator Kinerja Individu", "Target"]
    positions = [html.index(f">{h}</th>") for h in heads]
    assert positions == sorted(positions)
    # The JPT columns are absent from the RHK table (the page's Bantuan panel describes both
    # formats, so the check reads the Hasil Kerja section, not the whole page).
    rhk = html[html.index('id="hasil-kerja"'):]
    rhk = rhk[:rhk.index("</section>")]
    assert "Perspektif" not in rhk and "Penugasan dari" not in rhk
    for text in ("RHK Direktur", "RHK Pegawai", "Waktu", "IKI Pegawai", "12 bulan"):
        assert text in html


def test_detail_kualitatif_has_no_target_column(client, org):
    skp = make_skp(org.direktur, pendekatan="kualitatif")
    add_indikator(add_rhk(skp), "Kepuasan Pengguna Layanan")
    client.force_login(org.direktur)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Kepuasan Pengguna Layanan" in html
    assert ">Target</th>" not in html and ">Perspektif</th>" not in html


def test_rhk_form_shows_the_fields_of_each_format(client, org, skp_jpt, skp_pegawai):
    client.force_login(org.direktur)
    jpt = client.get(reverse("skp:rhk_tambah", args=[skp_jpt.pk]), headers=HX).content.decode()
    assert "Klasifikasi RHK" in jpt and "Penugasan dari" in jpt and "Individu - tertaut" in jpt
    assert "RHK atasan" not in jpt and "<html" not in jpt
    client.force_login(org.pegawai)
    non = client.get(reverse("skp:rhk_tambah", args=[skp_pegawai.pk])).content.decode()
    assert "RHK atasan yang diintervensi" in non and "Klasifikasi" not in non
    assert "Matriks Peran Hasil" in non  # the leader has no RHK yet: say why and what to do
    add_rhk(skp_jpt, "RHK Direktur")
    non = client.get(reverse("skp:rhk_tambah", args=[skp_pegawai.pk])).content.decode()
    assert "RHK Direktur" in non and "Matriks Peran Hasil" not in non


def test_rhk_tambah_htmx_swaps_the_hasil_kerja_table(client, org, skp_jpt):
    client.force_login(org.direktur)
    response = client.post(reverse("skp:rhk_tambah", args=[skp_jpt.pk]), {
        "klasifikasi": "individu", "jenis": "tambahan", "teks": "RHK baru",
        "penugasan_dari": "Deputi"}, headers=HX)
    assert response["HX-Retarget"] == "#hasil-kerja"
    assert response["HX-Trigger"] == "skp-dialog-close"
    html = response.content.decode()
    assert 'id="hasil-kerja"' in html and "RHK baru" in html and "<html" not in html
    rhk = HasilKerja.objects.get()
    assert (rhk.jenis, rhk.klasifikasi, rhk.penugasan_dari) == ("tambahan", "individu", "Deputi")


def test_rhk_validation_error_stays_in_the_dialog_with_values(client, org, skp_jpt):
    client.force_login(org.direktur)
    response = client.post(reverse("skp:rhk_tambah", args=[skp_jpt.pk]), {
        "klasifikasi": "individu", "jenis": "utama", "teks": "",
        "penugasan_dari": "Deputi Bidang Uji"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Retarget" not in response
    assert 'id="id_teks_error"' in html and "Isi Rencana Hasil Kerja" in html
    assert 'value="Deputi Bidang Uji"' in html
    assert not HasilKerja.objects.exists()


def test_rhk_edit_and_hapus(client, org, skp_jpt):
    rhk = add_rhk(skp_jpt, "Lama")
    client.force_login(org.direktur)
    url = reverse("skp:rhk_edit", args=[skp_jpt.pk, rhk.pk])
    assert "Lama" in client.get(url).content.decode()
    client.post(url, {"klasifikasi": "organisasi", "jenis": "utama", "teks": "Baru"})
    rhk.refresh_from_db()
    assert (rhk.teks, rhk.klasifikasi) == ("Baru", "organisasi")
    response = client.post(reverse("skp:rhk_hapus", args=[skp_jpt.pk, rhk.pk]))
    assert response.status_code == 302 and not HasilKerja.objects.exists()


def test_rhk_hapus_lists_intervening_subordinates_and_refuses(client, org, skp_jpt):
    leader = add_rhk(skp_jpt, "RHK Direktur")
    add_rhk(make_skp(org.pegawai), "RHK bawahan", rhk_atasan=leader)
    client.force_login(org.direktur)
    url = reverse("skp:rhk_hapus", args=[skp_jpt.pk, leader.pk])
    page = client.get(url).content.decode()
    dialog = page.split("</main>")[0].split("<form")[-1]  # the page's own form, not the footer's
    assert "PEGAWAI UJI: RHK bawahan" in page and 'type="submit"' not in dialog
    response = client.post(url, follow=True)
    assert "Tautkan ulang" in response.content.decode()
    assert HasilKerja.objects.filter(pk=leader.pk).exists()


def test_non_jpt_rhk_intervenes_the_leaders_rhk(client, org, skp_jpt, skp_pegawai):
    leader = add_rhk(skp_jpt, "RHK Direktur")
    client.force_login(org.pegawai)
    client.post(reverse("skp:rhk_tambah", args=[skp_pegawai.pk]),
                {"jenis": "utama", "teks": "RHK Pegawai", "rhk_atasan": leader.pk})
    assert HasilKerja.objects.get(skp=skp_pegawai).rhk_atasan == leader
    other = add_rhk(make_skp(org.rekan), "RHK rekan")
    response = client.post(reverse("skp:rhk_tambah", args=[skp_pegawai.pk]),
                           {"jenis": "utama", "teks": "Salah", "rhk_atasan": other.pk})
    assert 'id="id_rhk_atasan_error"' in response.content.decode()
    assert HasilKerja.objects.filter(skp=skp_pegawai).count() == 1


def test_rhk_pindah_reorders_and_returns_the_table(client, org, skp_jpt):
    add_rhk(skp_jpt, "Pertama")
    second = add_rhk(skp_jpt, "Kedua")
    client.force_login(org.direktur)
    response = client.post(reverse("skp:rhk_pindah", args=[skp_jpt.pk, second.pk, "naik"]),
                           headers=HX)
    html = response.content.decode()
    assert html.index("Kedua") < html.index("Pertama")
    assert client.post(reverse("skp:rhk_pindah", args=[skp_jpt.pk, second.pk, "x"])).status_code \
        == 404


def test_indikator_tambah_swaps_only_that_rhk(client, org, skp_jpt):
    rhk = add_rhk(skp_jpt, "RHK satu")
    client.force_login(org.direktur)
    form = client.get(reverse("skp:indikator_tambah", args=[skp_jpt.pk, rhk.pk]), headers=HX)
    text = form.content.decode()
    assert "Perspektif" in text and "Target" in text and "Aspek" not in text
    response = client.post(reverse("skp:indikator_tambah", args=[skp_jpt.pk, rhk.pk]), {
        "teks": "Indeks Kepuasan", "target_teks": "92", "perspektif": "penerima_layanan"},
        headers=HX)
    assert response["HX-Retarget"] == f"#rhk-{rhk.pk}"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tbody id="rhk-{rhk.pk}"')
    assert "Indeks Kepuasan" in html and "Penerima Layanan" in html and "Perilaku Kerja" not in html


def test_indikator_errors_keep_the_typed_values(client, org, skp_jpt):
    rhk = add_rhk(skp_jpt)
    client.force_login(org.direktur)
    response = client.post(reverse("skp:indikator_tambah", args=[skp_jpt.pk, rhk.pk]), {
        "teks": "Indeks Kepuasan", "target_teks": "tinggi", "perspektif": ""})
    html = response.content.decode()
    assert 'id="id_target_teks_error"' in html and 'id="id_perspektif_error"' in html
    assert "Indeks Kepuasan</textarea>" in html and 'value="tinggi"' in html
    assert not Indikator.objects.exists()


def test_kualitatif_indikator_form_has_only_indikator(client, org):
    skp = make_skp(org.direktur, pendekatan="kualitatif")
    rhk = add_rhk(skp)
    client.force_login(org.direktur)
    url = reverse("skp:indikator_tambah", args=[skp.pk, rhk.pk])
    html = client.get(url).content.decode()
    assert 'name="teks"' in html
    assert 'name="target_teks"' not in html and 'name="perspektif"' not in html
    client.post(url, {"teks": "Kepuasan Pengguna Layanan Sistem Informasi ASN"})
    assert Indikator.objects.get().target_teks == ""


def test_non_jpt_indikator_form_has_aspek(client, org, skp_pegawai):
    rhk = add_rhk(skp_pegawai)
    client.force_login(org.pegawai)
    url = reverse("skp:indikator_tambah", args=[skp_pegawai.pk, rhk.pk])
    html = client.get(url).content.decode()
    assert 'name="aspek"' in html and 'name="perspektif"' not in html
    client.post(url, {"aspek": "kualitas", "teks": "Dokumen tanpa revisi", "target_teks": "100 %"})
    assert Indikator.objects.get().aspek == "kualitas"


def test_indikator_edit_hapus_and_pindah(client, org, skp_jpt):
    rhk = add_rhk(skp_jpt)
    a = add_indikator(rhk, "A")
    b = add_indikator(rhk, "B")
    client.force_login(org.direktur)
    client.post(reverse("skp:indikator_edit", args=[skp_jpt.pk, a.pk]),
                {"teks": "A2", "target_teks": "95 %", "perspektif": "anggaran"})
    a.refresh_from_db()
    assert (a.teks, a.target_nilai, a.target_satuan, a.perspektif) == ("A2", 95, "%", "anggaran")
    response = client.post(reverse("skp:indikator_pindah", args=[skp_jpt.pk, b.pk, "naik"]),
                           headers=HX)
    html = response.content.decode()
    assert html.index(">B<") < html.index(">A2<")
    client.post(reverse("skp:indikator_hapus", args=[skp_jpt.pk, a.pk]))
    assert list(Indikator.objects.values_list("teks", flat=True)) == ["B"]


def test_objects_of_another_skp_are_not_reachable_through_mine(client, org, skp_jpt):
    foreign = add_indikator(add_rhk(make_skp(org.rekan), "RHK rekan"))
    client.force_login(org.direktur)
    assert client.get(reverse("skp:rhk_edit", args=[skp_jpt.pk, foreign.rhk_id])).status_code \
        == 404
    assert client.post(reverse("skp:indikator_hapus", args=[skp_jpt.pk, foreign.pk])) \
        .status_code == 404
    assert Indikator.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("status", [StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN])
def test_plan_changes_are_refused_with_a_message_when_not_draft(client, org, skp_jpt, status):
    rhk = add_rhk(skp_jpt)
    ind = add_indikator(rhk)
    item = skp_jpt.add_lampiran(jenis="konsekuensi", teks="Reward", aktor=org.direktur)
    ajukan(skp_jpt)
    if status == StatusSkp.PERSETUJUAN:
        skp_jpt.approve(aktor=org.deputi)
    client.force_login(org.direktur)
    posts = [
        ("skp:rhk_tambah", [skp_jpt.pk]), ("skp:rhk_edit", [skp_jpt.pk, rhk.pk]),
        ("skp:rhk_hapus", [skp_jpt.pk, rhk.pk]), ("skp:rhk_pindah", [skp_jpt.pk, rhk.pk, "naik"]),
        ("skp:indikator_tambah", [skp_jpt.pk, rhk.pk]),
        ("skp:indikator_edit", [skp_jpt.pk, ind.pk]),
        ("skp:indikator_hapus", [skp_jpt.pk, ind.pk]),
        ("skp:indikator_pindah", [skp_jpt.pk, ind.pk, "naik"]),
        ("skp:lampiran_tambah", [skp_jpt.pk, "konsekuensi"]),
        ("skp:lampiran_edit", [skp_jpt.pk, item.pk]),
        ("skp:lampiran_hapus", [skp_jpt.pk, item.pk]),
        ("skp:lampiran_pindah", [skp_jpt.pk, item.pk, "naik"]),
        ("skp:ganti_penilai", [skp_jpt.pk]),
    ]
    data = {"klasifikasi": "individu", "jenis": "utama", "teks": "Baru", "target_teks": "1",
            "perspektif": "anggaran", "nip": org.kepala.nip}
    for name, args in posts:
        response = client.post(reverse(name, args=args), data, follow=True)
        assert f"SKP berstatus {status.upper()}" in response.content.decode(), name
        htmx = client.post(reverse(name, args=args), data, headers=HX)
        assert htmx["HX-Redirect"] == reverse("skp:detail", args=[skp_jpt.pk]), name
    assert HasilKerja.objects.get().teks == "RHK uji"
    assert Indikator.objects.get().teks == "Indikator uji"
    assert LampiranItem.objects.get().teks == "Reward"
    page = client.get(reverse("skp:detail", args=[skp_jpt.pk])).content.decode()
    assert "Tambah Rencana Hasil Kerja" not in page and "Tambah Indikator" not in page


def test_ekspektasi_is_written_by_the_penilai_and_read_by_the_pegawai(client, org, skp_pegawai):
    perilaku = PerilakuKerja.objects.get(nama="Harmonis")
    client.force_login(org.direktur)
    url = reverse("skp:ekspektasi", args=[skp_pegawai.pk, perilaku.pk])
    assert "Harmonis" in client.get(url, headers=HX).content.decode()
    response = client.post(url, {"teks": "Rajin Masuk"}, headers=HX)
    assert response["HX-Retarget"] == f"#perilaku-{perilaku.pk}"
    assert "Rajin Masuk" in response.content.decode()
    client.force_login(org.pegawai)
    html = client.get(reverse("skp:detail", args=[skp_pegawai.pk])).content.decode()
    assert "Rajin Masuk" in html and url not in html


def test_ekspektasi_stays_open_to_the_penilai_after_submission(client, org, skp_pegawai):
    add_indikator(add_rhk(skp_pegawai))
    ajukan(skp_pegawai)
    perilaku = PerilakuKerja.objects.first()
    client.force_login(org.direktur)
    client.post(reverse("skp:ekspektasi", args=[skp_pegawai.pk, perilaku.pk]),
                {"teks": "Tepat waktu"})
    assert skp_pegawai.ekspektasi.get().teks == "Tepat waktu"


def test_lampiran_add_edit_move_delete(client, org, skp_pegawai):
    client.force_login(org.pegawai)
    url = reverse("skp:lampiran_tambah", args=[skp_pegawai.pk, "dukungan_sumber_daya"])
    assert "Tambah Dukungan Sumber Daya" in client.get(url).content.decode()
    empty = client.post(url, {"teks": " "})
    assert 'id="id_teks_error"' in empty.content.decode()
    client.post(url, {"teks": "Membutuhkan Komputer/Laptop"})
    response = client.post(url, {"teks": "Akses internet"}, headers=HX)
    assert response["HX-Retarget"] == "#lampiran" and "Akses internet" in response.content.decode()
    first, second = LampiranItem.objects.order_by("urutan")
    client.post(reverse("skp:lampiran_pindah", args=[skp_pegawai.pk, second.pk, "naik"]))
    assert list(LampiranItem.objects.order_by("urutan").values_list("teks", flat=True)) == [
        "Akses internet", "Membutuhkan Komputer/Laptop"]
    client.post(reverse("skp:lampiran_edit", args=[skp_pegawai.pk, first.pk]), {"teks": "Laptop"})
    client.post(reverse("skp:lampiran_hapus", args=[skp_pegawai.pk, second.pk]))
    assert list(LampiranItem.objects.values_list("teks", flat=True)) == ["Laptop"]
    assert client.get(reverse("skp:lampiran_tambah", args=[skp_pegawai.pk, "lain"])) \
        .status_code == 404


def test_muat_ulang_refreshes_snapshots_and_logs(client, org, skp_pegawai):
    org.pegawai.jabatan = "Pranata Komputer Ahli Madya"
    org.pegawai.save()
    client.force_login(org.pegawai)
    response = client.post(reverse("skp:muat_ulang", args=[skp_pegawai.pk, "pegawai"]),
                           headers=HX)
    assert response["HX-Retarget"] == "#identitas"
    assert "Pranata Komputer Ahli Madya" in response.content.decode()
    skp_pegawai.refresh_from_db()
    assert skp_pegawai.snapshot_pegawai["jabatan"] == "Pranata Komputer Ahli Madya"
    row = Riwayat.untuk(skp_pegawai).get(aksi="skp.muat_ulang_pegawai")
    assert row.sebelum["jabatan"] == "Pranata Komputer Ahli Muda"
    # The unit gets a new head: Muat ulang on the penilai side re-derives the rater.
    org.direktorat.kepala = org.rekan
    org.direktorat.save()
    client.post(reverse("skp:muat_ulang", args=[skp_pegawai.pk, "penilai"]))
    skp_pegawai.refresh_from_db()
    assert skp_pegawai.pejabat_penilai == org.rekan
    assert skp_pegawai.snapshot_penilai["nama"] == "REKAN UJI"
    assert Riwayat.untuk(skp_pegawai).filter(aksi="skp.muat_ulang_penilai").exists()
    assert client.post(reverse("skp:muat_ulang", args=[skp_pegawai.pk, "x"])).status_code == 404


def test_ganti_penilai_finds_by_nip(client, org, skp_pegawai):
    client.force_login(org.pegawai)
    url = reverse("skp:ganti_penilai", args=[skp_pegawai.pk])
    unknown = client.post(url, {"nip": "199001012015011999"})
    assert "tidak ditemukan" in unknown.content.decode()
    own = client.post(url, {"nip": org.pegawai.nip})
    assert "SKP Anda sendiri" in own.content.decode()
    response = client.post(url, {"nip": org.deputi.nip}, headers=HX)
    assert response["HX-Retarget"] == "#identitas" and "DEPUTI UJI" in response.content.decode()
    skp_pegawai.refresh_from_db()
    assert skp_pegawai.pejabat_penilai == org.deputi
    assert skp_pegawai.snapshot_atasan_penilai["nama"] == "KEPALA BADAN"
    assert Riwayat.untuk(skp_pegawai).get(aksi="skp.ganti_penilai").sebelum["penilai"]["nama"] \
        == "DIREKTUR UJI"

"""Ajukan SKP, Edit Status, SKP Bawahan (with bulk approve) and Riwayat pages (issue 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ekinerja.hooks import refuse_skp_return_to_draft
from ekinerja.models import Notifikasi, Riwayat
from skp.models import Skp, StatusSkp
from tests.factories import make_pegawai
from tests.skp.conftest import add_indikator, add_rhk, ajukan, make_skp, setujui

HX = {"HX-Request": "true"}
CONFIRM = "Apakah Anda yakin ingin mengajukan SKP ini?"
LOCKED = "Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau."


@pytest.fixture
def lengkap(org):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp, "Tersedianya aplikasi layanan"))
    return skp


def _status(skp) -> str:
    return Skp.objects.values_list("status", flat=True).get(pk=skp.pk)


def _page(client, skp) -> str:
    return client.get(reverse("skp:detail", args=[skp.pk])).content.decode()


# --- Ajukan SKP -------------------------------------------------------------------------------


def test_the_draft_page_has_ajukan_skp_for_the_owner_only(client, org, lengkap):
    url = reverse("skp:ajukan", args=[lengkap.pk])
    client.force_login(org.pegawai)
    assert url in _page(client, lengkap)
    client.force_login(org.direktur)
    assert url not in _page(client, lengkap)


def test_ajukan_asks_the_manuals_question_in_a_dialog_and_as_a_page(client, org, lengkap):
    client.force_login(org.pegawai)
    url = reverse("skp:ajukan", args=[lengkap.pk])
    dialog = client.get(url, headers=HX).content.decode()
    assert "<html" not in dialog
    for text in ("Pengajuan SKP", CONFIRM, LOCKED, ">Close<", ">OK<",
                 'name="dilihat" value="draft"'):
        assert text in dialog
    page = client.get(url).content.decode()
    assert "<html" in page and CONFIRM in page and f'action="{url}"' in page
    assert _status(lengkap) == StatusSkp.DRAFT


def test_ajukan_warns_about_an_empty_lampiran_but_lets_it_through(client, org, lengkap):
    client.force_login(org.pegawai)
    url = reverse("skp:ajukan", args=[lengkap.pk])
    assert "Lampiran SKP" in client.get(url, headers=HX).content.decode()
    lengkap.add_lampiran(jenis="konsekuensi", teks="Reward", aktor=org.pegawai)
    assert "Lampiran SKP" not in client.get(url, headers=HX).content.decode()
    client.post(url, {"dilihat": "draft"})
    assert _status(lengkap) == StatusSkp.PENGAJUAN


def test_ajukan_lists_exactly_what_is_missing(client, org):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    add_rhk(skp, "Tanpa indikator", jenis="tambahan")
    client.force_login(org.pegawai)
    url = reverse("skp:ajukan", args=[skp.pk])
    confirm = client.get(url, headers=HX).content.decode()
    assert "RHK tambahan no. 1 belum memiliki indikator." in confirm
    assert ">OK<" not in confirm
    response = client.post(url, {"dilihat": "draft"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "SKP belum dapat diajukan" in html
    assert "RHK tambahan no. 1 belum memiliki indikator." in html
    assert _status(skp) == StatusSkp.DRAFT


def test_submitting_makes_the_page_read_only_and_notifies_the_rater(client, org, lengkap):
    client.force_login(org.pegawai)
    response = client.post(reverse("skp:ajukan", args=[lengkap.pk]), {"dilihat": "draft"},
                           headers=HX)
    assert response["HX-Redirect"] == reverse("skp:detail", args=[lengkap.pk])
    assert _status(lengkap) == StatusSkp.PENGAJUAN
    html = _page(client, lengkap)
    assert "Status SKP: <strong" in html and ">PENGAJUAN</strong>" in html
    assert "SKP berhasil diajukan" in html and LOCKED in html
    assert "Tambah Rencana Hasil Kerja" not in html
    assert reverse("skp:ajukan", args=[lengkap.pk]) not in html
    assert "Tambah Indikator" not in html
    assert Notifikasi.objects.filter(penerima=org.direktur, url=lengkap.get_absolute_url()).exists()


def test_a_second_tab_cannot_submit_again(client, org, lengkap):
    client.force_login(org.pegawai)
    url = reverse("skp:ajukan", args=[lengkap.pk])
    client.post(url, {"dilihat": "draft"})
    response = client.post(url, {"dilihat": "draft"}, follow=True)  # the other tab
    assert "SKP berstatus PENGAJUAN sehingga tidak dapat diubah" in response.content.decode()
    assert Riwayat.untuk(lengkap).filter(aksi="skp.diajukan").count() == 1


def test_a_page_that_saw_another_status_gets_the_conflict_message(client, org, lengkap):
    client.force_login(org.pegawai)
    url = reverse("skp:ajukan", args=[lengkap.pk])
    for data in ({"dilihat": "pengajuan"}, {}):
        response = client.post(url, data, headers=HX)
        assert response["HX-Redirect"] == reverse("skp:detail", args=[lengkap.pk])
        assert "SKP telah diubah oleh pengguna lain; muat ulang halaman." in _page(client, lengkap)
    assert _status(lengkap) == StatusSkp.DRAFT


def test_ajukan_on_a_submitted_skp_goes_back_with_a_message(client, org, lengkap):
    ajukan(lengkap)
    client.force_login(org.pegawai)
    response = client.get(reverse("skp:ajukan", args=[lengkap.pk]), follow=True)
    assert "SKP berstatus PENGAJUAN sehingga tidak dapat diubah" in response.content.decode()


# --- Edit Status ------------------------------------------------------------------------------


def test_the_rater_sees_edit_status_on_a_submitted_skp_only(client, org, lengkap):
    url = reverse("skp:edit_status", args=[lengkap.pk])
    client.force_login(org.direktur)
    assert url not in _page(client, lengkap)  # draft: nothing to decide yet
    ajukan(lengkap)
    html = _page(client, lengkap)
    assert url in html and "Edit Status" in html
    dialog = client.get(url, headers=HX).content.decode()
    for option in ("Draft", "Pengajuan", "Persetujuan"):
        assert f">{option}</option>" in dialog
    assert 'value="pengajuan" selected' in dialog
    assert 'name="dilihat" value="pengajuan"' in dialog
    client.force_login(org.pegawai)
    assert url not in _page(client, lengkap)


def test_persetujuan_approves_and_the_pegawai_sees_it(client, org, lengkap):
    ajukan(lengkap)
    client.force_login(org.direktur)
    response = client.post(reverse("skp:edit_status", args=[lengkap.pk]),
                           {"status": "persetujuan", "dilihat": "pengajuan"}, headers=HX)
    assert response["HX-Redirect"] == reverse("skp:detail", args=[lengkap.pk])
    assert _status(lengkap) == StatusSkp.PERSETUJUAN
    client.force_login(org.pegawai)
    assert ">PERSETUJUAN</strong>" in _page(client, lengkap)
    assert Notifikasi.objects.filter(penerima=org.pegawai, pesan__contains="disetujui").exists()


def test_back_to_draft_needs_a_reason_beside_the_field(client, org, lengkap):
    ajukan(lengkap)
    client.force_login(org.direktur)
    url = reverse("skp:edit_status", args=[lengkap.pk])
    response = client.post(url, {"status": "draft", "dilihat": "pengajuan", "alasan": " "},
                           headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="id_alasan_error"' in html and "Tuliskan alasan pengembalian" in html
    assert '<option value="draft" selected>' in html  # the choice is kept
    assert _status(lengkap) == StatusSkp.PENGAJUAN


def test_the_return_reason_is_shown_on_the_pegawais_page(client, org, lengkap):
    ajukan(lengkap)
    client.force_login(org.direktur)
    client.post(reverse("skp:edit_status", args=[lengkap.pk]),
                {"status": "draft", "dilihat": "pengajuan", "alasan": "Target terlalu rendah."})
    assert _status(lengkap) == StatusSkp.DRAFT
    client.force_login(org.pegawai)
    html = _page(client, lengkap)
    assert "SKP dikembalikan ke draft" in html and "Target terlalu rendah." in html
    assert "oleh DIREKTUR UJI" in html
    assert "Tambah Rencana Hasil Kerja" in html  # editable again
    # Once submitted again the notice is history only (the Riwayat row keeps the reason).
    client.post(reverse("skp:ajukan", args=[lengkap.pk]), {"dilihat": "draft"})
    html = _page(client, lengkap)
    assert 'class="message message-warning dikembalikan"' not in html
    assert "Target terlalu rendah." in html


def test_a_rated_skp_cannot_go_back_and_the_refusal_is_shown(client, org, lengkap):
    setujui(lengkap)
    client.force_login(org.direktur)
    with refuse_skp_return_to_draft.replaced(lambda skp: "Periode Januari sudah dinilai."):
        response = client.post(reverse("skp:edit_status", args=[lengkap.pk]),
                               {"status": "draft", "dilihat": "persetujuan", "alasan": "Revisi"},
                               headers=HX)
    assert response.status_code == 200
    assert "Periode Januari sudah dinilai." in response.content.decode()
    assert _status(lengkap) == StatusSkp.PERSETUJUAN


def test_persetujuan_to_pengajuan_is_refused_clearly(client, org, lengkap):
    setujui(lengkap)
    client.force_login(org.direktur)
    response = client.post(reverse("skp:edit_status", args=[lengkap.pk]),
                           {"status": "pengajuan", "dilihat": "persetujuan"}, headers=HX)
    assert "dari PERSETUJUAN ke PENGAJUAN" in response.content.decode()
    assert _status(lengkap) == StatusSkp.PERSETUJUAN


def test_keeping_the_same_status_changes_nothing(client, org, lengkap):
    ajukan(lengkap)
    client.force_login(org.direktur)
    response = client.post(reverse("skp:edit_status", args=[lengkap.pk]),
                           {"status": "pengajuan", "dilihat": "pengajuan"}, follow=True)
    assert "Status SKP tidak berubah." in response.content.decode()
    assert Riwayat.untuk(lengkap).filter(aksi__startswith="skp.di").count() == 1


def test_a_stale_edit_status_page_gets_the_conflict_message(client, org, lengkap):
    ajukan(lengkap)
    client.force_login(org.direktur)
    url = reverse("skp:edit_status", args=[lengkap.pk])
    client.post(url, {"status": "persetujuan", "dilihat": "pengajuan"})  # the other tab
    response = client.post(url, {"status": "draft", "dilihat": "pengajuan", "alasan": "Revisi"},
                           headers=HX)
    assert response["HX-Redirect"] == reverse("skp:detail", args=[lengkap.pk])
    html = _page(client, lengkap)
    assert "SKP telah diubah oleh pengguna lain; muat ulang halaman." in html
    assert _status(lengkap) == StatusSkp.PERSETUJUAN
    assert not Riwayat.untuk(lengkap).filter(aksi="skp.dikembalikan").exists()


# --- SKP Bawahan ------------------------------------------------------------------------------


@pytest.fixture
def tim(org, lengkap):
    """The Direktur's staff: PEGAWAI UJI submitted, REKAN UJI draft, a third one approved."""
    ajukan(lengkap)
    draft = make_skp(org.rekan)
    ketiga = make_pegawai(org.direktorat, nama="ANALIS KETIGA")
    approved = make_skp(ketiga)
    add_indikator(add_rhk(approved))
    setujui(approved)
    return {"pengajuan": lengkap, "draft": draft, "persetujuan": approved}


def test_bawahan_lists_unor_nip_nama_pendekatan_status_and_detail_for_non_drafts(client, org,
                                                                                  tim):
    client.force_login(org.direktur)
    response = client.get(reverse("skp:bawahan"))
    html = response.content.decode()
    assert "Daftar SKP Bawahan" in html
    for col in ("Unor", "NIP", "Nama", "Pendekatan", "Status"):
        assert f">{col}</th>" in html
    for name in ("PEGAWAI UJI", "REKAN UJI", "ANALIS KETIGA"):
        assert name in html
    assert org.pegawai.nip in html and "Direktorat Uji" in html
    assert reverse("skp:detail", args=[tim["pengajuan"].pk]) in html
    assert reverse("skp:detail", args=[tim["persetujuan"].pk]) in html
    assert reverse("skp:detail", args=[tim["draft"].pk]) not in html
    # Only submitted SKPs can be chosen for approval.
    assert f'name="pilih" value="{tim["pengajuan"].pk}"' in html
    assert f'name="pilih" value="{tim["persetujuan"].pk}"' not in html
    assert f'name="pilih" value="{tim["draft"].pk}"' not in html


def test_the_main_menu_shows_skp_bawahan(client, org, tim):
    client.force_login(org.direktur)
    html = client.get(reverse("skp:daftar")).content.decode()
    assert f'href="{reverse("skp:bawahan")}"' in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "draft"}, {"REKAN UJI"}),
    ({"status": "pengajuan"}, {"PEGAWAI UJI"}),
    ({"q": "ketiga"}, {"ANALIS KETIGA"}),
    ({"q": "uji"}, {"PEGAWAI UJI", "REKAN UJI"}),
    ({"q": "uji", "status": "pengajuan"}, {"PEGAWAI UJI"}),
    ({"q": "zzz"}, set()),
])
def test_bawahan_filters_by_status_and_searches_by_name(client, org, tim, params, expected):
    client.force_login(org.direktur)
    response = client.get(reverse("skp:bawahan"), params, headers=HX)
    html = response.content.decode()
    assert "<html" not in html and 'id="bawahan"' in html
    shown = {s.pegawai.nama for s in response.context["page"]}
    assert shown == expected
    if not expected:
        assert "Tidak ada SKP bawahan yang cocok" in html


def test_bawahan_searches_by_nip_with_spaces(client, org, tim):
    client.force_login(org.direktur)
    nip = org.rekan.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14:]}"
    response = client.get(reverse("skp:bawahan"), {"q": spaced})
    assert [s.pegawai for s in response.context["page"]] == [org.rekan]


def test_bawahan_is_paginated_and_keeps_the_filter(client, org):
    for i in range(27):
        make_skp(make_pegawai(org.direktorat, nama=f"STAF {i:02d}"))
    client.force_login(org.direktur)
    first = client.get(reverse("skp:bawahan"), {"status": "draft"})
    assert len(first.context["page"].object_list) == 25
    html = first.content.decode()
    assert "Halaman 1 dari 2 (27 SKP)" in html and "status=draft&amp;page=2" in html
    second = client.get(reverse("skp:bawahan"), {"status": "draft", "page": 2})
    assert [s.pegawai.nama for s in second.context["page"]] == ["STAF 25", "STAF 26"]
    assert client.get(reverse("skp:bawahan"), {"page": "x"}).status_code == 200


def test_bulk_approve_reports_each_row(client, org, tim):
    kedua = make_skp(make_pegawai(org.direktorat, nama="STAF KEDUA"))
    add_indikator(add_rhk(kedua))
    ajukan(kedua)
    page = client  # the Direktur's page was loaded; then STAF KEDUA's SKP is returned elsewhere
    client.force_login(org.direktur)
    kedua.return_to_draft(aktor=org.direktur, alasan="Revisi", expected="pengajuan")
    response = page.post(reverse("skp:bawahan_setujui"), {
        "pilih": [tim["pengajuan"].pk, kedua.pk, tim["persetujuan"].pk, 999999],
        f"dilihat_{tim['pengajuan'].pk}": "pengajuan",
        f"dilihat_{kedua.pk}": "pengajuan",
        f"dilihat_{tim['persetujuan'].pk}": "persetujuan",
        "status": "pengajuan",
    }, headers=HX)
    html = response.content.decode()
    assert 'id="bawahan"' in html and "<html" not in html
    assert "Disetujui (1): PEGAWAI UJI." in html
    assert "STAF KEDUA: SKP telah diubah oleh pengguna lain; muat ulang halaman." in html
    assert "ANALIS KETIGA: Status SKP tidak dapat diubah dari PERSETUJUAN ke PERSETUJUAN." in html
    assert "SKP #999999: tidak ada dalam daftar SKP bawahan Anda." in html
    assert _status(tim["pengajuan"]) == StatusSkp.PERSETUJUAN
    assert _status(kedua) == StatusSkp.DRAFT
    assert Riwayat.untuk(tim["pengajuan"]).filter(aksi="skp.disetujui").count() == 1
    assert Riwayat.untuk(tim["persetujuan"]).filter(aksi="skp.disetujui").count() == 1
    assert response.context["filters"] == {"status": "pengajuan"}


def test_bulk_approve_without_javascript_redirects_back_with_the_filter(client, org, tim):
    client.force_login(org.direktur)
    response = client.post(reverse("skp:bawahan_setujui"), {
        "pilih": [tim["pengajuan"].pk], f"dilihat_{tim['pengajuan'].pk}": "pengajuan",
        "q": "uji"})
    assert response.status_code == 302
    assert response["Location"] == reverse("skp:bawahan") + "?q=uji"
    assert _status(tim["pengajuan"]) == StatusSkp.PERSETUJUAN
    assert "Disetujui (1): PEGAWAI UJI." in client.get(response["Location"]).content.decode()


CRAFTED_IDS = ["²³", "9" * 5000, str(2**70), "١٢٣", "-1", "1\x00", ""]


def test_bulk_approve_ignores_crafted_ids_and_approves_the_real_one(client, org, tim):
    """Measured on main: "²³" (isdigit() but not int()) and a 5000-digit id gave a 500."""
    client.force_login(org.direktur)
    pk = tim["pengajuan"].pk
    response = client.post(reverse("skp:bawahan_setujui"), {
        "pilih": [*CRAFTED_IDS, pk, *CRAFTED_IDS], f"dilihat_{pk}": "pengajuan"}, headers=HX)
    assert response.status_code == 200
    assert "Disetujui (1): PEGAWAI UJI." in response.content.decode()
    assert "Tidak disetujui" not in response.content.decode()
    assert _status(tim["pengajuan"]) == StatusSkp.PERSETUJUAN
    for crafted in CRAFTED_IDS:
        response = client.post(reverse("skp:bawahan_setujui"), {"pilih": crafted,
                                                                 "page": crafted})
        assert response.status_code == 302 and response["Location"] == reverse("skp:bawahan")
    assert "Pilih SKP yang akan disetujui." in client.get(response["Location"]).content.decode()


def test_bulk_approve_with_nothing_chosen_says_so(client, org, tim):
    client.force_login(org.direktur)
    response = client.post(reverse("skp:bawahan_setujui"), {}, follow=True)
    assert "Pilih SKP yang akan disetujui." in response.content.decode()


# --- Riwayat ----------------------------------------------------------------------------------


def test_riwayat_shows_who_when_before_after_and_reason(client, org, lengkap):
    rhk = lengkap.hasil_kerja.get()
    rhk.skp = lengkap
    rhk.update(aktor=org.pegawai, teks="Tersedianya aplikasi layanan digital")
    ajukan(lengkap)
    lengkap.return_to_draft(aktor=org.direktur, alasan="Perjelas target.", expected="pengajuan")
    for user in (org.pegawai, org.direktur):
        client.force_login(user)
        html = _page(client, lengkap)
        section = html[html.index('id="riwayat"'):]
        assert "SKP dikembalikan ke draft" in section and "Perjelas target." in section
        assert "DIREKTUR UJI" in section and "PEGAWAI UJI" in section
        assert '<span class="sebelum">PENGAJUAN</span> → <span class="sesudah">DRAFT</span>' \
            in section
        assert '<span class="sebelum">Tersedianya aplikasi layanan</span> → ' \
            '<span class="sesudah">Tersedianya aplikasi layanan digital</span>' in section
        assert "RHK diubah" in section and "SKP diajukan" in section


def test_riwayat_names_the_indicator_whose_target_changed(client, org, lengkap):
    ind = lengkap.hasil_kerja.get().indikator.get()
    ind.rhk.skp = lengkap
    ind.update(aktor=org.pegawai, target_teks="95")
    client.force_login(org.pegawai)
    html = _page(client, lengkap)
    section = html[html.index('id="riwayat"'):]
    assert 'Indikator diubah<div class="konteks">Indikator uji</div>' in section
    assert '<span class="sebelum">92</span> → <span class="sesudah">95</span>' in section

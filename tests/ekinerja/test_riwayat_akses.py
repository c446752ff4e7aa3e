"""An untouchable record (issue 10, item 5): Riwayat and the view log cannot be changed or
deleted, keep the actor as a snapshot, and each pegawai sees who viewed or changed their data."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from ekinerja.models import AksesData, Pegawai, Riwayat
from skp.models import PerilakuKerja
from tests.factories import make_pegawai
from tests.skp.conftest import add_indikator, add_rhk, ajukan, make_skp


@pytest.fixture
def skp(org):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    return skp


# --- the database refuses changes -------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_history(skp):
    row = Riwayat.untuk(skp).get(aksi="skp.tambah")
    for attempt in (
        lambda: Riwayat.objects.filter(pk=row.pk).update(aksi="dipalsukan"),
        lambda: Riwayat.objects.filter(pk=row.pk).delete(),
        lambda: connection.cursor().execute("DELETE FROM ekinerja_riwayat"),
        lambda: connection.cursor().execute("UPDATE ekinerja_riwayat SET aktor_id = NULL"),
    ):
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            attempt()
    assert Riwayat.objects.get(pk=row.pk).aksi == "skp.tambah"


def test_the_database_refuses_to_change_or_delete_the_view_log(client, org, skp):
    client.force_login(org.direktur)
    client.get(reverse("skp:detail", args=[skp.pk]))
    row = AksesData.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        AksesData.objects.filter(pk=row.pk).update(pembaca_nama="orang lain")
    with pytest.raises(DatabaseError), transaction.atomic():
        AksesData.objects.all().delete()
    assert AksesData.objects.get().pembaca_nama == "DIREKTUR UJI"


@pytest.mark.django_db(transaction=True)
def test_history_is_only_written_inside_the_changes_transaction(org):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        Riwayat.catat(org.pegawai, aktor=org.admin, aksi="pegawai.uji")
    assert not Riwayat.objects.filter(aksi="pegawai.uji").exists()
    with pytest.raises(ValueError), transaction.atomic():
        Riwayat.catat(org.pegawai, aktor=org.admin, aksi="pegawai.uji")
        raise ValueError("the change fails after the record was written")
    assert not Riwayat.objects.filter(aksi="pegawai.uji").exists()  # gone with the change


# --- the actor as a snapshot ------------------------------------------------------------------


def test_deleting_a_pegawai_keeps_their_records_with_name_and_nip(skp, org):
    sementara = make_pegawai(org.direktorat, nama="PEGAWAI SEMENTARA")
    nip = sementara.nip
    skp.ganti_penilai(sementara, aktor=org.pegawai)
    skp.ganti_penilai(org.direktur, aktor=org.pegawai)  # no SKP points at them any more
    with transaction.atomic():
        Riwayat.catat(skp, aktor=sementara, aksi="skp.uji_oleh_sementara")
    count = Riwayat.objects.count()

    sementara.delete()

    assert not Pegawai.objects.filter(nip=nip).exists()
    assert Riwayat.objects.count() == count
    row = Riwayat.objects.get(aksi="skp.uji_oleh_sementara")
    assert (row.aktor_nip, row.aktor_nama) == (nip, "PEGAWAI SEMENTARA")
    assert row.aktor_tampil == f"PEGAWAI SEMENTARA ({nip})"
    assert row.pemilik_id == org.pegawai.pk


def test_a_pegawai_with_skps_is_still_protected_from_deletion(skp, org):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        org.pegawai.delete()


def test_every_record_names_whose_data_it_is(skp, org):
    ajukan(skp)
    rows = Riwayat.untuk(skp)
    assert {r.pemilik_id for r in rows} == {org.pegawai.pk}
    assert {(r.aktor_nip, r.aktor_nama) for r in rows} == {(org.pegawai.nip, "PEGAWAI UJI")}


# --- the view log -----------------------------------------------------------------------------


def test_the_rater_opening_an_skp_is_logged_once_per_hour(client, org, skp):
    client.force_login(org.direktur)
    with time_machine.travel(dt.datetime(2025, 3, 3, 9, 10, tzinfo=dt.UTC), tick=False):
        client.get(reverse("skp:detail", args=[skp.pk]))
        client.get(reverse("skp:detail", args=[skp.pk]), headers={"HX-Request": "true"})
    with time_machine.travel(dt.datetime(2025, 3, 3, 9, 50, tzinfo=dt.UTC), tick=False):
        client.get(reverse("skp:detail", args=[skp.pk]))
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, 5, tzinfo=dt.UTC), tick=False):
        client.get(reverse("skp:detail", args=[skp.pk]))
    rows = list(AksesData.objects.order_by("jam"))
    assert [(r.jenis, r.jam.hour) for r in rows] == [("skp", 9), ("skp", 10)]
    row = rows[0]
    assert (row.pemilik_id, row.pembaca_id, row.pembaca_nip) == (
        org.pegawai.pk, org.direktur.pk, org.direktur.nip)
    assert row.waktu == dt.datetime(2025, 3, 3, 9, 10, tzinfo=dt.UTC)
    assert row.objek_label.startswith("SKP PEGAWAI UJI")


def test_the_owner_opening_their_own_skp_is_not_logged(client, org, skp):
    client.force_login(org.pegawai)
    client.get(reverse("skp:detail", args=[skp.pk]))
    client.get(reverse("cetak:skp", args=[skp.pk]))
    assert not AksesData.objects.exists()


def test_printing_someone_elses_skp_is_logged(client, org, skp):
    client.force_login(org.direktur)
    response = client.get(reverse("cetak:skp", args=[skp.pk]))
    assert response.status_code == 200
    assert set(AksesData.objects.values_list("jenis", flat=True)) == {"skp", "cetak:skp"}


def test_a_refused_look_is_not_logged_as_a_view(client, org, skp):
    client.force_login(org.outsider)
    assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 404
    assert not AksesData.objects.exists()


# --- the page: who viewed or changed my data --------------------------------------------------

URL = "/profil/akses-data/"


def test_the_profile_links_to_the_page(client, org):
    client.force_login(org.pegawai)
    assert f'href="{URL}"' in client.get("/profil/").content.decode()


def test_the_page_shows_who_viewed_and_who_changed_my_data(client, org, skp):
    client.force_login(org.direktur)
    client.get(reverse("skp:detail", args=[skp.pk]))
    skp.set_ekspektasi(PerilakuKerja.objects.first(), "Lebih cepat", aktor=org.direktur)
    client.force_login(org.pegawai)

    html = client.get(URL).content.decode()

    assert "Siapa melihat dan mengubah data saya" in html
    dilihat, diubah = html.split('id="h-diubah"')
    assert "DIREKTUR UJI" in dilihat and "membuka SKP" in dilihat and org.direktur.nip in dilihat
    assert "Ekspektasi khusus pimpinan diubah" in diubah and "DIREKTUR UJI" in diubah
    assert "SKP dibuat" not in diubah  # the pegawai's own changes are not listed


def test_the_page_shows_only_my_own_data(client, org, skp):
    client.force_login(org.direktur)
    client.get(reverse("skp:detail", args=[skp.pk]))
    client.force_login(org.rekan)
    html = client.get(URL).content.decode()
    assert "Belum ada orang lain yang membuka data Anda." in html
    assert "DIREKTUR UJI" not in html


def test_anonymous_visitors_are_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith("/login/")


@pytest.mark.parametrize("n", [1, 8])
def test_the_page_query_count_does_not_grow(client, org, n, django_assert_num_queries):
    skps = [make_skp(org.pegawai, awal=dt.date(2024, 1, 1) + dt.timedelta(days=3 * i),
                     akhir=dt.date(2024, 1, 2) + dt.timedelta(days=3 * i)) for i in range(n)]
    client.force_login(org.direktur)
    for s in skps:
        client.get(reverse("skp:detail", args=[s.pk]))
        s.muat_ulang_penilai(aktor=org.direktur)
    client.force_login(org.pegawai)
    # session, user (with the unread notification count); view log: count + page; changes by
    # others: count + page (with the object type)
    with django_assert_num_queries(6):
        html = client.get(URL).content.decode()
    assert html.count("membuka SKP") == min(n, 25)


def test_the_page_refuses_other_methods(client, org):
    client.force_login(org.pegawai)
    assert client.post(URL).status_code == 405

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ekinerja.models import Notifikasi
from ekinerja.notifications import notify


@pytest.fixture
def with_email(org):
    org.pegawai.email = "pegawai@contoh.go.id"
    org.pegawai.save()
    return org


def test_notify_writes_a_row_and_emails_only_after_commit(
    with_email, mailoutbox, django_capture_on_commit_callbacks
):
    org = with_email
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(org.pegawai, pesan="SKP Anda disetujui.", url="/skp/1/", aktor=org.direktur)
        assert mailoutbox == []  # not before the commit
    for callback in callbacks:
        callback()
    assert Notifikasi.objects.get().pesan == "SKP Anda disetujui."
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pegawai@contoh.go.id"]
    assert "/skp/1/" in mailoutbox[0].body


def test_a_rolled_back_change_leaves_no_notice_and_no_mail(with_email, mailoutbox):
    org = with_email
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(org.pegawai, pesan="Tidak jadi.", aktor=org.direktur)
        raise RuntimeError("the change failed")
    assert not Notifikasi.objects.exists()
    assert mailoutbox == []


def test_nobody_without_an_email_gets_only_the_in_app_notice(org, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(org.rekan, pesan="Halo.")
    assert Notifikasi.objects.filter(penerima=org.rekan).count() == 1
    assert mailoutbox == []


def test_the_header_shows_the_unread_count(client, org):
    client.force_login(org.pegawai)
    assert 'class="badge"' not in client.get("/profil/").content.decode()
    notify(org.pegawai, pesan="Satu")
    notify(org.pegawai, pesan="Dua")
    notify(org.rekan, pesan="Bukan untuk Anda")
    html = client.get("/profil/").content.decode()
    assert '<span class="badge" aria-label="2 belum dibaca">2</span>' in html


def test_the_header_count_follows_reading_and_comes_with_the_user(
        client, org, django_assert_num_queries):
    """The count is read in the query that loads the signed-in pegawai (Pegawai.untuk_sesi), so
    it is fresh on every request: opening a notice lowers it on the next page."""
    for pesan in ("Satu", "Dua", "Tiga"):
        notify(org.pegawai, pesan=pesan, url="/profil/")
    notify(org.pegawai, pesan="Sudah dibaca")
    Notifikasi.objects.filter(pesan="Sudah dibaca").update(dibaca=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    client.force_login(org.pegawai)
    with CaptureQueriesContext(connection) as seen:
        html = client.get("/profil/").content.decode()
    assert '<span class="badge" aria-label="3 belum dibaca">3</span>' in html
    counting = [q["sql"] for q in seen.captured_queries if "ekinerja_notifikasi" in q["sql"]]
    assert len(counting) == 1 and '"ekinerja_pegawai"."password"' in counting[0]  # the user load
    client.post(f"/notifikasi/{Notifikasi.objects.filter(pesan='Dua').get().pk}/buka/")
    assert '<span class="badge" aria-label="2 belum dibaca">2</span>' in \
        client.get("/profil/").content.decode()
    client.post("/notifikasi/baca-semua/")
    assert 'class="badge"' not in client.get("/profil/").content.decode()


def test_the_list_shows_only_my_notices(client, org):
    notify(org.pegawai, pesan="Untuk pegawai")
    notify(org.rekan, pesan="Untuk rekan")
    client.force_login(org.pegawai)
    html = client.get("/notifikasi/").content.decode()
    assert "Untuk pegawai" in html and "Untuk rekan" not in html


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, org):
    notify(org.pegawai, pesan="Buka saya", url="/profil/")
    n = Notifikasi.objects.get()
    client.force_login(org.pegawai)
    assert client.get(f"/notifikasi/{n.pk}/buka/").status_code == 405
    response = client.post(f"/notifikasi/{n.pk}/buka/")
    assert response["Location"] == "/profil/"
    n.refresh_from_db()
    assert n.dibaca is not None


def test_nobody_opens_someone_elses_notice(client, org):
    notify(org.pegawai, pesan="Pribadi")
    n = Notifikasi.objects.get()
    client.force_login(org.rekan)
    assert client.post(f"/notifikasi/{n.pk}/buka/").status_code == 404
    n.refresh_from_db()
    assert n.dibaca is None


def test_an_outside_link_is_not_followed(client, org):
    notify(org.pegawai, pesan="Aneh", url="https://evil.example/")
    client.force_login(org.pegawai)
    response = client.post(f"/notifikasi/{Notifikasi.objects.get().pk}/buka/")
    assert response["Location"] == "/notifikasi/"


def test_mark_all_read(client, org):
    for i in range(3):
        notify(org.pegawai, pesan=f"N{i}")
    notify(org.rekan, pesan="Punya rekan")
    client.force_login(org.pegawai)
    client.post("/notifikasi/baca-semua/")
    assert not Notifikasi.objects.filter(penerima=org.pegawai, dibaca__isnull=True).exists()
    assert Notifikasi.objects.filter(penerima=org.rekan, dibaca__isnull=True).count() == 1


@pytest.mark.parametrize("count", [1, 40])
def test_the_list_costs_the_same_queries_however_many_notices(
    client, org, django_assert_num_queries, count
):
    for i in range(count):
        notify(org.pegawai, pesan=f"N{i}", aktor=org.direktur)
    client.force_login(org.pegawai)
    # 1 session, 2 user with the unread count for the header (Pegawai.untuk_sesi), 3 count for
    # the paginator, 4 the page of notices with their actors
    with django_assert_num_queries(4):
        client.get("/notifikasi/")


def test_anonymous_visitors_are_sent_to_login(client, db):
    assert client.get("/notifikasi/").status_code == 302
    assert client.post("/notifikasi/baca-semua/").status_code == 302

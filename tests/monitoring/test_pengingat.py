"""Reminders (issue 13 item 7): the four reasons and their dates, at most one per person per
reason per period (a database constraint), email opt-out, and what the admin sees."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from ekinerja.models import Notifikasi, Pegawai, Riwayat
from monitoring import pengingat
from monitoring.models import Pengingat
from penilaian.actions import extend_deadline
from penilaian.rules import WIB
from tests.monitoring.conftest import approved_skp, make_skp

A = Pengingat.Alasan


def at(*args):
    return dt.datetime(*args, tzinfo=WIB)


def sent(alasan):
    return set(Pengingat.objects.filter(alasan=alasan).values_list("penerima__nama", flat=True))


@pytest.fixture
def mailing(django_capture_on_commit_callbacks):
    """Run the after-commit email sends of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_no_skp_yet_from_the_instansis_date_once_per_period(org, juni, mailing):
    instansi = org.badan.instansi
    approved_skp(org.pegawai)
    assert pengingat.jalankan(instansi, at(2025, 1, 30, 8))[A.SKP_BELUM] == 0  # before 31 Jan
    with mailing():
        n = pengingat.jalankan(instansi, at(2025, 2, 1, 8))[A.SKP_BELUM]
    assert n == 5 and "PEGAWAI UJI" not in sent(A.SKP_BELUM)  # the org's 6 people but one
    assert pengingat.jalankan(instansi, at(2025, 2, 2, 8))[A.SKP_BELUM] == 0  # same period
    assert pengingat.jalankan(instansi, at(2025, 2, 16, 8))[A.SKP_BELUM] == 5  # next period
    assert Pengingat.objects.filter(penerima=org.rekan, alasan=A.SKP_BELUM).count() == 2
    note = Notifikasi.objects.filter(penerima=org.rekan).first()
    assert "belum membuat SKP tahun 2025" in note.pesan and note.url == reverse("skp:daftar")


def test_the_database_keeps_it_to_one_per_person_reason_and_period(org, juni):
    Pengingat.objects.create(penerima=org.rekan, alasan=A.REALISASI, periode=juni, pesan="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Pengingat.objects.create(penerima=org.rekan, alasan=A.REALISASI, periode=juni, pesan="b")


def test_realisasi_n_days_before_the_deadline_and_extensions_move_it(org, juni):
    skp = approved_skp(org.pegawai)
    instansi = org.badan.instansi  # realisasi reminder: 3 days before (deadline 20 Juli)
    assert pengingat.jalankan(instansi, at(2025, 7, 16, 8))[A.REALISASI] == 0
    extend_deadline(aktor=org.admin, periode=juni, unit=org.direktorat, batas=dt.date(2025, 7, 30),
                    alasan="x")
    assert pengingat.jalankan(instansi, at(2025, 7, 18, 8))[A.REALISASI] == 0  # now due the 30th
    assert pengingat.jalankan(instansi, at(2025, 7, 27, 8))[A.REALISASI] == 1
    note = Notifikasi.objects.get(penerima=org.pegawai, pesan__startswith="Pengingat")
    assert "16 Juni - 15 Juli TAHUN 2025" in note.pesan and "30 Juli 2025" in note.pesan
    assert note.url == reverse("penilaian:eviden", args=[skp.pk, juni.pk])


def test_filed_realisasi_is_not_reminded(org, juni):
    from penilaian.models import CapaianIndikator

    skp = approved_skp(org.pegawai)
    CapaianIndikator.set_realisasi(skp.hasil_kerja.first().indikator.first(), juni,
                                   realisasi="4", sumber_data="", aktor=org.pegawai)
    assert pengingat.jalankan(org.badan.instansi, at(2025, 7, 18, 8))[A.REALISASI] == 0


def test_a_submission_waiting_more_than_n_days_reminds_the_rater(org, juni):
    from tests.penilaian.conftest import add_indikator, add_rhk

    with time_machine.travel(at(2025, 6, 20, 9), tick=False):
        old = make_skp(org.pegawai, year=2025)
        add_indikator(add_rhk(old, "RHK"), "IKI")
        old.submit(aktor=org.pegawai)
    fresh = make_skp(org.rekan, year=2025)
    add_indikator(add_rhk(fresh, "RHK"), "IKI")
    fresh.submit(aktor=org.rekan)
    assert pengingat.jalankan(org.badan.instansi, at(2025, 7, 1, 8))[A.PENGAJUAN] == 1
    assert sent(A.PENGAJUAN) == {"DIREKTUR UJI"}
    assert "1 pengajuan SKP bawahan" in Pengingat.objects.get(alasan=A.PENGAJUAN).pesan


def test_raters_with_unrated_people_near_the_deadline(org, juni):
    approved_skp(org.pegawai)
    instansi = org.badan.instansi  # 2 days before 20 Juli
    assert pengingat.jalankan(instansi, at(2025, 7, 17, 8))[A.PENILAIAN] == 0
    assert pengingat.jalankan(instansi, at(2025, 7, 18, 8))[A.PENILAIAN] == 1
    assert sent(A.PENILAIAN) == {"DIREKTUR UJI"}
    assert pengingat.jalankan(instansi, at(2025, 7, 19, 8))[A.PENILAIAN] == 0


def test_email_unless_opted_out(client, org, juni, mailing):
    Pegawai.objects.filter(pk=org.rekan.pk).update(email="rekan@example.go.id")
    Pegawai.objects.filter(pk=org.admin.pk).update(email="admin@example.go.id")
    client.force_login(org.admin)
    client.post(reverse("profil_pengingat"), {"email_pengingat": "0"})
    assert not Pegawai.objects.get(pk=org.admin.pk).email_pengingat
    assert Riwayat.objects.filter(aksi="pegawai.email_pengingat", aktor=org.admin).exists()
    with mailing():
        pengingat.manual(A.SKP_BELUM, juni, [org.rekan.pk, org.admin.pk], pengirim=org.direktur)
    assert [m.to for m in mail.outbox] == [["rekan@example.go.id"]]
    assert "belum membuat SKP" in mail.outbox[0].body and "Profil" in mail.outbox[0].body
    assert Notifikasi.objects.filter(penerima=org.admin).exists()  # in-app still
    assert dict(Pengingat.objects.values_list("penerima__nama", "email")) == {
        "REKAN UJI": True, "ADMIN UJI": False}
    assert "Pengingat lewat email: mati" in client.get(reverse("profil")).content.decode()


def test_the_admin_sends_reminders_from_the_list_and_sees_them(client, org, juni):
    client.force_login(org.admin)
    url = reverse("monitoring:pengingat_kirim")
    payload = {"alasan": "skp_belum", "periode": juni.pk, "tahun": 2025, "status": "belum_skp",
               "pegawai": [org.rekan.pk, org.pegawai.pk]}
    approved_skp(org.pegawai)  # the pegawai has an SKP: the reason does not hold for them
    html = client.post(url, payload, follow=True).content.decode()
    assert "1 pengingat dikirim (SKP tahun ini belum dibuat)." in html
    html = client.post(url, payload, follow=True).content.decode()
    assert "1 penerima sudah diingatkan untuk alasan dan periode ini." in html
    assert Pengingat.objects.count() == 1
    listing = client.get(reverse("monitoring:pengingat")).content.decode()
    assert "REKAN UJI" in listing and "ADMIN UJI" in listing  # recipient and sender
    # The rater reasons go to the raters of the chosen people.
    html = client.post(url, {**payload, "alasan": "penilaian"}, follow=True).content.decode()
    assert "1 pengingat dikirim" in html and sent(A.PENILAIAN) == {"DIREKTUR UJI"}

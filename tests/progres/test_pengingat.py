"""The daily reminder: working days only, after the configured time, once per person per day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError

from ekinerja.models import Notifikasi
from progres.models import HariLibur, PengaturanProgres, PengingatProgres
from progres.pengingat import kirim_pengingat
from tests.penilaian.conftest import approved_skp
from tests.progres.conftest import RABU, WIB, catat


@pytest.fixture
def sore(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 18, 16, 0, tzinfo=WIB), tick=False)


def test_people_without_an_entry_today_are_reminded_once(org, rhk, sore,
                                                        django_capture_on_commit_callbacks):
    approved_skp(org.rekan, year=2026)  # no entry today
    catat(org.pegawai, rhk)  # has one
    org.rekan.email = "rekan@example.go.id"
    org.rekan.save()
    PengaturanProgres.objects.create(pegawai=org.rekan, email_pengingat=True)
    with django_capture_on_commit_callbacks(execute=True):
        hasil = kirim_pengingat()
    assert (hasil.dikirim, hasil.email) == (1, 1)
    assert list(PengingatProgres.objects.values_list("pegawai_id", flat=True)) == [org.rekan.pk]
    assert Notifikasi.objects.filter(penerima=org.rekan, pesan__contains="belum mencatat").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rekan@example.go.id"]
    # Again (the job runs every few minutes): nobody twice.
    assert kirim_pengingat().dikirim == 0
    assert Notifikasi.objects.filter(pesan__contains="belum mencatat").count() == 1
    with pytest.raises(IntegrityError):
        PengingatProgres.objects.create(pegawai=org.rekan, tanggal=RABU)


def test_without_opt_in_no_email(org, skp, sore, django_capture_on_commit_callbacks):
    org.pegawai.email = "p@example.go.id"
    org.pegawai.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert kirim_pengingat().dikirim == 1
    assert mail.outbox == []


def test_not_before_the_configured_time_nor_on_holidays(org, skp, settings):
    settings.PROGRES_PENGINGAT_JAM = "15:00"
    assert "belum pukul 15:00" in kirim_pengingat().alasan  # it is 10:00
    assert kirim_pengingat(dt.date(2026, 11, 21)).alasan == "akhir pekan"
    HariLibur.objects.create(tanggal=dt.date(2026, 11, 17), nama="Libur Uji")
    assert kirim_pengingat(dt.date(2026, 11, 17)).alasan == "Libur Uji"
    assert not PengingatProgres.objects.exists()


def test_the_command(org, skp):
    out = io.StringIO()
    call_command("pengingat_progres", stdout=out)
    assert "tidak ada pengingat" in out.getvalue()
    out = io.StringIO()
    call_command("pengingat_progres", "--sekarang", stdout=out)
    assert "1 pengingat dikirim" in out.getvalue()

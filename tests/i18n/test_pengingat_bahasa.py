"""Reminders (monitoring/pengingat.py) are written in each recipient's language: the in-app
notice, the recorded Pengingat and the email."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from ekinerja.models import Notifikasi, Pegawai
from monitoring import pengingat
from monitoring.models import Pengingat
from penilaian.rules import WIB
from tests.monitoring.conftest import _now, berakhlak, juni  # noqa: F401 (fixtures)


def test_a_reminder_reaches_each_person_in_their_own_language(org, juni, django_capture_on_commit_callbacks):  # noqa: F811
    Pegawai.objects.filter(pk=org.rekan.pk).update(bahasa="en", email="rekan@example.go.id")
    Pegawai.objects.filter(pk=org.admin.pk).update(email="admin@example.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        pengingat.jalankan(org.badan.instansi, dt.datetime(2025, 2, 1, 8, tzinfo=WIB))
    english = Notifikasi.objects.get(penerima=org.rekan).pesan
    indonesian = Notifikasi.objects.get(penerima=org.admin).pesan
    assert english.startswith("Reminder: you have not created your SKP for 2025.")
    assert indonesian.startswith("Pengingat: Anda belum membuat SKP tahun 2025.")
    assert Pengingat.objects.get(penerima=org.rekan).pesan == english
    by_address = {m.to[0]: m for m in mail.outbox}
    to_rekan, to_admin = by_address["rekan@example.go.id"], by_address["admin@example.go.id"]
    assert to_rekan.subject.startswith("e-Kinerja: Reminder:")
    assert "Email reminders can be switched off on the Profile page." in to_rekan.body
    assert to_admin.subject.startswith("e-Kinerja: Pengingat:")
    assert "Pengingat lewat email dapat dimatikan di halaman Profil." in to_admin.body

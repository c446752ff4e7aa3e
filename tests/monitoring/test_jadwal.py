"""`manage.py jadwal` (issue 13 items 6-8): every due job once per key, two copies at once
(advisory lock: threads and a second process), and nothing breaks at the year boundary."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from monitoring.jadwal import LOCK_KEY, Tugas, jalankan_semua
from monitoring.models import JadwalRun, Pengingat
from penilaian.models import Eviden, PeriodePenilaian
from penilaian.rules import WIB
from skp.models import Pendekatan, Skp
from tests.monitoring.conftest import approved_skp

ROOT = Path(__file__).resolve().parents[2]


def at(*args):
    return dt.datetime(*args, tzinfo=WIB)


def run() -> str:
    out = io.StringIO()
    call_command("jadwal", stdout=out)
    return out.getvalue()


def test_each_due_job_runs_once_per_key(org):
    with time_machine.travel(at(2025, 7, 18, 6, 0), tick=False):
        out = run()
    assert "periode_tahunan [2025-07-18] selesai" in out
    assert "pengingat [-] belum" in out  # reminders go out from 07:00 WIB
    with time_machine.travel(at(2025, 7, 18, 7, 15), tick=False):
        out = run()
    assert "periode_tahunan [2025-07-18] sudah" in out
    assert "pengingat [2025-07-18] selesai: pengingat 2 instansi diantrekan" in out
    with time_machine.travel(at(2025, 7, 18, 7, 30), tick=False):
        assert "pengingat [2025-07-18] sudah" in run()
    assert set(JadwalRun.objects.values_list("tugas", "kunci", "status")) == {
        ("periode_tahunan", "2025-07-18", "selesai"), ("pengingat", "2025-07-18", "selesai"),
        ("partisi_progres", "2025-07", "selesai"),
        # the hourly check of results for SIASN (issue 14)
        ("hasil_siasn", "2025-07-18T06", "selesai"), ("hasil_siasn", "2025-07-18T07", "selesai")}


def test_progres_harian_jobs_run_from_jadwal_too(org, juni):
    from progres.models import PengingatProgres

    approved_skp(org.pegawai)
    with time_machine.travel(at(2025, 7, 18, 14, 0), tick=False):  # a Friday, before 15:00
        assert "pengingat_progres [-] belum" in run()
    with time_machine.travel(at(2025, 7, 18, 15, 5), tick=False):
        out = run()
        assert "pengingat_progres [2025-07-18] selesai: 1 pengingat progres harian" in out
        assert "pengingat_progres [2025-07-18] sudah" in run()
    assert PengingatProgres.objects.get().pegawai == org.pegawai


def test_a_failed_job_is_recorded_and_tried_again(org):
    calls = []

    def flaky(now):
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("SMTP mati")
        return "beres"

    tugas = [Tugas("uji", lambda now: "k", flaky)]
    assert [h.status for h in jalankan_semua(at(2025, 7, 1, 8), tugas)] == ["gagal"]
    assert JadwalRun.objects.get(tugas="uji").hasil == "SMTP mati"
    assert [h.status for h in jalankan_semua(at(2025, 7, 1, 8), tugas)] == ["selesai"]
    assert [h.status for h in jalankan_semua(at(2025, 7, 1, 8), tugas)] == ["sudah"]
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_two_copies_at_once_do_the_work_once():
    started, release, calls = threading.Event(), threading.Event(), []

    def slow(now):
        calls.append(now)
        started.set()
        release.wait(10)
        return "selesai lambat"

    tugas = [Tugas("uji_lambat", lambda now: "k1", slow)]
    results: dict[str, object] = {}

    def copy(name):
        try:
            results[name] = jalankan_semua(at(2025, 7, 1, 8), tugas)
        finally:
            connection.close()

    first = threading.Thread(target=copy, args=("first",))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=copy, args=("second",))
    second.start()
    second.join(10)
    assert results["second"] is None  # the first copy holds the lock: the second leaves
    release.set()
    first.join(10)
    assert [h.status for h in results["first"]] == ["selesai"] and len(calls) == 1
    assert [h.status for h in jalankan_semua(at(2025, 7, 1, 8), tugas)] == ["sudah"]


@pytest.mark.django_db(transaction=True)
def test_a_second_process_leaves_while_the_lock_is_held():
    """A real second `manage.py jadwal` process against the same database."""
    db = connection.settings_dict
    from urllib.parse import quote

    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "ekinerja.settings"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        proc = subprocess.run([sys.executable, "manage.py", "jadwal"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60, check=False)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    assert proc.returncode == 0, proc.stderr
    assert "salinan lain sedang berjalan" in proc.stdout
    assert not JadwalRun.objects.exists()


def test_december_makes_next_years_periods_and_1_january_just_works(client, org, juni):
    instansi = org.badan.instansi
    skp_2025 = approved_skp(org.pegawai)
    assert not PeriodePenilaian.objects.filter(instansi=instansi, awal__year=2026).exists()
    with time_machine.travel(at(2025, 12, 31, 23, 59), tick=False):
        assert "periode_tahunan [2025-12-31] selesai: 28 periode dibuat untuk tahun 2025, 2026" \
            in run()  # both instansi of the org fixture get their 14 periods of 2026
    assert PeriodePenilaian.objects.filter(instansi=instansi, awal__year=2026).count() == 14
    with time_machine.travel(at(2026, 1, 1, 0, 0), tick=False):
        out = run()
        assert "periode_tahunan [2026-01-01] selesai: 0 periode dibuat" in out
        assert "pengingat [-] belum" in out
        # The last 2025 period stays open until its deadline, 5 January.
        desember = PeriodePenilaian.objects.get(instansi=instansi, nama="16 Desember - 31 Desember",
                                                awal__year=2025)
        ind = skp_2025.hasil_kerja.first().indikator.first()
        Eviden.tambah(ind, desember, nama="Laporan akhir tahun", tautan="https://x.example/d",
                      aktor=org.pegawai)
        # A 2026 SKP meets the 2026 periods.
        skp = Skp.create_for(org.rekan, periode_awal=dt.date(2026, 1, 1),
                             periode_akhir=dt.date(2026, 12, 31),
                             pendekatan=Pendekatan.KUANTITATIF, aktor=org.rekan)
        names = list(PeriodePenilaian.objects.untuk_skp(skp).values_list("nama", flat=True))
        assert "1 Januari - 15 Januari" in names and "Final" in names and len(names) == 14
        client.force_login(org.admin)
        html = client.get(reverse("monitoring:pengisian")).content.decode()
        assert "tahun 2026, periode 1 Januari - 15 Januari" in html
    with time_machine.travel(at(2026, 1, 1, 7, 0), tick=False):
        assert "pengingat [2026-01-01] selesai" in run()
    assert PeriodePenilaian.objects.filter(instansi=instansi, awal__year=2026).count() == 14


def test_a_missed_december_still_gives_periods_on_new_years_day(org):
    with time_machine.travel(at(2026, 1, 2, 8, 0), tick=False):
        run()
    assert PeriodePenilaian.objects.filter(instansi=org.badan.instansi,
                                           awal__year=2026).count() == 14


def test_the_reminder_job_sends_through_the_worker(org, juni):
    with time_machine.travel(at(2025, 7, 18, 8, 0), tick=False):
        run()
    # Every instansi: the org's six people and the other instansi's one, none with an SKP.
    assert Pengingat.objects.filter(alasan="skp_belum", pengirim=None).count() == 7
    assert Pengingat.objects.filter(penerima=org.outsider).exists()

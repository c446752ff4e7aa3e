"""The scheduled jobs and their runner (`manage.py jadwal`, every 15 minutes from cron or a
systemd timer): the periods of each year, the monitoring reminders, Progres Harian's daily
reminder and monthly partitions, and the hourly check of results for SIASN.

Each job names a key for "now" (a day, a year) or None when it is not due. A job runs once per
key: the JadwalRun row (unique job + key) records it, so running the command every 15 minutes,
or again after a crash, does each thing once. The whole run holds a PostgreSQL advisory lock,
so two copies started at once (two servers with the same crontab, an overlapping slow run) do not
work side by side: the second one sees the lock and leaves at once. Heavy work (each instansi's
reminders) goes to the task worker.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ekinerja.models import Instansi
from monitoring.models import JadwalRun
from monitoring.tasks import kirim_pengingat_instansi
from penilaian.actions import create_periods
from progres.partisi import siapkan
from progres.pengingat import jam_pengingat, kirim_pengingat

log = logging.getLogger("monitoring.jadwal")

# pg_advisory_lock key: "ekinerja" "jadwal" as a fixed 64-bit number.
LOCK_KEY = 0x656B696E_6A61646C
PENGINGAT_JAM = 7  # reminders go out from 07:00 WIB


@dataclass(frozen=True)
class Tugas:
    nama: str
    kunci: Callable[[dt.datetime], str | None]
    jalankan: Callable[[dt.datetime], str]


def _lokal(now: dt.datetime) -> dt.datetime:
    return timezone.localtime(now)


def _kunci_periode(now: dt.datetime) -> str:
    return _lokal(now).date().isoformat()


def buat_periode(now: dt.datetime) -> str:
    """Every instansi has this year's periods, and from 1 December next year's too. (Creating
    this year's as well means an instansi whose December run was missed still has periods on
    1 January.)"""
    today = _lokal(now).date()
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    made = 0
    for instansi in Instansi.objects.order_by("pk"):
        for tahun in years:
            made += len(create_periods(aktor=None, instansi=instansi, tahun=tahun))
    return f"{made} periode dibuat untuk tahun {', '.join(map(str, years))}"


def _kunci_pengingat(now: dt.datetime) -> str | None:
    local = _lokal(now)
    return local.date().isoformat() if local.hour >= PENGINGAT_JAM else None


def antre_pengingat(now: dt.datetime) -> str:
    """Enqueue each instansi's reminders for today on the task worker."""
    ids = list(Instansi.objects.order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        kirim_pengingat_instansi.enqueue(pk, now.isoformat())
    return f"pengingat {len(ids)} instansi diantrekan"


def _kunci_progres(now: dt.datetime) -> str | None:
    """Progres Harian's daily reminder: once a day, from PROGRES_PENGINGAT_JAM."""
    local = _lokal(now)
    return local.date().isoformat() if local.time() >= jam_pengingat() else None


def pengingat_progres(now: dt.datetime) -> str:
    hasil = kirim_pengingat(_lokal(now).date(), abaikan_jam=True)
    if hasil.alasan:
        return f"tidak ada pengingat progres: {hasil.alasan}"
    return f"{hasil.dikirim} pengingat progres harian ({hasil.email} lewat email)"


def _kunci_bulan(now: dt.datetime) -> str:
    return _lokal(now).strftime("%Y-%m")


def partisi_progres(now: dt.datetime) -> str:
    """The coming months' partitions of the Progres Harian table (PostgreSQL; a no-op else)."""
    made = siapkan(_lokal(now).date())
    return f"{len(made)} partisi progres harian dibuat"


def _kunci_jam(now: dt.datetime) -> str:
    return _lokal(now).strftime("%Y-%m-%dT%H")


def hasil_siasn(now: dt.datetime) -> str:
    """Results to SIASN (issue 14): queue what became final by the calendar (closed keberatan
    windows), re-queue retries that are due, recover sends whose worker died."""
    from penilaian import siasn

    if not siasn.aktif():
        return "SIASN belum dikonfigurasi atau SIASN_KIRIM_HASIL=0"
    hasil = siasn.periksa(now=now)
    return (f"SIASN: {hasil['baru']} hasil baru diantrekan, {hasil['diantrekan']} dicoba lagi, "
            f"{hasil['terputus']} terputus dipulihkan")


TUGAS: list[Tugas] = [
    Tugas("periode_tahunan", _kunci_periode, buat_periode),
    Tugas("hasil_siasn", _kunci_jam, hasil_siasn),
    Tugas("pengingat", _kunci_pengingat, antre_pengingat),
    Tugas("pengingat_progres", _kunci_progres, pengingat_progres),
    Tugas("partisi_progres", _kunci_bulan, partisi_progres),
]


@dataclass
class Hasil:
    tugas: str
    kunci: str
    status: str  # "selesai", "gagal", "sudah" (done before), "belum" (not due)
    pesan: str = ""


def _klaim(tugas: str, kunci: str) -> JadwalRun | None:
    """The run row for (tugas, kunci), claimed for this run; None when already done."""
    with transaction.atomic():
        run = JadwalRun.objects.select_for_update().filter(tugas=tugas, kunci=kunci).first()
        if run is not None and run.status == JadwalRun.Status.SELESAI:
            return None
        if run is None:
            try:
                with transaction.atomic():
                    run = JadwalRun.objects.create(tugas=tugas, kunci=kunci)
            except IntegrityError:
                return None  # another runner without the lock got here first
        else:  # a failed or interrupted earlier run: try again
            run.status, run.mulai, run.selesai = JadwalRun.Status.BERJALAN, timezone.now(), None
            run.save(update_fields=["status", "mulai", "selesai"])
        return run


def jalankan_semua(now: dt.datetime | None = None, tugas: list[Tugas] | None = None
                   ) -> list[Hasil] | None:
    """Run every due job once. None when another copy holds the lock."""
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            if not cursor.fetchone()[0]:
                return None
    try:
        return [_satu(t, now) for t in (TUGAS if tugas is None else tugas)]
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _satu(t: Tugas, now: dt.datetime) -> Hasil:
    kunci = t.kunci(now)
    if kunci is None:
        return Hasil(t.nama, "", "belum")
    run = _klaim(t.nama, kunci)
    if run is None:
        return Hasil(t.nama, kunci, "sudah")
    try:
        pesan = t.jalankan(now)
    except Exception as exc:
        log.exception("jadwal %s %s failed", t.nama, kunci)
        JadwalRun.objects.filter(pk=run.pk).update(status=JadwalRun.Status.GAGAL,
                                                   selesai=timezone.now(), hasil=str(exc)[:2000])
        return Hasil(t.nama, kunci, "gagal", str(exc))
    JadwalRun.objects.filter(pk=run.pk).update(status=JadwalRun.Status.SELESAI,
                                               selesai=timezone.now(), hasil=pesan[:2000])
    return Hasil(t.nama, kunci, "selesai", pesan)

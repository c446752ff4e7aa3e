"""The daily reminder: on a working day, everyone with an approved SKP for today and no entry
today gets one in-app notification (and an email when they opted in).

`kirim_pengingat()` is the job; `manage.py pengingat_progres` runs it (the scheduled-job runner
calls that command or this function). It is idempotent: the unique (pegawai, tanggal) constraint
of PengingatProgres lets each person be reminded at most once a day however often it runs, even
twice at the same moment. Before PROGRES_PENGINGAT_JAM (local time) it does nothing, so it can be
run every few minutes. Work is done in chunks of people, each in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from ekinerja.models import Notifikasi, Pegawai
from progres.models import (
    HariLibur,
    PengaturanProgres,
    PengingatProgres,
    ProgresHarian,
    is_hari_kerja,
)
from skp.models import Skp, StatusSkp

log = logging.getLogger("ekinerja.progres")
POTONGAN = 2000


@dataclass
class HasilPengingat:
    tanggal: dt.date
    alasan: str = ""  # why nothing was sent ("" when it ran)
    dikirim: int = 0
    email: int = 0


def jam_pengingat() -> dt.time:
    raw = str(getattr(settings, "PROGRES_PENGINGAT_JAM", "15:00"))
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        return dt.time(15, 0)


def _sisipkan(tanggal: dt.date, pegawai_ids: list[int], now: dt.datetime) -> list[int]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING: exactly the people not reminded yet."""
    if not pegawai_ids:
        return []
    meta = PengingatProgres._meta
    table = connection.ops.quote_name(meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(pegawai_ids))
    params: list[object] = []
    for pid in pegawai_ids:
        params += [pid, tanggal, now, False]
    sql = (f"INSERT INTO {table} (pegawai_id, tanggal, dibuat, email) VALUES {values}"  # noqa: S608
           f" ON CONFLICT (pegawai_id, tanggal) DO NOTHING RETURNING pegawai_id")
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]


def kirim_pengingat(tanggal: dt.date | None = None, *, abaikan_jam: bool = False
                    ) -> HasilPengingat:
    now = timezone.localtime()
    tanggal = tanggal or now.date()
    hasil = HasilPengingat(tanggal)
    if not abaikan_jam and tanggal == now.date() and now.time() < jam_pengingat():
        hasil.alasan = gettext("belum pukul %(jam)s") % {"jam": jam_pengingat().strftime("%H:%M")}
        return hasil
    libur = HariLibur.objects.antara(tanggal, tanggal)
    if not is_hari_kerja(tanggal, libur):
        hasil.alasan = libur.get(tanggal) or gettext("akhir pekan")
        return hasil
    calon = (
        Skp.objects.filter(status=StatusSkp.PERSETUJUAN, periode_awal__lte=tanggal,
                           periode_akhir__gte=tanggal, pegawai__is_active=True)
        .filter(~Exists(ProgresHarian.objects.filter(pegawai_id=OuterRef("pegawai_id"),
                                                     tanggal=tanggal)))
        .filter(~Exists(PengingatProgres.objects.filter(pegawai_id=OuterRef("pegawai_id"),
                                                        tanggal=tanggal)))
        .values_list("pegawai_id", flat=True).distinct().order_by("pegawai_id")
    )
    ids = list(calon)
    url = reverse("progres:index")
    pesan = gettext("Anda belum mencatat progres harian hari ini (%(tgl)s).") % {
        "tgl": tanggal.isoformat()}
    for i in range(0, len(ids), POTONGAN):
        with transaction.atomic():
            baru = _sisipkan(tanggal, ids[i:i + POTONGAN], timezone.now())
            Notifikasi.objects.bulk_create(
                [Notifikasi(penerima_id=pid, pesan=pesan, url=url) for pid in baru])
            surel = list(
                Pegawai.objects.filter(pk__in=baru).exclude(email="")
                .filter(pk__in=PengaturanProgres.objects.filter(email_pengingat=True)
                        .values("pegawai_id")).values_list("pk", "email"))
            if surel:
                PengingatProgres.objects.filter(tanggal=tanggal,
                                                pegawai_id__in=[p for p, _e in surel]
                                                ).update(email=True)
                transaction.on_commit(lambda s=surel: _kirim_email(s, pesan, url))
        hasil.dikirim += len(baru)
        hasil.email += len(surel)
    return hasil


def _kirim_email(penerima: list[tuple[int, str]], pesan: str, url: str) -> None:
    link = f"{settings.SITE_URL}{url}"
    for _pid, email in penerima:
        try:
            send_mail(subject=f"e-Kinerja: {pesan[:80]}", message=f"{pesan}\n\n{link}\n",
                      from_email=None, recipient_list=[email])
        except Exception:  # noqa: BLE001 (mail is best effort; the in-app reminder stands)
            log.exception("reminder email to %s failed", email)

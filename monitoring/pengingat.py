# ruff: noqa: S608  (the SQL is built from table names and fixed fragments; values are parameters)
"""Reminders (issue 13): who is due one, and sending them at most once per person, reason and
period.

Four reasons: no SKP for the year yet (from the instansi's chosen date), realisasi not filed N
days before the filling deadline, SKP submissions waiting for the rater more than N days, and
subordinates not rated N days before the deadline. A reminder is an in-app notice, and an email
unless the person opted out. The unique (penerima, alasan, periode) row decides who is told:
an INSERT ... ON CONFLICT DO NOTHING RETURNING gives exactly the people not told before, so the
scheduled job, a second copy of it and an admin's click never tell anyone twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from ekinerja.models import Instansi, Notifikasi, Pegawai, UnitOrganisasi, placeholders
from monitoring.models import Pengingat
from penilaian.distribusi import PREDIKAT_SQL
from penilaian.models import (
    BULAN,
    CapaianIndikator,
    JenisPeriode,
    Penilaian,
    PeriodePenilaian,
    PerpanjanganBatas,
)
from skp.models import HasilKerja, Indikator, Skp, StatusSkp

log = logging.getLogger("monitoring.pengingat")
Alasan = Pengingat.Alasan


def _t(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def tanggal(d: dt.date) -> str:
    return f"{d.day} {BULAN[d.month]} {d.year}"


@dataclass(frozen=True)
class Pesan:
    """A message put into words when read: in the recipient's language (Pegawai.bahasa)."""

    msgid: str
    nilai: Mapping[str, object]

    def __str__(self) -> str:
        return gettext(self.msgid) % self.nilai


@dataclass(frozen=True)
class Calon:
    """Someone due a reminder: who, the message and where it leads."""

    penerima_id: int
    teks: Pesan
    url: str

    @property
    def pesan(self) -> str:
        """The message in the active language."""
        return str(self.teks)


def _rows(sql: str, params: dict[str, object]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _batas_cte() -> str:
    """ext(unit_id, batas): for the period %(p)s, each unit covered by a unit extension (the
    unit and everything below it) with the latest such deadline; inst: the instansi-wide one."""
    ext, unit = _t(PerpanjanganBatas), _t(UnitOrganisasi)
    return (
        f"ext0(unit_id, batas) AS (SELECT unit_id, batas FROM {ext}"
        f" WHERE periode_id = %(p)s AND unit_id IS NOT NULL"
        f" UNION SELECT u.id, ext0.batas FROM {unit} u JOIN ext0 ON u.parent_id = ext0.unit_id),"
        f" ext AS (SELECT unit_id, MAX(batas) AS batas FROM ext0 GROUP BY unit_id),"
        f" inst AS (SELECT MAX(batas) AS batas FROM {ext} WHERE periode_id = %(p)s"
        f" AND unit_id IS NULL)"
    )


def _ids(ids: list[int] | None, column: str) -> tuple[str, dict[str, int]]:
    """An optional "AND column IN (...)" with named parameters (plain SQL, no arrays)."""
    if ids is None:
        return "", {}
    params = {f"id{k}": v for k, v in enumerate(ids)}
    return f" AND {column} IN ({', '.join(f'%({k})s' for k in params) or 'NULL'})", params


def calon_skp_belum(instansi: Instansi, tahun: int, ids: list[int] | None = None) -> list[Calon]:
    """Active pegawai of the instansi without an SKP in `tahun`."""
    peg, skp = _t(Pegawai), _t(Skp)
    only, id_params = _ids(ids, "p.id")
    sql = (
        f"SELECT p.id FROM {peg} p WHERE p.instansi_id = %(i)s AND p.is_active"
        f" AND NOT p.is_superuser{only}"
        f" AND NOT EXISTS (SELECT 1 FROM {skp} s WHERE s.pegawai_id = p.id"
        f" AND s.periode_awal BETWEEN %(y0)s AND %(y1)s)"
    )
    rows = _rows(sql, {"i": instansi.pk, "y0": dt.date(tahun, 1, 1), "y1": dt.date(tahun, 12, 31),
                       **id_params})
    pesan = Pesan(gettext_noop("Pengingat: Anda belum membuat SKP tahun %(tahun)s. Buat SKP di menu "
                               "Daftar SKP lalu ajukan kepada pejabat penilai."), {"tahun": tahun})
    url = reverse("skp:daftar")
    return [Calon(pid, pesan, url) for (pid,) in rows]


def calon_realisasi(per: PeriodePenilaian, *, hari: int | None, today: dt.date,
                    ids: list[int] | None = None) -> list[Calon]:
    """Owners of approved SKPs meeting the period with an indicator still without realisasi,
    whose deadline (extensions included) is today or within `hari` days (None: any deadline
    not passed yet, for an admin's reminder)."""
    skp, ind, rhk, cap = _t(Skp), _t(Indikator), _t(HasilKerja), _t(CapaianIndikator)
    peg = _t(Pegawai)
    only, id_params = _ids(ids, "s.pegawai_id")
    sql = (
        f"WITH RECURSIVE {_batas_cte()}"
        f" SELECT s.pegawai_id, s.id, ext.batas, (SELECT batas FROM inst) FROM {skp} s"
        f" JOIN {peg} p ON p.id = s.pegawai_id AND p.is_active"
        f" LEFT JOIN ext ON ext.unit_id = s.unit_id"
        f" WHERE s.instansi_id = %(i)s AND s.status = '{StatusSkp.PERSETUJUAN.value}'"
        f" AND s.periode_awal <= %(akhir)s AND s.periode_akhir >= %(awal)s{only}"
        f" AND EXISTS (SELECT 1 FROM {ind} i JOIN {rhk} h ON h.id = i.rhk_id"
        f" WHERE h.skp_id = s.id AND NOT EXISTS (SELECT 1 FROM {cap} c WHERE c.indikator_id = i.id"
        f" AND c.periode_id = %(p)s AND c.realisasi <> ''))"
        f" ORDER BY s.pegawai_id, s.id"
    )
    rows = _rows(sql, {"p": per.pk, "i": per.instansi_id, "awal": per.awal, "akhir": per.akhir,
                       **id_params})
    out, seen = [], set()
    for pegawai_id, skp_id, unit_batas, inst_batas in rows:
        # The deadline for this SKP: the period's, or a later extension (instansi or unit).
        batas = max(d for d in (per.batas_pengisian, _d(unit_batas), _d(inst_batas)) if d)
        if pegawai_id in seen or batas < today or (hari is not None and
                                                   batas > today + dt.timedelta(days=hari)):
            continue
        seen.add(pegawai_id)
        pesan = Pesan(gettext_noop("Pengingat: realisasi SKP periode %(p)s belum lengkap. Batas "
                                   "pengisian eviden dan realisasi: %(b)s."),
                      {"p": per.judul, "b": tanggal(batas)})
        out.append(Calon(pegawai_id, pesan, reverse("penilaian:eviden", args=[skp_id, per.pk])))
    return out


def _d(value: object) -> dt.date | None:
    """A date from the database (SQLite gives text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def calon_pengajuan(instansi: Instansi, per: PeriodePenilaian, *, hari: int, now: dt.datetime,
                    ids: list[int] | None = None) -> list[Calon]:
    """Pejabat penilai with SKPs submitted more than `hari` days ago and still waiting (`ids`:
    only the SKPs of these pegawai)."""
    skp, peg = _t(Skp), _t(Pegawai)
    only, id_params = _ids(ids, "s.pegawai_id")
    sql = (
        f"SELECT s.pejabat_penilai_id, COUNT(*) FROM {skp} s JOIN {peg} r ON r.id ="
        f" s.pejabat_penilai_id AND r.is_active WHERE s.instansi_id = %(i)s"
        f" AND s.status = '{StatusSkp.PENGAJUAN.value}' AND s.diubah <= %(sejak)s"
        f"{only} GROUP BY s.pejabat_penilai_id"
    )
    rows = _rows(sql, {"i": instansi.pk, "sejak": now - dt.timedelta(days=hari), **id_params})
    url = reverse("skp:bawahan")
    return [Calon(rid, Pesan(gettext_noop("Pengingat: %(n)s pengajuan SKP bawahan menunggu "
                                          "persetujuan Anda."), {"n": n}), url) for rid, n in rows]


def calon_penilaian(per: PeriodePenilaian, *, hari: int | None, today: dt.date,
                    ids: list[int] | None = None) -> list[Calon]:
    """Pejabat penilai with approved subordinates' SKPs meeting the period and no predikat yet,
    when the deadline is today or within `hari` days (None: any time, an admin's reminder)."""
    if hari is not None and not (today <= per.batas_pengisian
                                 <= today + dt.timedelta(days=hari)):
        return []
    skp, pn, peg = _t(Skp), _t(Penilaian), _t(Pegawai)
    only, id_params = _ids(ids, "s.pegawai_id")
    sql = (
        f"SELECT s.pejabat_penilai_id, COUNT(*) FROM {skp} s"
        f" JOIN {peg} r ON r.id = s.pejabat_penilai_id AND r.is_active"
        f" LEFT JOIN {pn} pn ON pn.skp_id = s.id AND pn.periode_id = %(p)s"
        f" WHERE s.instansi_id = %(i)s AND s.status = '{StatusSkp.PERSETUJUAN.value}'"
        f" AND s.periode_awal <= %(akhir)s AND s.periode_akhir >= %(awal)s AND {PREDIKAT_SQL} = ''"
        f"{only} GROUP BY s.pejabat_penilai_id"
    )
    rows = _rows(sql, {"p": per.pk, "i": per.instansi_id, "awal": per.awal, "akhir": per.akhir,
                       **id_params})
    url = reverse("penilaian:bawahan", args=[per.pk])
    return [Calon(rid, Pesan(gettext_noop("Pengingat: %(n)s bawahan belum Anda nilai untuk periode "
                                          "%(p)s (batas %(b)s)."),
                             {"n": n, "p": per.judul, "b": tanggal(per.batas_pengisian)}), url)
            for rid, n in rows]


def kirim(alasan: str, per: PeriodePenilaian, calon: list[Calon], *,
          pengirim: Pegawai | None = None) -> tuple[int, int]:
    """Send the reminders nobody has had yet for this reason and period: (sent, skipped).

    One transaction per batch: the Pengingat rows (ON CONFLICT DO NOTHING RETURNING tells which
    are new), the in-app notices for exactly those, and after commit their emails (to people
    with an address who did not opt out)."""
    if not calon:
        return 0, 0
    by_id = {c.penerima_id: c for c in calon}
    sent = 0
    ids = list(by_id)
    for start in range(0, len(ids), 1000):
        sent += _kirim_batch(alasan, per, [by_id[i] for i in ids[start:start + 1000]], pengirim)
    return sent, len(by_id) - sent


def _kirim_batch(alasan: str, per: PeriodePenilaian, batch: list[Calon],
                 pengirim: Pegawai | None) -> int:
    now = timezone.now()
    table, peg = _t(Pengingat), _t(Pegawai)
    # Each reminder in its recipient's language (the profile's choice, else Indonesian).
    bahasa = dict(Pegawai.objects.filter(pk__in=[c.penerima_id for c in batch]).exclude(bahasa="")
                  .values_list("pk", "bahasa"))
    pesan: dict[int, str] = {}
    footer: dict[int, str] = {}
    for c in batch:
        with translation.override(bahasa.get(c.penerima_id) or settings.LANGUAGE_CODE):
            pesan[c.penerima_id] = c.pesan
            footer[c.penerima_id] = gettext("Pengingat lewat email dapat dimatikan di halaman Profil.")
    values = ", ".join(["(%s, %s, %s, %s, false, %s, %s)"] * len(batch))
    params: list[object] = []
    for c in batch:
        params += [c.penerima_id, alasan, per.pk, pesan[c.penerima_id][:500],
                   pengirim.pk if pengirim else None, now]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (penerima_id, alasan, periode_id, pesan, email, pengirim_id,"
                f" dikirim) VALUES {values} ON CONFLICT (penerima_id, alasan, periode_id)"
                f" DO NOTHING RETURNING id, penerima_id", params)
            new = cursor.fetchall()
            if not new:
                return 0
            new_ids = [pid for _id, pid in new]
            cursor.execute(f"SELECT id, email FROM {peg} WHERE id IN ({placeholders(len(new_ids))})"
                           f" AND email <> '' AND email_pengingat AND is_active", new_ids)
            emails = dict(cursor.fetchall())
        by_id = {c.penerima_id: c for c in batch}
        Notifikasi.objects.bulk_create([
            Notifikasi(penerima_id=pid, pesan=pesan[pid][:500], url=by_id[pid].url,
                       aktor=pengirim, dibuat=now) for pid in new_ids])
        if emails:
            Pengingat.objects.filter(pk__in=[rid for rid, pid in new if pid in emails]).update(
                email=True)
            mails = [(f"e-Kinerja: {pesan[pid][:80]}",
                      f"{pesan[pid]}\n\n{settings.SITE_URL}{by_id[pid].url}\n\n{footer[pid]}",
                      None, [email]) for pid, email in emails.items()]
            transaction.on_commit(lambda: _send(mails))
    return len(new)


def _send(mails: list[tuple]) -> None:
    try:
        send_mass_mail(mails)
    except Exception:  # noqa: BLE001 (mail is best effort; the in-app reminder stands)
        log.exception("reminder emails failed (%s messages)", len(mails))


# --- the scheduled job -------------------------------------------------------------------------


def periode_berjalan(instansi: Instansi, today: dt.date) -> PeriodePenilaian | None:
    """The instansi's non-final period containing `today`."""
    return (PeriodePenilaian.objects.filter(instansi=instansi, awal__lte=today, akhir__gte=today)
            .exclude(jenis=JenisPeriode.FINAL).order_by("awal").first())


def jalankan(instansi: Instansi, now: dt.datetime) -> dict[str, int]:
    """Every reason for one instansi on one day: {alasan: reminders sent}."""
    today = timezone.localtime(now).date()
    out: dict[str, int] = dict.fromkeys(Alasan.values, 0)
    current = periode_berjalan(instansi, today)
    if current is not None:
        if today >= instansi.tanggal_pengingat_skp(today.year):
            out[Alasan.SKP_BELUM] += kirim(Alasan.SKP_BELUM, current,
                                           calon_skp_belum(instansi, today.year))[0]
        out[Alasan.PENGAJUAN] += kirim(Alasan.PENGAJUAN, current, calon_pengajuan(
            instansi, current, hari=instansi.pengingat_pengajuan_hari, now=now))[0]
    # Periods whose deadline may be near: started already, deadline (or an extension) ahead.
    horizon = max(instansi.pengingat_realisasi_hari, instansi.pengingat_penilaian_hari)
    for per in PeriodePenilaian.objects.filter(instansi=instansi, awal__lte=today,
                                               batas_pengisian__gte=today - dt.timedelta(days=120)):
        if per.jenis != JenisPeriode.FINAL:
            out[Alasan.REALISASI] += kirim(Alasan.REALISASI, per, calon_realisasi(
                per, hari=instansi.pengingat_realisasi_hari, today=today))[0]
        if per.batas_pengisian <= today + dt.timedelta(days=horizon):
            out[Alasan.PENILAIAN] += kirim(Alasan.PENILAIAN, per, calon_penilaian(
                per, hari=instansi.pengingat_penilaian_hari, today=today))[0]
    return out


def manual(alasan: str, per: PeriodePenilaian, pegawai_ids: list[int], *, pengirim: Pegawai,
           now: dt.datetime | None = None) -> tuple[int, int]:
    """An admin's or leader's reminder to chosen people (or to their raters, for the rater
    reasons), sent only where the reason holds: (sent, due but already reminded)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    instansi = per.instansi
    if alasan == Alasan.SKP_BELUM:
        calon = calon_skp_belum(instansi, per.awal.year, pegawai_ids)
    elif alasan == Alasan.REALISASI:
        calon = calon_realisasi(per, hari=None, today=today, ids=pegawai_ids)
    elif alasan == Alasan.PENGAJUAN:
        calon = calon_pengajuan(instansi, per, hari=0, now=now, ids=pegawai_ids)
    else:
        calon = calon_penilaian(per, hari=None, today=today, ids=pegawai_ids)
    sent, _skipped = kirim(alasan, per, calon, pengirim=pengirim)
    return sent, len(calon) - sent

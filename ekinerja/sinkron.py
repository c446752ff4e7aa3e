"""Sinkron SIASN: load an instansi's organisation and people from SIASN (issue 14, "sync in").

Three steps, each resumable, run by the task worker (or `manage.py sinkron_siasn`):

1. Units: `GET /referensi/ref-unor`, the rows of this instansi (`InstansiId`). Each unit is
   created or updated by its SIASN `Id` (a hand-made unit of the same name without an Id is
   adopted), with its parent (`DiatasanId`) and its head's SIASN PNS id (`PemimpinPnsId`). A
   malformed row (no Id, no name, an unknown parent, a loop of parents, not an object) is
   reported with the reason and skipped; the rest goes on.
2. People: `GET /pns/data-utama/{nip}` for every NIP of the job (an uploaded list and/or everyone
   already known), in batches, several at a time, at the configured request rate. Each batch is
   applied in one transaction together with its per-NIP progress rows, so a crash loses at most
   the batch in flight and a re-run takes the NIPs still waiting. A malformed record is reported
   and skipped. Someone SIASN no longer knows, or no longer lists as active, is marked inactive
   (never deleted: their history stays). When SIASN itself fails (down, timing out after the
   retries, refusing the tokens), the job stops ("terhenti") and can be resumed.
3. Heads and raters: each unit's head is the Pegawai with its `PemimpinPnsId`; then the derived
   pejabat penilai of everyone in the instansi is compared with the one before the sync (both in
   bulk, penilai_massal). Whose rater changed is listed for the admin, and the hooks registered
   in `ekinerja.hooks.rater_changed` (the skp app: "Pejabat penilai berubah" on open SKPs) are told.

Idempotent: a second run with unchanged SIASN data changes nothing and writes no history.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import logging
import secrets
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekinerja.auth import PROFILE_FIELDS, apply_profile, profile_fields
from ekinerja.exceptions import Ditolak
from ekinerja.hooks import rater_changed
from ekinerja.models import Instansi, Pegawai, Riwayat, UnitOrganisasi, penilai_massal
from ekinerja.models_siasn import PenilaiBerubah, Sinkron, SinkronItem
from ekinerja.nip import NIP_RE, normalise_nip
from ekinerja.siasn_client import SiasnClient, SiasnError

log = logging.getLogger("ekinerja.sinkron")

Hasil = SinkronItem.Hasil
Status = Sinkron.Status
Tahap = Sinkron.Tahap

# A running job that has shown no progress for this long is taken to have crashed.
DETAK_BASI = dt.timedelta(minutes=3)
MAKS_NIP = 100_000
# SIASN failures that are SIASN's, not the person's: they stop the job (to be resumed).
GANGGUAN = {SiasnError.UNREACHABLE, SiasnError.TIMEOUT, SiasnError.RATE_LIMITED,
            SiasnError.UNAUTHORIZED, SiasnError.NOT_CONFIGURED}
# kedudukanPnsNama values of people who left (domain.md §3.1: "Aktif" and a few others stay).
KELUAR_KATA = ("pensiun", "meninggal", "diberhentikan", "punah", "berhenti atas permintaan")

UNIT_FIELDS = ["nama", "nama_jabatan_pimpinan", "eselon", "pemimpin_siasn_id", "parent_id"]
PEGAWAI_FIELDS = [*PROFILE_FIELDS, "siasn_pns_id", "is_active"]

class SinkronDitolak(Ditolak):
    """A sync that cannot be started or resumed now; the message says why (Indonesian)."""


# --- the NIP list ---------------------------------------------------------------------------------


def baca_daftar_nip(nama_berkas: str, isi: bytes) -> list[str]:
    """The NIPs of an uploaded .xlsx or .csv (the first column, or the one headed "NIP"),
    normalised and without repeats. Raises ValidationError listing the rows that are not NIPs."""
    nama = (nama_berkas or "").lower()
    if nama.endswith(".xlsx"):
        rows = _rows_xlsx(isi)
    elif nama.endswith(".csv") or nama.endswith(".txt"):
        rows = _rows_csv(isi)
    else:
        raise ValidationError(gettext("Unggah berkas .xlsx atau .csv."))
    nips: list[str] = []
    seen: set[str] = set()
    errors: list[str] = []
    column: int | None = None
    for number, row in rows:
        cells = list(row)
        if column is None:
            header = [str(c or "").strip().upper() for c in cells]
            if "NIP" in header:
                column = header.index("NIP")
                continue
            column = 0
        value = cells[column] if column < len(cells) else None
        if value is None or str(value).strip() == "":
            continue
        if isinstance(value, int | float):
            errors.append(gettext(
                "Baris %(n)s: NIP tersimpan sebagai angka sehingga digit terakhirnya bisa hilang; "
                "simpan kolom NIP sebagai teks.") % {"n": number})
            continue
        nip = normalise_nip(str(value))
        if not NIP_RE.match(nip):
            errors.append(gettext("Baris %(n)s: \"%(v)s\" bukan NIP 18 angka.")
                          % {"n": number, "v": str(value)[:40]})
            continue
        if nip not in seen:
            seen.add(nip)
            nips.append(nip)
    if errors:
        shown = errors[:10]
        if len(errors) > 10:
            shown.append(gettext("… dan %(n)s baris lain.") % {"n": len(errors) - 10})
        raise ValidationError(shown)
    if not nips:
        raise ValidationError(gettext("Berkas tidak berisi NIP."))
    if len(nips) > MAKS_NIP:
        raise ValidationError(gettext("Paling banyak %(n)s NIP sekali sinkron.") % {"n": MAKS_NIP})
    return nips


def _rows_xlsx(isi: bytes) -> Iterable[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(gettext("Berkas .xlsx tidak dapat dibaca.")) from exc
    ws = wb.worksheets[0]
    return ((i, row) for i, row in enumerate(ws.iter_rows(values_only=True), 1))


def _rows_csv(isi: bytes) -> Iterable[tuple[int, tuple[Any, ...]]]:
    try:
        text = isi.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = isi.decode("latin-1")
    dialect: type[csv.Dialect] = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    return ((i, tuple(row)) for i, row in enumerate(csv.reader(io.StringIO(text), dialect), 1))


# --- starting, resuming, cancelling -----------------------------------------------------------------


def mulai_sinkron(*, instansi: Instansi, aktor: Pegawai | None, nips: Iterable[str] = (),
                  semua_dikenal: bool = False, sumber: str = "") -> Sinkron:
    """Create the job and its per-NIP rows (all waiting); the caller enqueues it."""
    if not instansi.siasn_id:
        raise SinkronDitolak(gettext(
            "Instansi ini belum memiliki ID SIASN, sehingga unitnya tidak dapat dikenali. "
            "Isi ID SIASN instansi terlebih dahulu."))
    daftar = list(dict.fromkeys(nips))
    if semua_dikenal:
        known = Pegawai.objects.filter(instansi=instansi).order_by("nip").values_list("nip",
                                                                                     flat=True)
        daftar = list(dict.fromkeys([*daftar, *known]))
    if not daftar:
        raise SinkronDitolak(gettext(
            "Tidak ada NIP untuk disinkronkan: unggah daftar NIP, atau pilih pegawai yang sudah "
            "dikenal."))
    try:
        with transaction.atomic():
            job = Sinkron.objects.create(instansi=instansi, diminta_oleh=aktor, jumlah=len(daftar),
                                         sumber=sumber[:255])
            SinkronItem.objects.bulk_create(
                (SinkronItem(sinkron=job, jenis=SinkronItem.Jenis.PEGAWAI, kunci=nip)
                 for nip in daftar), batch_size=2000,
            )
            Riwayat.catat(instansi, aktor=aktor, aksi="siasn.sinkron_diminta",
                          sesudah={"sinkron": job.pk, "jumlah_nip": len(daftar),
                                   "sumber": sumber[:255]})
    except IntegrityError as exc:
        raise SinkronDitolak(gettext(
            "Masih ada sinkron SIASN instansi ini yang belum selesai. Lanjutkan atau batalkan "
            "sinkron itu terlebih dahulu.")) from exc
    return job


def macet(job: Sinkron, now: dt.datetime | None = None) -> bool:
    """Waiting or running without progress for DETAK_BASI: its worker has died, or none runs."""
    now = now or timezone.now()
    return job.status in (Status.MENUNGGU, Status.BERJALAN) \
        and (job.detak or job.dibuat) < now - DETAK_BASI


def boleh_dilanjutkan(job: Sinkron) -> bool:
    return job.status == Status.TERHENTI or macet(job)


def _ubah_status(job: Sinkron, aktor: Pegawai | None, ke: str, aksi: str, **kolom: Any) -> None:
    """One conditional UPDATE from the status the caller saw, recorded; refused when someone
    changed the job first."""
    with transaction.atomic():
        updated = Sinkron.objects.filter(pk=job.pk, status=job.status).update(status=ke, **kolom)
        if not updated:
            raise SinkronDitolak(gettext("Sinkron ini baru saja diubah; muat ulang halaman."))
        Riwayat.catat(job.instansi, aktor=aktor, aksi=aksi,
                      sebelum={"sinkron": job.pk, "status": job.status},
                      sesudah={"sinkron": job.pk, "status": ke})
    job.status = ke


def lanjutkan(job: Sinkron, *, aktor: Pegawai | None) -> None:
    """Put a stopped (or crashed) job back in the queue; the caller enqueues it on commit."""
    if not boleh_dilanjutkan(job):
        raise SinkronDitolak(gettext("Sinkron ini sedang berjalan atau sudah selesai."))
    _ubah_status(job, aktor, Status.MENUNGGU, "siasn.sinkron_dilanjutkan", pesan="")


def batalkan(job: Sinkron, *, aktor: Pegawai | None) -> None:
    """Give up an unfinished job (what it already applied stays, as recorded): one that waits,
    stopped, or lost its worker; not one that is making progress."""
    if not (job.status == Status.MENUNGGU or boleh_dilanjutkan(job)):
        raise SinkronDitolak(gettext("Sinkron ini sedang berjalan atau sudah selesai."))
    _ubah_status(job, aktor, Status.DIBATALKAN, "siasn.sinkron_dibatalkan", rampung=timezone.now())


def _klaim(job_id: int) -> Sinkron | None:
    """Take the job for this worker: waiting, stopped, or running without progress (crashed)."""
    now = timezone.now()
    taken = Sinkron.objects.filter(pk=job_id).filter(
        Q(status__in=[Status.MENUNGGU, Status.TERHENTI])
        | Q(status=Status.BERJALAN, detak__lt=now - DETAK_BASI)
    ).update(status=Status.BERJALAN, detak=now, pesan="")
    if not taken:
        return None
    job = Sinkron.objects.select_related("instansi", "diminta_oleh").get(pk=job_id)
    if job.mulai is None:
        Sinkron.objects.filter(pk=job.pk).update(mulai=now)
        job.mulai = now
    return job


# --- the run -----------------------------------------------------------------------------------------


def jalankan(job_id: int, *, client: SiasnClient | None = None) -> Sinkron | None:
    """Run (or resume) one job to its end or until SIASN fails. Returns it, or None when another
    worker has it."""
    job = _klaim(job_id)
    if job is None:
        return None
    own_client = client is None
    try:
        client = client or SiasnClient()
        if job.penilai_awal is None:
            job.penilai_awal = {str(k): v for k, v in penilai_massal(job.instansi_id).items()}
            Sinkron.objects.filter(pk=job.pk).update(penilai_awal=job.penilai_awal)
        if job.tahap == Tahap.UNIT:
            _sinkron_unit(job, client)
            _set(job, tahap=Tahap.PEGAWAI)
        if job.tahap == Tahap.PEGAWAI:
            started, before = time.monotonic(), Sinkron.objects.values_list(
                "diproses", flat=True).get(pk=job.pk)
            if not _sinkron_pegawai(job, client):
                return job
            _set(job, tahap=Tahap.PEMIMPIN)
            done = Sinkron.objects.values_list("diproses", flat=True).get(pk=job.pk) - before
            secs = time.monotonic() - started
            log.info("sinkron %s: tahap pegawai %s NIP dalam %.1f s (%.0f NIP/s)", job.pk, done,
                     secs, done / secs if secs else 0)
        if job.tahap == Tahap.PEMIMPIN:
            with transaction.atomic():
                _pemimpin(job)
                _penilai(job)
                _set(job, tahap=Tahap.SELESAI, status=Status.SELESAI, rampung=timezone.now())
                Riwayat.catat(job.instansi, aktor=job.diminta_oleh, aksi="siasn.sinkron_selesai",
                              sesudah=ringkasan(job))
    except SiasnError as exc:
        _berhenti(job, pesan_gangguan(exc))
    except Exception as exc:
        log.exception("sinkron %s failed", job.pk)
        _berhenti(job, gettext("Sinkron terhenti karena kesalahan di e-Kinerja (%(e)s). "
                               "Lanjutkan untuk mencoba lagi.") % {"e": type(exc).__name__})
        raise
    finally:
        if own_client and client is not None:
            client.close()
    return job


def _set(job: Sinkron, **fields: Any) -> None:
    fields.setdefault("detak", timezone.now())
    Sinkron.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def _berhenti(job: Sinkron, pesan: str) -> None:
    log.warning("sinkron %s stopped: %s", job.pk, pesan)
    _set(job, status=Status.TERHENTI, pesan=pesan)


def pesan_gangguan(exc: SiasnError) -> str:
    """Why SIASN stopped the job, for the admin."""
    texts = {
        SiasnError.TIMEOUT: _("SIASN tidak menjawab tepat waktu"),
        SiasnError.RATE_LIMITED: _("SIASN membatasi jumlah permintaan (429)"),
        SiasnError.UNAUTHORIZED: _("SIASN menolak token akses (401); periksa pengaturan klien"),
        SiasnError.GARBLED: _("jawaban SIASN tidak dapat dibaca"),
        SiasnError.NOT_CONFIGURED: _("SIASN belum dikonfigurasi (SIASN_BASE_URL, MYSAPK_BASE_URL)"),
        SiasnError.REJECTED: _("SIASN menolak permintaan"),
    }
    text = str(texts.get(exc.code, _("SIASN tidak dapat dihubungi")))
    if exc.pesan:
        text += f": {exc.pesan}"
    return gettext("Sinkron terhenti: %(sebab)s. Data yang sudah diproses tetap tersimpan; "
                   "lanjutkan sinkron untuk meneruskan dari NIP berikutnya.") % {"sebab": text}


def ringkasan(job: Sinkron) -> dict[str, int]:
    return {"sinkron": job.pk, "unit_ditambah": job.unit_ditambah, "unit_diubah": job.unit_diubah,
            "unit_tetap": job.unit_tetap, "unit_gagal": job.unit_gagal,
            "ditambah": job.ditambah, "diubah": job.diubah, "tetap": job.tetap,
            "gagal": job.gagal, "keluar": job.keluar, "penilai_berubah": job.penilai_berubah}


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def update_many(model: type[Model], fields: list[str], objs: list[Any]) -> None:
    """One UPDATE per row, sent together (psycopg pipelines executemany): far cheaper than
    bulk_update's CASE WHEN expressions for hundreds of rows."""
    if not objs:
        return
    meta = model._meta
    qn = connection.ops.quote_name
    cols: list[Any] = [meta.get_field(name) for name in fields]
    sets = ", ".join(f"{qn(str(c.column))} = %s" for c in cols)
    pk: Any = meta.pk
    pk_column = str(pk.column)
    sql = f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn(pk_column)} = %s"  # noqa: S608
    params = [[c.get_db_prep_save(getattr(o, c.attname), connection) for c in cols] + [o.pk]
              for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _periksa_unit(rows: list[Any], instansi_id: str) -> tuple[dict[str, dict[str, Any]],
                                                              dict[str, str]]:
    """This instansi's well-formed units by Id, and {key: reason} for the malformed ones."""
    valid: dict[str, dict[str, Any]] = {}
    bad: dict[str, str] = {}
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            bad[f"baris-{i}"] = gettext("Baris ke-%(i)s referensi unor bukan data unit.") % {"i": i}
            continue
        if _text(row, "InstansiId") != instansi_id:
            continue  # another instansi's unit
        uid = _text(row, "Id")
        if not uid:
            bad[f"baris-{i}"] = gettext("Baris ke-%(i)s: Id unor kosong.") % {"i": i}
        elif uid in valid or uid in bad:
            bad[uid] = gettext("Id unor %(id)s muncul lebih dari sekali.") % {"id": uid}
            valid.pop(uid, None)
        elif not _text(row, "NamaUnor"):
            bad[uid] = gettext("Nama unit (NamaUnor) kosong.")
        else:
            valid[uid] = row
    changed = True
    while changed:  # parents that are unknown or malformed, repeated down the tree
        changed = False
        for uid, row in list(valid.items()):
            parent = _text(row, "DiatasanId")
            if not parent or parent == uid or parent in valid:
                continue
            if parent in bad:
                bad[uid] = gettext("Unit atasannya (%(p)s) tidak dapat diproses.") % {"p": parent}
            else:
                bad[uid] = gettext("Unit atasan (DiatasanId %(p)s) tidak ada dalam referensi "
                                   "unor instansi ini.") % {"p": parent}
            del valid[uid]
            changed = True
    for uid in list(valid):  # loops of parents
        path, node = [], uid
        while node in valid and node not in path:
            path.append(node)
            parent = _text(valid[node], "DiatasanId")
            node = "" if parent == node else parent
        if node in path:
            loop = path[path.index(node):]
            for member in loop:
                bad[member] = gettext("Unit atasan membentuk lingkaran: %(l)s.") % {
                    "l": " → ".join([*loop, node])}
            for member in loop:
                valid.pop(member, None)
    return valid, bad


def _sinkron_unit(job: Sinkron, client: SiasnClient) -> None:
    instansi = job.instansi
    rows = client.ref_unor()
    valid, bad = _periksa_unit(rows, instansi.siasn_id or "")
    alasan = gettext("Sinkron SIASN #%(n)s") % {"n": job.pk}
    counts = {Hasil.DITAMBAH: 0, Hasil.DIUBAH: 0, Hasil.TETAP: 0, Hasil.GAGAL: 0}
    items: list[SinkronItem] = []
    history: list[Riwayat] = []
    with transaction.atomic():
        SinkronItem.objects.filter(sinkron=job, jenis=SinkronItem.Jenis.UNIT).delete()
        existing = {str(u.siasn_id): u
                    for u in UnitOrganisasi.objects.filter(siasn_id__in=list(valid))}
        for uid, unit in list(existing.items()):
            if unit.instansi_id != instansi.pk:
                bad[uid] = gettext("Id unor %(id)s sudah dipakai unit instansi lain.") % {"id": uid}
                del valid[uid], existing[uid]
        # Hand-made units (no SIASN Id yet) are adopted by their exact name, when unambiguous.
        by_name: dict[str, list[UnitOrganisasi]] = {}
        for unit in UnitOrganisasi.objects.filter(instansi=instansi, siasn_id__isnull=True):
            by_name.setdefault(unit.nama.strip().lower(), []).append(unit)
        new: list[UnitOrganisasi] = []
        before: dict[str, dict[str, Any]] = {}
        for uid, row in valid.items():
            found = existing.get(uid)
            if found is None:
                same = by_name.get(_text(row, "NamaUnor").lower(), [])
                if len(same) == 1:
                    unit = same.pop()
                    unit.siasn_id = uid
                    existing[uid] = unit
                    before[uid] = {**_unit_state(unit), "siasn_id": None}
                else:
                    unit = UnitOrganisasi(instansi=instansi, siasn_id=uid, nama=_text(row, "NamaUnor"))
                    new.append(unit)
                    existing[uid] = unit
            else:
                before[uid] = {**_unit_state(found), "siasn_id": uid}
        UnitOrganisasi.objects.bulk_create(new, batch_size=1000)
        created = {u.siasn_id for u in new}
        for uid, row in valid.items():
            unit = existing[uid]
            parent_uid = _text(row, "DiatasanId")
            unit.nama = _text(row, "NamaUnor")
            unit.nama_jabatan_pimpinan = _text(row, "NamaJabatan")
            unit.eselon = _text(row, "EselonId")[:10]
            unit.pemimpin_siasn_id = _text(row, "PemimpinPnsId")
            unit.parent_id = existing[parent_uid].pk if parent_uid and parent_uid != uid else None
        changed_units = []
        for uid in valid:
            unit = existing[uid]
            after = {**_unit_state(unit), "siasn_id": uid}
            if uid in created:
                hasil = Hasil.DITAMBAH
                history.append(Riwayat.baris(unit, aktor=job.diminta_oleh,
                                        aksi="unit.dibuat_dari_siasn", sebelum=None, sesudah=after,
                                        alasan=alasan))
            elif before[uid] != after:
                hasil = Hasil.DIUBAH
                old = before[uid]
                diff = {k: v for k, v in after.items() if old.get(k) != v}
                history.append(Riwayat.baris(unit, aktor=job.diminta_oleh,
                                        aksi="unit.disinkron_siasn",
                                        sebelum={k: old.get(k) for k in diff}, sesudah=diff,
                                        alasan=alasan))
                changed_units.append(unit)
            else:
                hasil = Hasil.TETAP
            if uid in created:
                changed_units.append(unit)
            counts[hasil] += 1
            items.append(SinkronItem(sinkron=job, jenis=SinkronItem.Jenis.UNIT, kunci=uid,
                                     hasil=hasil, nama=unit.nama[:255]))
        UnitOrganisasi.objects.bulk_update(changed_units, [*UNIT_FIELDS, "siasn_id"],
                                           batch_size=500)
        for key, reason in bad.items():
            counts[Hasil.GAGAL] += 1
            row = next((r for r in rows if isinstance(r, dict) and _text(r, "Id") == key), {})
            items.append(SinkronItem(sinkron=job, jenis=SinkronItem.Jenis.UNIT, kunci=key[:64],
                                     hasil=Hasil.GAGAL, alasan=reason,
                                     nama=_text(row, "NamaUnor")[:255]))
        SinkronItem.objects.bulk_create(items, batch_size=1000)
        Riwayat.objects.bulk_create(history, batch_size=1000)
        _set(job, unit_ditambah=counts[Hasil.DITAMBAH], unit_diubah=counts[Hasil.DIUBAH],
             unit_tetap=counts[Hasil.TETAP], unit_gagal=counts[Hasil.GAGAL])


def _unit_state(unit: UnitOrganisasi) -> dict[str, Any]:
    return {"nama": unit.nama, "nama_jabatan_pimpinan": unit.nama_jabatan_pimpinan,
            "eselon": unit.eselon, "pemimpin_siasn_id": unit.pemimpin_siasn_id,
            "parent_id": unit.parent_id}


# --- 2. people ---------------------------------------------------------------------------------------


def _tidak_aktif(data: dict[str, Any]) -> str:
    """SIASN's kedudukan when it says the person left ("" while active)."""
    kedudukan = _text(data, "kedudukanPnsNama")
    lowered = kedudukan.lower()
    if "persiapan pensiun" in lowered:
        return ""
    return kedudukan if any(word in lowered for word in KELUAR_KATA) else ""


def _sinkron_pegawai(job: Sinkron, client: SiasnClient) -> bool:
    """Process the waiting NIPs batch by batch; False when SIASN failed and the job stopped."""
    batch_size = max(1, settings.SIASN_SINKRON_BATCH)
    workers = max(1, settings.SIASN_CONCURRENCY)
    units = {str(uid): pk for uid, pk in UnitOrganisasi.objects.filter(
        instansi=job.instansi, siasn_id__isnull=False).values_list("siasn_id", "pk")}

    def fetch(nip: str) -> tuple[str, dict[str, Any] | SiasnError]:
        try:
            return nip, client.data_utama(nip)
        except SiasnError as exc:
            return nip, exc

    def waiting(after: int) -> list[tuple[int, str]]:
        return list(SinkronItem.objects.filter(
            sinkron=job, jenis=SinkronItem.Jenis.PEGAWAI, hasil=Hasil.MENUNGGU, pk__gt=after,
        ).order_by("pk").values_list("pk", "kunci")[:batch_size])

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sinkron")
    try:
        batch = waiting(0)
        futures = [pool.submit(fetch, nip) for _pk, nip in batch]
        while batch:
            results = dict(f.result() for f in futures)
            # The next batch is fetched while this one is written (the request rate, not the
            # database, sets the pace).
            following = waiting(batch[-1][0])
            futures = [pool.submit(fetch, nip) for _pk, nip in following]
            failed = next((r for r in results.values()
                           if isinstance(r, SiasnError) and r.code in GANGGUAN), None)
            done = [(pk, nip) for pk, nip in batch if not _gangguan(results[nip])]
            if done:
                with transaction.atomic():
                    _terapkan(job, done, results, units)
            if failed is not None:
                _berhenti(job, pesan_gangguan(failed))
                return False
            batch = following
        return True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _gangguan(result: dict[str, Any] | SiasnError) -> bool:
    return isinstance(result, SiasnError) and result.code in GANGGUAN


def _terapkan(job: Sinkron, batch: list[tuple[int, str]],
              results: dict[str, dict[str, Any] | SiasnError], units: dict[str, int]) -> None:
    """Apply one batch of data-utama answers, with its progress rows, in the caller's
    transaction. The rows still MENUNGGU are re-checked under a lock, so a batch can never be
    applied twice (two workers, or a resumed run racing a slow one)."""
    pks = [pk for pk, _nip in batch]
    waiting = set(SinkronItem.objects.select_for_update().filter(
        pk__in=pks, hasil=Hasil.MENUNGGU).values_list("pk", flat=True))
    batch = [(pk, nip) for pk, nip in batch if pk in waiting]
    if not batch:
        return
    nips = [nip for _pk, nip in batch]
    instansi = job.instansi
    existing = {p.nip: p for p in Pegawai.objects.filter(nip__in=nips)}
    pns_ids = [_text(r, "id") for r in results.values() if isinstance(r, dict) and _text(r, "id")]
    pns_owner = dict(Pegawai.objects.filter(siasn_pns_id__in=pns_ids).values_list("siasn_pns_id",
                                                                                   "nip"))
    alasan = gettext("Sinkron SIASN #%(n)s") % {"n": job.pk}
    now = timezone.now()
    aktor = job.diminta_oleh
    new: list[Pegawai] = []
    changed: list[Pegawai] = []
    touched: list[int] = []
    history: list[tuple[Pegawai, str, dict[str, Any] | None, dict[str, Any]]] = []
    items: list[SinkronItem] = []
    counts = dict.fromkeys(Hasil.values, 0)

    def item(pk: int, hasil: str, reason: str = "", nama: str = "") -> None:
        counts[hasil] += 1
        items.append(SinkronItem(pk=pk, hasil=hasil, alasan=reason, nama=nama[:255]))

    def deactivate(pegawai: Pegawai, reason: str) -> None:
        if pegawai.is_active:
            pegawai.is_active = False
            changed.append(pegawai)
            history.append((pegawai, "pegawai.dinonaktifkan_siasn", {"is_active": "True"},
                            {"is_active": "False", "sebab": reason}))

    for pk, nip in batch:
        result = results[nip]
        pegawai = existing.get(nip)
        if isinstance(result, SiasnError):
            if result.code == SiasnError.NOT_FOUND:
                if pegawai is None:
                    item(pk, Hasil.GAGAL, gettext("NIP tidak ditemukan di SIASN."))
                else:
                    reason = gettext("NIP tidak ditemukan lagi di SIASN; pegawai dinonaktifkan.")
                    deactivate(pegawai, reason)
                    item(pk, Hasil.KELUAR, reason, pegawai.nama)
            elif result.code == SiasnError.GARBLED:
                item(pk, Hasil.GAGAL, gettext("Jawaban SIASN untuk NIP ini tidak dapat dibaca "
                                              "(bukan data pegawai)."))
            else:
                item(pk, Hasil.GAGAL, gettext("SIASN menolak permintaan untuk NIP ini: %(m)s")
                     % {"m": result.pesan or result.detail})
            continue
        data = result
        nama = _text(data, "nama")
        if _text(data, "nipBaru") != nip:
            item(pk, Hasil.GAGAL, gettext("SIASN menjawab dengan NIP lain (%(n)s).")
                 % {"n": _text(data, "nipBaru") or "-"}, nama)
            continue
        if not nama:
            item(pk, Hasil.GAGAL, gettext("Nama pegawai kosong di SIASN."))
            continue
        instansi_kerja = _text(data, "instansiKerjaId")
        if instansi_kerja and instansi_kerja != instansi.siasn_id:
            if pegawai is None:
                item(pk, Hasil.GAGAL, gettext("Pegawai ini bekerja di instansi lain (%(i)s); "
                                              "tidak ditambahkan.")
                     % {"i": _text(data, "instansiKerjaNama") or instansi_kerja}, nama)
            else:
                apply_profile(data, aktor=aktor)  # moves them, as their login would
                item(pk, Hasil.KELUAR, gettext("Pindah ke instansi lain (%(i)s).")
                     % {"i": _text(data, "instansiKerjaNama") or instansi_kerja}, nama)
            continue
        kedudukan = _tidak_aktif(data)
        if kedudukan:
            if pegawai is None:
                item(pk, Hasil.KELUAR, gettext("Tidak aktif di SIASN (%(k)s); tidak ditambahkan.")
                     % {"k": kedudukan}, nama)
            else:
                reason = gettext("Tidak aktif di SIASN (%(k)s); pegawai dinonaktifkan.") % {
                    "k": kedudukan}
                deactivate(pegawai, reason)
                item(pk, Hasil.KELUAR, reason, nama)
            continue
        unor_id = _text(data, "unorId")
        if not unor_id:
            item(pk, Hasil.GAGAL, gettext("Unit kerja (unorId) kosong di SIASN."), nama)
            continue
        if unor_id not in units:
            item(pk, Hasil.GAGAL, gettext("Unit kerja %(u)s (%(n)s) tidak ada dalam referensi unor "
                                          "instansi ini.")
                 % {"u": unor_id, "n": _text(data, "unorNama") or "-"}, nama)
            continue
        pns_id = _text(data, "id") or None
        if pns_id and pns_owner.get(pns_id, nip) != nip:
            item(pk, Hasil.GAGAL, gettext("ID PNS SIASN %(id)s sudah tercatat untuk NIP %(n)s.")
                 % {"id": pns_id, "n": pns_owner[pns_id]}, nama)
            continue
        fields: dict[str, Any] = profile_fields(data)
        fields.update(instansi_id=instansi.pk, unit_id=units[unor_id], is_active=True)
        if pns_id:
            fields["siasn_pns_id"] = pns_id
            pns_owner[pns_id] = nip
        if pegawai is None:
            pegawai = Pegawai(nip=nip, password=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
                              siasn_synced_at=now, **fields)
            new.append(pegawai)
            history.append((pegawai, "pegawai.dibuat_dari_siasn", None,
                            {f: str(getattr(pegawai, f) or "") for f in PEGAWAI_FIELDS}))
            item(pk, Hasil.DITAMBAH, nama=nama)
            continue
        fields["email"] = fields["email"] or pegawai.email
        old = {f: str(getattr(pegawai, f) or "") for f in PEGAWAI_FIELDS}
        for name, value in fields.items():
            setattr(pegawai, name, value)
        after = {f: str(getattr(pegawai, f) or "") for f in PEGAWAI_FIELDS}
        diff = {f: after[f] for f in PEGAWAI_FIELDS if old[f] != after[f]}
        if diff:
            changed.append(pegawai)
            history.append((pegawai, "pegawai.disinkron_siasn", {f: old[f] for f in diff}, diff))
            item(pk, Hasil.DIUBAH, nama=nama)
        else:
            touched.append(pegawai.pk)
            item(pk, Hasil.TETAP, nama=nama)
    Pegawai.objects.bulk_create(new, batch_size=500)
    if changed:
        for p in changed:
            p.siasn_synced_at = now
        update_many(Pegawai, [*PEGAWAI_FIELDS, "siasn_synced_at"], changed)
    if touched:
        Pegawai.objects.filter(pk__in=touched).update(siasn_synced_at=now)
    Riwayat.objects.bulk_create(
        [Riwayat.baris(p, aktor=aktor, aksi=aksi, sebelum=sebelum, sesudah=sesudah,
                  alasan=alasan) for p, aksi, sebelum, sesudah in history],
        batch_size=1000,
    )
    update_many(SinkronItem, ["hasil", "alasan", "nama"], items)
    Sinkron.objects.filter(pk=job.pk).update(
        diproses=F("diproses") + len(items), ditambah=F("ditambah") + counts[Hasil.DITAMBAH],
        diubah=F("diubah") + counts[Hasil.DIUBAH], tetap=F("tetap") + counts[Hasil.TETAP],
        gagal=F("gagal") + counts[Hasil.GAGAL], keluar=F("keluar") + counts[Hasil.KELUAR],
        detak=now,
    )


# --- 3. heads and raters ------------------------------------------------------------------------------


def _pemimpin(job: Sinkron) -> None:
    """Each synced unit's head: the Pegawai with its PemimpinPnsId; none when SIASN names none.
    A head SIASN names but e-Kinerja does not know yet keeps the unit's head as it was."""
    uids = list(SinkronItem.objects.filter(sinkron=job, jenis=SinkronItem.Jenis.UNIT)
                .exclude(hasil=Hasil.GAGAL).values_list("kunci", flat=True))
    units = list(UnitOrganisasi.objects.filter(instansi=job.instansi, siasn_id__in=uids))
    heads = dict(Pegawai.objects.filter(
        siasn_pns_id__in=[u.pemimpin_siasn_id for u in units if u.pemimpin_siasn_id],
        is_active=True,
    ).values_list("siasn_pns_id", "pk"))
    alasan = gettext("Sinkron SIASN #%(n)s") % {"n": job.pk}
    changed: list[UnitOrganisasi] = []
    history: list[Riwayat] = []
    notes: dict[str, str] = {}
    for unit in units:
        want = heads.get(unit.pemimpin_siasn_id) if unit.pemimpin_siasn_id else None
        if unit.pemimpin_siasn_id and want is None:
            notes[unit.siasn_id or ""] = gettext(
                "Pemimpin unit (ID PNS %(id)s) belum ada di e-Kinerja atau tidak aktif; pemimpin "
                "lama dibiarkan.") % {"id": unit.pemimpin_siasn_id}
            continue
        if want != unit.kepala_id:
            history.append(Riwayat.baris(unit, aktor=job.diminta_oleh,
                                    aksi="unit.pemimpin_dari_siasn",
                                    sebelum={"kepala": unit.kepala_id},
                                    sesudah={"kepala": want}, alasan=alasan))
            unit.kepala_id = want
            changed.append(unit)
    UnitOrganisasi.objects.bulk_update(changed, ["kepala"], batch_size=500)
    Riwayat.objects.bulk_create(history, batch_size=1000)
    ids = {u.siasn_id for u in changed}
    promoted = SinkronItem.objects.filter(sinkron=job, jenis=SinkronItem.Jenis.UNIT,
                                          kunci__in=ids, hasil=Hasil.TETAP)
    n = promoted.update(hasil=Hasil.DIUBAH)
    for uid, note in notes.items():
        SinkronItem.objects.filter(sinkron=job, jenis=SinkronItem.Jenis.UNIT, kunci=uid).update(
            alasan=note)
    if n:
        _set(job, unit_tetap=job.unit_tetap - n, unit_diubah=job.unit_diubah + n)


def tampil_penilai(keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each derived-rater key (penilai_massal) as printed on an SKP (nama, nip_nrp, jabatan,
    unit_kerja, status, pegawai_id). Three queries for any number of keys."""
    from ekinerja.models import Penilai

    keys = set(keys)
    pegawai_ids = {int(k[1:].split(":")[0]) for k in keys if k.startswith("P")}
    unit_ids = {int(k.split(":")[2]) for k in keys if k.startswith("P") and k.split(":")[2]}
    unit_ids |= {int(k[1:]) for k in keys if k.startswith("N") and k[1:]}
    people = Pegawai.objects.select_related("unit").in_bulk(pegawai_ids)
    units = UnitOrganisasi.objects.in_bulk(unit_ids)
    out: dict[str, dict[str, Any]] = {}
    for key in keys:
        if key.startswith("P"):
            pid, via, uid = key[1:].split(":")
            p = people.get(int(pid))
            if p is None:
                continue
            shown = Penilai.from_pegawai(p, via=via, unit=units.get(int(uid)) if uid else None)
            out[key] = {**shown.as_snapshot(), "pegawai_id": p.pk}
        elif key.startswith("N"):
            unit = units.get(int(key[1:]))
            out[key] = {"nama": unit.penilai_non_asn_nama if unit else "",
                        "nip_nrp": unit.penilai_non_asn_nip_nrp if unit else "",
                        "jabatan": unit.penilai_non_asn_jabatan if unit else "",
                        "pangkat_golongan": "", "unit_kerja": "", "status": "NON ASN",
                        "pegawai_id": None}
        else:
            out[key] = {"nama": "", "nip_nrp": "", "jabatan": "", "pangkat_golongan": "",
                        "unit_kerja": "", "status": "", "pegawai_id": None}
    return out


def _penilai(job: Sinkron) -> None:
    """Whose derived rater this sync changed: listed for the admin, passed to the hooks."""
    before = job.penilai_awal or {}
    after = penilai_massal(job.instansi_id)
    changed = {pid: key for pid, key in after.items()
               if str(pid) in before and before[str(pid)] != key}
    shown = tampil_penilai({*changed.values(), *(before[str(p)] for p in changed)})
    empty = {"nama": "", "pegawai_id": None}
    PenilaiBerubah.objects.bulk_create(
        [PenilaiBerubah(sinkron=job, pegawai_id=pid, sebelum=shown.get(before[str(pid)], empty),
                        sesudah=shown.get(key, empty)) for pid, key in changed.items()],
        batch_size=1000, ignore_conflicts=True,
    )
    perubahan = {pid: shown.get(key, empty) for pid, key in changed.items()}
    # {pegawai id: the new rater as printed} of everyone whose derived rater changed.
    rater_changed.run(job, perubahan)
    _set(job, penilai_berubah=len(changed))

"""Background work of the monitoring app, run by the task worker (django-tasks-db in deployment,
the Immediate backend in tests): report files, and each instansi's daily reminders."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from ekinerja.models import Instansi, UnitOrganisasi
from monitoring import laporan as lp
from monitoring import pengingat
from monitoring.models import Laporan

log = logging.getLogger("monitoring.laporan")


def _masih_boleh(lap: Laporan) -> bool:
    """The requester's scope is checked again when the file is built: a role lost since the
    request gives no file."""
    user = lap.peminta
    if lap.unit_id is None:
        return bool(user.is_active and (user.is_superuser or (
            user.is_admin_instansi and user.instansi_id == lap.instansi_id)))
    return UnitOrganisasi.objects.dipantau_oleh(user).filter(pk=lap.unit_id).exists()


@task()
def buat_laporan(laporan_id: int) -> int:
    """Build the report file and store it on the row; returns the number of data rows."""
    taken = Laporan.objects.filter(pk=laporan_id, status=Laporan.Status.MENUNGGU).update(
        status=Laporan.Status.BERJALAN)
    if not taken:
        return 0  # already taken by another worker, or gone
    lap = (Laporan.objects.defer("berkas")
           .select_related("peminta", "instansi", "unit", "periode").get(pk=laporan_id))
    rows = Laporan.objects.filter(pk=laporan_id)
    try:
        if not _masih_boleh(lap):
            raise PermissionError("peminta tidak lagi berhak atas cakupan laporan ini")
        src = lp.sumber(lap)
        rows.update(jumlah=lp.hitung(src), selesai=0)
        now = timezone.now()
        with tempfile.TemporaryDirectory(prefix="laporan-") as tmp:
            path = Path(tmp) / "laporan"
            write = lp.tulis_xlsx if lap.format == Laporan.Format.XLSX else lp.tulis_csv
            # The headings in the requester's language (their profile's choice, else Indonesian).
            with translation.override(lap.peminta.bahasa or settings.LANGUAGE_CODE):
                n = write(path, lap, src, lp.baris_data(src),
                          lambda k: rows.update(selesai=k), now)
            data = path.read_bytes()
    except Exception as exc:
        log.exception("laporan %s failed", laporan_id)
        rows.update(status=Laporan.Status.GAGAL, pesan=str(exc)[:500], rampung=timezone.now())
        raise
    with transaction.atomic():
        rows.update(status=Laporan.Status.SELESAI, berkas=data, ukuran=len(data), jumlah=n,
                    selesai=n, nama_berkas=lp.nama_berkas(lap), rampung=timezone.now())
    return n


@task()
def kirim_pengingat_instansi(instansi_id: int, waktu: str) -> dict[str, int]:
    """One instansi's scheduled reminders for the moment `waktu` (ISO), enqueued by jadwal."""
    instansi = Instansi.objects.get(pk=instansi_id)
    return pengingat.jalankan(instansi, dt.datetime.fromisoformat(waktu))

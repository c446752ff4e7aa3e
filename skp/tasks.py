"""Background work for the SKP documents: the ZIP of all subordinates' SKP PDFs for a year.

Runs on whatever backend settings.TASKS names: the database worker (django-tasks-db,
`manage.py db_worker`) in deployment, the Immediate backend in tests.
"""

from __future__ import annotations

import io
import logging
import zipfile

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from ekinerja.dokumen import nama_file
from ekinerja.models_dokumen import BundelCetak
from skp.cetak import skp_bawahan, skp_document

log = logging.getLogger("skp.cetak")


@task()
def buat_bundel_skp(bundel_id: int) -> int:
    """Render (or take from the cache) each SKP PDF, zip them, store the ZIP; returns the count."""
    updated = BundelCetak.objects.filter(
        pk=bundel_id, status=BundelCetak.Status.MENUNGGU
    ).update(status=BundelCetak.Status.BERJALAN)
    if not updated:
        return 0  # already taken by another worker, or gone
    bundel = BundelCetak.objects.defer("zip").get(pk=bundel_id)
    skps = list(skp_bawahan(bundel.peminta_id, bundel.tahun))
    BundelCetak.objects.filter(pk=bundel_id).update(jumlah=len(skps), selesai=0)
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
            seen: set[str] = set()
            for skp in skps:
                hasil = skp_document(skp)
                name = nama_file(hasil.dokumen, nip=skp.pegawai.nip)
                if name in seen:  # two SKPs of one person in a year: keep both
                    name = f"{skp.pk}_{name}"
                seen.add(name)
                zf.writestr(name, hasil.pdf)
                BundelCetak.objects.filter(pk=bundel_id).update(selesai=F("selesai") + 1)
    except Exception as exc:
        log.exception("bundel %s failed", bundel_id)
        BundelCetak.objects.filter(pk=bundel_id).update(
            status=BundelCetak.Status.GAGAL, pesan=str(exc)[:500], rampung=timezone.now()
        )
        raise
    with transaction.atomic():
        BundelCetak.objects.filter(pk=bundel_id).update(
            status=BundelCetak.Status.SELESAI, zip=buffer.getvalue(), rampung=timezone.now()
        )
    return len(skps)

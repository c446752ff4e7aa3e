"""Background work of the penilaian: sending results to SIASN (penilaian/siasn.py).

Runs on whatever settings.TASKS names: the database worker (django-tasks-db, `manage.py
db_worker`) in deployment, the Immediate backend in tests.
"""

from __future__ import annotations

from django.tasks import task

from penilaian import siasn


@task()
def kirim_hasil_siasn(kiriman_id: int) -> str:
    """Send one version of one result; returns its status."""
    return siasn.kirim(kiriman_id)


@task()
def periksa_hasil_siasn(instansi_id: int | None = None) -> dict[str, int]:
    """Queue what became final, re-queue due retries, recover interrupted sends."""
    return siasn.periksa(instansi_id)

"""Background work of the ground floor: the SIASN sync (ekinerja/sinkron.py).

Runs on whatever settings.TASKS names: the database worker (django-tasks-db, `manage.py
db_worker`) in deployment, the Immediate backend in tests.
"""

from __future__ import annotations

from django.tasks import task

from ekinerja import sinkron
from ekinerja.models_siasn import Sinkron


@task()
def sinkron_siasn(sinkron_id: int) -> str:
    """Run or resume one sync; returns its status."""
    job = sinkron.jalankan(sinkron_id)
    return job.status if job is not None else "diambil pekerja lain"


def antrekan(job: Sinkron) -> None:
    """Enqueue the job (call inside transaction.on_commit) and remember the task id."""
    result = sinkron_siasn.enqueue(job.pk)
    Sinkron.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

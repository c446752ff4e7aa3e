"""A task for tests/skala/test_pekerja.py: appends one line per run to a file, so a job run twice
shows twice. Not idempotent on purpose."""

from __future__ import annotations

import os
import time

from django.tasks import task


@task
def catat(n: int, berkas: str) -> str:
    time.sleep(0.05)  # long enough for the workers to overlap
    node = os.environ.get("NODE", "?")
    with open(berkas, "a") as f:  # O_APPEND: whole short lines, never interleaved
        f.write(f"{n} {node} {os.getpid()}\n")
    return node

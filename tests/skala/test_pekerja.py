"""The task worker as several processes on two "nodes" without running a job twice (issue 16
item 4). Three `manage.py db_worker` processes (django-tasks-db) with their own worker ids, two
on node1 and one on node2, share one queue in a PostgreSQL cluster of the test's own. Each job
appends a line to a file: every one of the N jobs must be there exactly once, done by more than
one worker. (django-tasks-db claims a job with SELECT ... FOR UPDATE SKIP LOCKED.)"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import time

import psycopg
import pytest

from tests.skala.klaster import ROOT

pytestmark = [pytest.mark.slow]

N = 60
ENQUEUE = f"""
from django.db import transaction
from tests.skala.tugas_uji import catat
with transaction.atomic():
    for n in range({N}):
        catat.enqueue(n, BERKAS)
print("OK")
"""


def test_three_workers_on_two_nodes_run_each_job_exactly_once(utama, tmp_path):
    berkas = tmp_path / "efek.txt"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=utama.url(), MYSAPK_BASE_URL="", PYTHONUNBUFFERED="1",
               TASKS_BACKEND="django_tasks_db.DatabaseBackend", DEBUG="1")
    workers = []
    t0 = time.monotonic()
    for node, wid in (("node1", "node1-a"), ("node1", "node1-b"), ("node2", "node2-a")):
        log = open(tmp_path / f"{wid}.log", "w")  # noqa: SIM115 (closed below)
        workers.append((log, subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--worker-id", wid, "--interval", "0.2",
             "--no-startup-delay", "--no-reload", "-v", "2"],
            cwd=ROOT, env={**env, "NODE": node}, stdout=log, stderr=subprocess.STDOUT)))
    try:
        # The jobs arrive in one transaction while the workers start (both take a few seconds).
        out = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                              f"BERKAS = {str(berkas)!r}\n" + ENQUEUE],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert out.stdout.strip().endswith("OK"), out.stderr[-2000:]
        print(f"\nenqueued after {time.monotonic() - t0:.1f} s")
        akhir = time.monotonic() + 90
        with psycopg.connect(utama.url()) as c:
            while time.monotonic() < akhir:
                belum = c.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                                  "WHERE status IN ('READY', 'RUNNING')").fetchone()[0]
                c.commit()
                if belum == 0:
                    break
                time.sleep(0.3)
            print(f"drained after {time.monotonic() - t0:.1f} s")
            hasil = c.execute("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
                              ).fetchall()
    finally:
        for _log, p in workers:
            p.terminate()
        for log, p in workers:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            log.close()

    baris = berkas.read_text().splitlines()
    per_job = collections.Counter(int(b.split()[0]) for b in baris)
    assert per_job == collections.Counter(range(N)), [n for n, k in per_job.items() if k != 1]
    assert [s for s, _ in hasil].count("SUCCESSFUL") == N
    per_worker = collections.Counter(w for _, ids in hasil for w in ids)
    print(f"\njobs per worker: {dict(per_worker)}")
    assert sum(per_worker.values()) == N  # each job claimed by exactly one worker
    assert len(per_worker) >= 2, per_worker  # and the work was shared
    assert {b.split()[1] for b in baris} <= {"node1", "node2"}

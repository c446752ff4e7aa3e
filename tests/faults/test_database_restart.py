"""PostgreSQL restarted under a load of writes (issue 10, item 8).

Starts its own PostgreSQL cluster (initdb in a temp dir, a free port chosen now; as the postgres
OS user when run as root), runs the app on it with the production settings (DEBUG=0, gunicorn,
CONN_MAX_AGE=60 with CONN_HEALTH_CHECKS) and sends Tambah SKP requests from four threads. Midway
the cluster is restarted (pg_ctl restart -m fast). It proves:
- every request the app answered as done (302 to Daftar SKP) has its SKP in the database;
- every request sent after the database is back succeeds: the app recovers by itself, without
  a restart (each worker's stale connection is found by the health check and replaced).
The measured figures are printed (run with -s). Bounded: at most 600 requests, 40 s.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests

from tools.gunicorn import free_port, gunicorn_berjalan

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
THREADS = 4
MAX_REQUESTS = 600
DEADLINE_S = 40

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (PG_BIN / "initdb").exists(), reason="PostgreSQL server binaries"),
]


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@dataclass
class Cluster:
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", *args]),
                       check=True, capture_output=True, timeout=60)

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="app",
                               autocommit=True)


@pytest.fixture
def cluster():
    root = Path(tempfile.mkdtemp(prefix="ekinerja-fault-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = free_port()
    c = Cluster(root, port)
    subprocess.run(as_postgres([str(PG_BIN / "initdb"), "-D", str(c.data), "-U", "postgres",
                                "--auth=trust", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True, timeout=120)
    c.pg_ctl("-l", str(root / "pg.log"), "-o",
             f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start")
    try:
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute("CREATE DATABASE app")
        yield c
    finally:
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(c.data), "-m",
                                    "immediate", "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


SETUP = """
from ekinerja.actions import create_instansi
from ekinerja.models import Pegawai
from tests.factories import sesi_masuk
p = Pegawai.objects.create_user("198501012010011001", "rahasia-uji-123", nama="BEBAN UJI",
                                instansi=create_instansi(aktor=None, nama="Instansi Beban"))
print("SESSION", sesi_masuk(p))
"""


@pytest.fixture
def app(cluster):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{cluster.port}/app", DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="60", MYSAPK_BASE_URL="", PYTHONUNBUFFERED="1",
    )
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True, **run)
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], check=True, **run)
    session = out.stdout.split("SESSION ")[1].split()[0]
    with gunicorn_berjalan(env, log=cluster.root / "gunicorn.log", workers=2, timeout=30,
                           extra=["--graceful-timeout", "2"]) as base:
        yield base, session


@dataclass
class Result:
    awal: dt.date
    sent: float
    done: float
    ok: bool
    status: int | None


def test_a_database_restart_under_load_loses_no_answered_write_and_heals_itself(cluster, app):
    """Two restarts: one while requests are in flight (durability of answered writes), one while
    the app is idle, so each worker's first request afterwards meets a dead connection (the
    health check must replace it: without CONN_HEALTH_CHECKS those requests fail)."""
    base, session_key = app
    csrf = secrets.token_hex(16)  # a 32-character secret: the cookie and the header agree
    counter = iter(range(MAX_REQUESTS))
    lock = threading.Lock()
    results: list[Result] = []
    stop_at = time.monotonic() + DEADLINE_S
    paused, stop = threading.Event(), threading.Event()

    def next_day() -> dt.date | None:
        with lock:
            n = next(counter, None)
        return None if n is None else dt.date(2001, 1, 1) + dt.timedelta(days=n)

    def worker() -> None:
        http = requests.Session()
        http.cookies.set("sessionid", session_key)
        http.cookies.set("csrftoken", csrf)
        while not stop.is_set() and time.monotonic() < stop_at:
            if paused.is_set():
                time.sleep(0.02)
                continue
            day = next_day()
            if day is None:
                return
            sent = time.monotonic()
            try:
                r = http.post(f"{base}/skp/tambah/", timeout=10, allow_redirects=False,
                              headers={"X-CSRFToken": csrf, "Referer": base + "/skp/"},
                              data={"periode_awal": day.isoformat(),
                                    "periode_akhir": day.isoformat(),
                                    "pendekatan": "kuantitatif"})
                ok = r.status_code == 302 and r.headers.get("Location") == "/skp/"
                status = r.status_code
            except requests.RequestException:
                ok, status = False, None
            with lock:
                results.append(Result(day, sent, time.monotonic(), ok, status))

    def restart() -> tuple[float, float]:
        started = time.monotonic()
        cluster.pg_ctl("-m", "fast", "-l", str(cluster.root / "pg.log"), "restart")
        return started, time.monotonic()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    busy_start, busy_back = restart()  # 1: under load
    time.sleep(1.5)
    paused.set()
    time.sleep(0.5)  # in-flight requests finish; the workers keep their connections
    idle_start, idle_back = restart()  # 2: while idle
    paused.clear()
    time.sleep(2.0)
    stop.set()
    for t in threads:
        t.join()

    with cluster.connect() as conn:
        stored = [row[0] for row in conn.execute("SELECT periode_awal FROM skp_skp")]
    answered = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    after_busy = [r for r in results if busy_back < r.sent < idle_start]
    after_idle = [r for r in results if r.sent > idle_back]

    def first_ok(rows: list[Result], back: float) -> str:
        done = min((r.done for r in rows if r.ok), default=None)
        return "never" if done is None else f"{done - back:.3f} s"

    print(f"\nrequests {len(results)}: {len(answered)} done, {len(failed)} failed "
          f"(statuses {sorted({r.status for r in failed}, key=str)}). Restart under load took "
          f"{busy_back - busy_start:.2f} s, first success {first_ok(after_busy, busy_back)} "
          f"after the database was back, then {sum(not r.ok for r in after_busy)} of "
          f"{len(after_busy)} failed. Restart while idle took {idle_back - idle_start:.2f} s; "
          f"after it {sum(not r.ok for r in after_idle)} of {len(after_idle)} failed, first "
          f"success {first_ok(after_idle, idle_back)} after.")

    # Every write the app answered as done is in the database, and nothing is there twice.
    assert {r.awal for r in answered} <= set(stored)
    assert len(stored) == len(set(stored))
    # The first restart really hit requests in flight, and the app came back by itself.
    assert any(r.sent < busy_start for r in answered) and failed
    assert any(r.ok for r in after_busy)
    # After the idle restart, every request succeeded: stale connections were replaced.
    assert len(after_idle) >= THREADS
    assert all(r.ok for r in after_idle), [(r.status, r.awal) for r in after_idle if not r.ok]

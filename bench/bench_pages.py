"""Throughput of the pages everyone opens on deadline day, served the production way.

gunicorn (2 sync workers, DEBUG=0, connection reuse) on PostgreSQL, the demo instansi, one
signed-in pegawai; wrk (2 threads, 16 connections, 10 s) against each page. Prints requests per
second and latency. Needs `apt-get install wrk`. Uses (and drops) the database `ekinerja_bench`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB = "ekinerja_bench"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PAGES = ["/login/", "/profil/", "/skp/", "/notifikasi/"]


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 1
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
           "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "LOGIN_MAX_FAILURES_PER_IP": "100000"}
    for cmd in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *cmd], cwd=ROOT, env=env, check=True)
    done = subprocess.run([PY, "manage.py", "seed_demo"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        print(done.stderr[-2000:])
        return 1
    seed = done.stdout
    nip = re.search(r"Pegawai fungsional\s+NIP (\d{18})", seed).group(1)
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "ekinerja.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}",
         "--log-level", "warning"], cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{BASE}/login/", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.3)
        s = requests.Session()
        s.get(f"{BASE}/login/")
        r = s.post(f"{BASE}/login/", data={"nip": nip, "password": "ekinerja-demo-2022",
                                           "csrfmiddlewaretoken": s.cookies["csrftoken"]},
                   headers={"Referer": f"{BASE}/login/"}, allow_redirects=False)
        assert r.status_code == 302, r.text[:300]
        cookie = "; ".join(f"{k}={v}" for k, v in s.cookies.items())
        print(f"{'page':16} {'req/s':>9} {'avg ms':>8} {'p99 ms':>8}  (wrk -t2 -c16 -d10s, "
              "gunicorn 2 sync workers)")
        for page in PAGES:
            status = s.get(f"{BASE}{page}", allow_redirects=False).status_code
            out = subprocess.run(
                ["wrk", "-t2", "-c16", "-d10s", "--latency", "-H", f"Cookie: {cookie}",
                 f"{BASE}{page}"], capture_output=True, text=True, check=True).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            avg = _ms(re.search(r"Latency\s+([\d.]+\w+)", out).group(1))
            p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            note = f"  non-2xx: {errors.group(1)}" if errors else ""
            print(f"{page:16} {rps:9.0f} {avg:8.1f} {p99:8.1f}  HTTP {status}{note}")
    finally:
        server.terminate()
        server.wait()
        psql(f"DROP DATABASE IF EXISTS {DB}")
    return 0


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


if __name__ == "__main__":
    sys.exit(main())

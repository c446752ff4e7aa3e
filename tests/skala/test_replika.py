"""Lag-tolerant reads on a real streaming replica (issue 16 item 4; ekinerja/db_router.py).

A primary cluster of the test's own (tests/skala/conftest.py) and a replica made by
`ops/replica.sh` (pg_basebackup -R, hot standby on another port). Two gunicorns with the
production settings read lists from the replica: node A tolerates 3600 s of lag, node B 1 s.
Which database answered is seen in the data: the test changes an SKP on the primary while the
replica's replay is paused, so the replica shows the old value.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time

import pytest
import requests

from tests.skala.klaster import ROOT, Klaster, folder_postgres
from tools.gunicorn import free_port, gunicorns_berjalan

pytestmark = [pytest.mark.slow]

SETUP = """
import itertools
from tests import factories
factories._seq = itertools.count(900)  # NIPs unique beside the other tests' rows in this cluster
from tests.factories import make_instansi, make_pegawai, make_unit, sesi_masuk
from tests.skp.conftest import make_skp
unit = make_unit(make_instansi("Instansi Replika"), "Unit Replika")
p = make_pegawai(unit, nama="PEGAWAI REPLIKA")
skp = make_skp(p, year=2025)
print("SESI", sesi_masuk(p), skp.pk)
"""


@pytest.fixture
def replika(utama):
    root = folder_postgres("ekinerja-replika-")
    r = Klaster(root / "replika", free_port())
    out = subprocess.run(["bash", "ops/replica.sh", "127.0.0.1", str(utama.port), str(r.data),
                          str(r.port)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    print(out.stdout.strip())
    try:
        r.tunggu("SELECT pg_is_in_recovery()")
        yield r
    finally:
        r.stop("immediate")
        subprocess.run(["rm", "-rf", str(root)], check=False)


def periode(html: str) -> list[str]:
    return re.findall(r"(\d{4}-\d{2}-\d{2}) sampai", html)


def test_lists_read_from_the_replica_unless_it_lags_is_down_or_the_browser_just_wrote(
        utama, replika, tmp_path):
    base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base_env.update(DATABASE_URL=utama.url(), MYSAPK_BASE_URL="", PYTHONUNBUFFERED="1",
                    SECRET_KEY=secrets.token_urlsafe(50))  # the session's hash needs the same key
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=ROOT,
                         env=base_env, capture_output=True, text=True, timeout=300, check=True)
    session_key, skp_id = out.stdout.split("SESI ")[1].split()
    # The replica has replayed the new rows.
    with utama.connect() as c:
        lsn = c.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    replika.tunggu(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'")

    env = {**base_env, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
           "SECURE_COOKIES": "0",
           "SECURE_HSTS_SECONDS": "0", "STATIC_FINDERS": "1",
           "DATABASE_REPLICA_URL": replika.url(), "REPLIKA_CEK_DETIK": "0"}
    env_a = {**env, "REPLIKA_LAG_MAKS": "3600"}
    env_b = {**env, "REPLIKA_LAG_MAKS": "1"}
    logs = [tmp_path / "node_a.log", tmp_path / "node_b.log"]
    with gunicorns_berjalan([env_a, env_b], logs=logs, workers=1, timeout=30) as (a, b):
        csrf = secrets.token_hex(16)
        http = requests.Session()
        http.cookies.set("sessionid", session_key)
        http.cookies.set("csrftoken", csrf)

        def daftar(base: str, **kw) -> list[str]:
            r = http.get(f"{base}/skp/", timeout=30, allow_redirects=False, **kw)
            assert r.status_code == 200, r.text[:500]
            return periode(r.text)

        assert daftar(a) == ["2025-01-01"]

        # The replica stops replaying; the primary changes the SKP (not through the app).
        with replika.connect() as c:
            c.execute("SELECT pg_wal_replay_pause()")
        with utama.connect() as c:
            c.execute("UPDATE skp_skp SET periode_awal = '2025-02-01' WHERE id = %s", [skp_id])

        # Routing: node A (lag up to 3600 s) reads Daftar SKP from the replica: the old value.
        assert daftar(a) == ["2025-01-01"]
        # A page that is not lag-tolerant (the SKP itself) always reads the primary.
        detail = http.get(f"{a}/skp/{skp_id}/", timeout=30)
        assert detail.status_code == 200
        assert "Periode: 1 Februari 2025 sampai 31 Desember 2025" in detail.text
        # Lag: node B (1 s) finds the replica behind and reads the primary.
        time.sleep(1.2)
        assert daftar(b) == ["2025-02-01"]

        # Read-your-writes: a write through node A pins this browser's reads to the primary.
        r = http.post(f"{a}/skp/tambah/", timeout=30, allow_redirects=False,
                      headers={"X-CSRFToken": csrf, "Referer": a + "/skp/"},
                      data={"periode_awal": "2024-01-01", "periode_akhir": "2024-12-31",
                            "pendekatan": "kuantitatif"})
        assert r.status_code == 302, r.text[:500]
        assert "ekinerja_tulis" in http.cookies
        assert sorted(daftar(a)) == ["2024-01-01", "2025-02-01"]
        # The same person without that cookie (another browser) reads the lagging replica.
        tulis = http.cookies.get("ekinerja_tulis")
        http.cookies.pop("ekinerja_tulis")
        assert daftar(a) == ["2025-01-01"]
        http.cookies.set("ekinerja_tulis", tulis)

        # Down: the replica stops; node A answers from the primary, no error.
        http.cookies.pop("ekinerja_tulis")
        replika.stop("fast")
        assert sorted(daftar(a)) == ["2024-01-01", "2025-02-01"]

    log_a, log_b = (p.read_text() for p in logs)
    assert "Replika tidak terjangkau" in log_a, log_a[-2000:]
    assert "Replika tertinggal" in log_b, log_b[-2000:]
    assert "Traceback" not in log_a + log_b, (log_a + log_b)[-3000:]

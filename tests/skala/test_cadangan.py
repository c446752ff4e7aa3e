"""Backups that restore (issue 16 item 5): WAL archiving and a base backup set up by
ops/backup.sh on a primary of the test's own, then the restore drill (ops/restore_drill.sh) on
small data: writes before and after a point T, a restore to T into a fresh cluster, and every
table's row count and the newest Riwayat row equal to what T had (the writes after T absent).
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys

import pytest

from tests.skala.klaster import ROOT, folder_postgres

pytestmark = [pytest.mark.slow]

# Rows through the app's own code: an instansi, people, an SKP with an RHK (each with Riwayat).
TULIS = """
import itertools
from tests import factories
factories._seq = itertools.count(MULAI)  # NIPs unique across these separate processes
from tests.factories import make_instansi, make_pegawai, make_unit
from tests.skp.conftest import add_rhk, make_skp
unit = make_unit(make_instansi("Instansi " + LABEL), "Unit " + LABEL)
for i in range(JUMLAH):
    skp = make_skp(make_pegawai(unit, nama=f"PEGAWAI {LABEL} {i}"), year=2025)
    add_rhk(skp, f"RHK {LABEL} {i}")
print("OK")
"""


_mulai = itertools.count(100, 10)


def tulis(utama, label: str, jumlah: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=utama.url(), MYSAPK_BASE_URL="")
    code = f"LABEL = {label!r}\nJUMLAH = {jumlah}\nMULAI = {next(_mulai)}\n" + TULIS
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.stdout.strip().endswith("OK"), out.stderr[-2000:]


def bash(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def arsip(utama):
    """WAL archiving turned on by ops/backup.sh (and PostgreSQL restarted), for this module."""
    root = folder_postgres("ekinerja-cadangan-")
    out = bash("ops/backup.sh", "arsip", str(utama.port), str(root / "arsip"), "60")
    assert out.returncode == 0, out.stderr
    utama.pg_ctl("-m", "fast", "-l", str(utama.log), "restart")
    with utama.connect() as c:
        assert c.execute("SHOW archive_mode").fetchone()[0] == "on"
    try:
        yield root / "arsip"
    finally:
        with utama.connect() as c:  # the other tests' WAL goes nowhere once the folder is gone
            c.execute("ALTER SYSTEM SET archive_command = '/bin/true'")
            c.execute("SELECT pg_reload_conf()")
        subprocess.run(["rm", "-rf", str(root)], check=False)


def test_archiving_base_backup_and_a_restore_to_a_point_in_time(utama, arsip):
    backups = arsip.parent / "backup-1"  # the postgres OS user writes there (pytest's tmp: no)
    out = bash("ops/backup.sh", "base", str(utama.port), str(backups))
    assert out.returncode == 0, out.stderr
    print("\n" + out.stdout.strip())
    tulis(utama, "setelah-base", 3)  # only in the archived WAL, not in the base backup
    with utama.connect() as c:
        rows = sum(c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for (t,) in c.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall())
        assert c.execute("SELECT count(*) FROM skp_hasilkerja WHERE teks LIKE 'RHK setelah-base%'"
                         ).fetchone()[0] == 3

    # The drill marks T, restores the base backup + archive to T, compares.
    drill = bash("ops/restore_drill.sh", str(utama.port), "app", str(arsip), str(backups))
    print(drill.stdout + drill.stderr)
    assert drill.returncode == 0
    # It counted the real rows (those written after the base backup included) and found them all.
    assert re.search(rf"T = .* \(\d+ tables, {rows} rows\)", drill.stdout), rows
    assert re.search(r"OK: all \d{2,} tables have the row counts of T", drill.stdout)
    assert re.search(r"RPO: segment \w+ holding T archived \d+ ms", drill.stdout)
    assert re.search(r"RTO: \d+ ms", drill.stdout)


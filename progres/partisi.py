"""Monthly partitions of progres_progresharian (PostgreSQL declarative range partitioning).

* 0001_initial creates the table PARTITION BY RANGE (tanggal) through `CreateModelBerpartisi`,
  a DEFAULT partition, and the months from January of last year to three months ahead.
* `manage.py partisi_progres` (for the scheduled job) makes the coming months ahead.
* A row whose month has no partition yet lands in the DEFAULT partition, so a write never fails;
  when that month's partition is made later, its rows are moved out of DEFAULT into it in the same
  transaction (a plain CREATE ... PARTITION OF would refuse while DEFAULT holds such rows).

On SQLite (the demo) the table is a plain table and everything here does nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connections, migrations, transaction
from django.utils import timezone

TABEL = "progres_progresharian"
DEFAULT = f"{TABEL}_default"


def nama_partisi(tahun: int, bulan: int) -> str:
    return f"{TABEL}_{tahun:04d}{bulan:02d}"


def awal_bulan(d: dt.date) -> dt.date:
    return d.replace(day=1)


def tambah_bulan(d: dt.date, n: int) -> dt.date:
    m = d.year * 12 + (d.month - 1) + n
    return dt.date(m // 12, m % 12 + 1, 1)


class CreateModelBerpartisi(migrations.CreateModel):
    """CreateModel whose table, on PostgreSQL, is PARTITION BY RANGE ("tanggal").

    Django's own DDL (columns, composite primary key, checks, foreign keys and indexes, which
    become partitioned indexes) is kept; only the CREATE TABLE statement gains the clause.
    """

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any,
                          to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        original = schema_editor.sql_create_table
        schema_editor.sql_create_table = original + ' PARTITION BY RANGE ("tanggal")'
        try:
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        finally:
            schema_editor.sql_create_table = original


def partisi_yang_ada(using: str = "default") -> dict[str, str]:
    """{partition name: its bound expression} of the table (empty on SQLite)."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return {}
    with conn.cursor() as cur:
        cur.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
            " WHERE p.relname = %s ORDER BY c.relname",
            [TABEL],
        )
        return dict(cur.fetchall())


def baris_di_default(using: str = "default") -> int:
    conn = connections[using]
    if conn.vendor != "postgresql":
        return 0
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {DEFAULT}")  # noqa: S608 (fixed name)
        return int(cur.fetchone()[0])


def buat_default(using: str = "default") -> bool:
    conn = connections[using]
    if conn.vendor != "postgresql" or DEFAULT in partisi_yang_ada(using):
        return False
    with conn.cursor() as cur:
        cur.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABEL} DEFAULT")
    return True


def buat_partisi(dari: dt.date, sampai: dt.date, using: str = "default") -> list[tuple[str, int]]:
    """Make the monthly partitions from `dari`'s month to `sampai`'s month that do not exist yet.

    Returns [(partition, rows moved in from DEFAULT)]. Each month is one transaction: the new
    table is made LIKE the parent, DEFAULT's rows of that month are moved into it, and it is
    attached (a CHECK constraint matching the bound lets ATTACH skip validating the new table;
    it is dropped afterwards). ATTACH takes only a SHARE UPDATE EXCLUSIVE lock on the parent, so
    reads and writes of other months go on meanwhile.
    """
    conn = connections[using]
    if conn.vendor != "postgresql":
        return []
    made: list[tuple[str, int]] = []
    bulan = awal_bulan(dari)
    akhir = awal_bulan(sampai)
    ada = partisi_yang_ada(using)
    while bulan <= akhir:
        nama = nama_partisi(bulan.year, bulan.month)
        berikut = tambah_bulan(bulan, 1)
        if nama not in ada:
            lo, hi = bulan.isoformat(), berikut.isoformat()
            with transaction.atomic(using=using), conn.cursor() as cur:
                cur.execute(f"CREATE TABLE {nama} (LIKE {TABEL} INCLUDING DEFAULTS"
                            " INCLUDING CONSTRAINTS)")
                moved = 0
                if DEFAULT in ada:
                    cur.execute(
                        f"WITH pindah AS (DELETE FROM {DEFAULT} WHERE tanggal >= %s"  # noqa: S608
                        f" AND tanggal < %s RETURNING *) INSERT INTO {nama} SELECT * FROM pindah",
                        [lo, hi],
                    )
                    moved = cur.rowcount
                cur.execute(f"ALTER TABLE {nama} ADD CONSTRAINT {nama}_batas CHECK"
                            f" (tanggal >= DATE '{lo}' AND tanggal < DATE '{hi}')")
                cur.execute(f"ALTER TABLE {TABEL} ATTACH PARTITION {nama}"
                            f" FOR VALUES FROM ('{lo}') TO ('{hi}')")
                cur.execute(f"ALTER TABLE {nama} DROP CONSTRAINT {nama}_batas")
            made.append((nama, moved))
        bulan = berikut
    return made


def siapkan(today: dt.date | None = None, *, ke_depan: int = 3, using: str = "default"
            ) -> list[tuple[str, int]]:
    """DEFAULT plus every month from January of last year to `ke_depan` months ahead."""
    today = today or timezone.localdate()
    buat_default(using)
    return buat_partisi(dt.date(today.year - 1, 1, 1), tambah_bulan(today, ke_depan), using)

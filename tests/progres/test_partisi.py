"""The entry table is range-partitioned by month in PostgreSQL; hot queries prune to their
partitions and read an index that leads with the pegawai and the date."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.db import connection

from progres import partisi
from progres.models import ProgresHarian
from tests.progres.conftest import RABU, catat


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cur.fetchall())


def test_the_table_is_partitioned_with_a_default_and_months_ahead(db):
    with connection.cursor() as cur:
        cur.execute("SELECT partstrat FROM pg_partitioned_table p JOIN pg_class c"
                    " ON c.oid = p.partrelid WHERE c.relname = %s", [partisi.TABEL])
        assert cur.fetchone() == ("r",)
    ada = partisi.partisi_yang_ada()
    assert ada[partisi.DEFAULT] == "DEFAULT"
    assert "progres_progresharian_202611" in ada
    assert ada["progres_progresharian_202611"] == "FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')"


def test_a_month_view_prunes_to_one_partition_on_the_pegawai_date_index(org, rhk):
    catat(org.pegawai, rhk)
    qs = ProgresHarian.objects.milik(org.pegawai).antara(dt.date(2026, 11, 1),
                                                         dt.date(2026, 11, 30))
    sql, params = qs.query.sql_with_params()
    plan = _plan(sql, list(params))
    assert "progres_progresharian_202611" in plan
    assert "progres_progresharian_202610" not in plan and "default" not in plan
    # The partition's copy of progres_pegawai_tanggal (PostgreSQL names it after the columns).
    assert "Index Scan using progres_progresharian_202611_pegawai_id_tanggal_idx" in plan
    assert "Index Cond: ((pegawai_id = " in plan and "(tanggal >= '2026-11-01'::date)" in plan


def test_rows_without_a_partition_go_to_default_and_move_when_it_is_made(org, rhk):
    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE {partisi.TABEL} DETACH PARTITION progres_progresharian_202611")
        cur.execute("DROP TABLE progres_progresharian_202611")
    e = catat(org.pegawai, rhk)
    assert partisi.baris_di_default() == 1
    out = io.StringIO()
    call_command("partisi_progres", "--dari", "2026-11", "--ke-depan", "1", stdout=out)
    assert "dibuat progres_progresharian_202611 (1 baris dipindah dari DEFAULT)" in out.getvalue()
    assert partisi.baris_di_default() == 0
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM progres_progresharian_202611")
        assert cur.fetchone() == (1,)
    assert ProgresHarian.objects.get(id=e.id, tanggal=RABU).uraian == "Menyusun laporan"
    # Running it again makes nothing.
    out = io.StringIO()
    call_command("partisi_progres", "--ke-depan", "1", stdout=out)
    assert "0 partisi baru" in out.getvalue()


def test_partitions_ahead(db):
    made = partisi.buat_partisi(dt.date(2027, 3, 1), dt.date(2027, 5, 1))
    assert [n for n, _ in made] == ["progres_progresharian_202703", "progres_progresharian_202704",
                                    "progres_progresharian_202705"]

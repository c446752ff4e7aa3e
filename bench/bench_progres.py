"""Progres Harian at volume: the month view, the review queue and Pengisian Eviden with 100
thousand and with 10 million entries in the partitioned table, with the EXPLAIN (ANALYZE, BUFFERS)
of each hot query.

    nice -n 19 .venv/bin/python bench/bench_progres.py                  # 100k, then 10M
    BENCH_PROGRES_ROWS=20000,200000 .venv/bin/python bench/bench_progres.py   # while developing

One throwaway database (`bench_progres`, dropped afterwards; needs ~4 GB of disk at 10M). The
measured people are built through the model methods: a Direktur rating 20 staff, each with an
approved 2026 SKP of 3 RHK and two entries every working day from January to "today" (18
November 2026; the last two weeks wait for review). Everyone else is filler, loaded with COPY
(one pegawai, SKP and RHK per ~460 entries, 1-3 entries per working day, mostly approved) until
the table holds the first size; the pages are measured; then filler is added up to the next size
and they are measured again. The same people, the same pages: only the table grows.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import sys
import time

from harness import throwaway_database, timed_get

SIZES = [int(x) for x in os.environ.get("BENCH_PROGRES_ROWS", "100000,10000000").split(",")]
RUNS = int(os.environ.get("BENCH_PROGRES_RUNS", "30"))
N_STAF = 20
HARI_INI = dt.date(2026, 11, 18)
AWAL = dt.date(2026, 1, 1)


def hari_kerja(libur: set[dt.date]) -> list[dt.date]:
    days = [AWAL + dt.timedelta(days=i) for i in range((HARI_INI - AWAL).days + 1)]
    return [d for d in days if d.weekday() < 5 and d not in libur]


class Bar:
    """A one-line progress bar on stderr: done/total, rate, time left."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.t0, self.last = label, total, time.perf_counter(), 0.0

    def show(self, done: int, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        frac = done / self.total if self.total else 1
        rate = done / max(now - self.t0, 1e-9)
        left = (self.total - done) / rate if rate else 0
        bar = "#" * int(frac * 30)
        sys.stderr.write(f"\r{self.label} [{bar:<30}] {frac:6.1%} {done:,}/{self.total:,} "
                         f"{rate:,.0f}/s, sisa {left:,.0f} s   ")
        if force:
            sys.stderr.write("\n")
        sys.stderr.flush()


def build_measured():
    from ekinerja.models import KelasJabatan
    from progres.models import HariLibur, StatusProgres
    from tests.factories import lead, make_instansi, make_pegawai, make_unit
    from tests.penilaian.conftest import approved_skp

    instansi = make_instansi("Instansi Bench")
    unit = make_unit(instansi, "Direktorat Bench")
    direktur = make_pegawai(unit, nama="DIREKTUR BENCH", kelas=KelasJabatan.JPT_PRATAMA)
    lead(unit, direktur)
    skps = []
    for k in range(N_STAF):
        p = make_pegawai(unit, nama=f"STAF {k + 1:03d}")
        skps.append(approved_skp(p, n_rhk=3, n_ind=1, year=2026))
    libur = set(HariLibur.objects.filter(tanggal__year=2026).values_list("tanggal", flat=True))
    days = hari_kerja(libur)
    rows = []
    for skp in skps:
        rhks = list(skp.hasil_kerja.values_list("pk", flat=True))
        for n, d in enumerate(days):
            for k in range(2):
                menunggu = d > HARI_INI - dt.timedelta(days=14)
                rows.append((d, skp.pegawai_id, rhks[(n + k) % len(rhks)],
                             f"Kegiatan {k + 1} tanggal {d}", 1 + (n + k) % 3, "dokumen",
                             StatusProgres.DIAJUKAN if menunggu else StatusProgres.DISETUJUI,
                             "https://drive.example/b" if n % 5 == 0 else ""))
    return direktur, skps, rows, days


def copy_entries(rows, label: str) -> None:
    """COPY entries (tanggal, pegawai, rhk, uraian, volume, satuan, status, tautan) in chunks."""
    from django.db import connection

    cols = ("tanggal, pegawai_id, rhk_id, uraian, volume, satuan, status, bukti_tautan, "
            "rencana_aksi_teks, bukti_berkas, bukti_nama, catatan, versi, dibuat, diubah")
    stamp = "2026-11-18 03:00:00+00"
    total = len(rows) if isinstance(rows, list) else rows[1]
    it = rows if isinstance(rows, list) else rows[0]
    bar = Bar(label, total)
    done = 0
    with connection.cursor() as cur:
        raw = cur.cursor
        with raw.copy(f"COPY progres_progresharian ({cols}) FROM STDIN") as copy:
            buf = io.StringIO()
            for d, p, r, uraian, vol, sat, st, tautan in it:
                buf.write(f"{d}\t{p}\t{r}\t{uraian}\t{vol}\t{sat}\t{st}\t{tautan}\t\t\t\t\t1\t"
                          f"{stamp}\t{stamp}\n")
                done += 1
                if done % 20000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
                    bar.show(done)
            copy.write(buf.getvalue())
    bar.show(done, force=True)


def add_filler(instansi, mulai: int, n_rows: int, days: list[dt.date]) -> int:
    """Filler pegawai (+ SKP + RHK) and their entries until `n_rows` more rows exist."""
    from ekinerja.models import Pegawai
    from progres.models import StatusProgres
    from skp.models import HasilKerja, Skp

    rng = random.Random(mulai)
    per_orang = len(days) * 2
    n_orang = max(1, -(-n_rows // per_orang))
    orang = Pegawai.objects.bulk_create(
        [Pegawai(nip=f"9{mulai + i:017d}", nama=f"PENGISI {mulai + i}", instansi=instansi,
                 password="!") for i in range(n_orang)], batch_size=2000)
    skps = Skp.objects.bulk_create(
        [Skp(pegawai=p, instansi=instansi, periode_awal=AWAL, periode_akhir=dt.date(2026, 12, 31),
             pendekatan="kuantitatif", format="NON_JPT", status="persetujuan") for p in orang],
        batch_size=2000)
    rhks = HasilKerja.objects.bulk_create(
        [HasilKerja(skp=s, jenis="utama", teks="RHK pengisi") for s in skps], batch_size=2000)

    def gen():
        made = 0
        for p, r in zip(orang, rhks, strict=True):
            for d in days:
                for k in range(rng.choice((1, 2, 2, 3))):
                    if made >= n_rows:
                        return
                    st = StatusProgres.DIAJUKAN if d > HARI_INI - dt.timedelta(days=7) else \
                        StatusProgres.DISETUJUI
                    yield (d, p.pk, r.pk, f"Kegiatan pengisi {k}", 1 + k, "dokumen", st, "")
                    made += 1

    copy_entries((gen(), n_rows), f"COPY {n_rows:,}")
    return n_orang


def hot_queries(client, url: str, **headers: str) -> tuple[int, list[tuple[str, tuple]]]:
    """The page's queries; those on the progres table are returned with their parameters."""
    from django.db import connection

    seen: list[tuple[str, tuple]] = []
    total = 0

    def capture(execute, sql, params, many, context):
        nonlocal total
        total += 1
        if "progres_progresharian" in sql:
            seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert client.get(url, headers=headers).status_code == 200
    return total, seen


def explain(sql: str, params: tuple) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING ON) " + sql, params)
        return "\n".join("    " + r[0] for r in cur.fetchall())


def use(name: str) -> None:
    """Point the connection at one of the two databases (reconnects on the next query)."""
    from django.db import connection

    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name


def build(size: int) -> dict:
    """The measured people, then filler up to `size` entries, in the current database."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from penilaian.models import PeriodePenilaian

    t0 = time.perf_counter()
    direktur, skps, rows, days = build_measured()
    copy_entries(rows, "COPY staf")
    need = size - len(rows)
    n_orang = add_filler(direktur.instansi, 0, need, days) if need > 0 else 0
    with connection.cursor() as cur:
        # As autovacuum would have by then: statistics and the visibility map.
        cur.execute("VACUUM (ANALYZE) progres_progresharian")
        cur.execute("SELECT count(*) FROM progres_progresharian")
        count = cur.fetchone()[0]
        cur.execute("SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i"
                    " JOIN pg_class p ON p.oid = i.inhparent"
                    " WHERE p.relname = 'progres_progresharian'")
        whole = cur.fetchone()[0] or 0
    print(f"{connection.settings_dict['NAME']}: {count:,} entries ({len(rows):,} of the "
          f"{N_STAF} measured staff, {n_orang:,} filler pegawai); table with indexes "
          f"{whole / 2**30:.2f} GiB; built in {time.perf_counter() - t0:.0f} s", flush=True)
    first = skps[0]
    periode = PeriodePenilaian.objects.get(instansi=direktur.instansi, awal__year=2026,
                                           nama="16 Oktober - 15 November")
    pegawai, rater = Client(), Client()
    pegawai.force_login(first.pegawai)
    rater.force_login(direktur)
    return {"count": count, "pages": [
        ("Kalender bulan (pegawai)", pegawai, reverse("progres:bulan") + "?bulan=2026-11"),
        ("Review (pejabat penilai)", rater, reverse("progres:review")),
        ("Pengisian Eviden", pegawai, reverse("penilaian:eviden", args=[first.pk, periode.pk])),
    ]}


def measure_interleaved(dbs: dict[str, dict]) -> dict[str, dict[str, list[float]]]:
    """Each page in each database in turn, run after run, so that whatever else the machine
    does at that moment weighs on both sizes alike."""
    names = list(dbs)
    times: dict[str, dict[str, list[float]]] = {}
    queries: dict[tuple[str, str], int] = {}
    for idx in range(len(dbs[names[0]]["pages"])):
        label = dbs[names[0]]["pages"][idx][0]
        for name in names:
            use(name)
            _l, client, url = dbs[name]["pages"][idx]
            n, _size, _t = timed_get(client, url, 3)  # warm, count queries
            queries[(label, name)] = n
        for _run in range(RUNS):
            for name in names:
                use(name)
                _l, client, url = dbs[name]["pages"][idx]
                client.get(url)  # (re)connected and warm
                t = time.perf_counter()
                assert client.get(url).status_code == 200
                times.setdefault(label, {}).setdefault(name, []).append(
                    (time.perf_counter() - t) * 1000)
        for name in names:
            ts = times[label][name]
            print(f"  {label} @ {dbs[name]['count']:,}: {queries[(label, name)]} queries; "
                  f"median {statistics.median(ts):.1f} ms (min {min(ts):.1f}, "
                  f"max {max(ts):.1f}) over {RUNS} runs", flush=True)
    return times


def main() -> int:
    from django.utils import timezone

    from penilaian.rules import WIB

    moment = dt.datetime(2026, 11, 18, 10, 0, tzinfo=WIB)
    timezone.now = lambda: moment
    names = [f"bench_progres_{n}" for n in SIZES]
    with throwaway_database(names[0]):
        from django.db import connection

        dbs = {names[0]: build(SIZES[0])}
        created = []
        try:
            for name, size in zip(names[1:], SIZES[1:], strict=True):
                base = connection.settings_dict["NAME"]
                connection.settings_dict["TEST"]["NAME"] = name
                connection.creation.create_test_db(verbosity=0, autoclobber=True)
                created.append((name, base))
                dbs[name] = build(size)
            print("\n== pages, measured in turn in both databases", flush=True)
            times = measure_interleaved(dbs)
            for name in names:
                use(name)
                print(f"\n== EXPLAIN (ANALYZE, BUFFERS) at {dbs[name]['count']:,} entries")
                for label, client, url in dbs[name]["pages"]:
                    _n, hot = hot_queries(client, url)
                    for sql, params in hot:
                        print(f"  -- {label}:\n{explain(sql, params)}", flush=True)
            a, b = names[0], names[-1]
            print(f"\n== summary: median ms at {dbs[a]['count']:,} vs {dbs[b]['count']:,} entries")
            for label, per in times.items():
                ma, mb = statistics.median(per[a]), statistics.median(per[b])
                print(f"  {label}: {ma:.1f} ms vs {mb:.1f} ms: ratio {mb / ma:.2f}x")
        finally:
            for name, base in reversed(created):
                use(name)
                connection.creation.destroy_test_db(base, verbosity=0)
            use(names[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Monitoring at instansi scale: 50,000 pegawai (issue 13).

    nice -n 19 env DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja \\
        .venv/bin/python bench/bench_monitoring.py [--pegawai 50000]

Builds, in a throwaway database `bench_monitoring`, one instansi whose tree is 1 Badan, 10 Deputi
(JPT Madya), 50 Direktorat (JPT Pratama), 200 Bagian and 600 Subbagian, with the pegawai spread
over the Subbagian. The rows go in with PostgreSQL COPY (no model methods: this is volume, not
behaviour): SKPs for 90 % (5 % draft, 5 % pengajuan, 80 % persetujuan) with one RHK and one
indicator each, and for the June 2025 period eviden for 70 % of the approved ones, realisasi
for 65 %, ratings for half. Then, with Django's test client in-process:

* each Monitoring page as the admin instansi and as a Deputi (query count, median time);
* "Laporan SKP" (one row per pegawai, about 50,000) and "Laporan Penilaian SKP" (the approved
  SKPs), as .xlsx and .csv, each built by the task in a fresh process that prints its wall time
  and peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time

from harness import ROOT, spread, throwaway_database, timed_get

DB = "bench_monitoring"
RUNS = 5


def copy(cursor, model, rows: list[dict]) -> None:
    """COPY rows into the model's table; columns not given take the field's default."""
    fields = list(model._meta.concrete_fields)
    cols = [f.column for f in fields]
    defaults = {}
    for f in fields:
        value = f.get_default()  # "" for text fields without a default
        defaults[f.column] = json.dumps(value) if isinstance(value, (dict, list)) else value
    table = model._meta.db_table
    with cursor.copy(f'COPY "{table}" ({", ".join(cols)}) FROM STDIN') as cp:
        for row in rows:
            out = []
            for c in cols:
                v = row.get(c, defaults[c])
                if isinstance(v, dict):
                    v = json.dumps(v)
                out.append(v)
            cp.write_row(out)
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                   f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))")


def nip(n: int) -> str:
    """Unique 18-digit NIPs (text, as always): 198001012005010001, ..."""
    return str(198001012005010000 + n)


def build(n_pegawai: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from ekinerja.actions import create_instansi
    from ekinerja.models import KelasJabatan, Pegawai, UnitOrganisasi
    from penilaian.actions import create_periods
    from penilaian.models import CapaianIndikator, Eviden, Penilaian, PeriodePenilaian
    from penilaian.rules import MATRIKS, Rating
    from skp.models import HasilKerja, Indikator, Skp

    rng = random.Random(13)
    instansi = create_instansi(aktor=None, nama="Kementerian Bench")
    create_periods(aktor=None, instansi=instansi, tahun=2025)
    juni = PeriodePenilaian.objects.get(instansi=instansi, nama="16 Juni - 15 Juli",
                                        awal__year=2025)
    now = timezone.now()
    password = make_password("bench-pass-123")
    units, people = [], []
    uid = pid = 0
    kepala: dict[int, int] = {}

    def unit(nama, parent, kelas):
        nonlocal uid, pid
        uid += 1
        pid += 1
        units.append({"id": uid, "instansi_id": instansi.pk, "parent_id": parent, "nama": nama,
                      "kepala_id": pid})
        people.append({"id": pid, "nip": nip(pid), "nama": f"KEPALA {nama}".upper(),
                       "kelas_jabatan": kelas, "instansi_id": instansi.pk, "unit_id": uid,
                       "password": password, "date_joined": now, "jabatan": f"Kepala {nama}"})
        kepala[uid] = pid
        return uid

    root = unit("Badan", None, KelasJabatan.JPT_UTAMA)
    subbag = []
    for d in range(10):
        dep = unit(f"Deputi {d}", root, KelasJabatan.JPT_MADYA)
        for r in range(5):
            dit = unit(f"Direktorat {d}.{r}", dep, KelasJabatan.JPT_PRATAMA)
            for b in range(4):
                bag = unit(f"Bagian {d}.{r}.{b}", dit, KelasJabatan.ADMINISTRATOR)
                for s in range(3):
                    subbag.append(unit(f"Subbagian {d}.{r}.{b}.{s}", bag, KelasJabatan.PENGAWAS))
    while pid < n_pegawai:
        pid += 1
        u = subbag[pid % len(subbag)]
        people.append({"id": pid, "nip": nip(pid), "nama": f"PEGAWAI {pid:05d}",
                       "kelas_jabatan": rng.choice(["FUNGSIONAL", "PELAKSANA"]),
                       "jenis_pegawai": "PPPK" if pid % 9 == 0 else "PNS",
                       "instansi_id": instansi.pk, "unit_id": u, "password": password,
                       "date_joined": now, "jabatan": "Pengolah Data"})
    parent = {u["id"]: u["parent_id"] for u in units}
    unit_of = {p["id"]: p["unit_id"] for p in people}

    def rater(p_id: int) -> int | None:
        u = unit_of[p_id]
        if kepala[u] != p_id:
            return kepala[u]
        return kepala[parent[u]] if parent[u] else None

    skps, rhks, inds, evs, caps, pns = [], [], [], [], [], []
    names = {p["id"]: p["nama"] for p in people}
    ratings = list(MATRIKS)
    for p in people:
        roll = rng.random()
        if roll < 0.10:
            continue
        status = "draft" if roll < 0.15 else "pengajuan" if roll < 0.20 else "persetujuan"
        sid = len(skps) + 1
        r = rater(p["id"])
        skps.append({"id": sid, "pegawai_id": p["id"], "instansi_id": instansi.pk,
                     "unit_id": p["unit_id"], "periode_awal": dt.date(2025, 1, 1),
                     "periode_akhir": dt.date(2025, 12, 31), "pendekatan": "kuantitatif",
                     "format": "NON_JPT", "status": status, "pejabat_penilai_id": r,
                     "snapshot_pegawai": {"nama": p["nama"], "nip_nrp": p["nip"]},
                     "snapshot_penilai": {"nama": names.get(r, ""), "nip_nrp": nip(r) if r else ""},
                     "dibuat": now, "diubah": now})
        rhks.append({"id": sid, "skp_id": sid, "jenis": "utama", "teks": "Laporan kegiatan",
                     "urutan": 1})
        inds.append({"id": sid, "rhk_id": sid, "teks": "Jumlah laporan", "target_teks": "12 laporan",
                     "target_nilai": 12, "target_satuan": "laporan", "aspek": "kuantitas",
                     "urutan": 1})
        if status != "persetujuan":
            continue
        if rng.random() < 0.70:
            evs.append({"id": len(evs) + 1, "indikator_id": sid, "periode_id": juni.pk,
                        "nama": "Laporan", "tautan": "https://drive.example/x", "dibuat": now})
        if rng.random() < 0.65:
            caps.append({"id": len(caps) + 1, "indikator_id": sid, "periode_id": juni.pk,
                         "realisasi": "10", "sumber_data": "Aplikasi"})
        if rng.random() < 0.50:
            h, b = ratings[rng.randrange(len(ratings))] if rng.random() < 0.3 else (
                Rating.SESUAI, Rating.SESUAI)
            pns.append({"id": len(pns) + 1, "skp_id": sid, "periode_id": juni.pk,
                        "rating_hasil": h, "rating_perilaku": b,
                        "predikat_matriks": MATRIKS[(h, b)], "dinilai_oleh_id": r,
                        "dinilai_pada": now, "versi": 2})
    # Pegawai and units point at each other (unit, kepala): Django's foreign keys are
    # DEFERRABLE INITIALLY DEFERRED, so inside one transaction the order does not matter.
    with transaction.atomic(), connection.cursor() as c:
        raw = c.cursor
        copy(raw, Pegawai, people)
        copy(raw, UnitOrganisasi, units)
        copy(raw, Skp, skps)
        copy(raw, HasilKerja, rhks)
        copy(raw, Indikator, inds)
        copy(raw, Eviden, evs)
        copy(raw, CapaianIndikator, caps)
        copy(raw, Penilaian, pns)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    deputi_head = kepala[units[1]["id"]]
    admin = Pegawai.objects.get(pk=people[-1]["id"])
    admin.is_admin_instansi = True
    admin.save(update_fields=["is_admin_instansi"])
    return {"instansi": instansi, "juni": juni, "admin": admin,
            "deputi": Pegawai.objects.get(pk=deputi_head), "units": len(units),
            "pegawai": len(people), "skp": len(skps), "eviden": len(evs),
            "realisasi": len(caps), "penilaian": len(pns)}


def build_report(laporan_id: int) -> None:
    """In a fresh process: build one report, print seconds and peak RSS (VmHWM of this
    process; ru_maxrss would carry the forking parent's high-water mark across exec)."""
    import django

    django.setup()
    from monitoring.models import Laporan
    from monitoring.tasks import buat_laporan

    t = time.perf_counter()
    n = buat_laporan.call(laporan_id)
    took = time.perf_counter() - t
    lap = Laporan.objects.defer("berkas").get(pk=laporan_id)
    status = open("/proc/self/status").read()  # noqa: SIM115, PTH123
    rss = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]
              ) / 1024
    print(json.dumps({"rows": n, "seconds": round(took, 2), "peak_rss_mb": round(rss, 1),
                      "bytes": lap.ukuran, "status": lap.status}))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=50_000)
    parser.add_argument("--build-report", type=int)
    args = parser.parse_args()
    if args.build_report:
        build_report(args.build_report)
        return 0
    with throwaway_database(DB):
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from monitoring.models import Laporan

        t0 = time.perf_counter()
        data = build(args.pegawai)
        print(f"data: {data['pegawai']} pegawai in {data['units']} units, {data['skp']} SKP, "
              f"June 2025: {data['eviden']} eviden, {data['realisasi']} realisasi, "
              f"{data['penilaian']} rated; built in {time.perf_counter() - t0:.1f} s")
        juni = data["juni"]
        q = f"?tahun=2025&periode={juni.pk}"
        admin, deputi = Client(), Client()
        admin.force_login(data["admin"])
        deputi.force_login(data["deputi"])
        dep_unit = data["deputi"].unit_id
        for label, client, url in (
            ("Pengisian, admin, whole instansi", admin, reverse("monitoring:pengisian") + q),
            ("Pengisian, admin, one Deputi", admin,
             reverse("monitoring:pengisian") + q + f"&unit={dep_unit}"),
            ("Pengisian, the Deputi (pimpinan unit)", deputi, reverse("monitoring:pengisian") + q),
            ("Daftar pegawai, admin, belum dinilai", admin,
             reverse("monitoring:pegawai") + q + "&status=belum_dinilai"),
            ("Kurva, admin, whole instansi", admin, reverse("monitoring:kurva") + q),
            ("Kurva, the Deputi", deputi, reverse("monitoring:kurva") + q),
        ):
            n_queries, size, times = timed_get(client, url, RUNS)
            print(f"{label}: {n_queries} queries, {size / 1024:.0f} KiB; {spread(times)}")
        db = connection.settings_dict
        # The worker as in production: DEBUG off (no query log kept in memory).
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ekinerja.settings", "DEBUG": "0",
               "SECRET_KEY": "bench-only-" + "k" * 50,
               "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                               f"{db['PORT'] or 5432}/{db['NAME']}"}
        for jenis, fmt in (("skp", "xlsx"), ("skp", "csv"), ("penilaian", "xlsx"),
                           ("penilaian", "csv")):
            lap = Laporan.objects.create(peminta=data["admin"], jenis=jenis, format=fmt,
                                         instansi=data["instansi"], tahun=2025,
                                         periode=juni if jenis == "penilaian" else None)
            out = subprocess.run([sys.executable, __file__, "--build-report", str(lap.pk)],
                                 cwd=ROOT, env=env, capture_output=True, text=True, check=False)
            if out.returncode:
                print(out.stderr[-3000:])
                return 1
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"Laporan {jenis} .{fmt}: {r['rows']} rows in {r['seconds']} s, peak RSS "
                  f"{r['peak_rss_mb']} MB (the whole worker process), file {r['bytes'] / 1024:.0f} KiB, "
                  f"{r['status']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

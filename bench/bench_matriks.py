"""Server time of the Matriks Pembagian Peran Hasil page at 100 subordinates × 30 leader indicators.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_matriks .venv/bin/python bench/bench_matriks.py

Builds the data through the model methods and actions in a throwaway database on that server
(`bench_<name>`, created and dropped here), then requests the page in-process with Django's test
client (middleware, view, queries and template; no network) and prints the median.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")

N_BAWAHAN, N_RHK, N_IND, RUNS = 100, 10, 3, 30


def build():
    import datetime as dt

    from ekinerja.models import KelasJabatan, Pegawai
    from matriks import actions
    from matriks.models import BarisMatriks
    from skp.models import Skp
    from tests.factories import lead, make_instansi, make_pegawai, make_unit

    unit = make_unit(make_instansi("Instansi Bench"), "Direktorat Bench")
    direktur = make_pegawai(unit, nama="DIREKTUR BENCH", kelas=KelasJabatan.JPT_PRATAMA)
    lead(unit, direktur)
    year = {"periode_awal": dt.date(2025, 1, 1), "periode_akhir": dt.date(2025, 12, 31),
                "pendekatan": "kuantitatif"}
    atasan = Skp.create_for(direktur, aktor=direktur, **year)
    rhks = []
    for i in range(N_RHK):
        rhk = atasan.add_rhk(aktor=direktur, jenis="utama", klasifikasi="individu",
                             teks=f"Rencana hasil kerja pimpinan nomor {i + 1} yang cukup panjang")
        for j in range(N_IND):
            rhk.add_indikator(aktor=direktur, teks=f"Indikator {i + 1}.{j + 1} kinerja unit",
                              target_teks="90 %", perspektif="penerima_layanan")
        rhks.append(rhk)
    for k in range(N_BAWAHAN):
        p = make_pegawai(unit, nama=f"BAWAHAN {k + 1:03d}")
        Skp.create_for(p, aktor=p, **year)
    assert actions.sync_bawahan(aktor=direktur, skp_atasan=atasan) == N_BAWAHAN
    for k, baris in enumerate(BarisMatriks.objects.filter(skp_atasan=atasan).order_by("pk")):
        for rhk in {rhks[k % N_RHK], rhks[(k + 1) % N_RHK]}:
            actions.add_rhk_bawahan(aktor=direktur, baris=baris, rhk_atasan=rhk, jenis="utama",
                                    teks=f"RHK bawahan {k + 1} untuk kolom {rhk.pk}")
    assert Pegawai.objects.count() == N_BAWAHAN + 1
    return direktur, atasan


def main() -> int:
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    if connection.vendor != "postgresql":
        print("Set DATABASE_URL=postgres://... (the benchmark runs on PostgreSQL)")
        return 1
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        direktur, atasan = build()
        print(f"data: {N_BAWAHAN} subordinates x {N_RHK} RHK x {N_IND} indicators "
              f"= {N_RHK * N_IND} columns, built in {time.perf_counter() - t0:.1f} s")
        client = Client()
        client.force_login(direktur)
        url = reverse("matriks:skp", args=[atasan.pk])
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        assert response.status_code == 200
        size = len(response.content)
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        print(f"GET {url}: {len(queries)} queries, {size / 1024:.0f} KiB HTML")
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(client.get, url)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        print(f"server time over {RUNS} requests: median {statistics.median(times):.1f} ms, "
              f"min {min(times):.1f} ms, max {max(times):.1f} ms")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

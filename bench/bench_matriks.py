"""Server time of the Matriks Pembagian Peran Hasil page at 100 subordinates × 30 leader indicators.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja .venv/bin/python bench/bench_matriks.py

Builds the data through the model methods and actions in a throwaway database on that server
(created and dropped here), then requests the page in-process with Django's test client
(middleware, view, queries and template; no network) and prints the median.
"""

from __future__ import annotations

import os
import sys
import time

from harness import spread, throwaway_database, timed_get

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
    with throwaway_database("bench_matriks"):
        from django.test import Client
        from django.urls import reverse

        t0 = time.perf_counter()
        direktur, atasan = build()
        print(f"data: {N_BAWAHAN} subordinates x {N_RHK} RHK x {N_IND} indicators "
              f"= {N_RHK * N_IND} columns, built in {time.perf_counter() - t0:.1f} s")
        client = Client()
        client.force_login(direktur)
        url = reverse("matriks:skp", args=[atasan.pk])
        n_queries, size, times = timed_get(client, url, RUNS)
        print(f"GET {url}: {n_queries} queries, {size / 1024:.0f} KiB HTML")
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(client.get, url)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        print(f"server time over {RUNS} requests: {spread(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Server time of the Penilaian pages: Pengisian Eviden of a 10-RHK x 3-indicator SKP, and the
rating page, the live pola distribusi preview and the kurva of a rater with 20 subordinates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja .venv/bin/python bench/bench_penilaian.py

Builds the data through the model methods in a throwaway database on that server
(`bench_penilaian`, created and dropped here), then requests each page in-process with Django's
test client (middleware, view, queries and template; no network) and prints the query count and
the median. "Now" is frozen at 2025-07-01 09:00 WIB, inside June's filling window, so the eviden
page shows its edit forms.
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

N_BAWAHAN, N_RHK, N_IND, RUNS = 20, 10, 3, 30


def build():
    from penilaian.models import (
        CapaianIndikator,
        Eviden,
        Penilaian,
        PeriodePenilaian,
        UmpanBalikPerilaku,
    )
    from penilaian.rules import Rating
    from skp.models import PerilakuKerja
    from tests.factories import lead, make_instansi, make_pegawai, make_unit
    from tests.penilaian.conftest import approved_skp

    instansi = make_instansi("Instansi Bench")
    unit = make_unit(instansi, "Direktorat Bench")
    from ekinerja.models import KelasJabatan

    direktur = make_pegawai(unit, nama="DIREKTUR BENCH", kelas=KelasJabatan.JPT_PRATAMA)
    lead(unit, direktur)
    PeriodePenilaian.buat_default(instansi, 2025)
    juni = PeriodePenilaian.objects.get(instansi=instansi, nama="16 Juni - 15 Juli")
    ratings = list(Rating.values)
    skps = []
    for k in range(N_BAWAHAN):
        p = make_pegawai(unit, nama=f"BAWAHAN {k + 1:03d}")
        skp = approved_skp(p, n_rhk=N_RHK if k == 0 else 2, n_ind=N_IND if k == 0 else 1)
        skps.append(skp)
        if k:  # everyone but the first is already rated: the group has 19 predikat
            pn = Penilaian.untuk(skp, juni)
            pn.set_rating("hasil", ratings[k % 3], aktor=direktur)
            pn.set_rating("perilaku", ratings[(k // 3) % 3], aktor=direktur)
    first = skps[0]
    rekan = skps[1].pegawai
    for rhk in first.hasil_kerja.all():
        for ind in rhk.indikator.all():
            Eviden.tambah(ind, juni, nama="Laporan kegiatan", tautan="https://drive.example/x",
                          aktor=first.pegawai)
            Eviden.tambah(ind, juni, nama="Notulen rapat", tautan="https://drive.example/y",
                          aktor=first.pegawai)
            CapaianIndikator.set_realisasi(ind, juni, realisasi="95 %", sumber_data="Laporan",
                                           aktor=first.pegawai)
            CapaianIndikator.set_feedback(ind, juni, teks="Sudah baik", aktor=direktur)
    for value in PerilakuKerja.objects.filter(versi=first.perilaku_versi):
        UmpanBalikPerilaku.tambah(first, value, teks="Kooperatif", jempol=True, aktor=rekan)
        UmpanBalikPerilaku.tambah(first, value, teks="Tepat waktu", jempol=True, aktor=direktur,
                                  periode=juni)
    return direktur, first, juni


def measure(client, url: str, label: str, connection, **headers: str) -> None:
    """Query count of a warm request (the rating page creates its row on the first visit),
    then the median of RUNS requests."""
    client.get(url, headers=headers)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    size = len(response.content)
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    print(f"{label}: GET {url}: {len(queries)} queries, {size / 1024:.0f} KiB; median "
          f"{statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms")


def main() -> int:
    import datetime as dt

    import django
    from django.conf import settings

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from penilaian.rules import WIB

    if connection.vendor != "postgresql":
        print("Set DATABASE_URL=postgres://... (the benchmark runs on PostgreSQL)")
        return 1
    moment = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)
    timezone.now = lambda: moment
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    connection.settings_dict["TEST"]["NAME"] = "bench_penilaian"
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        direktur, first, juni = build()
        print(f"data: {N_BAWAHAN} subordinates; the first SKP {N_RHK} RHK x {N_IND} indicators "
              f"with 2 eviden each; built in {time.perf_counter() - t0:.1f} s; {RUNS} runs each")
        pegawai = Client()
        pegawai.force_login(first.pegawai)
        measure(pegawai, reverse("penilaian:eviden", args=[first.pk, juni.pk]),
                "Pengisian Eviden", connection)
        rater = Client()
        rater.force_login(direktur)
        measure(rater, reverse("penilaian:nilai", args=[first.pk, juni.pk]),
                "Penilaian Bawahan (rating page)", connection)
        measure(rater, reverse("penilaian:distribusi", args=[first.pk, juni.pk])
                + "?hasil-nilai=ATAS&perilaku-nilai=ATAS",
                "Pola distribusi preview (htmx)", connection, **{"HX-Request": "true"})
        measure(rater, reverse("penilaian:bawahan", args=[juni.pk]), "Pilih bawahan",
                connection)
        measure(rater, reverse("penilaian:kurva", args=[juni.pk]), "Kurva", connection)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

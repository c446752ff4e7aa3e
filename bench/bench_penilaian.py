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

import sys
import time

from harness import spread, throwaway_database, timed_get

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


def measure(client, url: str, label: str, **headers: str) -> None:
    n_queries, size, times = timed_get(client, url, RUNS, **headers)
    print(f"{label}: GET {url}: {n_queries} queries, {size / 1024:.0f} KiB; {spread(times)}")


def main() -> int:
    import datetime as dt

    from django.utils import timezone

    with throwaway_database("bench_penilaian"):
        from django.test import Client
        from django.urls import reverse

        from penilaian.rules import WIB

        moment = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)
        timezone.now = lambda: moment
        t0 = time.perf_counter()
        direktur, first, juni = build()
        print(f"data: {N_BAWAHAN} subordinates; the first SKP {N_RHK} RHK x {N_IND} indicators "
              f"with 2 eviden each; built in {time.perf_counter() - t0:.1f} s; {RUNS} runs each")
        pegawai = Client()
        pegawai.force_login(first.pegawai)
        measure(pegawai, reverse("penilaian:eviden", args=[first.pk, juni.pk]),
                "Pengisian Eviden")
        rater = Client()
        rater.force_login(direktur)
        measure(rater, reverse("penilaian:nilai", args=[first.pk, juni.pk]),
                "Penilaian Bawahan (rating page)")
        measure(rater, reverse("penilaian:distribusi", args=[first.pk, juni.pk])
                + "?hasil-nilai=ATAS&perilaku-nilai=ATAS",
                "Pola distribusi preview (htmx)", **{"HX-Request": "true"})
        measure(rater, reverse("penilaian:bawahan", args=[juni.pk]), "Pilih bawahan")
        measure(rater, reverse("penilaian:kurva", args=[juni.pk]), "Kurva")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Median time to print a 10-RHK SKP: a fresh render, and a cached re-download of the same version.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_cetak .venv/bin/python bench/bench_pdf.py

Builds the SKP through the model methods in a throwaway database on that server (`bench_<name>`,
created and dropped here) and requests the Cetak view in-process with Django's test client
(middleware, access check, queries, WeasyPrint; no network). A fresh render is forced by adding a
recorded change (which makes a new version) before each request; that change is not timed.
"""

from __future__ import annotations

import io
import os
import sys
import time

from harness import spread, throwaway_database

N_RHK, N_IND, RENDERS, CACHED = 10, 2, 9, 50


def build():
    import datetime as dt

    from ekinerja.models import KelasJabatan
    from skp.models import HasilKerja, LampiranItem, PerilakuKerja, Skp
    from tests.factories import lead, make_instansi, make_pegawai, make_unit

    instansi = make_instansi("Badan Bench")
    unit = make_unit(instansi, "Direktorat Bench")
    direktur = make_pegawai(unit, nama="DIREKTUR BENCH", kelas=KelasJabatan.JPT_PRATAMA)
    lead(unit, direktur)
    pegawai = make_pegawai(unit, nama="PEGAWAI BENCH", kelas=KelasJabatan.FUNGSIONAL)
    skp = Skp.create_for(pegawai, periode_awal=dt.date(2025, 1, 1), periode_akhir=dt.date(2025, 12, 31),
                         pendekatan="kuantitatif", aktor=pegawai)
    for i in range(1, N_RHK + 1):
        rhk = skp.add_rhk(aktor=pegawai, jenis=HasilKerja.Jenis.UTAMA,
                          teks=f"Rencana hasil kerja {i}: layanan data yang akurat dan tepat waktu")
        for j in range(1, N_IND + 1):
            rhk.add_indikator(aktor=pegawai, teks=f"Persentase layanan {i}.{j} yang selesai tepat waktu",
                              aspek="kuantitas", target_teks=f"{90 + j} %")
    for jenis in LampiranItem.Jenis.values:
        skp.add_lampiran(jenis=jenis, teks="Uraian lampiran untuk bench", aktor=pegawai)
    for perilaku in PerilakuKerja.objects.filter(versi=skp.perilaku_versi):
        skp.set_ekspektasi(perilaku, f"Ekspektasi untuk {perilaku.nama}", aktor=direktur)
    return pegawai, skp


def main() -> int:
    with throwaway_database("bench_pdf"):
        from django.test import Client
        from django.urls import reverse
        from pypdf import PdfReader

        t0 = time.perf_counter()
        import weasyprint  # noqa: F401  (the one-off import cost is not part of a render)

        print(f"import weasyprint: {time.perf_counter() - t0:.2f} s (once per process)")
        pegawai, skp = build()
        client = Client()
        client.force_login(pegawai)
        url = reverse("cetak:skp", args=[skp.pk])
        client.get(url)  # warm up fonts and templates
        renders = []
        for i in range(RENDERS):
            skp.update_header(periode_awal=skp.periode_awal, periode_akhir=skp.periode_akhir.replace(
                day=30 - i % 2), pendekatan=skp.pendekatan, aktor=pegawai)  # a new version
            t = time.perf_counter()
            response = client.get(url)
            renders.append((time.perf_counter() - t) * 1000)
            assert response["X-Dokumen-Cache"] == "miss", "expected a fresh render"
        pages = len(PdfReader(io.BytesIO(response.content)).pages)
        cached = []
        for _ in range(CACHED):
            t = time.perf_counter()
            response = client.get(url)
            cached.append((time.perf_counter() - t) * 1000)
            assert response["X-Dokumen-Cache"] == "hit", "expected the cached PDF"
        size = len(response.content) / 1024
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(client.get, url)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        print(f"SKP with {N_RHK} RHK x {N_IND} indicators: {size:.0f} KiB, {pages} pages")
        print(f"render (new version), {RENDERS} runs: {spread(renders, 0)}")
        print(f"cached re-download, {CACHED} runs: {spread(cached)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

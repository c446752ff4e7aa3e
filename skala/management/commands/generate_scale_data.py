"""`manage.py generate_scale_data --pegawai N`: realistic data at national scale (issue 16).

For measuring only (bench/run.py, docs/scaling.md); never part of the demo. See skala/generator.py.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from skala.generator import PASSWORD, generate


class Command(BaseCommand):
    help = ("Tulis N pegawai beserta SKP, RHK, indikator, matriks, periode terisi (eviden, "
            "realisasi, penilaian), notifikasi dan riwayat dengan COPY, untuk pengukuran skala.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pegawai", type=int, required=True, help="jumlah pegawai")
        parser.add_argument("--tahun", type=int, help="tahun SKP (bawaan: tahun ini)")
        parser.add_argument("--periode-terisi", type=int, default=2,
                            help="berapa periode bulanan terakhir yang sudah dimulai diisi "
                                 "eviden, realisasi dan penilaian (bawaan 2)")
        parser.add_argument("--seed", type=int, default=16)
        parser.add_argument("--dengan-pemicu", action="store_true",
                            help="biarkan trigger dan foreign key memeriksa setiap baris (lebih "
                                 "lambat; bawaan: dimatikan selama memuat, superuser saja)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("generate_scale_data memerlukan PostgreSQL (COPY).")
        if opts["pegawai"] < 1:
            raise CommandError("--pegawai harus lebih dari 0.")
        hasil = generate(opts["pegawai"], tahun=opts["tahun"],
                         periode_terisi=opts["periode_terisi"], seed=opts["seed"],
                         pemicu=opts["dengan_pemicu"], out=self.stderr._out)
        w = self.stdout.write
        for table, n in hasil["rows"].items():
            w(f"{table:32} {n:>14,}")
        w(f"{'total':32} {hasil['total']:>14,} rows in {hasil['seconds']:,.1f} s "
          f"({hasil['rows_per_s']:,.0f} rows/s)")
        w(f"Password of every generated pegawai: {PASSWORD}")

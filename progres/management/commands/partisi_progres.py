"""Make the monthly partitions of progres_progresharian ahead (PostgreSQL; nothing on SQLite).

    manage.py partisi_progres              # this month and the next 3
    manage.py partisi_progres --ke-depan 6 --dari 2025-01

Idempotent. Rows that landed in the DEFAULT partition for a month made now are moved into it.
Run it monthly (or daily) from the scheduled jobs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from progres.partisi import baris_di_default, buat_default, buat_partisi, tambah_bulan


class Command(BaseCommand):
    help = "Buat partisi bulanan tabel Progres Harian di depan (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ke-depan", type=int, default=3)
        parser.add_argument("--dari", help="YYYY-MM (bawaan: bulan ini)")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Bukan PostgreSQL: tabel Progres Harian tidak berpartisi.")
            return
        today = timezone.localdate()
        dari = today
        if options["dari"]:
            try:
                dari = dt.date.fromisoformat(options["dari"] + "-01")
            except ValueError:
                raise CommandError("--dari harus berformat YYYY-MM") from None
        buat_default()
        made = buat_partisi(dari, tambah_bulan(today, options["ke_depan"]))
        for nama, moved in made:
            self.stdout.write(f"dibuat {nama}" + (f" ({moved} baris dipindah dari DEFAULT)"
                                                  if moved else ""))
        sisa = baris_di_default()
        self.stdout.write(f"{len(made)} partisi baru; {sisa} baris di partisi DEFAULT.")

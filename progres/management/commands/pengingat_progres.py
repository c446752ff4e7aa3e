"""Send today's Progres Harian reminders (idempotent; see progres/pengingat.py).

    manage.py pengingat_progres                # from PROGRES_PENGINGAT_JAM on, on working days
    manage.py pengingat_progres --sekarang     # ignore the configured time
    manage.py pengingat_progres --tanggal 2026-11-30
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from progres.pengingat import kirim_pengingat


class Command(BaseCommand):
    help = "Kirim pengingat Progres Harian hari ini (paling banyak satu per pegawai per hari)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tanggal", help="YYYY-MM-DD (bawaan: hari ini)")
        parser.add_argument("--sekarang", action="store_true",
                            help="abaikan PROGRES_PENGINGAT_JAM")

    def handle(self, *args: Any, **options: Any) -> None:
        tanggal = None
        if options["tanggal"]:
            try:
                tanggal = dt.date.fromisoformat(options["tanggal"])
            except ValueError:
                raise CommandError("--tanggal harus berformat YYYY-MM-DD") from None
        hasil = kirim_pengingat(tanggal, abaikan_jam=options["sekarang"] or tanggal is not None)
        if hasil.alasan:
            self.stdout.write(f"{hasil.tanggal}: tidak ada pengingat ({hasil.alasan}).")
        else:
            self.stdout.write(f"{hasil.tanggal}: {hasil.dikirim} pengingat dikirim "
                              f"({hasil.email} juga lewat email).")

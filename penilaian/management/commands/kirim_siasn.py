"""`manage.py kirim_siasn`: the periodic check of results for SIASN (run it every few minutes
from cron or a scheduler, next to the task worker).

It queues the results that became final since (for the Final period: the keberatan window
closed), re-queues the sends whose retry is due (task backends that cannot defer need this), and
recovers sends whose worker died.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ekinerja.models import Instansi
from penilaian import siasn


class Command(BaseCommand):
    help = "Periksa hasil penilaian yang siap dikirim ke SIASN dan antrekan pengirimannya."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", help="ID SIASN instansi (bawaan: semua)")

    def handle(self, *args: Any, **options: Any) -> None:
        instansi_id = None
        if options["instansi"]:
            instansi_id = Instansi.objects.values_list("pk", flat=True).get(
                siasn_id=options["instansi"])
        if not siasn.aktif():
            self.stdout.write("SIASN belum dikonfigurasi atau SIASN_KIRIM_HASIL=0: tidak ada yang "
                              "dikirim.")
            return
        hasil = siasn.periksa(instansi_id)
        self.stdout.write(f"Baru diantrekan: {hasil['baru']}, dicoba lagi: {hasil['diantrekan']}, "
                          f"terputus dipulihkan: {hasil['terputus']}.")

"""`manage.py siasn_simulator --port 8765`: run the SIASN simulator for the demo.

    manage.py siasn_simulator --port 8765 --dari-instansi DEMO-BKNUS --tulis-daftar daftar-nip.xlsx
    manage.py siasn_simulator --port 8765 --pegawai 2000 --gangguan 0.02

It prints the environment variables that point e-Kinerja at it (README, "SIASN simulator").
With --dari-instansi it serves an instansi already in this database (the demo's) as SIASN would
hold it, with some differences for the sync to find; otherwise a generated instansi.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ekinerja.siasn_simulator import SiasnSimulator, buat_data, dari_instansi


class Command(BaseCommand):
    help = "Jalankan simulator SIASN (SSO, gateway, ref-unor, data-utama, upload-dok, save)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--dari-instansi", help="ID SIASN instansi di basis data ini")
        parser.add_argument("--pegawai", type=int, default=300,
                            help="jumlah pegawai instansi buatan (tanpa --dari-instansi), atau "
                                 "jumlah pegawai baru (dengan --dari-instansi)")
        parser.add_argument("--sandi", default="ekinerja-demo-2022",
                            help="password login untuk setiap NIP simulator")
        parser.add_argument("--tulis-daftar", help="tulis daftar NIP (.xlsx) untuk diunggah")
        parser.add_argument("--latensi", type=float, default=0.0, help="detik per jawaban")
        parser.add_argument("--gangguan", type=float, default=0.0,
                            help="bagian jawaban 429/500 acak, mis. 0.02")
        parser.add_argument("--mati-setelah", type=int,
                            help="mati setelah sekian permintaan data-utama")
        parser.add_argument("--tanpa-gateway", action="store_true",
                            help="tanpa token gateway (hanya token SSO)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dari_instansi"]:
            data = dari_instansi(options["dari_instansi"], tambah=options["pegawai"])
        else:
            data = buat_data(options["pegawai"])
        sim = SiasnSimulator(data, host=options["host"], port=options["port"],
                             sandi=options["sandi"], catat=False)
        sim.latensi = options["latensi"]
        sim.gangguan = options["gangguan"]
        sim.mati_setelah = options["mati_setelah"]
        if options["tulis_daftar"]:
            data.tulis_xlsx(options["tulis_daftar"])
            self.stdout.write(f"Daftar NIP ({len(data.daftar_nip())}): {options['tulis_daftar']}")
        sim.start()
        self.stdout.write(f"Simulator SIASN di {sim.url}: {data.instansi_nama} "
                          f"({data.instansi_id}), {len(data.orang)} pegawai, "
                          f"{len(data.unor)} baris ref-unor.")
        self.stdout.write("Arahkan e-Kinerja ke simulator ini dengan:")
        for key, value in sim.pengaturan(gateway=not options["tanpa_gateway"]).items():
            self.stdout.write(f"  export {key}={value}")
        self.stdout.write("Ctrl+C untuk berhenti.")
        try:
            while not sim.mati:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            sim.stop()
        if sim.mati:
            self.stdout.write("Simulator mati (--mati-setelah).")

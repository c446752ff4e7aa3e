"""`manage.py sinkron_siasn --instansi <ID SIASN>`: sync an instansi from SIASN in the foreground.

    manage.py sinkron_siasn --instansi SIM-KAB-01 --nip daftar.xlsx   # an uploaded-style list
    manage.py sinkron_siasn --instansi SIM-KAB-01 --semua             # everyone already known
    manage.py sinkron_siasn --instansi SIM-KAB-01                     # resume the unfinished one

When the instansi has an unfinished sync (stopped, or its worker died), it is resumed from the
NIPs still waiting; otherwise a new one starts with the given NIPs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from ekinerja import sinkron
from ekinerja.models import Instansi
from ekinerja.models_siasn import Sinkron


class Command(BaseCommand):
    help = "Sinkron unit dan pegawai satu instansi dari SIASN (melanjutkan yang belum selesai)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", required=True, help="ID SIASN (atau nama) instansi")
        parser.add_argument("--nip", help="berkas .xlsx atau .csv berisi daftar NIP")
        parser.add_argument("--semua", action="store_true",
                            help="sertakan semua pegawai instansi yang sudah dikenal")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["instansi"]
        instansi = Instansi.objects.filter(Q(siasn_id=key) | Q(nama=key)).first()
        if instansi is None:
            raise CommandError(f"Instansi {key!r} tidak ditemukan.")
        job = Sinkron.objects.belum_selesai().filter(instansi=instansi).first()
        if job is not None:
            if job.status != Sinkron.Status.MENUNGGU and not sinkron.boleh_dilanjutkan(job):
                raise CommandError(f"Sinkron #{job.pk} sedang berjalan (kemajuan terakhir "
                                   f"{job.detak:%H:%M:%S}).")
            self.stdout.write(f"Melanjutkan sinkron #{job.pk}: {job.diproses} dari {job.jumlah} "
                              "NIP sudah diproses.")
        else:
            nips: list[str] = []
            if options["nip"]:
                path = Path(options["nip"])
                try:
                    nips = sinkron.baca_daftar_nip(path.name, path.read_bytes())
                except (OSError, ValidationError) as exc:
                    raise CommandError(str(exc)) from exc
            try:
                job = sinkron.mulai_sinkron(instansi=instansi, aktor=None, nips=nips,
                                            semua_dikenal=options["semua"],
                                            sumber=options["nip"] or "semua pegawai")
            except sinkron.SinkronDitolak as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Sinkron #{job.pk}: {job.jumlah} NIP.")
        job = sinkron.jalankan(job.pk)
        if job is None:
            raise CommandError("Sinkron ini sedang dijalankan pekerja lain.")
        job.refresh_from_db()
        self.stdout.write(
            f"Status: {job.get_status_display()}. Unit: {job.unit_ditambah} ditambah, "
            f"{job.unit_diubah} diubah, {job.unit_tetap} tetap, {job.unit_gagal} gagal. "
            f"Pegawai: {job.ditambah} ditambah, {job.diubah} diubah, {job.tetap} tetap, "
            f"{job.gagal} gagal, {job.keluar} keluar. Pejabat penilai berubah: "
            f"{job.penilai_berubah}."
        )
        if job.pesan:
            self.stdout.write(job.pesan)
        if job.status != Sinkron.Status.SELESAI:
            raise CommandError("Sinkron belum selesai; jalankan perintah ini lagi untuk melanjutkan.")

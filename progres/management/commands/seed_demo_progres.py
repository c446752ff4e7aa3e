"""Demo Progres Harian (run after `seed_demo` and `seed_demo_skp`; `make run` does all three).

For everyone in the demo instansi with an approved SKP this year: the working days of the last
two months up to today, one or two entries a day logged through the real actions (so Riwayat and
notifications are real), one with a link as bukti every few days. The rater approves what is
older than three working days and returns one entry with a note; the rest waits for review.
Running it again changes nothing: a pegawai who already has entries is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from ekinerja.models import Instansi
from progres import actions
from progres.models import HariLibur, ProgresHarian, StatusProgres, is_hari_kerja
from skp.models import HasilKerja, Skp, StatusSkp

KEGIATAN = [
    ("Menyusun draf laporan pemantauan layanan", "dokumen"),
    ("Memperbaiki modul integrasi data kepegawaian", "modul"),
    ("Rapat koordinasi dengan instansi pengguna", "kegiatan"),
    ("Menguji layanan aplikasi sebelum rilis", "layanan"),
    ("Menjawab permintaan dukungan pengguna", "tiket"),
    ("Memverifikasi data instansi yang terintegrasi", "instansi"),
]


class Command(BaseCommand):
    help = "Create demo Progres Harian for the demo instansi (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = Instansi.objects.filter(siasn_id="DEMO-BKNUS").first()
        if instansi is None:
            raise CommandError("Jalankan `manage.py seed_demo` terlebih dahulu.")
        today = timezone.localdate()
        mulai = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        skps = list(Skp.objects.filter(instansi=instansi, status=StatusSkp.PERSETUJUAN,
                                       periode_awal__lte=today, periode_akhir__gte=mulai)
                    .select_related("pegawai", "pejabat_penilai").order_by("pegawai__nip"))
        libur = HariLibur.objects.antara(mulai, today)
        days = [mulai + dt.timedelta(days=i) for i in range((today - mulai).days + 1)]
        days = [d for d in days if is_hari_kerja(d, libur)]
        rng = random.Random(2026)
        made = 0
        # The demo fills two months back: the "N days back" rule applies to people, not seeds.
        with override_settings(PROGRES_HARI_MUNDUR=(today - mulai).days + 1):
            for skp in skps:
                pegawai = skp.pegawai
                if ProgresHarian.objects.milik(pegawai).exists():
                    continue
                rhks = list(HasilKerja.objects.filter(skp=skp).order_by("jenis", "urutan")
                            .prefetch_related("indikator"))
                if not rhks:
                    continue
                # Output in the unit of the RHK's first indicator, so Saran realisasi matches it.
                satuan_rhk = {r.pk: next((i.target_satuan for i in r.indikator.all()
                                          if i.target_satuan), "") for r in rhks}
                with transaction.atomic():
                    for n, d in enumerate(d for d in days if skp.periode_awal <= d):
                        if n % 9 == 8:  # now and then a day left empty (flagged in the views)
                            continue
                        for k in range(1 + (n % 3 == 0)):
                            teks, satuan = KEGIATAN[(n + k) % len(KEGIATAN)]
                            rhk = rhks[(n + k) % len(rhks)]
                            satuan = satuan_rhk[rhk.pk] or satuan
                            actions.catat_progres(aktor=pegawai, isian=actions.Isian(
                                tanggal=d, rhk_id=rhk.pk,
                                uraian=f"{teks} ({d:%d/%m})", volume=Decimal(rng.randint(1, 4)),
                                satuan=satuan,
                                bukti_tautan="https://drive.example.go.id/bukti/"
                                             f"{pegawai.nip}-{d:%Y%m%d}" if n % 4 == 0 else ""))
                            made += 1
                    rater = skp.pejabat_penilai
                    if rater is None:
                        continue
                    lama = list(ProgresHarian.objects.milik(pegawai)
                                .filter(tanggal__lt=days[-4] if len(days) > 4 else today,
                                        status=StatusProgres.DIAJUKAN).order_by("tanggal", "id"))
                    if lama:
                        kembali, *setuju = lama[::-1]
                        actions.setujui_progres(aktor=rater, token=[e.token for e in setuju])
                        kembali.rhk = HasilKerja.objects.select_related("skp").get(
                            pk=kembali.rhk_id)
                        kembali.pegawai = pegawai
                        actions.kembalikan_progres(
                            aktor=rater, entri=kembali,
                            catatan="Lengkapi bukti dukung (notulen atau tangkapan layar).")
        self.stdout.write(f"Progres Harian demo: {made} progres baru untuk {len(skps)} SKP.")

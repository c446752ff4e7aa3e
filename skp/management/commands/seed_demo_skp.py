"""Demo SKPs for the demo instansi (run after `seed_demo`; `make run` does both).

The Direktur gets the approved JPT SKP of the manual's Gambar 9. Six of the Direktur's staff get
SKPs that intervene it: two drafts, two submitted (for SKP Bawahan and bulk approval) and two
approved (for Penilaian). Built through the model methods, so history and notifications are real.
Running it again changes nothing: a pegawai who already has an SKP this year is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ekinerja.models import Instansi, KelasJabatan, Pegawai
from skp.models import HasilKerja, Indikator, Pendekatan, Skp

DIREKTUR_RHK = [
    (
        "Terwujudnya Pembinaan dan Pelayanan Data dan Informasi ASN yang Berkualitas",
        [
            ("Indeks Kepuasan pengguna atas layanan sistem informasi ASN", "95",
             Indikator.Perspektif.PENERIMA_LAYANAN),
            ("Indeks Kepuasan Instansi terhadap Pembinaan Penerapan Sistem Informasi ASN", "92",
             Indikator.Perspektif.PENERIMA_LAYANAN),
        ],
    ),
    (
        "Tersedianya sistem informasi ASN yang terintegrasi",
        [("Persentase integrasi sistem informasi ASN", "80 %", Indikator.Perspektif.PROSES_BISNIS)],
    ),
]
STAFF_RHK = [
    ("Tersedianya aplikasi layanan data ASN yang andal", "Jumlah layanan aplikasi yang tersedia",
     "12 layanan"),
    ("Terselesaikannya integrasi data kepegawaian instansi", "Jumlah instansi yang terintegrasi",
     "25 instansi"),
    ("Tersusunnya laporan pemantauan layanan sistem informasi", "Jumlah laporan pemantauan",
     "12 laporan"),
]


class Command(BaseCommand):
    help = "Create demo SKPs for the demo instansi (idempotent)."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        instansi = Instansi.objects.filter(siasn_id="DEMO-BKNUS").first()
        if instansi is None:
            raise CommandError("Jalankan `manage.py seed_demo` terlebih dahulu.")
        year = timezone.localdate().year
        awal, akhir = dt.date(year, 1, 1), dt.date(year, 12, 31)
        direktur = Pegawai.objects.get(
            instansi=instansi, kelas_jabatan=KelasJabatan.JPT_PRATAMA,
            jabatan__startswith="Direktur Pembangunan",
        )
        deputi = Pegawai.objects.get(instansi=instansi, kelas_jabatan=KelasJabatan.JPT_MADYA,
                                     jabatan__startswith="Deputi")
        made = 0
        skp_direktur = Skp.objects.filter(pegawai=direktur, periode_awal__year=year).first()
        if skp_direktur is None:
            made += 1
            skp_direktur = Skp.create_for(direktur, periode_awal=awal, periode_akhir=akhir,
                                          pendekatan=Pendekatan.KUANTITATIF, aktor=direktur)
            for teks, indikator in DIREKTUR_RHK:
                rhk = skp_direktur.add_rhk(
                    aktor=direktur, jenis=HasilKerja.Jenis.UTAMA, teks=teks,
                    klasifikasi=HasilKerja.Klasifikasi.INDIVIDU,
                    penugasan_dari="Deputi Bidang Sistem Informasi Kepegawaian",
                )
                for ind, target, perspektif in indikator:
                    rhk.add_indikator(aktor=direktur, teks=ind, target_teks=target,
                                      perspektif=perspektif)
            skp_direktur.submit(aktor=direktur)
            skp_direktur.approve(aktor=deputi)
        rhk_direktur = list(skp_direktur.hasil_kerja.order_by("urutan", "pk"))
        staff = Pegawai.objects.filter(unit=direktur.unit).exclude(pk=direktur.pk).order_by("nip")
        for n, pegawai in enumerate(staff[:6]):
            if Skp.objects.filter(pegawai=pegawai, periode_awal__year=year).exists():
                continue
            made += 1
            skp = Skp.create_for(pegawai, periode_awal=awal, periode_akhir=akhir,
                                 pendekatan=Pendekatan.KUANTITATIF, aktor=pegawai)
            teks, ind, target = STAFF_RHK[n % len(STAFF_RHK)]
            rhk = skp.add_rhk(aktor=pegawai, jenis=HasilKerja.Jenis.UTAMA, teks=teks,
                              rhk_atasan=rhk_direktur[n % len(rhk_direktur)])
            rhk.add_indikator(aktor=pegawai, teks=ind, target_teks=target,
                              aspek=Indikator.Aspek.KUANTITAS)
            if n >= 2:
                skp.submit(aktor=pegawai)
            if n >= 4:
                skp.approve(aktor=direktur)
        self.stdout.write(f"SKP demo tahun {year}: {made} baru dibuat.")

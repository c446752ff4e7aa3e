"""Demo states for the monitoring pages (run after `seed_demo` and `seed_demo_skp`; `make run`
does all three).

Outside the Direktur's own directorate (which seed_demo_skp covers), every pegawai of the demo
instansi gets an SKP of this year in a spread of states: about one in eight none yet, some
drafts, some waiting for approval, most approved. For this year's current period most
approved SKPs get eviden and realisasi, most raters rate their people with a spread of
predikat, and some raters (two Bidang) are behind. The Kepala Badan sets the capaian of the four
Kantor Regional. Everything is built through the model methods, so history and notifications are
real. Running it again changes nothing: a pegawai with an SKP this year, or an SKP already rated
in a period, is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ekinerja.models import Instansi, KelasJabatan, Pegawai, UnitOrganisasi
from penilaian.models import (
    CapaianIndikator,
    CapaianOrganisasi,
    Eviden,
    JenisPeriode,
    Penilaian,
    PeriodePenilaian,
)
from penilaian.rules import WIB, Capaian, Rating
from skp.models import HasilKerja, Indikator, Pendekatan, Skp, StatusSkp

# Per 40 people: which state their SKP is left in (by position in NIP order).
POLA_STATUS = ["none"] * 5 + ["draft"] * 3 + ["pengajuan"] * 4 + ["persetujuan"] * 28
# Ratings (hasil, perilaku) handed out in turn: mostly Baik, some of everything else.
POLA_RATING = ([(Rating.SESUAI, Rating.SESUAI)] * 6 + [(Rating.ATAS, Rating.ATAS)] * 2
               + [(Rating.SESUAI, Rating.ATAS)] * 2 + [(Rating.BAWAH, Rating.SESUAI)]
               + [(Rating.SESUAI, Rating.BAWAH)])
# Units whose raters have not rated anyone yet: they show as "penilai tertinggal".
TERTINGGAL = ("Bidang Informasi Kantor Regional III", "Bagian Pengelolaan Biro Keuangan")
CAPAIAN_KANREG = {"I": Capaian.ISTIMEWA, "II": Capaian.BAIK, "III": Capaian.BUTUH_PERBAIKAN,
                  "IV": Capaian.BAIK}


class Command(BaseCommand):
    help = "Buat keadaan demo untuk halaman Monitoring (idempoten)."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        instansi = Instansi.objects.filter(siasn_id="DEMO-BKNUS").first()
        if instansi is None:
            raise CommandError("Jalankan `manage.py seed_demo` terlebih dahulu.")
        today = timezone.localdate()
        year = today.year
        kepala = Pegawai.objects.get(instansi=instansi, kelas_jabatan=KelasJabatan.JPT_UTAMA)
        dit1 = UnitOrganisasi.objects.get(instansi=instansi,
                                          nama__startswith="Direktorat Pembangunan")
        people = list(Pegawai.objects.filter(instansi=instansi, unit__isnull=False)
                      .exclude(unit=dit1).exclude(pk=kepala.pk)
                      .select_related("unit").order_by("nip"))
        made = 0
        for n, pegawai in enumerate(people):
            state = POLA_STATUS[n % len(POLA_STATUS)]
            if pegawai.unit.kepala_id == pegawai.pk and state != "none":
                state = "persetujuan"  # heads of units have their plan approved
            if state == "none" or Skp.objects.filter(pegawai=pegawai,
                                                     periode_awal__year=year).exists():
                continue
            made += 1
            self._skp(pegawai, year, state)
        rated = self._penilaian(instansi, kepala, today)
        self.stdout.write(f"Monitoring demo tahun {year}: {made} SKP baru, {rated} penilaian baru.")

    def _skp(self, pegawai: Pegawai, year: int, state: str) -> None:
        skp = Skp.create_for(pegawai, periode_awal=dt.date(year, 1, 1),
                             periode_akhir=dt.date(year, 12, 31),
                             pendekatan=Pendekatan.KUANTITATIF, aktor=pegawai)
        if skp.is_jpt:
            rhk = skp.add_rhk(aktor=pegawai, jenis=HasilKerja.Jenis.UTAMA,
                              teks=f"Terwujudnya kinerja {pegawai.unit.nama} yang akuntabel",
                              klasifikasi=HasilKerja.Klasifikasi.ORGANISASI,
                              penugasan_dari="Kepala Badan")
            rhk.add_indikator(aktor=pegawai, teks="Persentase sasaran unit yang tercapai",
                              target_teks="90 %", perspektif=Indikator.Perspektif.PROSES_BISNIS)
        else:
            rhk = skp.add_rhk(aktor=pegawai, jenis=HasilKerja.Jenis.UTAMA,
                              teks=f"Terselesaikannya tugas {pegawai.jabatan}")
            rhk.add_indikator(aktor=pegawai, teks="Jumlah laporan kegiatan yang diselesaikan",
                              target_teks="12 laporan", aspek=Indikator.Aspek.KUANTITAS)
        if state in ("pengajuan", "persetujuan") and skp.pejabat_penilai_id:
            skp.submit(aktor=pegawai)
            if state == "persetujuan":
                skp.approve(aktor=skp.pejabat_penilai)

    def _penilaian(self, instansi: Instansi, kepala: Pegawai, today: dt.date) -> int:
        periods = list(PeriodePenilaian.objects.filter(
            instansi=instansi, awal__year=today.year, awal__lte=today)
            .exclude(jenis=JenisPeriode.FINAL).order_by("-awal")[:1])
        for unit in UnitOrganisasi.objects.filter(instansi=instansi,
                                                  nama__startswith="Kantor Regional"):
            for per in periods:
                if not CapaianOrganisasi.objects.filter(unit=unit, periode=per).exists():
                    CapaianOrganisasi.tetapkan(unit, per, aktor=kepala,
                                               capaian=CAPAIAN_KANREG[unit.nama.split()[-1]])
        rated = 0
        skps = list(Skp.objects.filter(instansi=instansi, status=StatusSkp.PERSETUJUAN)
                    .select_related("pegawai", "pejabat_penilai", "unit")
                    .prefetch_related("hasil_kerja__indikator").order_by("pk"))
        for per in periods:
            moment = dt.datetime.combine(per.awal, dt.time(9), tzinfo=WIB)  # inside the window
            for n, skp in enumerate(skps):
                if n % 5 == 4 or Penilaian.objects.filter(skp=skp, periode=per).exists():
                    continue  # every fifth person has filled nothing yet
                for rhk in skp.hasil_kerja.all():
                    for ind in rhk.indikator.all():
                        Eviden.tambah(ind, per, nama="Laporan kegiatan", aktor=skp.pegawai,
                                      tautan="https://drive.example.go.id/laporan", now=moment)
                        CapaianIndikator.set_realisasi(ind, per, realisasi="10 laporan",
                                                       sumber_data="Aplikasi", aktor=skp.pegawai,
                                                       now=moment)
                if (skp.unit and skp.unit.nama in TERTINGGAL) or n % 7 == 6:
                    continue  # rater behind, or this one not rated yet
                hasil, perilaku = POLA_RATING[n % len(POLA_RATING)]
                pn = Penilaian.untuk(skp, per)
                if pn.hasil_mengikuti_capaian() is None:
                    pn.set_rating("hasil", hasil, aktor=skp.pejabat_penilai)
                pn.set_rating("perilaku", perilaku, aktor=skp.pejabat_penilai)
                rated += 1
        return rated

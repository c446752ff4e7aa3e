"""Monitoring: the reports people ask for, the reminders sent, and the scheduled jobs' runs."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja.models import Instansi, Pegawai, UnitOrganisasi
from penilaian.models import PeriodePenilaian


class LaporanQuerySet(models.QuerySet["Laporan"]):
    def milik(self, user: Any) -> LaporanQuerySet:
        """A report file is only ever for the person who asked for it (its rows were scoped to
        them when it was built). The one access rule for Laporan."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(peminta=user)


class Laporan(models.Model):
    """"Laporan SKP" or "Laporan Penilaian SKP" as .xlsx or .csv, built by the task worker."""

    class Jenis(models.TextChoices):
        SKP = "skp", _("Laporan SKP")
        PENILAIAN = "penilaian", _("Laporan Penilaian SKP")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel (.xlsx)")
        CSV = "csv", _("CSV")

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Sedang dibuat")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    peminta = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(_("jenis laporan"), max_length=10, choices=Jenis.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    # The subtree the rows come from; empty = the whole instansi (admin instansi, superuser).
    unit = models.ForeignKey(UnitOrganisasi, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    tahun = models.PositiveIntegerField(_("tahun"))
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+")
    jenis_pegawai = models.CharField(max_length=4, blank=True)
    kelas_jabatan = models.CharField(max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.MENUNGGU)
    jumlah = models.PositiveIntegerField(_("jumlah baris"), default=0)
    selesai = models.PositiveIntegerField(_("baris selesai"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    pesan = models.TextField(blank=True)
    dibuat = models.DateTimeField(_("diminta"), default=timezone.now)
    rampung = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    nama_berkas = models.CharField(max_length=200, blank=True)
    berkas = models.BinaryField(null=True, editable=False)
    ukuran = models.PositiveIntegerField(default=0)

    objects = LaporanQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["menunggu", "berjalan", "selesai",
                                                           "gagal"]),
                                   name="laporan_status_valid"),
            models.CheckConstraint(condition=Q(jenis__in=["skp", "penilaian"]),
                                   name="laporan_jenis_valid"),
            models.CheckConstraint(condition=Q(format__in=["xlsx", "csv"]),
                                   name="laporan_format_valid"),
            models.CheckConstraint(condition=Q(jenis="skp") | Q(periode__isnull=False),
                                   name="laporan_penilaian_berperiode"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tahun} ({self.get_format_display()})"

    @property
    def is_selesai(self) -> bool:  # the templates ask this instead of comparing status strings
        return self.status == self.Status.SELESAI

    @property
    def is_gagal(self) -> bool:
        return self.status == self.Status.GAGAL

    @property
    def persen(self) -> int:
        if self.status == self.Status.SELESAI:
            return 100
        return min(99, int(100 * self.selesai / self.jumlah)) if self.jumlah else 0

    @property
    def sedang_berjalan(self) -> bool:
        return self.status in {self.Status.MENUNGGU, self.Status.BERJALAN}


class PengingatQuerySet(models.QuerySet["Pengingat"]):
    def dipantau_oleh(self, user: Any) -> PengingatQuerySet:
        """Reminders to the people `user` may monitor (Pegawai.dipantau_oleh)."""
        return self.filter(penerima__in=Pegawai.objects.dipantau_oleh(user).values("pk"))


class Pengingat(models.Model):
    """One reminder: in-app always, by email unless the person opted out. At most one per person
    per reason per period, kept by the database (unique constraint), so the scheduled job and
    an admin's click can both run without anyone being told twice."""

    class Alasan(models.TextChoices):
        SKP_BELUM = "skp_belum", _("SKP tahun ini belum dibuat")
        REALISASI = "realisasi", _("Realisasi belum diisi menjelang batas pengisian")
        PENGAJUAN = "pengajuan", _("Pengajuan SKP bawahan menunggu persetujuan")
        PENILAIAN = "penilaian", _("Bawahan belum dinilai menjelang batas pengisian")

    penerima = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="pengingat")
    alasan = models.CharField(_("alasan"), max_length=12, choices=Alasan.choices)
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="+")
    pesan = models.CharField(_("pesan"), max_length=500)
    email = models.BooleanField(_("juga lewat email"), default=False)
    pengirim = models.ForeignKey(Pegawai, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("dikirim oleh"))
    dikirim = models.DateTimeField(_("dikirim"), default=timezone.now)

    objects = PengingatQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        ordering = ["-dikirim", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["penerima", "alasan", "periode"],
                                    name="pengingat_satu_per_alasan_periode"),
            models.CheckConstraint(condition=Q(alasan__in=["skp_belum", "realisasi", "pengajuan",
                                                           "penilaian"]),
                                   name="pengingat_alasan_valid"),
        ]
        indexes = [models.Index(fields=["periode", "alasan"], name="pengingat_periode_alasan")]

    def __str__(self) -> str:
        return self.pesan


class JadwalRun(models.Model):
    """One run of one scheduled job for one key (a day, a year): `manage.py jadwal` skips a
    job whose key is already done, so running every 15 minutes does each thing once."""

    class Status(models.TextChoices):
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    tugas = models.CharField(_("tugas"), max_length=60)
    kunci = models.CharField(_("kunci"), max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BERJALAN)
    mulai = models.DateTimeField(default=timezone.now)
    selesai = models.DateTimeField(null=True, blank=True)
    hasil = models.TextField(blank=True)

    class Meta:
        verbose_name = _("jalannya jadwal")
        verbose_name_plural = _("jalannya jadwal")
        ordering = ["-mulai", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tugas", "kunci"], name="jadwal_tugas_kunci"),
        ]

    def __str__(self) -> str:
        return f"{self.tugas} {self.kunci}: {self.status}"

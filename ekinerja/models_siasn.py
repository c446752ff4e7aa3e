"""SIASN, the incoming side (issue 14): the sync of an instansi's units and people (a job, its
per-unit and per-NIP progress, and whose derived rater it changed).

The sync itself is ekinerja/sinkron.py; the outgoing side (results) lives in penilaian.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SinkronQuerySet(models.QuerySet["Sinkron"]):
    def visible_to(self, user: Any) -> SinkronQuerySet:
        """A national admin sees every sync; an admin instansi those of their instansi."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.is_admin_instansi and user.instansi_id:
            return self.filter(instansi_id=user.instansi_id)
        return self.none()

    def belum_selesai(self) -> SinkronQuerySet:
        return self.filter(status__in=Sinkron.AKTIF)


class Sinkron(models.Model):
    """One sync of an instansi from SIASN: units first, then people (one NIP at a time)."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        TERHENTI = "terhenti", _("Terhenti")
        SELESAI = "selesai", _("Selesai")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    class Tahap(models.TextChoices):
        UNIT = "unit", _("Unit organisasi")
        PEGAWAI = "pegawai", _("Pegawai")
        PEMIMPIN = "pemimpin", _("Pemimpin unit dan pejabat penilai")
        SELESAI = "selesai", _("Selesai")

    AKTIF = [Status.MENUNGGU, Status.BERJALAN, Status.TERHENTI]

    instansi = models.ForeignKey("ekinerja.Instansi", on_delete=models.CASCADE,
                                 related_name="sinkron_siasn")
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    sumber = models.CharField(_("daftar NIP"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.MENUNGGU)
    tahap = models.CharField(_("tahap"), max_length=10, choices=Tahap.choices, default=Tahap.UNIT)
    unit_ditambah = models.PositiveIntegerField(default=0)
    unit_diubah = models.PositiveIntegerField(default=0)
    unit_tetap = models.PositiveIntegerField(default=0)
    unit_gagal = models.PositiveIntegerField(default=0)
    jumlah = models.PositiveIntegerField(_("jumlah NIP"), default=0)
    diproses = models.PositiveIntegerField(_("NIP diproses"), default=0)
    ditambah = models.PositiveIntegerField(default=0)
    diubah = models.PositiveIntegerField(default=0)
    tetap = models.PositiveIntegerField(default=0)
    gagal = models.PositiveIntegerField(default=0)
    keluar = models.PositiveIntegerField(default=0)
    penilai_berubah = models.PositiveIntegerField(default=0)
    # {pegawai id: derived-rater key} before anything changed (penilai_massal), kept so that a
    # resumed run still compares with the state before the first run.
    penilai_awal = models.JSONField(null=True, blank=True, editable=False)
    pesan = models.TextField(_("pesan"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    dibuat = models.DateTimeField(_("diminta"), default=timezone.now)
    mulai = models.DateTimeField(null=True, blank=True)
    detak = models.DateTimeField(_("kemajuan terakhir"), null=True, blank=True)
    rampung = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    objects = SinkronQuerySet.as_manager()

    class Meta:
        verbose_name = _("sinkron SIASN")
        verbose_name_plural = _("sinkron SIASN")
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["menunggu", "berjalan", "terhenti", "selesai",
                                        "dibatalkan"]),
                name="sinkron_status_valid",
            ),
            # One unfinished sync per instansi: a double click or two admins at once cannot
            # start a second one; an unfinished one is resumed or cancelled first.
            models.UniqueConstraint(
                fields=["instansi"], condition=Q(status__in=["menunggu", "berjalan", "terhenti"]),
                name="sinkron_satu_aktif_per_instansi",
            ),
        ]

    def __str__(self) -> str:
        return f"Sinkron SIASN {self.instansi_id} #{self.pk}"

    @property
    def persen(self) -> int:
        if self.status == self.Status.SELESAI:
            return 100
        if self.tahap == self.Tahap.UNIT:
            return 0
        done = self.diproses / self.jumlah if self.jumlah else 1
        return min(99, int(5 + 90 * done))

    @property
    def aktif(self) -> bool:
        return self.status in self.AKTIF

    @property
    def unit_jumlah(self) -> int:
        return self.unit_ditambah + self.unit_diubah + self.unit_tetap + self.unit_gagal


class SinkronItem(models.Model):
    """One unit (by SIASN Id) or one person (by NIP) of a sync, and what became of it. The
    people's rows are written first, all MENUNGGU: a re-run after a crash takes those left."""

    class Jenis(models.TextChoices):
        UNIT = "unit", _("Unit")
        PEGAWAI = "pegawai", _("Pegawai")

    class Hasil(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        DITAMBAH = "ditambah", _("Ditambah")
        DIUBAH = "diubah", _("Diubah")
        TETAP = "tetap", _("Tidak berubah")
        GAGAL = "gagal", _("Gagal")
        KELUAR = "keluar", _("Keluar / tidak aktif")

    sinkron = models.ForeignKey(Sinkron, on_delete=models.CASCADE, related_name="item")
    jenis = models.CharField(max_length=8, choices=Jenis.choices)
    kunci = models.CharField(_("NIP / ID unor"), max_length=64)
    hasil = models.CharField(max_length=10, choices=Hasil.choices, default=Hasil.MENUNGGU)
    alasan = models.TextField(_("alasan"), blank=True)
    nama = models.CharField(_("nama"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("baris sinkron")
        verbose_name_plural = _("baris sinkron")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sinkron", "jenis", "kunci"], name="sinkron_item_unik"),
        ]
        indexes = [models.Index(fields=["sinkron", "jenis", "hasil"], name="sinkron_item_hasil")]

    def __str__(self) -> str:
        return f"{self.jenis} {self.kunci}: {self.hasil}"


class PenilaiBerubah(models.Model):
    """A pegawai whose derived pejabat penilai a sync changed (before → after, as printed)."""

    sinkron = models.ForeignKey(Sinkron, on_delete=models.CASCADE, related_name="penilai_diubah")
    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    sebelum = models.JSONField(default=dict)
    sesudah = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("pejabat penilai berubah")
        verbose_name_plural = _("pejabat penilai berubah")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sinkron", "pegawai"], name="penilai_berubah_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id}: {self.sebelum.get('nama')} → {self.sesudah.get('nama')}"

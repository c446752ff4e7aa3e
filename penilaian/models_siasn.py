"""Results to SIASN (issue 14, "results out"): one status per pegawai and period, and every version
sent (or to be sent) for it. The sending itself is penilaian/siasn.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HasilSiasnQuerySet(models.QuerySet["HasilSiasn"]):
    def visible_to(self, user: Any) -> HasilSiasnQuerySet:
        """The national admin sees all; an admin instansi those of their instansi's periods."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.is_admin_instansi and user.instansi_id:
            return self.filter(periode__instansi_id=user.instansi_id)
        return self.none()


class HasilSiasn(models.Model):
    """The SIASN record of one pegawai's result for one period: its SIASN id once stored (sent as
    `id` with every later correction) and the state of the latest version."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        TERKIRIM = "terkirim", _("Terkirim")
        GAGAL = "gagal", _("Gagal")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="hasil_siasn")
    periode = models.ForeignKey("penilaian.PeriodePenilaian", on_delete=models.CASCADE,
                                related_name="+")
    penilaian = models.ForeignKey("penilaian.Penilaian", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    siasn_id = models.CharField(_("ID riwayat di SIASN"), max_length=64, blank=True)
    status = models.CharField(_("status SIASN"), max_length=10, choices=Status.choices,
                              default=Status.MENUNGGU)
    pesan = models.TextField(_("pesan"), blank=True)
    terkirim_pada = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    diubah = models.DateTimeField(auto_now=True)

    objects = HasilSiasnQuerySet.as_manager()

    class Meta:
        verbose_name = _("hasil di SIASN")
        verbose_name_plural = _("hasil di SIASN")
        ordering = ["-diubah", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "periode"], name="hasil_siasn_unik"),
            models.CheckConstraint(condition=Q(status__in=["menunggu", "terkirim", "gagal"]),
                                   name="hasil_siasn_status_valid"),
        ]
        indexes = [models.Index(fields=["periode", "status"], name="hasil_siasn_periode")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.periode_id}: {self.status}"

    @property
    def pemilik_data_id(self) -> int | None:
        """Whose data a record about this object is (Riwayat.pemilik): the pegawai's."""
        return self.pegawai_id


class KirimanSiasn(models.Model):
    """One version of a result for SIASN. (hasil, versi) is unique: a version is created once and
    sent until it succeeds, never again after; a changed result is a new version."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Sedang dikirim")
        TERKIRIM = "terkirim", _("Terkirim")
        GAGAL = "gagal", _("Gagal")
        DIGANTIKAN = "digantikan", _("Digantikan versi baru")

    hasil = models.ForeignKey(HasilSiasn, on_delete=models.CASCADE, related_name="kiriman")
    versi = models.PositiveIntegerField(_("versi"))
    penilaian = models.ForeignKey("penilaian.Penilaian", on_delete=models.CASCADE,
                                  related_name="+")
    penilaian_versi = models.PositiveIntegerField()
    sidik = models.CharField(max_length=64)
    payload = models.JSONField(_("isi"))  # the contract's fields, without `id` and `path`
    dokumen = models.JSONField(null=True, blank=True)  # upload-dok's data, once uploaded
    siasn_id_dikirim = models.CharField(max_length=64, blank=True)  # the `id` sent ("" = new)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    percobaan = models.PositiveIntegerField(default=0)
    coba_lagi_pada = models.DateTimeField(null=True, blank=True)
    simpan_dicoba_pada = models.DateTimeField(null=True, blank=True)
    pesan = models.TextField(blank=True)
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)
    terkirim_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kiriman ke SIASN")
        verbose_name_plural = _("kiriman ke SIASN")
        ordering = ["hasil", "-versi"]
        constraints = [
            # Idempotency: one row per pegawai, period (the hasil) and version.
            models.UniqueConstraint(fields=["hasil", "versi"], name="kiriman_siasn_versi_unik"),
            models.CheckConstraint(
                condition=Q(status__in=["menunggu", "berjalan", "terkirim", "gagal",
                                        "digantikan"]),
                name="kiriman_siasn_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "coba_lagi_pada"], name="kiriman_siasn_antre"),
            models.Index(fields=["penilaian", "penilaian_versi"], name="kiriman_siasn_sumber"),
        ]

    def __str__(self) -> str:
        return f"{self.hasil_id} v{self.versi}: {self.status}"

"""Matriks Pembagian Peran Hasil: which subordinate SKPs sit in a leader SKP's matrix.

A row links the leader's SKP to one subordinate SKP. The cascading itself is not stored here: a
subordinate RHK points to the leader RHK it intervenes by foreign key (skp.HasilKerja.rhk_atasan).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ekinerja.models import BerInstansi, Pegawai, kolom_instansi, pemicu_instansi
from skp.models import Skp


class BarisQuerySet(models.QuerySet["BarisMatriks"]):
    def untuk(self, skp_atasan: Skp) -> BarisQuerySet:
        """The rows of one matrix, in display order, with the subordinate and their SKP."""
        return (
            self.filter(skp_atasan=skp_atasan)
            .select_related("skp_bawahan__pegawai")
            .order_by("skp_bawahan__pegawai__nama", "skp_bawahan__periode_awal", "pk")
        )


class BarisMatriks(BerInstansi, models.Model):
    INDUK = "skp_atasan"  # the leader's SKP's instansi (a manual row may name another's SKP)

    class Sumber(models.TextChoices):
        SINKRON = "sinkron", _("Sinkronisasi")
        MANUAL = "manual", _("Tambah Pegawai")

    skp_atasan = models.ForeignKey(
        Skp, on_delete=models.CASCADE, related_name="matriks_bawahan", verbose_name=_("SKP atasan")
    )
    skp_bawahan = models.ForeignKey(
        Skp, on_delete=models.CASCADE, related_name="matriks_atasan", verbose_name=_("SKP bawahan")
    )
    sumber = models.CharField(_("sumber"), max_length=8, choices=Sumber.choices)
    ditambahkan_oleh = models.ForeignKey(
        Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    instansi = kolom_instansi()

    objects = BarisQuerySet.as_manager()

    class Meta:
        verbose_name = _("baris matriks")
        verbose_name_plural = _("baris matriks")
        constraints = [
            models.UniqueConstraint(
                fields=["skp_atasan", "skp_bawahan"], name="matriks_baris_unik"
            ),
            models.CheckConstraint(
                condition=~Q(skp_atasan=F("skp_bawahan")), name="matriks_bukan_diri_sendiri"
            ),
            models.CheckConstraint(
                condition=Q(sumber__in=["sinkron", "manual"]), name="matriks_sumber_valid"
            ),
        ]
        triggers = [pemicu_instansi("skp_skp", "skp_atasan_id")]

    def __str__(self) -> str:
        return f"{self.skp_atasan_id} → {self.skp_bawahan_id} ({self.sumber})"

    def state(self) -> dict[str, Any]:
        bawahan = self.skp_bawahan
        return {
            "id": self.pk,
            "skp_bawahan": bawahan.pk,
            "pegawai": bawahan.pegawai.nama,
            "nip": bawahan.pegawai.nip,
            "periode_awal": bawahan.periode_awal.isoformat(),
            "periode_akhir": bawahan.periode_akhir.isoformat(),
            "sumber": self.sumber,
        }

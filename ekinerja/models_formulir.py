"""One-time tokens of create forms (issue 10, item 3): a double click, a resent POST or two
tabs submitting the same form create one row. ekinerja/formulir.py consumes them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KirimanFormulir(models.Model):
    """A create form's token, taken by the transaction that made the row: the unique key makes
    a second submission of the same form wait for the first and then find it taken."""

    pegawai = models.ForeignKey("ekinerja.Pegawai", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    # Where the first submission's result is (the created object's page), for the second one.
    hasil = models.CharField(max_length=500, blank=True)
    dibuat = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kiriman formulir")
        verbose_name_plural = _("kiriman formulir")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "token"], name="kiriman_formulir_sekali"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id}:{self.token}"

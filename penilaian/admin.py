from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ekinerja.admin import InstansiScopedAdmin
from penilaian.models import PeriodePenilaian


@admin.register(PeriodePenilaian)
class PeriodePenilaianAdmin(InstansiScopedAdmin):
    """Manajemen Periode: an admin instansi manages only the periods of their own instansi."""

    list_display = ["nama", "jenis", "awal", "akhir", "batas_pengisian", "instansi"]
    list_filter = ["jenis"]
    ordering = ["instansi", "awal", "-akhir"]

    def save_model(self, request: HttpRequest, obj, form, change) -> None:  # noqa: ANN001
        PeriodePenilaian.simpan(obj, aktor=request.user)

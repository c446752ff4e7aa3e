from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ekinerja.admin import InstansiScopedAdmin
from ekinerja.models import Pegawai
from penilaian.models import PeriodePenilaian


@admin.register(PeriodePenilaian)
class PeriodePenilaianAdmin(InstansiScopedAdmin):
    """Manajemen Periode: an admin instansi manages only the periods of their own instansi."""

    list_display = ["nama", "jenis", "awal", "akhir", "batas_pengisian", "instansi"]
    list_filter = ["jenis"]
    ordering = ["instansi", "awal", "-akhir"]

    def save_model(self, request: HttpRequest, obj: PeriodePenilaian, form: Any,
                   change: bool) -> None:
        # The admin site only lets a signed-in Pegawai (the user model) in.
        aktor = request.user if isinstance(request.user, Pegawai) else None
        PeriodePenilaian.simpan(obj, aktor=aktor)

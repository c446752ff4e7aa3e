"""What the scheduled jobs and people sent, for the admin: read-only, scoped like the rest."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ekinerja.admin import InstansiScopedAdmin, ReadOnlyAdmin
from monitoring.models import JadwalRun, Pengingat


@admin.register(Pengingat)
class PengingatAdmin(InstansiScopedAdmin):
    """Every reminder sent to the admin's instansi (all of them for a national admin)."""

    instansi_path = "penerima__instansi"
    list_display = ["dikirim", "penerima", "alasan", "periode", "email", "pengirim"]
    list_filter = ["alasan", "email"]
    search_fields = ["penerima__nip", "penerima__nama", "pesan"]
    list_select_related = ["penerima", "periode", "pengirim"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JadwalRun)
class JadwalRunAdmin(ReadOnlyAdmin):
    list_display = ["mulai", "tugas", "kunci", "status", "selesai", "hasil"]
    list_filter = ["tugas", "status"]

"""Admin: the national holidays (managed by the national admin, readable by admin instansi) and
the reminders sent. Entries themselves (ProgresHarian, a composite key) are not in the admin:
their pages and the reports show them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja.admin import InstansiScopedAdmin, is_national
from progres import hari_libur
from progres.models import HariLibur, PengingatProgres


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama", "jenis", "sumber"]
    list_filter = ["jenis"]
    date_hierarchy = "tanggal"
    search_fields = ["nama"]
    actions = ["muat_bawaan"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and (request.user.is_superuser
                                           or request.user.is_admin_instansi)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_national(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_national(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_national(request)

    @admin.action(description=_("Muat daftar bawaan (hari libur nasional dan cuti bersama)"),
                  permissions=["change"])
    def muat_bawaan(self, request: HttpRequest, queryset: QuerySet[HariLibur]) -> None:
        tahun = sorted(hari_libur.BAWAAN) or [timezone.localdate().year]
        n = sum(HariLibur.muat_bawaan(t) for t in tahun)
        self.message_user(request, _("%(n)s hari libur ditambahkan (tahun %(t)s).")
                          % {"n": n, "t": ", ".join(map(str, tahun))}, messages.SUCCESS)


@admin.register(PengingatProgres)
class PengingatProgresAdmin(InstansiScopedAdmin):
    """The reminders sent, of the admin's own instansi; read only (the job writes them)."""

    instansi_path = "pegawai__instansi"
    list_display = ["tanggal", "pegawai", "email", "dibuat"]
    list_filter = ["tanggal", "email"]
    search_fields = ["pegawai__nip", "pegawai__nama"]
    list_select_related = ["pegawai"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

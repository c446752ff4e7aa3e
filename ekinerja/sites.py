from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class EkinerjaAdminSite(admin.AdminSite):
    """Open to national admins (superusers) and to each instansi's own admins."""

    site_header = _("e-Kinerja: Admin")
    site_title = _("e-Kinerja")
    index_title = _("Administrasi")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.is_admin_instansi)

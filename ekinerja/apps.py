from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class EkinerjaConfig(AppConfig):
    name = "ekinerja"
    verbose_name = _("Organisasi dan pegawai")

    def ready(self) -> None:
        from ekinerja.requestid import install_log_records

        install_log_records()
        import ekinerja.sesi  # noqa: F401  (connects the login signal that starts the session clock)


class EkinerjaAdminConfig(AdminConfig):
    default_site = "ekinerja.sites.EkinerjaAdminSite"

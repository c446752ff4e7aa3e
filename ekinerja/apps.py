from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class EkinerjaConfig(AppConfig):
    name = "ekinerja"
    verbose_name = _("Organisasi dan pegawai")


class EkinerjaAdminConfig(AdminConfig):
    default_site = "ekinerja.sites.EkinerjaAdminSite"

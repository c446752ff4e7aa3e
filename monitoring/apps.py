from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Running an instansi (issue 13): Monitoring Pengisian and Kurva, Laporan, reminders and the
    scheduled jobs. The top floor: it imports ekinerja, skp and penilaian; nothing imports it."""

    name = "monitoring"
    verbose_name = _("Monitoring")

from __future__ import annotations

from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "skp"

    def ready(self) -> None:
        from skp import riwayat

        riwayat.register()
        # A SIASN sync (ground floor) tells the SKPs whose pejabat penilai it changed.
        from ekinerja.hooks import rater_changed
        from skp.models import tandai_penilai_berubah

        rater_changed.register(tandai_penilai_berubah)

from __future__ import annotations

from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "skp"

    def ready(self) -> None:
        from skp import riwayat

        riwayat.register()
        # A SIASN sync (ground floor) tells the SKPs whose pejabat penilai it changed.
        from ekinerja.sinkron import PENILAI_BERUBAH_HOOKS
        from skp.models import tandai_penilai_berubah

        if tandai_penilai_berubah not in PENILAI_BERUBAH_HOOKS:
            PENILAI_BERUBAH_HOOKS.append(tandai_penilai_berubah)

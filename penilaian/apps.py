from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_save


def _periode_default(sender, instance, created, raw=False, **kwargs) -> None:  # noqa: ANN001
    """A new instansi gets BKN's default set of periods for the current year (decisions.md)."""
    if created and not raw:
        from django.utils import timezone

        from penilaian.models import PeriodePenilaian

        PeriodePenilaian.buat_default(instance, timezone.localdate().year)


class PenilaianConfig(AppConfig):
    name = "penilaian"
    verbose_name = "Penilaian"

    def ready(self) -> None:
        from ekinerja.models import Instansi
        from penilaian.models import skp_sudah_dinilai
        from penilaian.progres import rencana_aksi_untuk_progres
        from progres.models import PENYEDIA_RENCANA_AKSI
        from skp.models import Skp

        if skp_sudah_dinilai not in Skp.kembali_ke_draft_blockers:
            Skp.kembali_ke_draft_blockers.append(skp_sudah_dinilai)
        if rencana_aksi_untuk_progres not in PENYEDIA_RENCANA_AKSI:
            PENYEDIA_RENCANA_AKSI.append(rencana_aksi_untuk_progres)
        post_save.connect(_periode_default, sender=Instansi, dispatch_uid="penilaian_default")

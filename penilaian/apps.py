from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ekinerja.models import Instansi, Pegawai


def _periode_instansi_baru(instansi: Instansi, aktor: Pegawai | None) -> None:
    """A new instansi gets this year's periods in its chosen pattern (decisions.md; issue 13).
    Called explicitly by ekinerja.actions.create_instansi through the hook, not by a signal."""
    from django.utils import timezone

    from penilaian.actions import create_periods

    create_periods(aktor=aktor, instansi=instansi, tahun=timezone.localdate().year)


class PenilaianConfig(AppConfig):
    name = "penilaian"
    verbose_name = _("Penilaian")

    def ready(self) -> None:
        from ekinerja.hooks import (
            on_instansi_created,
            refuse_skp_return_to_draft,
            rencana_aksi_for_progres,
        )
        from penilaian.models import skp_sudah_dinilai
        from penilaian.progres import rencana_aksi_untuk_progres

        refuse_skp_return_to_draft.register(skp_sudah_dinilai)
        rencana_aksi_for_progres.register(rencana_aksi_untuk_progres)
        on_instansi_created(_periode_instansi_baru)

"""Penilaian's side of Progres Harian (penilaian may read progres; progres never imports penilaian).

* `saran_progres`: per RHK, the approved output of the period (one query, progres.total_disetujui),
  shown on Pengisian Eviden as "Saran realisasi" (the pages: penilaian/views/progres.py).
* `bisa_dilampirkan`, `tautan_bukti`: approved entries with bukti that may become eviden.
* `rencana_aksi_untuk_progres`: the hook progres's entry form reads the rencana aksi through.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from penilaian.models import PeriodePenilaian, RencanaAksi
from progres.models import ProgresHarian, StatusProgres, total_disetujui
from skp.models import Skp


def saran_progres(skp: Skp, periode: PeriodePenilaian, rhk_ids: list[int]
                  ) -> dict[int, list[tuple[str, Decimal]]]:
    """Approved Progres Harian totals of these RHKs within the period and the SKP. One query."""
    awal, akhir = max(periode.awal, skp.periode_awal), min(periode.akhir, skp.periode_akhir)
    return total_disetujui(pegawai_id=skp.pegawai_id, rhk_ids=rhk_ids, awal=awal, akhir=akhir)


def rencana_aksi_untuk_progres(rhk_ids: list[int], tanggal: dt.date
                               ) -> dict[int, list[tuple[int, str]]]:
    """Registered on ekinerja.hooks.rencana_aksi_for_progres: the rencana aksi of these RHKs in the
    periods that hold `tanggal`. One query."""
    out: dict[int, list[tuple[int, str]]] = {}
    for ra in RencanaAksi.objects.filter(rhk_id__in=rhk_ids, periode__awal__lte=tanggal,
                                         periode__akhir__gte=tanggal).order_by("rhk_id", "pk"):
        out.setdefault(ra.rhk_id, []).append((ra.pk, ra.deskripsi))
    return out


def bisa_dilampirkan(skp: Skp, per: PeriodePenilaian, rhk_id: int) -> list[ProgresHarian]:
    """Approved entries of this RHK in the period that carry bukti. One query on the
    (pegawai, tanggal) index."""
    awal, akhir = max(per.awal, skp.periode_awal), min(per.akhir, skp.periode_akhir)
    return [e for e in ProgresHarian.objects.filter(pegawai_id=skp.pegawai_id,
                                                    status=StatusProgres.DISETUJUI)
            .antara(awal, akhir).order_by("tanggal", "id")
            if e.rhk_id == rhk_id and (e.bukti_tautan or e.bukti_berkas)]


def tautan_bukti(e: ProgresHarian) -> str:
    """The link an entry's bukti is reached by: its own link, else its uploaded file's page."""
    if e.bukti_tautan:
        return e.bukti_tautan
    return f"{settings.SITE_URL}{reverse('progres:bukti', args=[e.id, e.tanggal])}"

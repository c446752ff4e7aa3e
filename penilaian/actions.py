"""Penilaian actions that span models (style: verb_noun(*, aktor, ...), atomic, recorded)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ekinerja.models import Instansi, Pegawai, Riwayat, UnitOrganisasi
from penilaian.models import Eviden, PeriodePenilaian, PerpanjanganBatas
from penilaian.progres import bisa_dilampirkan, tautan_bukti
from progres.kalender import tanggal_panjang
from skp.models import Indikator


def create_periods(*, aktor: Pegawai | None, instansi: Instansi, tahun: int
                   ) -> list[PeriodePenilaian]:
    """Create the year's periods from the instansi's pattern and deadline settings, plus Final.

    Idempotent: when the instansi already has any period starting in `tahun` nothing is made
    (an admin's own periods are never doubled). The instansi row is locked first, so the
    December job and an admin clicking "Buat periode" at the same moment make one set."""
    with transaction.atomic():
        instansi = Instansi.objects.select_for_update().get(pk=instansi.pk)
        if PeriodePenilaian.objects.filter(instansi=instansi, awal__year=tahun).exists():
            return []
        rows = PeriodePenilaian.objects.bulk_create(PeriodePenilaian.susun(instansi, tahun))
        Riwayat.catat(instansi, aktor=aktor, aksi="periode.buat_tahun",
                      sesudah={"tahun": tahun, "pola": instansi.pola_periode,
                               "jumlah": len(rows)})
    return rows


def extend_deadline(*, aktor: Pegawai, periode: PeriodePenilaian, unit: UnitOrganisasi | None,
                    batas: dt.date, alasan: str) -> PerpanjanganBatas:
    """Extend a period's filling deadline for the whole instansi (`unit=None`) or for one unit
    and the units below it. Extending again replaces the earlier extension (recorded)."""
    alasan = (alasan or "").strip()
    errors: dict[str, list[str]] = {}
    if batas is None or batas <= periode.batas_pengisian:
        errors["batas"] = [gettext("Batas baru harus setelah batas pengisian periode (%(b)s).")
                           % {"b": periode.batas_pengisian.isoformat()}]
    if not alasan:
        errors["alasan"] = [gettext("Tuliskan alasan perpanjangan.")]
    if unit is not None and unit.instansi_id != periode.instansi_id:
        errors["unit"] = [gettext("Unit harus dari instansi periode ini.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = (PerpanjanganBatas.objects.select_for_update()
               .filter(periode=periode, unit=unit).order_by("pk").first())
        sebelum = row.state() if row else None
        if row is None:
            # Two admins extending at once: the unique (periode, unit) lets one insert win; the
            # other updates it below on its retry through get_or_create.
            row, _created = PerpanjanganBatas.objects.get_or_create(
                periode=periode, unit=unit,
                defaults={"batas": batas, "alasan": alasan, "oleh": aktor})
        row.batas, row.alasan, row.oleh, row.diubah = batas, alasan, aktor, timezone.now()
        row.save()
        Riwayat.catat(periode, aktor=aktor, aksi="periode.perpanjang", sebelum=sebelum,
                      sesudah=row.state(), alasan=alasan)
    return row


def attach_progres_eviden(*, aktor: Pegawai, indikator: Indikator, periode: PeriodePenilaian,
                          pilih: set[str]) -> int:
    """Lampirkan dari Progres Harian: the chosen (by `kunci_url`) approved entries with bukti of
    the indicator's RHK become its eviden, all or none; an entry whose link is already an eviden
    is skipped. Each eviden writes its Riwayat row (Eviden.tambah). Returns how many."""
    # Query: the entries; query: the eviden already there.
    entri = bisa_dilampirkan(indikator.rhk.skp, periode, indikator.rhk_id)
    ada = set(Eviden.objects.filter(indikator=indikator, periode=periode)
              .values_list("tautan", flat=True))
    dipilih = [e for e in entri if e.kunci_url in pilih and tautan_bukti(e) not in ada]
    with transaction.atomic():
        for e in dipilih:
            Eviden.tambah(indikator, periode, aktor=aktor, tautan=tautan_bukti(e),
                          nama=f"Progres {tanggal_panjang(e.tanggal)}: {e.uraian}"[:255])
    return len(dipilih)

"""Actions of the organisation floor that span models or call hooks (style: verb_noun(*, aktor))."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ekinerja.hooks import run_instansi_created
from ekinerja.models import Instansi, Pegawai, Riwayat


def _setup_instansi(instansi: Instansi, aktor: Pegawai | None) -> None:
    Riwayat.catat(instansi, aktor=aktor, aksi="instansi.buat",
                  sesudah={"nama": instansi.nama, "siasn_id": instansi.siasn_id or ""})
    run_instansi_created(instansi, aktor)


@transaction.atomic
def create_instansi(*, aktor: Pegawai | None, nama: str, **fields: Any) -> Instansi:
    """A new instansi, recorded, with whatever the domain apps set up for it (its periods of
    this year, registered by penilaian) in the same transaction."""
    instansi = Instansi(nama=nama, **fields)
    instansi.full_clean()
    instansi.save()
    _setup_instansi(instansi, aktor)
    return instansi


@transaction.atomic
def get_or_create_instansi(*, aktor: Pegawai | None, siasn_id: str,
                           defaults: dict[str, Any]) -> tuple[Instansi, bool]:
    """The instansi with this SIASN id, created (as create_instansi does) when it is new. Safe
    when two logins bring the same new instansi at once: the unique siasn_id decides."""
    instansi, created = Instansi.objects.get_or_create(siasn_id=siasn_id, defaults=defaults)
    if created:
        _setup_instansi(instansi, aktor)
    return instansi, created


def setup_instansi(instansi: Instansi, *, aktor: Pegawai | None) -> None:
    """For an instansi saved by a generic form (the Django admin's): record and set it up."""
    with transaction.atomic():
        _setup_instansi(instansi, aktor)

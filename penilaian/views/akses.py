"""Access helpers: each finds one kind of object the user may see or change; anyone else gets
a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404

from ekinerja.akses import catat_akses
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import UnitOrganisasi
from penilaian.models import (
    Eviden,
    Keberatan,
    PeranKeberatan,
    PeriodePenilaian,
    UmpanBalikPerilaku,
)
from skp.models import Indikator, Skp, StatusSkp


@dataclass(frozen=True)
class PeranSkp:
    """Who the user is to an approved SKP on the penilaian pages."""

    pegawai: bool  # its owner: fills eviden and realisasi, may object to the final predikat
    penilai: bool  # its pejabat penilai: rates


def _skp(request: AuthedHttpRequest, pk: int, *,
         sebagai: Literal["pegawai", "penilai"] | None = None) -> tuple[Skp, PeranSkp]:
    """An approved SKP this user owns or rates (Skp.objects.visible_to) and their role in it;
    with `sebagai`, only someone in that role finds it. Anybody else: 404."""
    skp = get_object_or_404(
        Skp.objects.visible_to(request.user).filter(status=StatusSkp.PERSETUJUAN)
        .select_related("pegawai", "unit"),
        pk=pk,
    )
    catat_akses(request, skp, "penilaian")
    peran = PeranSkp(pegawai=skp.pegawai_id == request.user.pk,
                     penilai=skp.pejabat_penilai_id == request.user.pk)
    if sebagai is not None and not getattr(peran, sebagai):
        raise Http404
    return skp, peran


def _skp_periode(request: AuthedHttpRequest, pk: int, periode: int, *,
                 sebagai: Literal["pegawai", "penilai"]) -> tuple[Skp, PeriodePenilaian]:
    """`_skp` for someone in that role, and a period of the SKP (`_periode`)."""
    skp, _peran = _skp(request, pk, sebagai=sebagai)
    return skp, _periode(skp, periode)


def _periode(skp: Skp, pk: int) -> PeriodePenilaian:
    """A period of the SKP's instansi that intersects the SKP."""
    return get_object_or_404(PeriodePenilaian.objects.untuk_skp(skp), pk=pk)


def _my_periode(request: AuthedHttpRequest, pk: int) -> PeriodePenilaian:
    return get_object_or_404(PeriodePenilaian, pk=pk, instansi_id=request.user.instansi_id)


def _rates_approved_skp(user: Any) -> bool:
    # Query: is this user the pejabat penilai of any approved SKP?
    return Skp.objects.filter(pejabat_penilai=user, status=StatusSkp.PERSETUJUAN).exists()


def _memimpin_subunit(user: Any) -> bool:
    # Query: does this user head a unit that has sub-units (and so sets their capaian)?
    return UnitOrganisasi.objects.filter(parent__kepala=user).exists()


def _indikator_owned(request: AuthedHttpRequest, indikator: int) -> Indikator:
    """An indicator of an approved SKP the user owns; anybody else: 404."""
    return get_object_or_404(
        Indikator.objects.select_related("rhk__skp"),
        pk=indikator, rhk__skp__pegawai=request.user, rhk__skp__status=StatusSkp.PERSETUJUAN,
    )


def _eviden_owned(request: AuthedHttpRequest, pk: int) -> Eviden:
    """Nobody touches another's eviden: only the SKP owner's rows are found."""
    return get_object_or_404(
        Eviden.objects.select_related("indikator__rhk__skp", "periode"),
        pk=pk, indikator__rhk__skp__pegawai=request.user,
        indikator__rhk__skp__status=StatusSkp.PERSETUJUAN,
    )


def _rekan_skp(request: AuthedHttpRequest, pk: int) -> Skp:
    """A colleague's SKP of the user's own instansi (Skp.objects.for_rekan); else 404."""
    skp = get_object_or_404(Skp.objects.for_rekan(request.user).select_related("pegawai"),
                            pk=pk)
    catat_akses(request, skp, "rekan")
    return skp


def _umpan_balik_milik(request: AuthedHttpRequest, pk: int) -> UmpanBalikPerilaku:
    """Only its author edits or deletes a feedback."""
    return get_object_or_404(UmpanBalikPerilaku.objects.select_related("skp", "perilaku"),
                             pk=pk, penulis=request.user)


def _admin_instansi(request: AuthedHttpRequest) -> int:
    """An admin instansi's instansi (its id); anybody else: 404."""
    user = request.user
    if not (user.is_admin_instansi and user.instansi_id):
        raise Http404
    return user.instansi_id


def _keberatan(request: AuthedHttpRequest, pk: int) -> tuple[Keberatan, PeranKeberatan]:
    """A keberatan and who the user is to it: its pegawai, pejabat penilai or atasan pejabat
    penilai (Keberatan.peran); anybody else: 404."""
    row = get_object_or_404(
        Keberatan.objects.select_related("penilaian__skp__pegawai", "penilaian__periode"), pk=pk)
    peran = row.peran(request.user)
    if not peran:
        raise Http404
    return row, peran


def _indikator_periode(request: AuthedHttpRequest, indikator: int, periode: int
                       ) -> tuple[Indikator, Skp, PeriodePenilaian]:
    """An indicator of an approved SKP the user owns, its SKP, and a period of that SKP; anybody
    else: 404."""
    ind = _indikator_owned(request, indikator)
    return ind, ind.rhk.skp, _periode(ind.rhk.skp, periode)

"""Who may monitor what: one access helper for every monitoring page, export and action.

The roles (issue 13): a national admin (superuser) monitors every instansi; an admin instansi
their own instansi; a pimpinan unit (the head of a unit, or its active Plt/Plh) the units they
lead and everything below them. The rule itself is UnitOrganisasi.objects.dipantau_oleh (and
Pegawai.objects.dipantau_oleh for people); this module turns a request into that scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from ekinerja.masukan import parse_id
from ekinerja.models import Instansi, UnitOrganisasi


class BukanPemantau(PermissionDenied):
    """The user leads no unit and administers no instansi."""




@dataclass
class Cakupan:
    """The part of the organisation a monitoring request looks at."""

    instansi: Instansi
    seluruh_instansi: bool  # admin instansi or superuser: the whole instansi is in scope
    units: dict[int, UnitOrganisasi]  # every unit in scope (id, nama, parent, kepala)
    unit: UnitOrganisasi | None = None  # the selected unit (drill-down); None = the whole scope
    daftar_instansi: list[Instansi] = field(default_factory=list)  # a superuser's choice

    @property
    def nama(self) -> str:
        """What the page is about: the selected unit, the instansi, or the unit(s) led."""
        if self.unit is not None:
            return self.unit.nama
        if self.seluruh_instansi:
            return self.instansi.nama
        roots = self.akar
        return self.units[roots[0]].nama if len(roots) == 1 else _("Unit yang Anda pimpin")

    @property
    def akar(self) -> list[int]:
        """The tops of the scope: units whose parent is outside it."""
        return sorted(u.pk for u in self.units.values() if u.parent_id not in self.units)

    def anak(self, unit_id: int) -> list[UnitOrganisasi]:
        return sorted((u for u in self.units.values() if u.parent_id == unit_id),
                      key=lambda u: (u.nama, u.pk))

    def baris(self) -> tuple[list[int], int | None, bool]:
        """(roots with their subtree, the unit whose own people form a row, people without a
        unit?) for the display rows of the current selection."""
        if self.unit is not None:
            return [u.pk for u in self.anak(self.unit.pk)], self.unit.pk, False
        if len(self.akar) == 1:  # one top unit: show what lies directly below it
            top = self.akar[0]
            return [u.pk for u in self.anak(top)], top, self.seluruh_instansi
        return self.akar, None, self.seluruh_instansi

    def jejak(self) -> list[UnitOrganisasi]:
        """The selected unit and its parents inside the scope, top first (breadcrumbs)."""
        out, node, seen = [], self.unit, set()
        while node is not None and node.pk not in seen:
            out.append(node)
            seen.add(node.pk)
            node = self.units.get(node.parent_id) if node.parent_id else None
        return out[::-1]

    def pilihan_unit(self) -> list[tuple[int, str]]:
        """Every unit in scope, in tree order with indentation, for the filter select."""
        children: dict[int | None, list[UnitOrganisasi]] = {}
        for u in self.units.values():
            key = u.parent_id if u.parent_id in self.units else None
            children.setdefault(key, []).append(u)
        out: list[tuple[int, str]] = []
        stack = [(u, 0) for u in sorted(children.get(None, []), key=lambda u: u.nama, reverse=True)]
        seen: set[int] = set()
        while stack:
            u, depth = stack.pop()
            if u.pk in seen:
                continue
            seen.add(u.pk)
            out.append((u.pk, "\u00a0\u00a0" * depth + u.nama))
            for c in sorted(children.get(u.pk, []), key=lambda c: c.nama, reverse=True):
                stack.append((c, depth + 1))
        return out

    def laporan_unit(self) -> UnitOrganisasi | None:
        """The unit a report of this selection covers; None = the whole instansi."""
        if self.unit is not None or self.seluruh_instansi:
            return self.unit
        return self.units[self.akar[0]]


def cakupan(request: HttpRequest, data: Any = None) -> Cakupan:
    """The scope of this request, from `data` (GET or POST): `instansi` (a superuser's choice)
    and `unit` (a unit in the user's scope). 403 for a user who may monitor nothing, 404 for an
    instansi or unit outside their scope. Queries: the instansi (+ the list for a superuser),
    the units in scope."""
    user = request.user
    data = request.GET if data is None else data
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise BukanPemantau
    daftar: list[Instansi] = []
    if user.is_superuser:
        daftar = list(Instansi.objects.dikelola_oleh(user).only("pk", "nama"))
        wanted = parse_id(data.get("instansi"))
        instansi = next((i for i in daftar if i.pk == wanted), None) if wanted else (
            next((i for i in daftar if i.pk == user.instansi_id), None) or
            (daftar[0] if daftar else None))
        if instansi is None:
            raise Http404
        seluruh = True
    elif user.is_admin_instansi and user.instansi_id:
        instansi = Instansi.objects.dikelola_oleh(user).get(pk=user.instansi_id)
        seluruh = True
    else:
        instansi, seluruh = None, False
    qs = UnitOrganisasi.objects.dipantau_oleh(user).only("pk", "nama", "parent_id", "kepala_id",
                                                         "instansi_id")
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    units = {u.pk: u for u in qs}
    if instansi is None:
        if not units:
            raise BukanPemantau(_("Monitoring hanya untuk pimpinan unit dan admin instansi."))
        # A pimpinan unit: the instansi of the units they lead (all in one instansi).
        instansi_id = min(u.instansi_id for u in units.values())
        units = {k: u for k, u in units.items() if u.instansi_id == instansi_id}
        instansi = Instansi.objects.get(pk=instansi_id)
    out = Cakupan(instansi=instansi, seluruh_instansi=seluruh, units=units,
                  daftar_instansi=daftar)
    wanted_unit = parse_id(data.get("unit"))
    if data.get("unit") and wanted_unit is None:
        raise Http404
    if wanted_unit is not None:
        if wanted_unit not in units:
            raise Http404
        out.unit = units[wanted_unit]
    return out

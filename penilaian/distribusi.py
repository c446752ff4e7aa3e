"""Pola distribusi per unit (decisions.md, revised; SE MenPANRB 3/2023): the queries.

The pattern is judged over a unit's whole population in a period, not over one rater's handful:

* The **unit penilaian** of an SKP is the nearest unit at or above the SKP's unit that is led by a
  JPT (kelas JPT, or a pegawai flagged pimpinan unit), or the top of the tree when none is. The
  head of that unit is rated by the leader above, under the capaian of the unit they lead, so a
  head's own SKP belongs to the unit penilaian above theirs.
* The **population** of a unit penilaian U in a period is every approved SKP meeting the period
  whose unit is U or lies below it, except U's head: the counts are aggregated up the tree, so a
  Deputi's population includes the people of the Direktorat below.
* The five rules (penilaian.rules.cek_distribusi) apply to that population against U's capaian
  kinerja organisasi; below rules.MIN_PEGAWAI_POLA people no warning is given (docs/pola-distribusi.md).
* A pejabat penilai sees that picture and their share of it (the SKPs they rate).

Everything here is a fixed number of queries, whatever the size of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import Count, Min

from ekinerja.models import JPT_CLASSES, MAX_TREE_DEPTH, Pegawai, UnitOrganisasi
from penilaian.models import CapaianOrganisasi, Penilaian, PeriodePenilaian
from penilaian.rules import (
    MIN_PEGAWAI_POLA,
    Capaian,
    Predikat,
    cek_distribusi_unit,
    distribusi_ideal,
)
from skp.models import Skp, StatusSkp


def _t(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _jpt_sql(alias: str) -> str:
    classes = ", ".join(f"'{c.value}'" for c in sorted(JPT_CLASSES))
    return f"({alias}.kelas_jabatan IN ({classes}) OR {alias}.pimpinan_unit)"


PREDIKAT_SQL = (
    "COALESCE(NULLIF(pn.predikat_keberatan, ''), NULLIF(pn.predikat_override, ''),"
    " NULLIF(pn.predikat_matriks, ''), '')"
)


def skp_periode_sql(p: str = "%s", akhir: str = "%s", awal: str = "%s") -> str:
    """Approved SKPs meeting a period (placeholders for the periode id, its end and its start),
    each with the predikat in force for that period ('' when not rated): columns id,
    pegawai_id, pejabat_penilai_id, unit_id, pred."""
    return (
        f"SELECT s.id, s.pegawai_id, s.pejabat_penilai_id, s.unit_id, {PREDIKAT_SQL} AS pred"  # noqa: S608
        f" FROM {_t(Skp)} s LEFT JOIN {_t(Penilaian)} pn ON pn.skp_id = s.id AND pn.periode_id = {p}"
        f" WHERE s.status = '{StatusSkp.PERSETUJUAN.value}' AND s.periode_awal <= {akhir}"
        f" AND s.periode_akhir >= {awal}"
    )


@dataclass
class UnitPenilaian:
    id: int
    nama: str
    kepala_id: int | None
    capaian: str
    capaian_ditetapkan: bool


@dataclass
class Gambaran:
    """A unit penilaian's predikat picture in one period, and one rater's share of it."""

    unit: UnitPenilaian | None
    jumlah: dict[str, int] = field(default_factory=dict)  # predikat → count (rated only)
    bagian: dict[str, int] = field(default_factory=dict)  # the rater's share
    belum: int = 0  # SKPs in the population not rated yet
    belum_bagian: int = 0

    @property
    def n(self) -> int:
        return sum(self.jumlah.values())


def unit_penilaian(skp_unit_id: int | None, pegawai_id: int | None, per: PeriodePenilaian
                   ) -> UnitPenilaian | None:
    """The unit penilaian of an SKP in unit `skp_unit_id` owned by `pegawai_id`, with its capaian
    for the period. One query: the unit chain upwards with heads and capaian."""
    if skp_unit_id is None:
        return None
    unit, peg, cap = _t(UnitOrganisasi), _t(Pegawai), _t(CapaianOrganisasi)
    sql = (
        f"WITH RECURSIVE chain(id, parent_id, depth) AS ("  # noqa: S608
        f" SELECT id, parent_id, 0 FROM {unit} WHERE id = %s UNION ALL"
        f" SELECT u.id, u.parent_id, c.depth + 1 FROM {unit} u JOIN chain c ON u.id = c.parent_id"
        f" WHERE c.depth < %s)"
        f" SELECT c.id, c.parent_id, u.nama, u.kepala_id, COALESCE({_jpt_sql('p')}, false),"
        f" co.capaian FROM chain c JOIN {unit} u ON u.id = c.id"
        f" LEFT JOIN {peg} p ON p.id = u.kepala_id"
        f" LEFT JOIN {cap} co ON co.unit_id = c.id AND co.periode_id = %s ORDER BY c.depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [skp_unit_id, MAX_TREE_DEPTH, per.pk])
        rows = cursor.fetchall()
    seen: set[int] = set()
    chain = []
    for row in rows:
        if row[0] in seen:  # a cycle in bad data
            break
        seen.add(row[0])
        chain.append(row)
    for uid, parent_id, nama, kepala_id, jpt, capaian in chain:
        if kepala_id is not None and kepala_id == pegawai_id:
            continue  # a head belongs to the unit above the one they lead
        if jpt or parent_id is None:
            return UnitPenilaian(uid, nama, kepala_id, capaian or Capaian.BAIK, capaian is not None)
    if chain:  # the head of the top unit: their own unit is their group
        uid, _p, nama, kepala_id, _jpt, capaian = chain[-1]
        return UnitPenilaian(uid, nama, kepala_id, capaian or Capaian.BAIK, capaian is not None)
    return None


def gambaran_unit(unit: UnitPenilaian, per: PeriodePenilaian, *, penilai_id: int | None = None,
                  seandainya: tuple[int, str] | None = None) -> Gambaran:
    """The predikat counts of the unit's population in the period, and the share of the SKPs
    `penilai_id` rates. `seandainya=(skp_id, predikat)` counts that SKP with that predikat ("" =
    not rated) instead of its saved one: the live preview, nothing saved. One query."""
    unit_t = _t(UnitOrganisasi)
    sql = (
        f"WITH RECURSIVE sub(id) AS (SELECT CAST(%s AS bigint) UNION"  # noqa: S608
        f" SELECT u.id FROM {unit_t} u JOIN sub ON u.parent_id = sub.id),"
        f" s AS ({skp_periode_sql()})"
        f" SELECT CASE WHEN s.id = %s THEN %s ELSE s.pred END AS p, COUNT(*),"
        f" COUNT(*) FILTER (WHERE s.pejabat_penilai_id = %s)"
        f" FROM s WHERE s.unit_id IN (SELECT id FROM sub)"
        f" AND s.pegawai_id IS DISTINCT FROM %s GROUP BY 1"
    )
    skp_id, pred = seandainya if seandainya is not None else (None, "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.id, per.pk, per.akhir, per.awal, skp_id, pred, penilai_id,
                             unit.kepala_id])
        rows = cursor.fetchall()
    out = Gambaran(unit=unit)
    for p, total, mine in rows:
        if p:
            out.jumlah[p] = total
            if mine:
                out.bagian[p] = mine
        else:
            out.belum, out.belum_bagian = total, mine
    return out


def _rater_main_skp(penilai: Pegawai, per: PeriodePenilaian) -> tuple[int | None, int | None]:
    """(unit_id, a pegawai_id) of the rater's subordinates in the period, in the unit where most
    of them work. One query."""
    row = (Skp.objects.filter(pejabat_penilai=penilai, status=StatusSkp.PERSETUJUAN,
                              periode_awal__lte=per.akhir, periode_akhir__gte=per.awal)
           .values("unit_id").annotate(n=Count("id"), contoh_pegawai=Min("pegawai_id"))
           .order_by("-n", "unit_id").first())
    if row is None:
        return penilai.unit_id, None
    return row["unit_id"], row["contoh_pegawai"]


def ideal_sum(groups: list[tuple[str, int]]) -> dict[str, int]:
    """The ideal of several groups together: the sum of each group's ideal for its capaian."""
    out = dict.fromkeys(Predikat.values, 0)
    for capaian, n in groups:
        for p, v in distribusi_ideal(capaian, n).items():
            out[p] += v
    return out


def kelompok_data(penilai: Pegawai, per: PeriodePenilaian, *, skp: Skp | None = None,
                  seandainya: tuple[int, str] | None = None) -> dict[str, object]:
    """What the rating page, the kurva and the printed Evaluasi show: the unit penilaian's
    picture (of `skp`, else of the rater's subordinates), the rater's share, the ideal curve and
    the unit's warnings. 2 queries (3 without `skp`)."""
    unit_id: int | None
    pegawai_id: int | None
    if skp is not None:
        unit_id, pegawai_id = skp.unit_id, skp.pegawai_id
    else:
        unit_id, pegawai_id = _rater_main_skp(penilai, per)
    unit = unit_penilaian(unit_id, pegawai_id, per)
    if unit is None:  # an SKP without a unit: no population to judge
        unit = UnitPenilaian(0, "", None, Capaian.BAIK, False)
        g = Gambaran(unit=None)
    else:
        g = gambaran_unit(unit, per, penilai_id=penilai.pk, seandainya=seandainya)
    n = g.n
    ideal = distribusi_ideal(unit.capaian, n)
    return {
        "unit": g.unit, "capaian": Capaian(unit.capaian),
        "capaian_ditetapkan": unit.capaian_ditetapkan,
        "jumlah": [(Predikat(p), g.jumlah.get(p, 0), ideal[p]) for p in Predikat.values],
        "bagian": [(Predikat(p), g.bagian.get(p, 0)) for p in Predikat.values],
        "n": n, "n_bagian": sum(g.bagian.values()), "belum": g.belum,
        "bagian_teks": ", ".join(f"{Predikat(p).label} {g.bagian[p]}" for p in Predikat.values
                                 if g.bagian.get(p)),
        "peringatan": cek_distribusi_unit(unit.capaian, g.jumlah),
        "terlalu_kecil": 0 < n < MIN_PEGAWAI_POLA,
        "min_pegawai": MIN_PEGAWAI_POLA,
        "pratinjau": seandainya is not None,
    }

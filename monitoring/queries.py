# ruff: noqa: S608  (the SQL is built from table names and fixed fragments; values are parameters)
"""The aggregate SQL behind Monitoring Pengisian and Monitoring Kurva.

Every function is one statement, whatever the size of the instansi: the unit subtree comes from
a recursive CTE (root → every unit below it), the counts from GROUP BY over it. Nothing loops
over units or people in Python beyond shaping the few rows that come back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from ekinerja.models import Pegawai, UnitOrganisasi
from penilaian.distribusi import PREDIKAT_SQL, _jpt_sql, skp_periode_sql
from penilaian.models import CapaianIndikator, CapaianOrganisasi, Eviden, Penilaian, PeriodePenilaian
from skp.models import HasilKerja, Indikator, Skp, StatusSkp

LANGSUNG = -1  # the selected unit's own people (not those of the units below it)
TANPA_UNIT = -2  # people of the instansi without a unit


def _t(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _fetch(statements: list[tuple[str, dict[str, Any]]]) -> list[list[tuple]]:
    """Run the statements on one cursor; each result as a list of rows."""
    out = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            out.append(cursor.fetchall())
    return out


@dataclass(frozen=True)
class Saringan:
    """What the monitoring is about: an instansi, a year, a period, optional people filters."""

    instansi_id: int
    tahun: int
    periode: PeriodePenilaian | None = None
    jenis_pegawai: str = ""
    kelas_jabatan: str = ""

    def params(self) -> dict[str, Any]:
        p = self.periode
        return {
            "i": self.instansi_id, "y0": dt.date(self.tahun, 1, 1),
            "y1": dt.date(self.tahun, 12, 31), "p": p.pk if p else None,
            "awal": p.awal if p else None, "akhir": p.akhir if p else None,
            "jenis": self.jenis_pegawai or None, "kelas": self.kelas_jabatan or None,
        }


PEG_FILTER = (
    " AND p.is_active AND (%(jenis)s IS NULL OR p.jenis_pegawai = %(jenis)s)"
    " AND (%(kelas)s IS NULL OR p.kelas_jabatan = %(kelas)s)"
)


def _in(name: str, values: list[int]) -> tuple[str, dict[str, int]]:
    """A named-parameter IN list: ("%(r0)s, %(r1)s", {"r0": .., "r1": ..}); "NULL" for none.
    Plain SQL (no PostgreSQL arrays), so the SQLite demo runs the same statements."""
    params = {f"{name}{k}": v for k, v in enumerate(values)}
    return ", ".join(f"%({k})s" for k in params) or "NULL", params


def _bool(agg: str, column: str) -> str:
    """bool_or (MAX) / bool_and (MIN) written portably."""
    return f"({agg}(CASE WHEN {column} THEN 1 ELSE 0 END) = 1)"

STATUS_RANK = (
    f"MAX(CASE s.status WHEN '{StatusSkp.PERSETUJUAN.value}' THEN 3"
    f" WHEN '{StatusSkp.PENGAJUAN.value}' THEN 2 ELSE 1 END)"
)


def _peg_cte(roots: str) -> str:
    """map(root, id): each display root (the IN list `roots`) with every unit below it;
    peg(id, root): the people of each display row (subtree rows, the selected unit's own
    people, people without a unit)."""
    unit, peg = _t(UnitOrganisasi), _t(Pegawai)
    return (
        f"map(root, id) AS (SELECT id, id FROM {unit} WHERE id IN ({roots}) AND instansi_id = %(i)s"
        f" UNION SELECT m.root, u.id FROM {unit} u JOIN map m ON u.parent_id = m.id),"
        f" peg(id, root) AS MATERIALIZED ("
        f" SELECT p.id, m.root FROM {peg} p JOIN map m ON m.id = p.unit_id"
        f" WHERE p.instansi_id = %(i)s{PEG_FILTER}"
        f" UNION ALL SELECT p.id, {LANGSUNG} FROM {peg} p"
        f" WHERE p.unit_id = %(langsung)s AND p.instansi_id = %(i)s{PEG_FILTER}"
        f" UNION ALL SELECT p.id, {TANPA_UNIT} FROM {peg} p"
        f" WHERE %(tanpa)s AND p.unit_id IS NULL AND p.instansi_id = %(i)s{PEG_FILTER})"
    )


def _periode_cte() -> str:
    """ps: each approved SKP of those people meeting the period, with its eviden, realisasi,
    rating and predikat flags; pp: the same per person. The SKPs are read by instansi and
    hash-joined to the people (not probed person by person)."""
    skp, pn = _t(Skp), _t(Penilaian)
    ev, cap, ind, rhk = _t(Eviden), _t(CapaianIndikator), _t(Indikator), _t(HasilKerja)
    return (
        f"ev AS (SELECT DISTINCT h.skp_id FROM {ev} e JOIN {ind} i ON i.id = e.indikator_id"
        f" JOIN {rhk} h ON h.id = i.rhk_id WHERE e.periode_id = %(p)s),"
        f" re AS (SELECT DISTINCT h.skp_id FROM {cap} c JOIN {ind} i ON i.id = c.indikator_id"
        f" JOIN {rhk} h ON h.id = i.rhk_id WHERE c.periode_id = %(p)s AND c.realisasi <> ''),"
        f" ps AS (SELECT s.id, s.pegawai_id, s.pejabat_penilai_id,"
        f" ev.skp_id IS NOT NULL AS has_ev, re.skp_id IS NOT NULL AS has_re,"
        f" COALESCE(pn.rating_hasil <> '' AND pn.rating_perilaku <> '', false) AS dinilai,"
        f" {PREDIKAT_SQL} <> '' AS has_pred"
        f" FROM {skp} s JOIN peg ON peg.id = s.pegawai_id"
        f" LEFT JOIN {pn} pn ON pn.skp_id = s.id AND pn.periode_id = %(p)s"
        f" LEFT JOIN ev ON ev.skp_id = s.id LEFT JOIN re ON re.skp_id = s.id"
        f" WHERE s.instansi_id = %(i)s AND s.status = '{StatusSkp.PERSETUJUAN.value}'"
        f" AND s.periode_awal <= %(akhir)s AND s.periode_akhir >= %(awal)s),"
        f" pp AS (SELECT pegawai_id, {_bool('MAX', 'has_ev')} AS ev,"
        f" {_bool('MAX', 'has_re')} AS re, {_bool('MIN', 'dinilai')} AS dinilai,"
        f" {_bool('MIN', 'has_pred')} AS pred FROM ps GROUP BY pegawai_id)"
    )


@dataclass
class Ringkasan:
    """The counts of one row of Monitoring Pengisian."""

    pegawai: int = 0
    belum_skp: int = 0
    draft: int = 0
    pengajuan: int = 0
    persetujuan: int = 0
    skp_periode: int = 0  # people with an approved SKP meeting the period
    eviden: int = 0
    realisasi: int = 0
    dinilai: int = 0
    predikat: int = 0
    penilai_tertinggal: int = 0  # raters with someone still without a predikat

    @property
    def persen_skp(self) -> int:
        return round(100 * self.persetujuan / self.pegawai) if self.pegawai else 0

    @property
    def persen_predikat(self) -> int:
        return round(100 * self.predikat / self.skp_periode) if self.skp_periode else 0


def ringkasan_pengisian(s: Saringan, *, roots: list[int], langsung: int | None = None,
                        tanpa_unit: bool = False) -> dict[int, Ringkasan]:
    """Counts per display row: each unit in `roots` with its whole subtree, the `langsung`
    unit's own people (key LANGSUNG) and, for the whole instansi, people without a unit (key
    TANPA_UNIT). One query."""
    skp = _t(Skp)
    in_roots, root_params = _in("r", list(roots))
    sql = (
        f"WITH RECURSIVE {_peg_cte(in_roots)},"
        f" st AS (SELECT s.pegawai_id, {STATUS_RANK} AS r FROM {skp} s"
        f" JOIN peg ON peg.id = s.pegawai_id"
        f" WHERE s.instansi_id = %(i)s AND s.periode_awal BETWEEN %(y0)s AND %(y1)s"
        f" GROUP BY s.pegawai_id),"
        f" {_periode_cte()},"
        f" rb AS (SELECT peg.root, COUNT(DISTINCT ps.pejabat_penilai_id) AS n FROM ps"
        f" JOIN peg ON peg.id = ps.pegawai_id WHERE NOT ps.has_pred GROUP BY peg.root),"
        f" agg AS (SELECT peg.root, COUNT(*) AS total,"
        f" COUNT(*) FILTER (WHERE st.r IS NULL) AS belum, COUNT(*) FILTER (WHERE st.r = 1) AS d,"
        f" COUNT(*) FILTER (WHERE st.r = 2) AS a, COUNT(*) FILTER (WHERE st.r = 3) AS s3,"
        f" COUNT(pp.pegawai_id) AS sp, COUNT(*) FILTER (WHERE pp.ev) AS ev,"
        f" COUNT(*) FILTER (WHERE pp.re) AS re, COUNT(*) FILTER (WHERE pp.dinilai) AS dn,"
        f" COUNT(*) FILTER (WHERE pp.pred) AS pr"
        f" FROM peg LEFT JOIN st ON st.pegawai_id = peg.id LEFT JOIN pp ON pp.pegawai_id = peg.id"
        f" GROUP BY peg.root)"
        f" SELECT agg.*, COALESCE(rb.n, 0) FROM agg LEFT JOIN rb ON rb.root = agg.root"
    )
    params = {**s.params(), **root_params, "langsung": langsung, "tanpa": tanpa_unit}
    [rows] = _fetch([(sql, params)])
    return {row[0]: Ringkasan(*row[1:]) for row in rows}


def total(rows: dict[int, Ringkasan], keys: list[int]) -> Ringkasan:
    out = Ringkasan()
    for k in keys:
        r = rows.get(k)
        if r is None:
            continue
        for name in out.__dataclass_fields__:
            setattr(out, name, getattr(out, name) + getattr(r, name))
    return out


STATUS_FILTER = {
    "": "1 = 1",
    "belum_skp": "b.r IS NULL",
    "draft": "b.r = 1",
    "pengajuan": "b.r = 2",
    "persetujuan": "b.r = 3",
    "belum_eviden": "pp.pegawai_id IS NOT NULL AND NOT pp.ev",
    "belum_realisasi": "pp.pegawai_id IS NOT NULL AND NOT pp.re",
    "belum_dinilai": "pp.pegawai_id IS NOT NULL AND NOT pp.pred",
}


def daftar_pegawai(s: Saringan, *, roots: list[int], langsung: int | None = None,
                   tanpa_unit: bool = False, status: str = "", limit: int = 50,
                   offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """The people behind the counts: (total, one page) with their best SKP of the year, its
    pejabat penilai and the period's flags. One query (two for a page past the end)."""
    skp, peg_t, unit = _t(Skp), _t(Pegawai), _t(UnitOrganisasi)
    where = STATUS_FILTER.get(status, "1 = 1")
    in_roots, root_params = _in("r", list(roots))
    rank = (f"CASE s.status WHEN '{StatusSkp.PERSETUJUAN.value}' THEN 3"
            f" WHEN '{StatusSkp.PENGAJUAN.value}' THEN 2 ELSE 1 END")
    base = (
        f"WITH RECURSIVE {_peg_cte(in_roots)},"
        # Each person's furthest SKP of the year (a window, not DISTINCT ON: portable).
        f" b AS (SELECT pegawai_id, skp_id, status, pejabat_penilai_id, penilai, r FROM ("
        f"SELECT s.pegawai_id, s.id AS skp_id, s.status, s.pejabat_penilai_id,"
        f" s.snapshot_penilai->>'nama' AS penilai, {rank} AS r, ROW_NUMBER() OVER ("
        f"PARTITION BY s.pegawai_id ORDER BY {rank} DESC, s.periode_awal DESC, s.id DESC) AS rn"
        f" FROM {skp} s JOIN peg ON peg.id = s.pegawai_id"
        f" WHERE s.instansi_id = %(i)s AND s.periode_awal BETWEEN %(y0)s AND %(y1)s) x"
        f" WHERE rn = 1),"
        f" {_periode_cte()}"
    )
    frm = (
        f" FROM peg JOIN {peg_t} p ON p.id = peg.id LEFT JOIN {unit} u ON u.id = p.unit_id"
        f" LEFT JOIN b ON b.pegawai_id = p.id LEFT JOIN pp ON pp.pegawai_id = p.id"
        f" WHERE {where}"
    )
    params = {**s.params(), **root_params, "langsung": langsung, "tanpa": tanpa_unit,
              "limit": limit, "offset": offset}
    # One statement gives the page and (window function) the total before LIMIT.
    [page] = _fetch([
        (f"{base} SELECT p.id, p.nip, p.nama, p.jabatan, u.nama, b.skp_id, b.status,"
         f" b.pejabat_penilai_id, b.penilai, pp.pegawai_id IS NOT NULL, pp.ev, pp.re, pp.pred,"
         f" COUNT(*) OVER ()"
         f"{frm} ORDER BY p.nama, p.id LIMIT %(limit)s OFFSET %(offset)s", params),
    ])
    if page:
        count = page[0][-1]
    elif offset:  # a page past the end: the total needs its own count
        [[(count,)]] = _fetch([(f"{base} SELECT COUNT(*){frm}", params)])
    else:
        count = 0
    cols = ["id", "nip", "nama", "jabatan", "unit", "skp_id", "status", "penilai_id",
            "penilai", "ada_skp_periode", "eviden", "realisasi", "predikat"]
    return count, [dict(zip(cols, r[:-1], strict=True)) for r in page]


# --- Monitoring Kurva ---------------------------------------------------------------------------


@dataclass
class GrupKurva:
    """One unit penilaian: its capaian, the predikat counts of its population in the period."""

    id: int
    nama: str
    parent_id: int | None
    kepala_id: int | None
    capaian: str | None
    jumlah: dict[str, int] = field(default_factory=dict)
    belum: int = 0

    @property
    def n(self) -> int:
        return sum(self.jumlah.values())


def grup_kurva(instansi_id: int, per: PeriodePenilaian, roots: list[int]) -> list[GrupKurva]:
    """Every unit penilaian at or below `roots` (units led by a JPT, the tops of the tree, and
    the roots themselves), each with its capaian and its population's predikat counts,
    aggregated up the tree (penilaian.distribusi). One query."""
    unit, peg, cap = _t(UnitOrganisasi), _t(Pegawai), _t(CapaianOrganisasi)
    in_roots, root_params = _in("r", list(roots))
    sql = (
        f"WITH RECURSIVE scope(id) AS (SELECT id FROM {unit}"
        f" WHERE id IN ({in_roots}) AND instansi_id = %(i)s"
        f" UNION SELECT u.id FROM {unit} u JOIN scope ON u.parent_id = scope.id),"
        f" grp AS (SELECT u.id AS gid, u.kepala_id, u.nama, u.parent_id FROM {unit} u"
        f" LEFT JOIN {peg} k ON k.id = u.kepala_id WHERE u.id IN (SELECT id FROM scope)"
        f" AND (u.id IN ({in_roots}) OR u.parent_id IS NULL OR COALESCE({_jpt_sql('k')}, false))),"
        f" clo(gid, kepala_id, id) AS (SELECT gid, kepala_id, gid FROM grp"
        f" UNION SELECT c.gid, c.kepala_id, u.id FROM {unit} u JOIN clo c ON u.parent_id = c.id),"
        f" s AS ({skp_periode_sql('%(p)s', '%(akhir)s', '%(awal)s')}"
        f" AND s.unit_id IN (SELECT id FROM scope)),"
        f" cnt AS (SELECT clo.gid, s.pred, COUNT(*) AS n FROM clo JOIN s ON s.unit_id = clo.id"
        f" AND s.pegawai_id IS DISTINCT FROM clo.kepala_id GROUP BY clo.gid, s.pred)"
        f" SELECT grp.gid, grp.nama, grp.parent_id, grp.kepala_id, co.capaian, cnt.pred, cnt.n"
        f" FROM grp LEFT JOIN {cap} co ON co.unit_id = grp.gid AND co.periode_id = %(p)s"
        f" LEFT JOIN cnt ON cnt.gid = grp.gid ORDER BY grp.nama, grp.gid"
    )
    params = {**root_params, "i": instansi_id, "p": per.pk, "akhir": per.akhir,
              "awal": per.awal}
    [rows] = _fetch([(sql, params)])
    out: dict[int, GrupKurva] = {}
    for gid, nama, parent_id, kepala_id, capaian, pred, n in rows:
        g = out.setdefault(gid, GrupKurva(gid, nama, parent_id, kepala_id, capaian))
        if pred:
            g.jumlah[pred] = n
        elif pred is not None:
            g.belum = n
    return list(out.values())

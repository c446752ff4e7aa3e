# ruff: noqa: S608  (the SQL is built from table names and fixed fragments; values are parameters)
"""Laporan SKP and Laporan Penilaian SKP (domain.md §9), streamed from a server-side cursor into
an openpyxl write-only workbook or a CSV file, so memory stays flat however many rows.

Layout of the .xlsx (one sheet): A1 the title with the year, A2 "Instansi <name>", A3 the unit,
A4 the filters, A6 the data timestamp, row 8 the header, rows from 9 the data. NIPs are text
cells (number format "@"), never numbers. The CSV holds the header row and the data only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ekinerja.models import JenisPegawai, KelasJabatan, Pegawai, Penugasan, UnitOrganisasi
from monitoring.models import Laporan
from penilaian.distribusi import PREDIKAT_SQL
from penilaian.models import BULAN, Penilaian
from penilaian.rules import Predikat, Rating
from skp.models import Skp, StatusSkp

CHUNK = 2000
HEADER_ROW = 8

SKP_KOLOM = ["id", "nip", "nama", "jabatan", "kelas_jabatan", "jenis_pegawai", "unit_kerja",
             "skp_unor_induk", "is_plt_plh", "periode_awal", "periode_akhir", "skp_status",
             "nip_pejabat_penilai", "nama_pejabat_penilai"]
PENILAIAN_KOLOM = ["id", "nip", "nama", "jabatan", "unit_kerja", "periode", "nip_pejabat_penilai",
                   "nama_pejabat_penilai", "rating_hasil_kerja", "rating_perilaku_kerja",
                   "hasil_akhir"]
WIDTHS = {"id": 9, "nip": 21, "nama": 30, "jabatan": 36, "unit_kerja": 36, "skp_unor_induk": 30,
          "nama_pejabat_penilai": 30, "nip_pejabat_penilai": 21, "periode": 24,
          "hasil_akhir": 18, "rating_hasil_kerja": 20, "rating_perilaku_kerja": 20}


def _t(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def waktu_wib(t: dt.datetime) -> str:
    t = timezone.localtime(t)
    return f"{t.day} {BULAN[t.month]} {t.year} {t:%H:%M} WIB"


@dataclass
class Sumber:
    """The query of one report: SQL, parameters, the columns and how to show each row."""

    sql: str
    params: dict[str, Any]
    kolom: list[str]
    baris: Callable[[tuple], list[Any]]


def _scope(lap: Laporan) -> tuple[str, dict[str, Any]]:
    unit = _t(UnitOrganisasi)
    where = (
        " p.instansi_id = %(i)s AND p.is_active AND NOT p.is_superuser"
        " AND (%(jenis)s IS NULL OR p.jenis_pegawai = %(jenis)s)"
        " AND (%(kelas)s IS NULL OR p.kelas_jabatan = %(kelas)s)"
    )
    params: dict[str, Any] = {"i": lap.instansi_id, "jenis": lap.jenis_pegawai or None,
                              "kelas": lap.kelas_jabatan or None, "root": lap.unit_id}
    cte = ""
    if lap.unit_id:
        cte = (f"WITH RECURSIVE sub(id) AS (SELECT CAST(%(root)s AS bigint) UNION SELECT u.id FROM {unit} u"
               f" JOIN sub ON u.parent_id = sub.id) ")
        where += " AND p.unit_id IN (SELECT id FROM sub)"
    return cte, {"where": where, **params}


def sumber_skp(lap: Laporan, today: dt.date) -> Sumber:
    """One row per SKP of the year, and one for each person without an SKP."""
    cte, params = _scope(lap)
    peg, unit, skp, tugas = _t(Pegawai), _t(UnitOrganisasi), _t(Skp), _t(Penugasan)
    sql = (
        f"{cte}SELECT s.id, p.nip, p.nama, p.jabatan, p.kelas_jabatan, p.jenis_pegawai, u.nama,"
        f" pu.nama, EXISTS (SELECT 1 FROM {tugas} t WHERE t.pegawai_id = p.id AND t.mulai <= %(today)s"
        f" AND (t.selesai IS NULL OR t.selesai >= %(today)s)), s.periode_awal, s.periode_akhir,"
        f" s.status, s.snapshot_penilai->>'nip_nrp', s.snapshot_penilai->>'nama'"
        f" FROM {peg} p LEFT JOIN {unit} u ON u.id = p.unit_id LEFT JOIN {unit} pu ON pu.id = u.parent_id"
        f" LEFT JOIN {skp} s ON s.pegawai_id = p.id AND s.periode_awal BETWEEN %(y0)s AND %(y1)s"
        f" WHERE{params.pop('where')} ORDER BY u.nama NULLS LAST, p.nama, p.id, s.periode_awal"
    )
    params.update(today=today, y0=dt.date(lap.tahun, 1, 1), y1=dt.date(lap.tahun, 12, 31))
    kelas, jenis = dict(KelasJabatan.choices), dict(JenisPegawai.choices)

    def baris(r: tuple) -> list[Any]:
        (sid, nip, nama, jabatan, kj, jp, unit_nama, induk, plt, awal, akhir, status, pnip,
         pnama) = r
        return [sid if sid is not None else "-", nip, nama, jabatan or "-", str(kelas.get(kj, kj)),
                str(jenis.get(jp, jp)), unit_nama or "-", induk or "-", "ya" if plt else "tidak",
                awal or "-", akhir or "-", status or "belum ada SKP", pnip or "-", pnama or "-"]

    return Sumber(sql, params, SKP_KOLOM, baris)


def sumber_penilaian(lap: Laporan) -> Sumber:
    """One row per approved SKP meeting the period: ratings and hasil_akhir (predikat or "-")."""
    cte, params = _scope(lap)
    peg, unit, skp, pn = _t(Pegawai), _t(UnitOrganisasi), _t(Skp), _t(Penilaian)
    per = lap.periode
    assert per is not None  # noqa: S101 (a CheckConstraint guarantees it)
    sql = (
        f"{cte}SELECT s.id, p.nip, p.nama, p.jabatan, u.nama, s.snapshot_penilai->>'nip_nrp',"
        f" s.snapshot_penilai->>'nama', pn.rating_hasil, pn.rating_perilaku, {PREDIKAT_SQL}"
        f" FROM {skp} s JOIN {peg} p ON p.id = s.pegawai_id LEFT JOIN {unit} u ON u.id = p.unit_id"
        f" LEFT JOIN {pn} pn ON pn.skp_id = s.id AND pn.periode_id = %(p)s"
        f" WHERE s.status = '{StatusSkp.PERSETUJUAN.value}' AND s.periode_awal <= %(akhir)s"
        f" AND s.periode_akhir >= %(awal)s AND{params.pop('where')}"
        f" ORDER BY u.nama NULLS LAST, p.nama, p.id, s.id"
    )
    params.update(p=per.pk, awal=per.awal, akhir=per.akhir)
    rating, predikat = dict(Rating.choices), dict(Predikat.choices)
    nama_periode = "Tahunan" if per.is_final else per.nama

    def baris(r: tuple) -> list[Any]:
        sid, nip, nama, jabatan, unit_nama, pnip, pnama, rh, rp, pred = r
        return [sid, nip, nama, jabatan or "-", unit_nama or "-", nama_periode, pnip or "-",
                pnama or "-", str(rating[rh]) if rh else "-", str(rating[rp]) if rp else "-",
                str(predikat[pred]) if pred else "-"]

    return Sumber(sql, params, PENILAIAN_KOLOM, baris)


def sumber(lap: Laporan) -> Sumber:
    if lap.jenis == Laporan.Jenis.PENILAIAN:
        return sumber_penilaian(lap)
    return sumber_skp(lap, timezone.localdate())


def hitung(src: Sumber) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({_without_order(src.sql)}) q", src.params)
        return int(cursor.fetchone()[0])


def _without_order(sql: str) -> str:
    return sql[: sql.rindex(" ORDER BY ")]


def baris_data(src: Sumber) -> Iterator[list[Any]]:
    """The rows through a server-side cursor, CHUNK at a time."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(src.sql, src.params)
        while True:
            chunk = cursor.fetchmany(CHUNK)
            if not chunk:
                return
            for r in chunk:
                yield src.baris(r)


def judul(lap: Laporan) -> list[str]:
    """A1–A4 and A6 of the sheet."""
    if lap.jenis == Laporan.Jenis.SKP:
        title = gettext("Laporan SKP Tahun %(tahun)s") % {"tahun": lap.tahun}
    elif lap.periode is not None and lap.periode.is_final:
        title = gettext("Laporan Penilaian SKP Tahunan Tahun %(tahun)s") % {"tahun": lap.tahun}
    else:
        title = gettext("Laporan Penilaian SKP Periode %(periode)s Tahun %(tahun)s") % {
            "periode": lap.periode.nama if lap.periode else "", "tahun": lap.tahun}
    saring = []
    if lap.jenis_pegawai:
        saring.append(gettext("jenis pegawai %(jenis)s") % {"jenis": lap.jenis_pegawai})
    if lap.kelas_jabatan:
        saring.append(gettext("kelas jabatan %(kelas)s") % {"kelas": KelasJabatan(lap.kelas_jabatan).label})
    unit = lap.unit.nama if lap.unit else gettext("seluruh instansi")
    return [title, gettext("Instansi %(nama)s") % {"nama": lap.instansi.nama},
            gettext("Unit Kerja: %(unit)s") % {"unit": unit},
            gettext("Saringan: %(saring)s") % {"saring": ", ".join(saring) if saring
                                                else gettext("semua pegawai")}]


def nama_berkas(lap: Laporan) -> str:
    kind = "Laporan-SKP" if lap.jenis == Laporan.Jenis.SKP else "Laporan-Penilaian-SKP"
    part = ""
    if lap.periode is not None:
        part = "-Tahunan" if lap.periode.is_final else f"-{lap.periode.awal:%m%d}-{lap.periode.akhir:%m%d}"
    return f"{kind}-{lap.tahun}{part}.{lap.format}"


def tulis_xlsx(path: Path, lap: Laporan, src: Sumber, rows: Iterator[list[Any]],
               progress: Callable[[int], None], now: dt.datetime) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="tahunan" if lap.periode and lap.periode.is_final else "laporan")
    for i, name in enumerate(src.kolom):
        ws.column_dimensions[chr(ord("A") + i)].width = WIDTHS.get(name, 15)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    bold = Font(bold=True)
    head = judul(lap)
    first = WriteOnlyCell(ws, value=head[0])
    first.font = Font(bold=True, size=13)
    ws.append([first])
    for line in head[1:]:
        ws.append([line])
    ws.append([])
    ws.append([gettext("Data per %(waktu)s") % {"waktu": waktu_wib(now)}])
    ws.append([])
    header = []
    for name in src.kolom:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    nip_cols = {i for i, name in enumerate(src.kolom) if name.startswith("nip")}
    date_cols = {i for i, name in enumerate(src.kolom) if name.startswith("periode_")}
    n = 0
    for row in rows:
        out: list[Any] = []
        for i, value in enumerate(row):
            if i in nip_cols:
                cell = WriteOnlyCell(ws, value=str(value))
                cell.number_format = "@"
                out.append(cell)
            elif i in date_cols and isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
        n += 1
        if n % CHUNK == 0:
            progress(n)
    wb.save(path)
    return n


def tulis_csv(path: Path, lap: Laporan, src: Sumber, rows: Iterator[list[Any]],
              progress: Callable[[int], None], now: dt.datetime) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(src.kolom)
        for row in rows:
            writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
            n += 1
            if n % CHUNK == 0:
                progress(n)
    return n


def csv_text(data: bytes) -> list[list[str]]:
    """Read a CSV report back (tests, benchmark)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))

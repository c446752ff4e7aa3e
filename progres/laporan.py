"""Laporan Progres Harian per unit and month as .xlsx (openpyxl, write-only): a summary sheet with
one row per pegawai and a sheet with every entry. Queries: the unit's pegawai, the month's
holidays, the month's entries of those pegawai with their RHK (index progres_pegawai_tanggal)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ekinerja.models import Pegawai, UnitOrganisasi
from progres.kalender import batas_bulan, nama_bulan
from progres.models import HariLibur, ProgresHarian, StatusProgres, is_hari_kerja

RINGKASAN = ["NIP", "Nama", "Jabatan", "Hari kerja", "Hari terisi", "Hari kosong", "Jumlah progres",
             "Disetujui", "Menunggu review", "Dikembalikan"]
RINCIAN = ["NIP", "Nama", "Tanggal", "Rencana Hasil Kerja", "Rencana Aksi", "Uraian kegiatan",
           "Volume", "Satuan", "Status", "Bukti", "Catatan pejabat penilai"]


def _tebal(ws: WriteOnlyWorksheet, values: list[str]) -> None:
    cells = []
    for v in values:
        cell = WriteOnlyCell(ws, value=v)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)


def laporan_unit_xlsx(unit: UnitOrganisasi, tahun: int, bulan: int) -> tuple[bytes, str]:
    awal, akhir = batas_bulan(tahun, bulan)
    pegawai = list(Pegawai.objects.filter(unit=unit, is_active=True).order_by("nama", "nip"))
    libur = HariLibur.objects.antara(awal, akhir)
    hari_kerja = {awal + dt.timedelta(days=i) for i in range((akhir - awal).days + 1)}
    hari_kerja = {d for d in hari_kerja if is_hari_kerja(d, libur)}
    per_orang: dict[int, list[ProgresHarian]] = defaultdict(list)
    if pegawai:
        for e in (ProgresHarian.objects.filter(pegawai_id__in=[p.pk for p in pegawai],
                                               tanggal__gte=awal, tanggal__lte=akhir)
                  .select_related("rhk").order_by("pegawai_id", "tanggal", "id")):
            per_orang[e.pegawai_id].append(e)
    status = dict(StatusProgres.choices)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Ringkasan")
    ws2 = wb.create_sheet("Rincian")
    for sheet, widths in ((ws, [21, 32, 32, 11, 11, 11, 14, 11, 15, 13]),
                          (ws2, [21, 28, 12, 40, 28, 50, 9, 14, 16, 40, 36])):
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = w
    judul = f"Laporan Progres Harian {unit.nama}, {nama_bulan(tahun, bulan)}"
    for sheet, kepala in ((ws, RINGKASAN), (ws2, RINCIAN)):
        _tebal(sheet, [judul])
        _tebal(sheet, kepala)
    for p in pegawai:
        rows = per_orang.get(p.pk, [])
        c = Counter(e.status for e in rows)
        terisi = len({e.tanggal for e in rows} & hari_kerja)
        ws.append([p.nip, p.nama, p.jabatan, len(hari_kerja), terisi, len(hari_kerja) - terisi,
                   len(rows), c[StatusProgres.DISETUJUI], c[StatusProgres.DIAJUKAN],
                   c[StatusProgres.DIKEMBALIKAN]])
        for e in rows:
            ws2.append([p.nip, p.nama, e.tanggal, e.rhk.teks, e.rencana_aksi_teks, e.uraian,
                        float(e.volume), e.satuan, str(status.get(e.status, e.status)),
                        e.bukti_tautan or (f"Berkas: {e.bukti_nama}" if e.bukti_berkas else ""),
                        e.catatan])
    buf = io.BytesIO()
    wb.save(buf)
    nama = "".join(ch if ch.isalnum() else "-" for ch in unit.nama).strip("-")
    return buf.getvalue(), f"Laporan-Progres-Harian_{nama}_{tahun:04d}-{bulan:02d}.xlsx"

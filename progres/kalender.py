"""Days, weeks and months as the Progres Harian pages show them (no queries here)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ekinerja.masukan import parse_date, parse_month
from progres.models import is_hari_kerja

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember"]


def tanggal_panjang(d: dt.date) -> str:
    return f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month - 1]} {d.year}"


def nama_bulan(tahun: int, bulan: int) -> str:
    return f"{BULAN[bulan - 1]} {tahun}"


def parse_tanggal(teks: str | None, default: dt.date) -> dt.date:
    return parse_date(teks) or default


def parse_bulan(teks: str | None, default: dt.date) -> tuple[int, int]:
    """"2026-11" -> (2026, 11); anything else -> default's month."""
    return parse_month(teks, first_year=2000, last_year=2100) or (default.year, default.month)


def batas_bulan(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    awal = dt.date(tahun, bulan, 1)
    akhir = (dt.date(tahun + bulan // 12, bulan % 12 + 1, 1) - dt.timedelta(days=1))
    return awal, akhir


def senin(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


@dataclass
class Hari:
    tanggal: dt.date
    libur: str = ""
    akhir_pekan: bool = False
    di_luar_bulan: bool = False
    akan_datang: bool = False
    wajib: bool = False  # a working day on or before today within an approved SKP
    entri: list[Any] = field(default_factory=list)

    @property
    def hari_kerja(self) -> bool:
        return not (self.libur or self.akhir_pekan)

    @property
    def kosong(self) -> bool:
        """Flagged: a day that should have progress and has none."""
        return self.wajib and not self.entri

    @property
    def nama(self) -> str:
        return HARI[self.tanggal.weekday()]

    @property
    def judul(self) -> str:
        return tanggal_panjang(self.tanggal)


def dalam_rentang(d: dt.date, rentang: Iterable[tuple[dt.date, dt.date]]) -> bool:
    return any(a <= d <= b for a, b in rentang)


def hari_hari(awal: dt.date, akhir: dt.date, entri: Iterable[Any], libur: dict[dt.date, str],
              today: dt.date, rentang_skp: list[tuple[dt.date, dt.date]],
              bulan: int | None = None) -> list[Hari]:
    per_hari: dict[dt.date, list[Any]] = defaultdict(list)
    for e in entri:
        per_hari[e.tanggal].append(e)
    out = []
    d = awal
    while d <= akhir:
        h = Hari(tanggal=d, libur=libur.get(d, ""), akhir_pekan=d.weekday() >= 5,
                 di_luar_bulan=bulan is not None and d.month != bulan, akan_datang=d > today,
                 entri=per_hari.get(d, []))
        h.wajib = (not h.di_luar_bulan and d <= today and is_hari_kerja(d, libur)
                   and dalam_rentang(d, rentang_skp))
        out.append(h)
        d += dt.timedelta(days=1)
    return out


def minggu_minggu(tahun: int, bulan: int, hari: list[Hari]) -> list[list[Hari]]:
    """The month as whole weeks (Monday first), for the calendar grid."""
    return [hari[i:i + 7] for i in range(0, len(hari), 7)]


def rentang_kalender(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    """From the Monday on or before the 1st to the Sunday on or after the last day."""
    awal, akhir = batas_bulan(tahun, bulan)
    return senin(awal), akhir + dt.timedelta(days=6 - akhir.weekday())

"""NIP (Nomor Induk Pegawai): 18 digits, always text.

A PNS NIP reads YYYYMMDD (birth date) + YYYYMM (TMT CPNS) + G (1 male, 2 female) + NNN (sequence).
A PPPK number has 18 digits with another meaning, so only the length is checked for PPPK.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NIP_RE = re.compile(r"^\d{18}$")
# Youngest and oldest age at which someone can be appointed CPNS.
MIN_AGE_AT_TMT = 17
MAX_AGE_AT_TMT = 60


@dataclass(frozen=True)
class NipParts:
    tanggal_lahir: dt.date
    tmt_tahun: int
    tmt_bulan: int
    jenis_kelamin: str  # "L" or "P"
    urutan: int


def normalise_nip(value: str) -> str:
    """Drop the spaces and dots people paste along with a NIP."""
    return re.sub(r"[\s.]", "", value or "")


def parse_pns_nip(nip: str, *, today: dt.date | None = None) -> NipParts:
    """Parse a PNS NIP, raising ValidationError (Indonesian) when a part is impossible."""
    if not NIP_RE.match(nip):
        raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_format")
    today = today or dt.date.today()  # noqa: DTZ011 (a calendar date, no time of day involved)
    try:
        lahir = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir dalam NIP (%(tgl)s) bukan tanggal yang ada.")
            % {"tgl": f"{nip[6:8]}-{nip[4:6]}-{nip[0:4]}"},
            code="nip_lahir",
        ) from None
    if lahir > today or today.year - lahir.year > 100:
        raise ValidationError(
            _("Tanggal lahir dalam NIP (%(tgl)s) tidak mungkin.")
            % {"tgl": lahir.strftime("%d-%m-%Y")},
            code="nip_lahir",
        )
    tmt_tahun, tmt_bulan = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_bulan <= 12:
        raise ValidationError(
            _("Bulan TMT CPNS dalam NIP (%(bulan)s) harus 01 sampai 12.") % {"bulan": nip[12:14]},
            code="nip_tmt",
        )
    usia = tmt_tahun - lahir.year
    if usia < MIN_AGE_AT_TMT or usia > MAX_AGE_AT_TMT or (tmt_tahun, tmt_bulan) > (
        today.year + 1,
        12,
    ):
        raise ValidationError(
            _("TMT CPNS dalam NIP (%(tmt)s) tidak mungkin untuk tanggal lahir %(tgl)s.")
            % {"tmt": f"{nip[12:14]}-{nip[8:12]}", "tgl": lahir.strftime("%d-%m-%Y")},
            code="nip_tmt",
        )
    if nip[14] not in "12":
        raise ValidationError(
            _("Digit jenis kelamin dalam NIP (digit ke-15) harus 1 (pria) atau 2 (wanita)."),
            code="nip_gender",
        )
    urutan = int(nip[15:18])
    if urutan == 0:
        raise ValidationError(
            _("Nomor urut dalam NIP (3 digit terakhir) dimulai dari 001."), code="nip_urutan"
        )
    return NipParts(lahir, tmt_tahun, tmt_bulan, "L" if nip[14] == "1" else "P", urutan)


def validate_nip(value: str, *, jenis_pegawai: str = "PNS") -> str:
    """Return the normalised NIP or raise ValidationError. PNS numbers are checked in full."""
    nip = normalise_nip(value)
    if not NIP_RE.match(nip):
        raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_format")
    if jenis_pegawai == "PNS":
        parse_pns_nip(nip)
    return nip


def validate_nip_format(value: str) -> None:
    """Model-field validator: the 18 digits every NIP (PNS and PPPK) has."""
    if not NIP_RE.match(value or ""):
        raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_format")

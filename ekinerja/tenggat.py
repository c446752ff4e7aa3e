"""Deadlines as a countdown in Asia/Jakarta (issue 12 item 7): "Batas pengisian: 5 hari lagi,
20 Juli 2026 23:59 WIB".

A deadline in e-Kinerja is a day (a DateField: batas pengisian, the last day of a keberatan)
that lasts until 23:59:59 WIB, as penilaian.rules.masih_bisa_diisi judges it. The countdown
counts whole calendar days in WIB, so it says "hari ini" on the last day whatever the hour, and
it never disagrees with the server's refusal after midnight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIB = ZoneInfo("Asia/Jakarta")
DEKAT_HARI = 3  # from this many days left the countdown is shown as a warning


@dataclass(frozen=True)
class Tenggat:
    batas: dt.date
    sisa_hari: int  # whole WIB days from today to the deadline day; negative once past

    @property
    def lewat(self) -> bool:
        return self.sisa_hari < 0

    @property
    def dekat(self) -> bool:
        return 0 <= self.sisa_hari <= DEKAT_HARI

    @property
    def akhir(self) -> dt.datetime:
        """The deadline's last minute, 23:59 WIB of its day (for <time datetime>)."""
        return dt.datetime.combine(self.batas, dt.time(23, 59), tzinfo=WIB)

    @property
    def tanggal(self) -> str:
        """'20 Juli 2026 23:59 WIB' (month name in the active language)."""
        return _("%(tanggal)s 23:59 WIB") % {"tanggal": dateformat.format(self.batas, "j F Y")}

    @property
    def sisa(self) -> str:
        """'5 hari lagi', 'hari ini', or 'sudah lewat'."""
        if self.lewat:
            return _("sudah lewat")
        if self.sisa_hari == 0:
            return _("hari ini")
        return ngettext("%(n)d hari lagi", "%(n)d hari lagi", self.sisa_hari) % {
            "n": self.sisa_hari}


def hitung_mundur(batas: dt.date, now: dt.datetime | None = None) -> Tenggat:
    hari_ini = (now or timezone.now()).astimezone(WIB).date()
    return Tenggat(batas=batas, sisa_hari=(batas - hari_ini).days)

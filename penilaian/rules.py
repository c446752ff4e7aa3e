"""Pure rules of the penilaian (domain.md §7): the predikat matrix, pola distribusi, deadlines.

No database access here, so every boundary can be unit-tested directly.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

WIB = ZoneInfo("Asia/Jakarta")


class Rating(models.TextChoices):
    """Rating hasil kerja / perilaku kerja (domain.md §7.3: store codes, show the UI labels)."""

    ATAS = "ATAS", _("DIATAS EKSPEKTASI")
    SESUAI = "SESUAI", _("SESUAI EKSPEKTASI")
    BAWAH = "BAWAH", _("DIBAWAH EKSPEKTASI")


class Predikat(models.TextChoices):
    """Predikat kinerja, in the kurva's x-axis order (Sangat Kurang → Sangat Baik)."""

    SANGAT_KURANG = "SANGAT_KURANG", _("Sangat Kurang")
    KURANG = "KURANG", _("Kurang/Misconduct")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Butuh Perbaikan")
    BAIK = "BAIK", _("Baik")
    SANGAT_BAIK = "SANGAT_BAIK", _("Sangat Baik")


class Capaian(models.TextChoices):
    """Capaian kinerja organisasi (SE MenPANRB 3/2023)."""

    ISTIMEWA = "ISTIMEWA", _("Istimewa")
    BAIK = "BAIK", _("Baik")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Butuh Perbaikan")
    KURANG = "KURANG", _("Kurang")
    SANGAT_KURANG = "SANGAT_KURANG", _("Sangat Kurang")


# domain.md §7.4: rows = rating hasil kerja, columns = rating perilaku kerja.
MATRIKS: dict[tuple[str, str], str] = {
    (Rating.ATAS, Rating.BAWAH): Predikat.KURANG,
    (Rating.ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.ATAS, Rating.ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.ATAS): Predikat.BAIK,
    (Rating.BAWAH, Rating.BAWAH): Predikat.SANGAT_KURANG,
    (Rating.BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.BAWAH, Rating.ATAS): Predikat.BUTUH_PERBAIKAN,
}

_SHORT = {Rating.ATAS: "DIATAS", Rating.SESUAI: "SESUAI", Rating.BAWAH: "DIBAWAH"}

# decisions.md "Penilaian": a unit head's rating hasil kerja follows the unit's capaian.
CAPAIAN_KE_RATING: dict[str, str] = {
    Capaian.ISTIMEWA: Rating.ATAS,
    Capaian.BAIK: Rating.SESUAI,
    Capaian.BUTUH_PERBAIKAN: Rating.BAWAH,
    Capaian.KURANG: Rating.BAWAH,
    Capaian.SANGAT_KURANG: Rating.BAWAH,
}


def predikat(hasil: str | None, perilaku: str | None) -> str | None:
    """The default predikat from the 3×3 matrix; None until both ratings are given."""
    if not hasil or not perilaku:
        return None
    return MATRIKS[(Rating(hasil), Rating(perilaku))]


def predikat_berlaku(*, keberatan: str, override: str, matriks: str) -> str:
    """The predikat in force: a decided keberatan's, else the rater's override (which stands on a
    matrix value: it cannot be given before both ratings), else the matrix value."""
    return keberatan or (override if matriks else "") or matriks


def penjelasan(hasil: str | None, perilaku: str | None) -> str:
    """One line: "Hasil kerja SESUAI + perilaku DIATAS → Baik"."""
    hasil_label = _SHORT[Rating(hasil)] if hasil else "?"
    perilaku_label = _SHORT[Rating(perilaku)] if perilaku else "?"
    result = predikat(hasil, perilaku)
    return gettext("Hasil kerja %(hasil)s + perilaku %(perilaku)s → %(predikat)s") % {
        "hasil": hasil_label,
        "perilaku": perilaku_label,
        "predikat": Predikat(result).label if result else gettext("belum lengkap"),
    }


# --- pola distribusi (domain.md §7.5) ---------------------------------------------------------


def paling_banyak(persen: int, n: int) -> int:
    """"max p %" rounds down: floor(p·n/100)."""
    return persen * n // 100


def paling_sedikit(persen: int, n: int) -> int:
    """"min p %" rounds up: ceil(p·n/100)."""
    return -(-persen * n // 100)


def cek_distribusi(capaian: str, jumlah: dict[str, int]) -> list[str]:
    """Warnings (never blocks) for a group's predikat counts against SE MenPANRB 3/2023."""
    c = {p: jumlah.get(p, 0) for p in Predikat.values}
    n = sum(c.values())
    if n == 0:
        return []
    sb, b, bp, k, sk = (
        c[Predikat.SANGAT_BAIK],
        c[Predikat.BAIK],
        c[Predikat.BUTUH_PERBAIKAN],
        c[Predikat.KURANG],
        c[Predikat.SANGAT_KURANG],
    )
    label = Capaian(capaian).label
    out: list[str] = []

    def maks(nama: StrOrPromise, persen: int, actual: int) -> None:
        limit = paling_banyak(persen, n)
        if actual > limit:
            out.append(
                gettext(
                    "Capaian organisasi %(capaian)s: predikat %(nama)s paling banyak %(persen)s%% "
                    "(%(limit)s dari %(n)s pegawai), saat ini %(actual)s."
                )
                % {"capaian": label, "nama": nama, "persen": persen, "limit": limit, "n": n,
                   "actual": actual}
            )

    def minim(nama: StrOrPromise, persen: int, actual: int) -> None:
        need = paling_sedikit(persen, n)
        if actual < need:
            out.append(
                gettext(
                    "Capaian organisasi %(capaian)s: predikat %(nama)s paling sedikit %(persen)s%% "
                    "(%(need)s dari %(n)s pegawai), saat ini %(actual)s."
                )
                % {"capaian": label, "nama": nama, "persen": persen, "need": need, "n": n,
                   "actual": actual}
            )

    sb_label, b_label = Predikat.SANGAT_BAIK.label, Predikat.BAIK.label
    bp_label, k_label, sk_label = (
        Predikat.BUTUH_PERBAIKAN.label, Predikat.KURANG.label, Predikat.SANGAT_KURANG.label
    )
    if capaian == Capaian.ISTIMEWA:
        maks(sb_label, 70, sb)
    elif capaian == Capaian.BAIK:
        maks(b_label, 70, b)
        if bp + k < 1:
            out.append(
                gettext(
                    "Capaian organisasi %(capaian)s: harus ada pegawai dengan predikat "
                    "%(bp)s dan/atau %(k)s."
                )
                % {"capaian": label, "bp": bp_label, "k": k_label}
            )
    elif capaian == Capaian.BUTUH_PERBAIKAN:
        minim(bp_label, 60, bp)
        maks(sb_label, 10, sb)
    elif capaian == Capaian.KURANG:
        minim(k_label, 60, k)
        minim(bp_label, 10, bp)
        maks(sb_label, 10, sb)
    elif capaian == Capaian.SANGAT_KURANG:
        minim(sk_label, 60, sk)
        minim(f"{k_label} / {bp_label}", 10, k + bp)
        if sb:
            out.append(
                gettext("Capaian organisasi %(capaian)s: tidak boleh ada predikat %(sb)s.")
                % {"capaian": label, "sb": sb_label}
            )
    return out


# decisions.md: the pola distribusi is judged over a unit's population, and a group smaller than
# this gets no warning. The SE's finest step is 10 %: below ten people one person is already
# more than 10 %, so "Sangat Baik paling banyak 10 %" forbids any Sangat Baik at all, and "harus
# ada Butuh Perbaikan/Kurang" forces a poor predikat on someone whatever their work. From ten
# people on, every limit of the five patterns can be met by a real distribution
# (docs/pola-distribusi.md).
MIN_PEGAWAI_POLA = 10


def cek_distribusi_unit(capaian: str, jumlah: dict[str, int],
                        minimum: int = MIN_PEGAWAI_POLA) -> list[str]:
    """The five rules over a unit's population; none below `minimum` rated people."""
    if sum(jumlah.values()) < minimum:
        return []
    return cek_distribusi(capaian, jumlah)


def distribusi_ideal(capaian: str, n: int) -> dict[str, int]:
    """The red curve: one distribution of n people that satisfies the pattern for `capaian`."""
    ideal = dict.fromkeys(Predikat.values, 0)
    if n <= 0:
        return ideal
    if capaian == Capaian.ISTIMEWA:
        ideal[Predikat.SANGAT_BAIK] = paling_banyak(70, n)
        ideal[Predikat.BAIK] = n - ideal[Predikat.SANGAT_BAIK]
    elif capaian == Capaian.BAIK:
        ideal[Predikat.BAIK] = paling_banyak(70, n)
        rest = n - ideal[Predikat.BAIK]
        ideal[Predikat.BUTUH_PERBAIKAN] = -(-rest // 2)
        ideal[Predikat.SANGAT_BAIK] = rest // 2
    elif capaian == Capaian.BUTUH_PERBAIKAN:
        ideal[Predikat.BUTUH_PERBAIKAN] = paling_sedikit(60, n)
        ideal[Predikat.BAIK] = n - ideal[Predikat.BUTUH_PERBAIKAN]
    elif capaian == Capaian.KURANG:
        ideal[Predikat.KURANG] = paling_sedikit(60, n)
        ideal[Predikat.BUTUH_PERBAIKAN] = min(paling_sedikit(10, n), n - ideal[Predikat.KURANG])
        ideal[Predikat.BAIK] = n - ideal[Predikat.KURANG] - ideal[Predikat.BUTUH_PERBAIKAN]
    else:
        ideal[Predikat.SANGAT_KURANG] = paling_sedikit(60, n)
        ideal[Predikat.KURANG] = min(paling_sedikit(10, n), n - ideal[Predikat.SANGAT_KURANG])
        ideal[Predikat.BAIK] = n - ideal[Predikat.SANGAT_KURANG] - ideal[Predikat.KURANG]
    return ideal


# --- deadlines --------------------------------------------------------------------------------


def hari_ini_wib(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(WIB).date()


def masih_bisa_diisi(batas: dt.date, now: dt.datetime | None = None) -> bool:
    """Editable through the whole deadline day in Asia/Jakarta (23:59:59 WIB), not after."""
    return hari_ini_wib(now) <= batas

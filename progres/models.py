"""Progres Harian: each day's work logged against an RHK, reviewed by the pejabat penilai.

`ProgresHarian` is the largest table of the system (4.7 million ASN x ~240 working days a year),
so it is built for that from the first migration: on PostgreSQL it is range-partitioned by month
on `tanggal` (0001_initial; partitions are made ahead by `manage.py partisi_progres`, see
progres/partisi.py), its primary key is (id, tanggal) because a partitioned table's key must hold
the partition key, and every hot query reads an index that leads with the pegawai and the date.
The rules (who may log what, when; review) live in progres/actions.py and the QuerySet below.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from ekinerja.hooks import rencana_aksi_for_progres
from ekinerja.models import BerInstansi, Pegawai, kolom_instansi, pemicu_instansi
from progres import hari_libur
from skp.models import HasilKerja

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

TABEL = "progres_progresharian"
SEQUENCE = "progres_progresharian_id_seq"


@deconstructible(path="progres.models.IdBerikutnya")
class IdBerikutnya(models.Func):
    """The database default of ProgresHarian.id.

    PostgreSQL: the next value of the table's own sequence (made in 0001_initial). An identity
    column cannot sit in a composite key that Django manages, and AutoField must be the whole
    primary key. SQLite (the demo's plain table) has no sequences and allows no sub-query in a
    DEFAULT: a random 53-bit number there, unique in practice for a demo's few thousand rows.
    """

    output_field = models.BigIntegerField()

    def __init__(self) -> None:
        super().__init__()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        if connection.vendor == "postgresql":
            return f"nextval('{SEQUENCE}'::regclass)", ()
        return "(abs(random()) >> 10)", ()


class StatusProgres(models.TextChoices):
    DIAJUKAN = "diajukan", _("Menunggu review")
    DISETUJUI = "disetujui", _("Disetujui")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")


BISA_DIUBAH = (StatusProgres.DIAJUKAN, StatusProgres.DIKEMBALIKAN)


def bukti_storage() -> Storage:
    """Uploaded bukti go to their own storage (settings.STORAGES["bukti"]): a private folder in
    the demo, an S3-compatible bucket in production. Never served by URL, only by a view."""
    return storages["bukti"]


def nama_berkas_bukti(instance: ProgresHarian, filename: str) -> str:
    """An unguessable name: year/month/<192 random bits>.<ext> (the user's name is kept apart)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    tanggal = instance.tanggal or timezone.localdate()
    return f"progres/{tanggal:%Y/%m}/{secrets.token_urlsafe(24)}.{ext}"


class ProgresQuerySet(models.QuerySet["ProgresHarian"]):
    """Access: every view finds an entry through one of these."""

    def milik(self, pegawai: Any) -> ProgresQuerySet:
        """The pegawai's own entries."""
        if not getattr(pegawai, "is_authenticated", False):
            return self.none()
        return self.filter(pegawai_id=pegawai.pk)

    def dinilai_oleh(self, penilai: Any) -> ProgresQuerySet:
        """Entries of SKPs this user is the pejabat penilai of (today's rater of that SKP)."""
        if not getattr(penilai, "is_authenticated", False):
            return self.none()
        return self.filter(rhk__skp__pejabat_penilai_id=penilai.pk)

    def visible_to(self, user: Any) -> ProgresQuerySet:
        """The owner and the SKP's pejabat penilai see an entry; nobody else does."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(pegawai_id=user.pk) | Q(rhk__skp__pejabat_penilai_id=user.pk))

    def antara(self, awal: dt.date, akhir: dt.date) -> ProgresQuerySet:
        return self.filter(tanggal__gte=awal, tanggal__lte=akhir)

    def kunci(self, id: int, tanggal: dt.date) -> ProgresQuerySet:  # noqa: A002 (the column)
        """One entry by its full primary key (the partition is pruned by the date)."""
        return self.filter(id=id, tanggal=tanggal)


class ProgresHarian(BerInstansi, models.Model):
    INDUK = "rhk"  # the RHK's (its SKP's) instansi

    pk = models.CompositePrimaryKey("id", "tanggal")
    id = models.BigIntegerField(db_default=IdBerikutnya(), editable=False)
    tanggal = models.DateField(_("Tanggal"))
    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False,
        verbose_name=_("pegawai"),
    )
    # The SKP is the RHK's. Deleting an RHK (only possible while its SKP is a draft) removes its
    # entries, as it removes their eviden: one DELETE ... WHERE rhk_id IN (...) on progres_rhk.
    rhk = models.ForeignKey(
        HasilKerja, on_delete=models.CASCADE, related_name="+", db_index=False,
        verbose_name=_("Rencana Hasil Kerja"),
    )
    # The rencana aksi lives in penilaian, a floor above: its id and its text as chosen.
    rencana_aksi_id = models.BigIntegerField(null=True, blank=True)
    rencana_aksi_teks = models.CharField(_("Rencana Aksi"), max_length=500, blank=True)
    uraian = models.TextField(_("Uraian kegiatan"))
    volume = models.DecimalField(_("Volume"), max_digits=12, decimal_places=2)
    satuan = models.CharField(_("Satuan"), max_length=50)
    bukti_tautan = models.URLField(_("Tautan bukti"), max_length=1000, blank=True)
    bukti_berkas = models.FileField(
        _("Berkas bukti"), storage=bukti_storage, upload_to=nama_berkas_bukti, max_length=255,
        blank=True,
    )
    bukti_nama = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=StatusProgres.choices, default=StatusProgres.DIAJUKAN
    )
    catatan = models.TextField(_("Catatan pejabat penilai"), blank=True)
    # No constraint (and no index) to Pegawai from the big table for the reviewer: deleting a
    # pegawai must not scan every partition. The name is kept in the Riwayat.
    direview_oleh = models.ForeignKey(
        Pegawai, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
        related_name="+", db_index=False,
    )
    direview_pada = models.DateTimeField(null=True, blank=True)
    versi = models.PositiveIntegerField(default=1)
    dibuat = models.DateTimeField(default=timezone.now)
    diubah = models.DateTimeField(default=timezone.now)
    instansi = kolom_instansi()

    objects = ProgresQuerySet.as_manager()

    class Meta:
        verbose_name = _("progres harian")
        verbose_name_plural = _("progres harian")
        ordering = ["tanggal", "id"]
        indexes = [
            # Week, month, calendar, totals into realisasi, reports, reminders.
            models.Index(fields=["pegawai", "tanggal"], name="progres_pegawai_tanggal"),
            # The review queue: only what waits for review, by pegawai and date.
            models.Index(fields=["pegawai", "tanggal"], name="progres_menunggu",
                         condition=Q(status="diajukan")),
            # The foreign key's own checks when an RHK is deleted.
            models.Index(fields=["rhk"], name="progres_rhk"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=StatusProgres.values),
                                   name="progres_status_valid"),
            models.CheckConstraint(condition=Q(volume__gt=0), name="progres_volume_positif"),
        ]
        # A BEFORE ROW trigger on the partitioned table (PostgreSQL 13+): every partition,
        # present and future, gets it.
        triggers = [pemicu_instansi("skp_hasilkerja", "rhk_id")]

    def __str__(self) -> str:
        return f"{self.tanggal} {self.uraian[:60]}"

    @property
    def is_diajukan(self) -> bool:  # the templates ask this instead of comparing status strings
        return self.status == StatusProgres.DIAJUKAN

    @property
    def is_dikembalikan(self) -> bool:
        return self.status == StatusProgres.DIKEMBALIKAN

    @property
    def kunci_url(self) -> str:
        """The (id, tanggal) pair as it appears in URLs and review tokens."""
        return f"{self.id}/{self.tanggal.isoformat()}"

    @property
    def token(self) -> str:
        """What the review form sends back: the entry and the version the rater saw."""
        return f"{self.id}:{self.tanggal.isoformat()}:{self.versi}"

    @property
    def bisa_diubah(self) -> bool:
        return self.status in BISA_DIUBAH

    @property
    def output(self) -> str:
        return f"{format_volume(self.volume)} {self.satuan}"

    def state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "tanggal": self.tanggal.isoformat(),
            "rhk": self.rhk_id,
            "rencana_aksi": self.rencana_aksi_id,
            "uraian": self.uraian,
            "volume": str(self.volume),
            "satuan": self.satuan,
            "bukti_tautan": self.bukti_tautan,
            "bukti_berkas": self.bukti_nama if self.bukti_berkas else "",
            "status": self.status,
        }


def format_volume(value: Decimal | int | float) -> str:
    """12 -> "12", 2.50 -> "2,5" (Indonesian decimal comma, no trailing zeros)."""
    d = Decimal(value).normalize()
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def total_disetujui(*, pegawai_id: int, rhk_ids: Iterable[int], awal: dt.date,
                    akhir: dt.date) -> dict[int, list[tuple[str, Decimal]]]:
    """The approved output of each RHK between `awal` and `akhir`: {rhk_id: [(satuan, total)]}.

    ONE query, on the (pegawai, tanggal) index and only the partitions of that range. This is what
    penilaian shows as "Saran realisasi".
    """
    ids = set(rhk_ids)
    out: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    if not ids:
        return out
    # The RHKs are picked in Python: a filter on rhk_id would tempt the planner onto the progres_rhk
    # index, which reads the RHK's whole year instead of the period's few rows.
    rows = (
        ProgresHarian.objects.filter(pegawai_id=pegawai_id, tanggal__gte=awal, tanggal__lte=akhir,
                                     status=StatusProgres.DISETUJUI)
        .values_list("rhk_id", "satuan").annotate(total=Sum("volume")).order_by("rhk_id", "satuan")
    )
    for rhk_id, satuan, total in rows:
        if rhk_id in ids:
            out[rhk_id].append((satuan, total))
    return out


def saran_realisasi(totals: list[tuple[str, Decimal]], target_satuan: str = "") -> str:
    """The text to suggest as an indicator's realisasi: "12 dokumen". When the indicator's target
    names a unit that the entries used, only that unit's total; otherwise every unit's."""
    if not totals:
        return ""
    wanted = (target_satuan or "").strip().lower()
    same = [(s, t) for s, t in totals if wanted and s.strip().lower() == wanted]
    return "; ".join(f"{format_volume(t)} {s}".strip() for s, t in (same or totals))


def ringkasan_rhk(qs: ProgresQuerySet) -> list[dict[str, Any]]:
    """Per RHK and satuan: totals by status (one grouped query over `qs`)."""
    rows = (
        qs.values("rhk_id", "rhk__teks", "satuan", "status")
        .annotate(total=Sum("volume"), n=Count("id")).order_by("rhk_id", "satuan")
    )
    grouped: dict[tuple[int, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["rhk_id"], r["satuan"])
        g = grouped.setdefault(key, {"rhk_id": r["rhk_id"], "rhk": r["rhk__teks"],
                                     "satuan": r["satuan"], "n": 0, "total": Decimal(0),
                                     **{s: Decimal(0) for s in StatusProgres.values}})
        g[r["status"]] += r["total"]
        g["total"] += r["total"]
        g["n"] += r["n"]
    for g in grouped.values():
        for kolom in ("total", *StatusProgres.values):
            g[f"{kolom}_teks"] = format_volume(g[kolom])
    return list(grouped.values())


# --- National holidays ------------------------------------------------------------------------


class HariLiburQuerySet(models.QuerySet["HariLibur"]):
    def antara(self, awal: dt.date, akhir: dt.date) -> dict[dt.date, str]:
        """{date: name} of the holidays in a range (one query)."""
        return dict(self.filter(tanggal__gte=awal, tanggal__lte=akhir)
                    .values_list("tanggal", "nama"))


class HariLibur(models.Model):
    """A national holiday or cuti bersama: no progress is expected (or accepted) that day."""

    class Jenis(models.TextChoices):
        LIBUR_NASIONAL = hari_libur.LIBUR_NASIONAL, _("Hari libur nasional")
        CUTI_BERSAMA = hari_libur.CUTI_BERSAMA, _("Cuti bersama")

    tanggal = models.DateField(_("Tanggal"), unique=True)
    nama = models.CharField(_("Keterangan"), max_length=200)
    jenis = models.CharField(_("Jenis"), max_length=20, choices=Jenis.choices,
                             default=Jenis.LIBUR_NASIONAL)
    sumber = models.CharField(_("Dasar penetapan"), max_length=200, blank=True)

    objects = HariLiburQuerySet.as_manager()

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]

    def __str__(self) -> str:
        return f"{self.tanggal}: {self.nama}"

    @classmethod
    def muat_bawaan(cls, tahun: int) -> int:
        """Load the default list of a year (hari_libur.BAWAAN); existing dates are kept."""
        rows = [cls(tanggal=t, nama=n, jenis=j, sumber=hari_libur.SUMBER.get(tahun, ""))
                for t, n, j in hari_libur.BAWAAN.get(tahun, [])]
        before = cls.objects.filter(tanggal__year=tahun).count()
        HariLibur.objects.bulk_create(rows, ignore_conflicts=True)
        return cls.objects.filter(tanggal__year=tahun).count() - before


def is_hari_kerja(tanggal: dt.date, libur: dict[dt.date, str] | set[dt.date]) -> bool:
    """Monday to Friday and not a national holiday or cuti bersama."""
    return tanggal.weekday() < 5 and tanggal not in libur


# --- Reminders and preferences ----------------------------------------------------------------


class PengingatProgres(models.Model):
    """One reminder per person per day at most: the unique constraint makes the job idempotent."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    tanggal = models.DateField(_("Tanggal"))
    dibuat = models.DateTimeField(default=timezone.now)
    email = models.BooleanField(_("dikirim juga lewat email"), default=False)

    class Meta:
        verbose_name = _("pengingat progres harian")
        verbose_name_plural = _("pengingat progres harian")
        ordering = ["-tanggal", "pegawai"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tanggal"], name="pengingat_sekali_sehari"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal} {self.pegawai_id}"


class PengaturanProgres(models.Model):
    """Per pegawai: the RHK the quick form starts with, and the email opt-in for reminders."""

    pegawai = models.OneToOneField(Pegawai, on_delete=models.CASCADE, primary_key=True,
                                   related_name="pengaturan_progres")
    rhk_terakhir = models.ForeignKey(HasilKerja, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    email_pengingat = models.BooleanField(
        _("Kirim pengingat juga lewat email"), default=False,
        help_text=_("Pengingat selalu muncul di Notifikasi; centang untuk juga menerima email."),
    )

    class Meta:
        verbose_name = _("pengaturan progres harian")
        verbose_name_plural = _("pengaturan progres harian")

    def __str__(self) -> str:
        return str(self.pegawai_id)


# --- Rencana aksi, from a higher floor --------------------------------------------------------


def rencana_aksi_pilihan(rhk_ids: list[int], tanggal: dt.date) -> dict[int, list[tuple[int, str]]]:
    """The rencana aksi of these RHKs in the period of `tanggal`, as the apps registered on
    ekinerja.hooks.rencana_aksi_for_progres give them (penilaian)."""
    out: dict[int, list[tuple[int, str]]] = {}
    for jawaban in rencana_aksi_for_progres.answers(rhk_ids, tanggal):
        for rhk_id, rows in jawaban.items():
            out.setdefault(rhk_id, []).extend(rows)
    return out

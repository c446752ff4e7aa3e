"""Penilaian: periods, eviden and realisasi, ratings and predikat, peer feedback, keberatan.

Every rule about who may change what lives in these methods; views only call them. Every change
writes a Riwayat row (who, when, before → after, reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekinerja.exceptions import Ditolak, Konflik
from ekinerja.models import (
    BerInstansi,
    Instansi,
    Pegawai,
    PolaPeriode,
    Riwayat,
    UnitOrganisasi,
    kolom_instansi,
    pemicu_instansi,
)
from ekinerja.notifications import notify
from penilaian import rules
from penilaian.rules import CAPAIAN_KE_RATING, Capaian, Predikat, Rating
from skp.models import HasilKerja, Indikator, PerilakuKerja, Skp, StatusSkp

BULAN = [
    "", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]


def keberatan_hari() -> int:
    """decisions.md: a keberatan within 14 days of the final predikat; settings.KEBERATAN_HARI."""
    return int(getattr(settings, "KEBERATAN_HARI", 14))


def tanggal_id(d: dt.date) -> str:
    return f"{d.day} {BULAN[d.month]} {d.year}"


# --- Periode ----------------------------------------------------------------------------------


class JenisPeriode(models.TextChoices):
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")
    SEMESTERAN = "semesteran", _("Semesteran")
    FINAL = "final", _("Final (tahunan)")


class PeriodeQuerySet(models.QuerySet["PeriodePenilaian"]):
    def untuk_skp(self, skp: Skp) -> PeriodeQuerySet:
        """The periods of the SKP's instansi that intersect its date range, each annotated with
        `batas_efektif`: its deadline for this SKP, extensions included (same query)."""
        return self.filter(
            instansi_id=skp.instansi_id, awal__lte=skp.periode_akhir, akhir__gte=skp.periode_awal
        ).annotate(batas_efektif=_batas_efektif_sql(skp.unit_id),
                   batas_skp_id=models.Value(skp.pk, output_field=models.IntegerField()),
                   ).order_by("awal", "-akhir", "pk")


class PeriodePenilaian(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="periode_penilaian")
    nama = models.CharField(_("Nama"), max_length=100)
    awal = models.DateField(_("Periode Awal"))
    akhir = models.DateField(_("Periode Akhir"))
    batas_pengisian = models.DateField(_("Batas Pengisian"))
    jenis = models.CharField(_("Jenis Periode"), max_length=12, choices=JenisPeriode.choices)

    objects = PeriodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["instansi", "awal", "akhir", "pk"]
        indexes = [models.Index(fields=["instansi", "awal", "akhir"], name="periode_instansi_awal")]
        constraints = [
            models.CheckConstraint(condition=Q(awal__lte=F("akhir")), name="periode_urut"),
            models.CheckConstraint(
                condition=Q(batas_pengisian__gte=F("akhir")), name="periode_batas_setelah_akhir"
            ),
            models.CheckConstraint(
                condition=Q(jenis__in=JenisPeriode.values), name="periode_jenis_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} {self.awal.year}"

    @property
    def is_final(self) -> bool:
        return self.jenis == JenisPeriode.FINAL

    @property
    def judul(self) -> str:
        return f"{self.nama} TAHUN {self.awal.year}"

    def terbuka(self, now: dt.datetime | None = None) -> bool:
        return rules.masih_bisa_diisi(self.batas_pengisian, now)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.awal and self.akhir and self.awal > self.akhir:
            errors["akhir"] = [gettext("Periode Akhir tidak boleh sebelum Periode Awal.")]
        if self.akhir and self.batas_pengisian and self.batas_pengisian < self.akhir:
            errors["batas_pengisian"] = [
                gettext("Batas Pengisian tidak boleh sebelum Periode Akhir.")
            ]
        if not errors and self.awal and self.akhir and self.instansi_id and self.jenis:
            clash = (
                PeriodePenilaian.objects.filter(
                    instansi_id=self.instansi_id, jenis=self.jenis, awal__lte=self.akhir,
                    akhir__gte=self.awal,
                )
                .exclude(pk=self.pk)
                .first()
            )
            if clash is not None:
                errors["awal"] = [
                    gettext(
                        "Periode ini tumpang tindih dengan periode %(jenis)s lain: %(nama)s "
                        "(%(awal)s sampai %(akhir)s)."
                    )
                    % {"jenis": clash.get_jenis_display().lower(), "nama": clash.nama,
                       "awal": clash.awal, "akhir": clash.akhir}
                ]
        if errors:
            raise ValidationError(errors)

    @classmethod
    def simpan(cls, periode: PeriodePenilaian, *, aktor: Pegawai | None) -> PeriodePenilaian:
        """Validate and save a new or changed period, recorded."""
        sebelum = None
        if periode.pk:
            old = cls.objects.get(pk=periode.pk)
            sebelum = old.state()
        periode.full_clean()
        with transaction.atomic():
            periode.save()
            Riwayat.catat(periode, aktor=aktor, aksi="periode.simpan", sebelum=sebelum,
                          sesudah=periode.state())
        return periode

    def state(self) -> dict[str, Any]:
        return {"nama": self.nama, "awal": self.awal.isoformat(), "akhir": self.akhir.isoformat(),
                "batas_pengisian": self.batas_pengisian.isoformat(), "jenis": self.jenis}

    @classmethod
    def susun(cls, instansi: Instansi, tahun: int) -> list[PeriodePenilaian]:
        """The year's periods in the instansi's chosen pattern (unsaved), plus the Final one.

        Bulanan is BKN's 2022 default (decisions.md): windows from the 16th to the 15th, the first
        1–15 January and the last 16–31 December. Triwulanan is BKN's later practice: January–
        March, April–June, July–September, October–December. Each deadline is the period's end
        plus the instansi's `batas_pengisian_hari`; the Final (annual) one is 31 December plus
        `batas_final_hari` (10 → 10 January of the next year)."""
        hari = dt.timedelta(days=instansi.batas_pengisian_hari)
        out: list[PeriodePenilaian] = []
        if instansi.pola_periode == PolaPeriode.TRIWULANAN:
            for q, nama in enumerate(["I", "II", "III", "IV"]):
                awal = dt.date(tahun, 3 * q + 1, 1)
                akhir = (dt.date(tahun, 3 * q + 4, 1) if q < 3 else dt.date(tahun + 1, 1, 1)) \
                    - dt.timedelta(days=1)
                out.append(cls(instansi=instansi, awal=awal, akhir=akhir,
                               nama=f"Triwulan {nama} ({BULAN[awal.month]} - {BULAN[akhir.month]})",
                               batas_pengisian=akhir + hari, jenis=JenisPeriode.TRIWULANAN))
        else:
            starts = [dt.date(tahun, 1, 1)] + [dt.date(tahun, m, 16) for m in range(1, 13)]
            for i, awal in enumerate(starts):
                akhir = dt.date(tahun, i + 1, 15) if i < 12 else dt.date(tahun, 12, 31)
                nama = f"{awal.day} {BULAN[awal.month]} - {akhir.day} {BULAN[akhir.month]}"
                out.append(cls(instansi=instansi, nama=nama, awal=awal, akhir=akhir,
                               batas_pengisian=akhir + hari, jenis=JenisPeriode.BULANAN))
        akhir_tahun = dt.date(tahun, 12, 31)
        out.append(cls(instansi=instansi, nama="Final", awal=dt.date(tahun, 1, 1),
                       akhir=akhir_tahun,
                       batas_pengisian=akhir_tahun + dt.timedelta(days=instansi.batas_final_hari),
                       jenis=JenisPeriode.FINAL))
        return out

    @classmethod
    def buat_default(cls, instansi: Instansi, tahun: int, *, aktor: Pegawai | None = None) -> int:
        """The year's periods unless the instansi already has some there (see create_periods)."""
        from penilaian.actions import create_periods

        return len(create_periods(aktor=aktor, instansi=instansi, tahun=tahun))

    def batas_untuk(self, skp: Skp) -> dt.date:
        """The deadline for this SKP: the period's, or a later extension for the whole instansi or
        for the SKP's unit or a unit above it. Taken from the `batas_efektif` annotation of
        PeriodeQuerySet.untuk_skp when present, else one query."""
        annotated: dt.date | None = getattr(self, "batas_efektif", None)
        if getattr(self, "batas_skp_id", None) == skp.pk and annotated:
            return annotated
        row = PeriodePenilaian.objects.filter(pk=self.pk).annotate(
            batas_efektif=_batas_efektif_sql(skp.unit_id)).values_list("batas_efektif", flat=True)
        return row.first() or self.batas_pengisian

    def terbuka_untuk(self, skp: Skp, now: dt.datetime | None = None) -> bool:
        return rules.masih_bisa_diisi(self.batas_untuk(skp), now)


def _batas_efektif_sql(unit_id: int | None) -> RawSQL:
    """The latest of the period's deadline and its extensions for the instansi or the unit chain
    of `unit_id` (portable SQL: a MAX over a UNION, no GREATEST)."""
    ext = connection.ops.quote_name(PerpanjanganBatas._meta.db_table)
    unit = connection.ops.quote_name(UnitOrganisasi._meta.db_table)
    per = connection.ops.quote_name(PeriodePenilaian._meta.db_table)
    sql = (
        f"(WITH RECURSIVE chain(id) AS ("  # noqa: S608
        f" SELECT id FROM {unit} WHERE id = %s"
        f" UNION SELECT u.parent_id FROM {unit} u JOIN chain ON u.id = chain.id"
        f" WHERE u.parent_id IS NOT NULL)"
        f" SELECT MAX(b) FROM (SELECT {per}.batas_pengisian AS b UNION ALL"
        f" SELECT e.batas FROM {ext} e WHERE e.periode_id = {per}.id"
        f" AND (e.unit_id IS NULL OR e.unit_id IN (SELECT id FROM chain))) AS x)"
    )
    return RawSQL(sql, [unit_id], output_field=models.DateField())  # noqa: S611 (table names)


class PerpanjanganBatas(models.Model):
    """A later deadline for one period: for the whole instansi (`unit` empty) or for one unit and
    the units below it. Set by the admin instansi; every change is in the Riwayat."""

    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE,
                                related_name="perpanjangan")
    unit = models.ForeignKey(UnitOrganisasi, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("Unit (kosong = seluruh instansi)"))
    batas = models.DateField(_("Batas baru"))
    alasan = models.TextField(_("Alasan"))
    oleh = models.ForeignKey(Pegawai, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    diubah = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perpanjangan batas pengisian")
        verbose_name_plural = _("perpanjangan batas pengisian")
        ordering = ["periode_id", "unit_id", "pk"]
        constraints = [
            # One extension per period for the whole instansi and one per unit (two partial
            # unique indexes: NULLS NOT DISTINCT is not in SQLite, which the demo uses).
            models.UniqueConstraint(fields=["periode"], condition=Q(unit__isnull=True),
                                    name="perpanjangan_periode_instansi"),
            models.UniqueConstraint(fields=["periode", "unit"], condition=Q(unit__isnull=False),
                                    name="perpanjangan_periode_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.periode}: {self.batas}"

    def state(self) -> dict[str, Any]:
        return {"periode": self.periode_id, "unit": self.unit_id, "batas": self.batas.isoformat(),
                "alasan": self.alasan}


# --- Realisasi, eviden, rencana aksi (the pegawai) --------------------------------------------


def _ensure_owner_can_fill(skp: Skp, periode: PeriodePenilaian, aktor: Pegawai,
                           now: dt.datetime | None = None) -> None:
    if aktor.pk != skp.pegawai_id:
        raise Ditolak(gettext("Hanya pemilik SKP yang dapat mengisi eviden dan realisasi."))
    if skp.status != StatusSkp.PERSETUJUAN:
        raise Ditolak(gettext("Penilaian hanya untuk SKP yang telah disetujui."))
    batas = periode.batas_untuk(skp)
    if not rules.masih_bisa_diisi(batas, now):
        raise Ditolak(
            gettext(
                "Batas waktu pengisian eviden dan realisasi untuk periode ini (%(batas)s) telah "
                "lewat. Hubungi Admin Instansi bila batas waktu perlu diperpanjang."
            )
            % {"batas": batas.isoformat()}
        )


def validate_tautan(url: str) -> str:
    """Bukti Eviden: an absolute http(s) link only (never javascript:, data: or a bare path)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or any(
        ch in url for ch in "\r\n\t <>\"'"
    ):
        raise ValidationError(
            {"tautan": [gettext("Bukti Eviden harus berupa tautan http:// atau https://.")]}
        )
    return url


class Eviden(BerInstansi, models.Model):
    INDUK = "indikator"
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="eviden")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.PROTECT, related_name="+")
    nama = models.CharField(_("Nama Eviden"), max_length=255)
    tautan = models.URLField(
        _("Bukti Eviden (Link ke file Google Drive/Dropbox/etc)"), max_length=1000
    )
    dibuat = models.DateTimeField(default=timezone.now)

    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("eviden")
        verbose_name_plural = _("eviden")
        ordering = ["indikator", "dibuat", "pk"]
        indexes = [models.Index(fields=["periode", "indikator"], name="eviden_periode_indikator")]
        triggers = [pemicu_instansi("skp_indikator", "indikator_id")]

    def __str__(self) -> str:
        return self.nama

    def state(self) -> dict[str, Any]:
        return {"id": self.pk, "indikator": self.indikator_id, "periode": self.periode_id,
                "nama": self.nama, "tautan": self.tautan}

    @staticmethod
    def _clean(nama: str, tautan: str) -> tuple[str, str]:
        errors: dict[str, list[str]] = {}
        nama = (nama or "").strip()
        if not nama:
            errors["nama"] = [gettext("Isi Nama Eviden.")]
        try:
            tautan = validate_tautan(tautan)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        return nama, tautan

    @classmethod
    def tambah(cls, indikator: Indikator, periode: PeriodePenilaian, *, nama: str, tautan: str,
               aktor: Pegawai, now: dt.datetime | None = None) -> Eviden:
        skp = indikator.rhk.skp
        _ensure_owner_can_fill(skp, periode, aktor, now)
        nama, tautan = cls._clean(nama, tautan)
        with transaction.atomic():
            ev = cls.objects.create(indikator=indikator, periode=periode, nama=nama, tautan=tautan)
            Riwayat.catat(skp, aktor=aktor, aksi="eviden.tambah", sesudah=ev.state())
        return ev

    def ubah(self, *, nama: str, tautan: str, aktor: Pegawai,
             now: dt.datetime | None = None) -> None:
        skp = self.indikator.rhk.skp
        _ensure_owner_can_fill(skp, self.periode, aktor, now)
        sebelum = self.state()
        self.nama, self.tautan = self._clean(nama, tautan)
        with transaction.atomic():
            self.save(update_fields=["nama", "tautan"])
            Riwayat.catat(skp, aktor=aktor, aksi="eviden.ubah", sebelum=sebelum,
                          sesudah=self.state())

    def hapus(self, *, aktor: Pegawai, now: dt.datetime | None = None) -> None:
        skp = self.indikator.rhk.skp
        _ensure_owner_can_fill(skp, self.periode, aktor, now)
        with transaction.atomic():
            Riwayat.catat(skp, aktor=aktor, aksi="eviden.hapus", sebelum=self.state())
            self.delete()


class CapaianIndikator(BerInstansi, models.Model):
    """Per indicator and period: the pegawai's Realisasi + Sumber Data, the superior's Feedback."""
    INDUK = "indikator"

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="capaian")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.PROTECT, related_name="+")
    realisasi = models.CharField(_("Realisasi"), max_length=255, blank=True)
    sumber_data = models.CharField(_("Sumber Data"), max_length=255, blank=True)
    feedback = models.TextField(_("Feedback"), blank=True)
    feedback_oleh = models.ForeignKey(
        Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("realisasi indikator")
        verbose_name_plural = _("realisasi indikator")
        constraints = [
            models.UniqueConstraint(fields=["indikator", "periode"], name="capaian_indikator_periode")
        ]
        triggers = [pemicu_instansi("skp_indikator", "indikator_id")]

    def __str__(self) -> str:
        return self.realisasi

    @classmethod
    def set_realisasi(cls, indikator: Indikator, periode: PeriodePenilaian, *, realisasi: str,
                      sumber_data: str, aktor: Pegawai, now: dt.datetime | None = None) -> None:
        skp = indikator.rhk.skp
        _ensure_owner_can_fill(skp, periode, aktor, now)
        realisasi, sumber_data = (realisasi or "").strip(), (sumber_data or "").strip()
        if not realisasi:
            raise ValidationError({"realisasi": [gettext("Isi Realisasi.")]})
        with transaction.atomic():
            row, _created = cls.objects.select_for_update().get_or_create(
                indikator=indikator, periode=periode
            )
            sebelum = {"realisasi": row.realisasi, "sumber_data": row.sumber_data}
            row.realisasi, row.sumber_data = realisasi, sumber_data
            row.save(update_fields=["realisasi", "sumber_data"])
            Riwayat.catat(skp, aktor=aktor, aksi="realisasi.ubah",
                          sebelum={"indikator": indikator.pk, **sebelum},
                          sesudah={"indikator": indikator.pk, "realisasi": realisasi,
                                   "sumber_data": sumber_data})

    @classmethod
    def set_feedback(cls, indikator: Indikator, periode: PeriodePenilaian, *, teks: str,
                     aktor: Pegawai) -> None:
        skp = indikator.rhk.skp
        _ensure_penilai(skp, aktor)
        teks = (teks or "").strip()
        with transaction.atomic():
            row, _created = cls.objects.select_for_update().get_or_create(
                indikator=indikator, periode=periode
            )
            sebelum = row.feedback
            row.feedback, row.feedback_oleh = teks, aktor
            row.save(update_fields=["feedback", "feedback_oleh"])
            Riwayat.catat(skp, aktor=aktor, aksi="feedback_indikator.ubah",
                          sebelum={"indikator": indikator.pk, "periode": periode.pk,
                                   "feedback": sebelum},
                          sesudah={"indikator": indikator.pk, "periode": periode.pk,
                                   "feedback": teks})


class RencanaAksi(BerInstansi, models.Model):
    """Optional: per RHK per period, what the pegawai plans to do (deskripsi + target)."""
    INDUK = "rhk"

    rhk = models.ForeignKey(HasilKerja, on_delete=models.CASCADE, related_name="rencana_aksi")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.PROTECT, related_name="+")
    deskripsi = models.TextField(_("Rencana Aksi"))
    target = models.CharField(_("Target"), max_length=100, blank=True)

    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["rhk", "pk"]
        triggers = [pemicu_instansi("skp_hasilkerja", "rhk_id")]

    def __str__(self) -> str:
        return self.deskripsi

    @classmethod
    def tambah(cls, rhk: HasilKerja, periode: PeriodePenilaian, *, deskripsi: str, target: str,
               aktor: Pegawai, now: dt.datetime | None = None) -> RencanaAksi:
        _ensure_owner_can_fill(rhk.skp, periode, aktor, now)
        deskripsi = (deskripsi or "").strip()
        if not deskripsi:
            raise ValidationError({"deskripsi": [gettext("Isi Rencana Aksi.")]})
        with transaction.atomic():
            row = cls.objects.create(rhk=rhk, periode=periode, deskripsi=deskripsi,
                                     target=(target or "").strip())
            Riwayat.catat(rhk.skp, aktor=aktor, aksi="rencana_aksi.tambah",
                          sesudah={"rhk": rhk.pk, "periode": periode.pk, "deskripsi": deskripsi,
                                   "target": row.target})
        return row

    def hapus(self, *, aktor: Pegawai, now: dt.datetime | None = None) -> None:
        _ensure_owner_can_fill(self.rhk.skp, self.periode, aktor, now)
        with transaction.atomic():
            Riwayat.catat(self.rhk.skp, aktor=aktor, aksi="rencana_aksi.hapus",
                          sebelum={"rhk": self.rhk_id, "deskripsi": self.deskripsi,
                                   "target": self.target})
            self.delete()


# --- Capaian organisasi -----------------------------------------------------------------------


class CapaianOrganisasi(models.Model):
    unit = models.ForeignKey(UnitOrganisasi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="+")
    capaian = models.CharField(_("Capaian Kinerja Organisasi"), max_length=16,
                               choices=Capaian.choices)
    ditetapkan_oleh = models.ForeignKey(
        Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("capaian kinerja organisasi")
        verbose_name_plural = _("capaian kinerja organisasi")
        constraints = [
            models.UniqueConstraint(fields=["unit", "periode"], name="capaian_unit_periode"),
            models.CheckConstraint(condition=Q(capaian__in=Capaian.values),
                                   name="capaian_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.periode}: {self.get_capaian_display()}"

    @property
    def instansi_data_id(self) -> int | None:
        """The instansi of a Riwayat about this row (ekinerja.models.instansi_objek)."""
        return self.unit.instansi_id

    @staticmethod
    def boleh_menetapkan(unit: UnitOrganisasi, aktor: Pegawai) -> bool:
        """The leader of the unit above sets it (SE MenPANRB 3/2023)."""
        return unit.parent is not None and unit.parent.kepala_id == aktor.pk

    @classmethod
    def tetapkan(cls, unit: UnitOrganisasi, periode: PeriodePenilaian, *, capaian: str,
                 aktor: Pegawai) -> CapaianOrganisasi:
        if not cls.boleh_menetapkan(unit, aktor):
            raise Ditolak(gettext("Capaian kinerja organisasi ditetapkan oleh pimpinan unit di "
                                  "atasnya."))
        if capaian not in Capaian.values:
            raise ValidationError({"capaian": [gettext("Pilih capaian kinerja organisasi.")]})
        with transaction.atomic():
            row = cls.objects.select_for_update().filter(unit=unit, periode=periode).first()
            sebelum = {"capaian": row.capaian} if row else None
            if row is None:
                row = cls.objects.create(unit=unit, periode=periode, capaian=capaian,
                                         ditetapkan_oleh=aktor)
            else:
                row.capaian, row.ditetapkan_oleh = capaian, aktor
                row.save(update_fields=["capaian", "ditetapkan_oleh", "diubah"])
            Riwayat.catat(row, aktor=aktor, aksi="capaian_organisasi.tetapkan", sebelum=sebelum,
                          sesudah={"unit": unit.pk, "periode": periode.pk, "capaian": capaian})
            # The unit head's rating hasil kerja follows it (decisions.md).
            if unit.kepala_id:
                for skp in Skp.objects.filter(
                    pegawai_id=unit.kepala_id, status=StatusSkp.PERSETUJUAN,
                    periode_awal__lte=periode.akhir, periode_akhir__gte=periode.awal,
                ):
                    pn = Penilaian.untuk(skp, periode)
                    pn._apply(aktor=aktor, aksi="penilaian.hasil_dari_capaian",
                              rating_hasil=CAPAIAN_KE_RATING[capaian],
                              alasan=gettext("Mengikuti capaian kinerja organisasi %(c)s.")
                              % {"c": Capaian(capaian).label})
        return row


# --- Penilaian (the pejabat penilai's ratings) -------------------------------------------------


def _ensure_penilai(skp: Skp, aktor: Pegawai) -> None:
    if aktor.pk != skp.pejabat_penilai_id:
        raise Ditolak(gettext("Hanya pejabat penilai SKP ini yang dapat memberikan penilaian."))
    if skp.status != StatusSkp.PERSETUJUAN:
        raise Ditolak(gettext("Penilaian hanya untuk SKP yang telah disetujui."))


class PenilaianQuerySet(models.QuerySet["Penilaian"]):
    def kelompok(self, penilai: Pegawai, periode: PeriodePenilaian) -> PenilaianQuerySet:
        """The evaluation group: the SKPs one pejabat penilai rates in one period."""
        return self.filter(periode=periode, skp__pejabat_penilai=penilai,
                           skp__status=StatusSkp.PERSETUJUAN)


class Penilaian(BerInstansi, models.Model):
    INDUK = "skp"
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="penilaian")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.PROTECT, related_name="+")
    rating_hasil = models.CharField(_("Hasil Penilaian Kinerja"), max_length=8,
                                    choices=Rating.choices, blank=True)
    rating_perilaku = models.CharField(_("Hasil Perilaku Kerja"), max_length=8,
                                       choices=Rating.choices, blank=True)
    predikat_matriks = models.CharField(max_length=16, choices=Predikat.choices, blank=True)
    predikat_override = models.CharField(_("Predikat (ditetapkan)"), max_length=16,
                                         choices=Predikat.choices, blank=True)
    alasan_override = models.TextField(_("Alasan"), blank=True)
    # Set when the atasan pejabat penilai accepts a keberatan: it then is the final predikat; the
    # matrix value and the rater's override stay as they were.
    predikat_keberatan = models.CharField(_("Predikat (keputusan keberatan)"), max_length=16,
                                          choices=Predikat.choices, blank=True)
    dinilai_oleh = models.ForeignKey(
        Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dinilai_pada = models.DateTimeField(null=True, blank=True)
    versi = models.PositiveIntegerField(default=0)

    objects = PenilaianQuerySet.as_manager()

    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("penilaian")
        verbose_name_plural = _("penilaian")
        constraints = [
            models.UniqueConstraint(fields=["skp", "periode"], name="penilaian_skp_periode"),
            models.CheckConstraint(
                condition=Q(predikat_override="") | ~Q(alasan_override=""),
                name="penilaian_override_beralasan",
            ),
        ]
        triggers = [pemicu_instansi("skp_skp", "skp_id")]

    def __str__(self) -> str:
        return f"{self.skp} {self.periode}"

    @property
    def pemilik_data_id(self) -> int | None:
        """Whose data a Riwayat about this is: the SKP's pegawai."""
        return self.skp.pegawai_id

    @property
    def predikat(self) -> str:
        """The predikat in force (rules.predikat_berlaku)."""
        return rules.predikat_berlaku(keberatan=self.predikat_keberatan,
                                      override=self.predikat_override,
                                      matriks=self.predikat_matriks)

    def predikat_seandainya(self, *, rating_hasil: str, rating_perilaku: str,
                            predikat_override: str) -> str:
        """The predikat in force if these values were saved (the rating page's live preview):
        a unit head's rating hasil kerja still follows the capaian, a decided keberatan still
        wins. Nothing is written. One query when the pegawai heads a unit."""
        mengikuti = self.hasil_mengikuti_capaian()
        if mengikuti is not None:
            rating_hasil = CAPAIAN_KE_RATING[mengikuti.capaian]
        return rules.predikat_berlaku(
            keberatan=self.predikat_keberatan, override=predikat_override,
            matriks=rules.predikat(rating_hasil, rating_perilaku) or "")

    def batas_keberatan(self, hari: int | None = None) -> dt.date:
        """The last day (WIB) a keberatan may be filed: `hari` days (keberatan_hari) after the
        rating."""
        hari = keberatan_hari() if hari is None else hari
        return rules.hari_ini_wib(self.dinilai_pada) + dt.timedelta(days=hari)

    def keberatan_ditolak(self, aktor: Pegawai, *, hari: int | None = None,
                          now: dt.datetime | None = None) -> str:
        """Why `aktor` may not object to this predikat now; "" when they may. Keberatan.ajukan
        refuses with it and the Penilaian SKP page offers the button only without it (a
        keberatan already filed is checked by ajukan under a lock; the page shows that row)."""
        if aktor.pk != self.skp.pegawai_id:
            return gettext("Hanya pegawai yang dinilai yang dapat mengajukan keberatan.")
        if not self.periode.is_final or not self.predikat:
            return gettext("Keberatan hanya dapat diajukan atas predikat final.")
        batas = self.batas_keberatan(hari)
        if rules.hari_ini_wib(now) > batas:
            return (gettext("Batas waktu pengajuan keberatan (%(batas)s) telah lewat.")
                    % {"batas": batas.isoformat()})
        return ""

    def boleh_keberatan(self, aktor: Pegawai, *, now: dt.datetime | None = None) -> bool:
        return not self.keberatan_ditolak(aktor, now=now)

    @property
    def predikat_sebelum_keberatan(self) -> str:
        return self.predikat_override or self.predikat_matriks

    def get_predikat_sebelum_keberatan_display(self) -> str:
        p = self.predikat_sebelum_keberatan
        return str(Predikat(p).label) if p else ""

    def get_predikat_display_final(self) -> str:
        return str(Predikat(self.predikat).label) if self.predikat else ""

    @property
    def penjelasan(self) -> str:
        return rules.penjelasan(self.rating_hasil, self.rating_perilaku)

    @property
    def is_rated(self) -> bool:
        return bool(self.rating_hasil or self.rating_perilaku)

    def state(self) -> dict[str, Any]:
        return {"rating_hasil": self.rating_hasil, "rating_perilaku": self.rating_perilaku,
                "predikat_matriks": self.predikat_matriks,
                "predikat_override": self.predikat_override,
                "alasan_override": self.alasan_override}

    @classmethod
    def untuk(cls, skp: Skp, periode: PeriodePenilaian) -> Penilaian:
        obj, _created = cls.objects.get_or_create(skp=skp, periode=periode)
        return obj

    def hasil_mengikuti_capaian(self) -> CapaianOrganisasi | None:
        """For a unit head: the capaian of the unit they lead in this period, if set."""
        unit = self.skp.unit
        if unit is None or unit.kepala_id != self.skp.pegawai_id:
            return None
        return CapaianOrganisasi.objects.filter(unit=unit, periode=self.periode).first()

    def _apply(self, *, aktor: Pegawai, aksi: str, versi: int | None = None, alasan: str = "",
               **changes: str) -> None:
        """One conditional UPDATE ... WHERE versi = <seen>; Konflik if someone was first."""
        seen = self.versi if versi is None else versi
        sebelum = self.state()
        for name, value in changes.items():
            setattr(self, name, value)
        self.predikat_matriks = rules.predikat(self.rating_hasil, self.rating_perilaku) or ""
        now = timezone.now()
        fields = {**{k: getattr(self, k) for k in self.state()}, "dinilai_oleh": aktor,
                  "dinilai_pada": now, "versi": seen + 1}
        with transaction.atomic():
            updated = Penilaian.objects.filter(pk=self.pk, versi=seen).update(**fields)
            if not updated:
                self.refresh_from_db()
                raise Konflik()
            self.versi, self.dinilai_oleh, self.dinilai_pada = seen + 1, aktor, now
            Riwayat.catat(self, aktor=aktor, aksi=aksi, sebelum=sebelum, sesudah=self.state(),
                          alasan=alasan)
            transaction.on_commit(lambda: kirim_ke_siasn(self.pk), robust=True)

    def set_rating(self, jenis: str, nilai: str, *, aktor: Pegawai, versi: int | None = None
                   ) -> None:
        """Ubah: rating hasil kerja (`jenis="hasil"`) or perilaku kerja (`"perilaku"`)."""
        _ensure_penilai(self.skp, aktor)
        if nilai not in Rating.values:
            raise ValidationError({"nilai": [gettext("Pilih salah satu penilaian.")]})
        if jenis == "hasil":
            capaian = self.hasil_mengikuti_capaian()
            if capaian is not None and CAPAIAN_KE_RATING[capaian.capaian] != nilai:
                raise Ditolak(
                    gettext(
                        "Rating hasil kerja pimpinan unit mengikuti capaian kinerja organisasi "
                        "(%(capaian)s → %(rating)s)."
                    )
                    % {"capaian": capaian.get_capaian_display(),
                       "rating": Rating(CAPAIAN_KE_RATING[capaian.capaian]).label}
                )
            self._apply(aktor=aktor, aksi="penilaian.rating_hasil", versi=versi,
                        rating_hasil=nilai)
        elif jenis == "perilaku":
            self._apply(aktor=aktor, aksi="penilaian.rating_perilaku", versi=versi,
                        rating_perilaku=nilai)
        else:
            raise ValidationError({"jenis": [gettext("Jenis penilaian tidak dikenal.")]})
        self._beritahu(aktor)

    def set_override(self, predikat: str, alasan: str, *, aktor: Pegawai,
                     versi: int | None = None) -> None:
        """The pejabat penilai sets another predikat with a written reason (both are kept).
        An empty predikat removes the override."""
        _ensure_penilai(self.skp, aktor)
        alasan = (alasan or "").strip()
        if predikat and predikat not in Predikat.values:
            raise ValidationError({"predikat": [gettext("Pilih predikat.")]})
        if predikat and not alasan:
            raise ValidationError({"alasan": [gettext("Tuliskan alasan penetapan predikat.")]})
        if predikat and not self.predikat_matriks:
            raise ValidationError({"predikat": [gettext(
                "Berikan rating hasil kerja dan perilaku kerja terlebih dahulu.")]})
        self._apply(aktor=aktor, aksi="penilaian.predikat_ditetapkan", versi=versi,
                    alasan=alasan, predikat_override=predikat or "",
                    alasan_override=alasan if predikat else "")

    def _beritahu(self, aktor: Pegawai) -> None:
        if self.predikat:
            notify(self.skp.pegawai,
                   pesan=gettext("Penilaian periode %(p)s: predikat %(pred)s.")
                   % {"p": self.periode.judul, "pred": self.get_predikat_display_final()},
                   url=reverse("penilaian:skp", args=[self.skp_id]), aktor=aktor)


def kirim_ke_siasn(penilaian_id: int) -> None:
    """After a rating change or a keberatan decision: queue the result for SIASN once it is
    final (penilaian/siasn.py decides; nothing happens without SIASN configured)."""
    from penilaian.siasn import jadwalkan

    jadwalkan(penilaian_id)


def skp_sudah_dinilai(skp: Skp) -> str | None:
    """Registered in ekinerja.hooks.refuse_skp_return_to_draft: a rated SKP stays approved."""
    if Penilaian.objects.filter(skp=skp).exclude(rating_hasil="", rating_perilaku="").exists():
        return gettext(
            "SKP tidak dapat dikembalikan ke draft karena sudah ada periode yang dinilai."
        )
    return None


# --- Feedback perilaku (atasan and rekan kerja) -----------------------------------------------


class UmpanBalikQuerySet(models.QuerySet["UmpanBalikPerilaku"]):
    def visible_to(self, user: Any, skp: Skp) -> UmpanBalikQuerySet:
        """The feedback on `skp` that `user` may read (decisions.md, docs/security.md): the
        SKP's owner and its pejabat penilai read all of it, with its authors (the rater's per
        period and every colleague's); anybody else only the peer feedback they wrote."""
        qs = self.filter(skp=skp)
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.pk in (skp.pegawai_id, skp.pejabat_penilai_id):
            return qs
        return qs.filter(penulis_id=user.pk, peran=UmpanBalikPerilaku.Peran.REKAN)


class UmpanBalikPerilaku(BerInstansi, models.Model):
    """Feedback per BerAKHLAK value: by the pejabat penilai (per period) or a colleague."""
    INDUK = "skp"

    class Peran(models.TextChoices):
        ATASAN = "atasan", _("Pejabat Penilai")
        REKAN = "rekan", _("Rekan Kerja")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="umpan_balik_perilaku")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    perilaku = models.ForeignKey(PerilakuKerja, on_delete=models.PROTECT, related_name="+")
    penulis = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    peran = models.CharField(max_length=8, choices=Peran.choices)
    teks = models.TextField(_("Feedback"))
    jempol = models.BooleanField(_("👍 / 👎"), default=True)
    dibuat = models.DateTimeField(default=timezone.now)

    instansi = kolom_instansi()

    objects = UmpanBalikQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback perilaku")
        verbose_name_plural = _("feedback perilaku")
        ordering = ["perilaku__urutan", "dibuat", "pk"]
        indexes = [models.Index(fields=["skp", "perilaku"], name="umpanbalik_skp_perilaku")]
        triggers = [pemicu_instansi("skp_skp", "skp_id")]

    def __str__(self) -> str:
        return self.teks

    @property
    def dari_penilai(self) -> bool:
        """Written by the pejabat penilai (shown beside the author's name)."""
        return self.peran == self.Peran.ATASAN

    def state(self) -> dict[str, Any]:
        return {"id": self.pk, "perilaku": self.perilaku_id, "teks": self.teks,
                "jempol": self.jempol, "peran": self.peran, "periode": self.periode_id}

    @staticmethod
    def _clean(teks: str) -> str:
        teks = (teks or "").strip()
        if not teks:
            raise ValidationError({"teks": [gettext("Isi Feedback.")]})
        return teks

    @classmethod
    def tambah(cls, skp: Skp, perilaku: PerilakuKerja, *, teks: str, jempol: bool,
               aktor: Pegawai, periode: PeriodePenilaian | None = None) -> UmpanBalikPerilaku:
        if aktor.pk == skp.pegawai_id:
            raise Ditolak(gettext("Anda tidak dapat memberi feedback untuk SKP Anda sendiri."))
        if periode is not None:
            _ensure_penilai(skp, aktor)
            peran = cls.Peran.ATASAN
        else:
            # Query: may this colleague give peer feedback on this SKP (same instansi)?
            if not Skp.objects.for_rekan(aktor).filter(pk=skp.pk).exists():
                raise Ditolak(gettext(
                    "Feedback rekan kerja hanya untuk SKP pegawai lain di instansi Anda."))
            peran = cls.Peran.REKAN
        if perilaku.versi != skp.perilaku_versi:
            raise ValidationError({"perilaku": [gettext("Perilaku kerja tidak dikenal.")]})
        teks = cls._clean(teks)
        with transaction.atomic():
            row = cls.objects.create(skp=skp, periode=periode, perilaku=perilaku, penulis=aktor,
                                     peran=peran, teks=teks, jempol=jempol)
            Riwayat.catat(skp, aktor=aktor, aksi="feedback_perilaku.tambah", sesudah=row.state())
            notify(skp.pegawai,
                   pesan=gettext("%(nama)s memberi feedback perilaku %(perilaku)s.")
                   % {"nama": aktor.nama, "perilaku": perilaku.nama},
                   url=reverse("penilaian:skp", args=[skp.pk]), aktor=aktor)
        return row

    def _ensure_author(self, aktor: Pegawai) -> None:
        if aktor.pk != self.penulis_id:
            raise Ditolak(gettext("Hanya penulis feedback yang dapat mengubah atau menghapusnya."))

    def ubah(self, *, teks: str, jempol: bool, aktor: Pegawai) -> None:
        self._ensure_author(aktor)
        sebelum = self.state()
        self.teks, self.jempol = self._clean(teks), jempol
        with transaction.atomic():
            self.save(update_fields=["teks", "jempol"])
            Riwayat.catat(self.skp, aktor=aktor, aksi="feedback_perilaku.ubah", sebelum=sebelum,
                          sesudah=self.state())

    def hapus(self, *, aktor: Pegawai) -> None:
        self._ensure_author(aktor)
        with transaction.atomic():
            Riwayat.catat(self.skp, aktor=aktor, aksi="feedback_perilaku.hapus",
                          sebelum=self.state())
            self.delete()


# --- Keberatan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeranKeberatan:
    """Who one user is to one keberatan (Keberatan.peran); `boleh_*`: may act on it now."""

    pegawai: bool
    penilai: bool
    atasan: bool
    boleh_jawab: bool
    boleh_putus: bool

    def __bool__(self) -> bool:
        """May see it at all."""
        return self.pegawai or self.penilai or self.atasan


class Keberatan(BerInstansi, models.Model):
    """An objection to a final predikat: pegawai → pejabat penilai answers → atasan decides."""
    INDUK = "penilaian"

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        DIJAWAB = "dijawab", _("Dijawab pejabat penilai")
        DIPUTUS = "diputus", _("Diputus atasan pejabat penilai")

    class Keputusan(models.TextChoices):
        DITERIMA = "diterima", _("Keberatan diterima")
        DITOLAK = "ditolak", _("Keberatan ditolak")

    penilaian = models.OneToOneField(Penilaian, on_delete=models.CASCADE,
                                     related_name="keberatan")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    alasan = models.TextField(_("Keberatan"))
    diajukan_pada = models.DateTimeField(default=timezone.now)
    penjelasan = models.TextField(_("Penjelasan Pejabat Penilai atas Keberatan"), blank=True)
    dijawab_pada = models.DateTimeField(null=True, blank=True)
    keputusan = models.CharField(_("Keputusan"), max_length=10, choices=Keputusan.choices,
                                 blank=True)
    predikat_keputusan = models.CharField(_("Predikat"), max_length=16, choices=Predikat.choices,
                                          blank=True)
    catatan_keputusan = models.TextField(_("Keputusan Atasan Pejabat Penilai Kinerja"),
                                         blank=True)
    diputus_oleh = models.ForeignKey(Pegawai, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    diputus_pada = models.DateTimeField(null=True, blank=True)

    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["diajukan", "dijawab", "diputus"]),
                                   name="keberatan_status_valid"),
        ]
        triggers = [pemicu_instansi("penilaian_penilaian", "penilaian_id")]

    def __str__(self) -> str:
        return self.alasan

    @property
    def pemilik_data_id(self) -> int | None:
        """Whose data a Riwayat about this is: the objecting pegawai."""
        return self.penilaian.skp.pegawai_id

    @staticmethod
    def atasan_penilai_nip(skp: Skp) -> str:
        return str((skp.snapshot_atasan_penilai or {}).get("nip_nrp", ""))

    @classmethod
    def is_atasan_penilai(cls, aktor: Pegawai, skp: Skp) -> bool:
        """The atasan pejabat penilai is known by the NIP on the SKP's snapshot (they may have
        no account row linked to the SKP)."""
        return bool(aktor.nip) and aktor.nip == cls.atasan_penilai_nip(skp)

    def peran(self, aktor: Pegawai) -> PeranKeberatan:
        """Who `aktor` is to this keberatan, and what they may do in its present status."""
        skp = self.penilaian.skp
        penilai = aktor.pk == skp.pejabat_penilai_id
        atasan = self.is_atasan_penilai(aktor, skp)
        return PeranKeberatan(
            pegawai=aktor.pk == skp.pegawai_id, penilai=penilai, atasan=atasan,
            boleh_jawab=penilai and self.status == self.Status.DIAJUKAN,
            boleh_putus=atasan and self.status == self.Status.DIJAWAB,
        )

    @classmethod
    def ajukan(cls, penilaian: Penilaian, *, alasan: str, aktor: Pegawai,
               hari: int | None = None, now: dt.datetime | None = None) -> Keberatan:
        skp = penilaian.skp
        ditolak = penilaian.keberatan_ditolak(aktor, hari=hari, now=now)
        if ditolak:
            raise Ditolak(ditolak)
        alasan = (alasan or "").strip()
        if not alasan:
            raise ValidationError({"alasan": [gettext("Tuliskan keberatan Anda.")]})
        with transaction.atomic():
            # Two tabs at once: the second waits here, then finds the first one's row (without
            # the lock it would reach the one-to-one key and fail there).
            list(Penilaian.objects.select_for_update().filter(pk=penilaian.pk).values_list("pk"))
            if cls.objects.filter(penilaian=penilaian).exists():
                raise Ditolak(gettext("Keberatan atas predikat ini sudah diajukan."))
            row = cls.objects.create(penilaian=penilaian, alasan=alasan)
            Riwayat.catat(row, aktor=aktor, aksi="keberatan.ajukan",
                          sesudah={"status": row.status, "alasan": alasan,
                                   "predikat": penilaian.predikat})
            if skp.pejabat_penilai is not None:
                notify(skp.pejabat_penilai,
                       pesan=gettext("%(nama)s mengajukan keberatan atas predikat final.")
                       % {"nama": skp.pegawai.nama},
                       url=reverse("penilaian:keberatan", args=[row.pk]), aktor=aktor)
        return row

    def _step(self, dari: str, ke: str, *, aktor: Pegawai, aksi: str, **fields: Any) -> None:
        with transaction.atomic():
            updated = Keberatan.objects.filter(pk=self.pk, status=dari).update(status=ke,
                                                                               **fields)
            if not updated:
                raise Konflik()
            Riwayat.catat(self, aktor=aktor, aksi=aksi, sebelum={"status": dari},
                          sesudah={"status": ke, **{k: str(v) for k, v in fields.items()
                                                    if k != "diputus_oleh"}})
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = ke

    def jawab(self, *, penjelasan: str, aktor: Pegawai) -> None:
        if not self.peran(aktor).penilai:
            raise Ditolak(gettext("Hanya pejabat penilai yang menjawab keberatan."))
        penjelasan = (penjelasan or "").strip()
        if not penjelasan:
            raise ValidationError({"penjelasan": [gettext("Tuliskan penjelasan.")]})
        self._step(self.Status.DIAJUKAN, self.Status.DIJAWAB, aktor=aktor, aksi="keberatan.jawab",
                   penjelasan=penjelasan, dijawab_pada=timezone.now())

    def _tetapkan_predikat(self, predikat: str, catatan: str, *, aktor: Pegawai) -> None:
        """An accepted keberatan: the decided predikat becomes the period's final predikat. The
        row is locked so a rating saved at the same moment cannot slip between read and write;
        the original (matrix and override) stays, and both values go into the Riwayat."""
        pn = Penilaian.objects.select_for_update().get(pk=self.penilaian_id)
        sebelum = {"predikat": pn.predikat, "predikat_matriks": pn.predikat_matriks,
                   "predikat_override": pn.predikat_override,
                   "predikat_keberatan": pn.predikat_keberatan}
        Penilaian.objects.filter(pk=pn.pk).update(predikat_keberatan=predikat,
                                                  versi=F("versi") + 1)
        pn.refresh_from_db()
        self.penilaian = pn
        Riwayat.catat(pn, aktor=aktor, aksi="penilaian.predikat_keberatan", sebelum=sebelum,
                      sesudah={"predikat": pn.predikat, "predikat_keberatan": predikat,
                               "keberatan": self.pk},
                      alasan=catatan)

    def putuskan(self, *, keputusan: str, catatan: str, predikat: str = "",
                 aktor: Pegawai) -> None:
        skp = self.penilaian.skp
        if not self.peran(aktor).atasan:
            raise Ditolak(gettext("Hanya atasan pejabat penilai yang memutus keberatan."))
        catatan = (catatan or "").strip()
        errors: dict[str, list[str]] = {}
        if keputusan not in self.Keputusan.values:
            errors["keputusan"] = [gettext("Pilih keputusan.")]
        if not catatan:
            errors["catatan"] = [gettext("Tuliskan keputusan.")]
        if keputusan == self.Keputusan.DITERIMA and predikat not in Predikat.values:
            errors["predikat"] = [gettext("Pilih predikat hasil keputusan.")]
        if errors:
            raise ValidationError(errors)
        if keputusan != self.Keputusan.DITERIMA:
            predikat = ""
        with transaction.atomic():
            self._step(self.Status.DIJAWAB, self.Status.DIPUTUS, aktor=aktor,
                       aksi="keberatan.putus", keputusan=keputusan, catatan_keputusan=catatan,
                       predikat_keputusan=predikat, diputus_oleh=aktor,
                       diputus_pada=timezone.now())
            if predikat:
                self._tetapkan_predikat(predikat, catatan, aktor=aktor)
            penilaian_id = self.penilaian_id
            transaction.on_commit(lambda: kirim_ke_siasn(penilaian_id), robust=True)
        notify(skp.pegawai, pesan=gettext("Keberatan Anda telah diputus: %(k)s.")
               % {"k": self.Keputusan(keputusan).label},
               url=reverse("penilaian:keberatan", args=[self.pk]), aktor=aktor)


from penilaian.models_siasn import HasilSiasn, KirimanSiasn  # noqa: E402, F401  (SIASN, issue 14)

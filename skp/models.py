"""SKP drafting: the SKP header, RHK, indicators, perilaku kerja, ekspektasi and lampiran.

Every rule about what may change lives here; views only call these methods. Every content change
writes a Riwayat row against the SKP, so one query gives an SKP's whole history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Self, overload

from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekinerja.db import PostgresExclusionConstraint, violated_constraint
from ekinerja.exceptions import Ditolak, Konflik
from ekinerja.hooks import refuse_skp_return_to_draft
from ekinerja.models import (
    AtasanTidakDitemukan,
    BerInstansi,
    Pegawai,
    Penilai,
    Riwayat,
    derive_pejabat_penilai,
    kolom_instansi,
    pemicu_instansi,
)
from ekinerja.notifications import notify

PERILAKU_VERSI = "SE-MENPANRB-20-2021"
# The database's guard of decisions.md "SKP": a pegawai's SKP periods never overlap.
SKP_NO_OVERLAP = "skp_periode_tidak_tumpang_tindih"


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class SkpTerkunci(Ditolak):
    """A content change on an SKP that is no longer a draft."""

    def __init__(self, skp: Skp) -> None:
        super().__init__(
            gettext(
                "SKP berstatus %(status)s sehingga tidak dapat diubah. Perubahan hanya dapat "
                "dilakukan selama SKP berstatus draft."
            )
            % {"status": skp.get_status_display().upper()}
        )


# The Konflik message of an SKP transition that someone else's transition overtook.
SKP_DIUBAH = _("SKP telah diubah oleh pengguna lain; muat ulang halaman.")


class SkpBelumLengkap(Exception):
    """Ajukan SKP refused; `.missing` lists exactly what is missing."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(gettext("SKP belum lengkap: ") + " ".join(missing))


class RhkMasihDiintervensi(Ditolak):
    """Deleting an RHK that subordinates' RHKs still intervene."""

    @classmethod
    def of(cls, terdampak: list[HasilKerja]) -> RhkMasihDiintervensi:
        """For the RHK the first of `terdampak` intervenes (they name it by rhk_atasan)."""
        assert terdampak[0].rhk_atasan is not None
        return cls(terdampak[0].rhk_atasan, terdampak)

    def __init__(self, rhk: HasilKerja, terdampak: list[HasilKerja]) -> None:
        self.terdampak = terdampak
        names = "; ".join(f"{r.skp.pegawai.nama}: {r.teks}" for r in terdampak)
        super().__init__(
            gettext(
                "RHK ini diintervensi oleh RHK bawahan (%(daftar)s). Tautkan ulang RHK tersebut "
                "terlebih dahulu sebelum menghapus."
            )
            % {"daftar": names}
        )


class Pendekatan(models.TextChoices):
    KUANTITATIF = "kuantitatif", _("Kuantitatif")
    KUALITATIF = "kualitatif", _("Kualitatif")


class FormatSkp(models.TextChoices):
    JPT = "JPT", _("JPT")
    NON_JPT = "NON_JPT", _("Non-JPT")


class StatusSkp(models.TextChoices):
    DRAFT = "draft", _("draft")
    PENGAJUAN = "pengajuan", _("pengajuan")
    PERSETUJUAN = "persetujuan", _("persetujuan")


class _Bila:
    """A read-only flag of a model: whether its field `kolom` holds `nilai` (`skp.is_jpt`)."""

    def __init__(self, kolom: str, nilai: str) -> None:
        self.kolom, self.nilai = kolom, nilai

    @overload
    def __get__(self, obj: None, owner: type) -> Self: ...
    @overload
    def __get__(self, obj: models.Model, owner: type | None = None) -> bool: ...
    def __get__(self, obj: models.Model | None, owner: type | None = None) -> bool | Self:
        return self if obj is None else bool(getattr(obj, self.kolom) == self.nilai)


# --- Target parsing ---------------------------------------------------------------------------

_TARGET_RE = re.compile(r"^\s*(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>.*?)\s*$")
_RANGE_RE = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*(?:-|–|—|s\.?d\.?|sampai)\s*\d")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def parse_target(text: str) -> tuple[Decimal | None, str]:
    """Split a target as typed ("92", "100 %", "2,5 jam", "1.000 dokumen") into number and unit.

    A dot followed by groups of three digits is a thousands separator (Indonesian usage);
    otherwise "," or "." is the decimal mark. No leading number gives (None, text).
    """
    match = _TARGET_RE.match(text or "")
    if not match:
        return None, (text or "").strip()
    raw, unit = match["num"], match["unit"]
    if _THOUSANDS_RE.match(raw):
        raw = raw.replace(".", "")
    elif raw.count(",") + raw.count(".") > 1:
        return None, text.strip()
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None, text.strip()
    return value, unit


# --- SKP --------------------------------------------------------------------------------------


@dataclass
class HasilPersetujuan:
    """What approving several SKPs did: whose were approved, and why the others were not."""

    disetujui: list[str] = field(default_factory=list)
    gagal: list[str] = field(default_factory=list)


class SkpQuerySet(models.QuerySet["Skp"]):
    def visible_to(self, user: Any) -> SkpQuerySet:
        """The owner and the owner's pejabat penilai see an SKP; nobody else does."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(pegawai=user) | Q(pejabat_penilai=user))

    def milik(self, pegawai: Pegawai) -> SkpQuerySet:
        return self.filter(pegawai=pegawai)

    def rated_by(self, pegawai: Pegawai) -> SkpQuerySet:
        """The SKPs whose pejabat penilai is `pegawai` (SKP Bawahan)."""
        return self.filter(pejabat_penilai=pegawai)

    def approve_each(
        self, pks: list[int], *, aktor: Pegawai, dilihat: Mapping[int, str | None]
    ) -> HasilPersetujuan:
        """Approve the listed SKPs `aktor` rates, each on its own: one refusal does not stop the
        others. `dilihat` is the status each row showed (a stale row gets the conflict)."""
        by_pk = {s.pk: s for s in self.rated_by(aktor).filter(pk__in=pks).select_related("pegawai")}
        hasil = HasilPersetujuan()
        for pk in pks:
            skp = by_pk.get(pk)
            if skp is None:
                hasil.gagal.append(
                    gettext("SKP #%(pk)s: tidak ada dalam daftar SKP bawahan Anda.") % {"pk": pk}
                )
                continue
            seen = dilihat.get(pk)
            try:
                skp.approve(aktor=aktor, expected=seen if seen in StatusSkp.values else None)
            except Ditolak as exc:
                hasil.gagal.append(f"{skp.pegawai.nama}: {exc}")
            else:
                hasil.disetujui.append(skp.pegawai.nama)
        return hasil

    def for_rekan(self, user: Any) -> SkpQuerySet:
        """The SKPs `user` may open to give peer feedback (rekan kerja, decisions.md and
        docs/security.md): another active pegawai's SKP, any status, made in the user's own
        instansi by someone still in it. Never one's own (the owner reads peer feedback on the
        Penilaian pages), never across instansi; a user without an instansi sees none."""
        instansi_id = getattr(user, "instansi_id", None)
        if not getattr(user, "is_authenticated", False) or not instansi_id:
            return self.none()
        return self.filter(
            instansi_id=instansi_id, pegawai__instansi_id=instansi_id, pegawai__is_active=True,
        ).exclude(pegawai_id=user.pk)

    def overlapping(self, pegawai: Pegawai, awal: dt.date, akhir: dt.date) -> SkpQuerySet:
        return self.filter(pegawai=pegawai, periode_awal__lte=akhir, periode_akhir__gte=awal)


class Skp(BerInstansi, models.Model):
    INDUK = "pegawai"  # the pegawai's instansi when the SKP is made (issue 16)

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="skp_set", verbose_name=_("pegawai")
    )
    # Kept with its key and index: monitoring filters SKPs by instansi.
    instansi = models.ForeignKey(
        "ekinerja.Instansi", on_delete=models.PROTECT, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "ekinerja.UnitOrganisasi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    periode_awal = models.DateField(_("Periode Awal"))
    periode_akhir = models.DateField(_("Periode Akhir"))
    pendekatan = models.CharField(_("Pendekatan"), max_length=12, choices=Pendekatan.choices)
    format = models.CharField(_("format"), max_length=8, choices=FormatSkp.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=StatusSkp.choices, default=StatusSkp.DRAFT
    )
    pejabat_penilai = models.ForeignKey(
        Pegawai,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skp_dinilai",
        verbose_name=_("pejabat penilai"),
    )
    # Snapshots as printed: nama, nip_nrp, pangkat_golongan, jabatan, unit_kerja, status.
    snapshot_pegawai = models.JSONField(_("data pegawai yang dinilai"), default=dict)
    snapshot_penilai = models.JSONField(_("data pejabat penilai"), default=dict, blank=True)
    snapshot_atasan_penilai = models.JSONField(
        _("data atasan pejabat penilai"), default=dict, blank=True
    )
    # "Pejabat penilai berubah": set by a SIASN sync (ekinerja/sinkron.py) when the derived rater
    # of this open SKP's pegawai is no longer the one on it; the new one as printed. Muat ulang
    # or Ganti clears it.
    penilai_berubah_sejak = models.DateTimeField(_("pejabat penilai berubah sejak"), null=True,
                                                 blank=True)
    penilai_baru = models.JSONField(_("pejabat penilai baru menurut SIASN"), default=dict,
                                    blank=True)
    perilaku_versi = models.CharField(max_length=40, default=PERILAKU_VERSI)
    keterangan = models.TextField(_("keterangan"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    objects = SkpQuerySet.as_manager()

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-periode_awal", "-pk"]
        indexes = [
            models.Index(fields=["pegawai", "-periode_awal"], name="skp_pegawai_periode"),
            models.Index(fields=["pejabat_penilai", "status"], name="skp_penilai_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StatusSkp.values), name="skp_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(pendekatan__in=Pendekatan.values), name="skp_pendekatan_valid"
            ),
            models.CheckConstraint(condition=Q(format__in=FormatSkp.values), name="skp_format_valid"),
            models.CheckConstraint(
                condition=Q(periode_awal__lte=F("periode_akhir")), name="skp_periode_urut"
            ),
            # Two tabs adding (or moving) SKPs at once both pass validate_periode; this makes
            # the second INSERT/UPDATE wait for the first and fail (btree_gist, PostgreSQL).
            PostgresExclusionConstraint(
                name=SKP_NO_OVERLAP,
                expressions=[
                    ("pegawai", RangeOperators.EQUAL),
                    (DateRange("periode_awal", "periode_akhir", RangeBoundary(True, True)),
                     RangeOperators.OVERLAPS),
                ],
            ),
        ]
        triggers = [pemicu_instansi("ekinerja_pegawai", "pegawai_id")]

    def __str__(self) -> str:
        return f"SKP {self.pegawai.nama} {self.periode_awal} s.d. {self.periode_akhir}"

    def get_absolute_url(self) -> str:
        return reverse("skp:detail", args=[self.pk])

    @property
    def pemilik_data_id(self) -> int | None:
        """Whose data a Riwayat or view-log row about this SKP is (ekinerja.Riwayat.pemilik)."""
        return self.pegawai_id

    # -- properties

    # Plan content (period, RHK, indicators, lampiran) changes only in draft.
    is_editable = _Bila("status", StatusSkp.DRAFT)
    is_diajukan = _Bila("status", StatusSkp.PENGAJUAN)  # waiting for the pejabat penilai
    is_disetujui = _Bila("status", StatusSkp.PERSETUJUAN)  # its Penilaian pages are open
    is_jpt = _Bila("format", FormatSkp.JPT)
    is_kuantitatif = _Bila("pendekatan", Pendekatan.KUANTITATIF)

    def is_rated_by(self, pegawai: Pegawai) -> bool:
        return pegawai.pk == self.pejabat_penilai_id

    def can_change_status(self, pegawai: Pegawai) -> bool:
        """"Edit Status" is the pejabat penilai's, once the owner has submitted."""
        return self.is_rated_by(pegawai) and pegawai.pk != self.pegawai_id and not self.is_editable

    @property
    def tahun(self) -> int:
        return self.periode_awal.year

    def ensure_editable(self) -> None:
        if not self.is_editable:
            raise SkpTerkunci(self)

    def lock_draft(self) -> None:
        """Inside the atomic block of a content change: lock the SKP row while it is a draft.

        A transition (conditional UPDATE of the same row) waits for this lock, and a content
        change waits for a transition's, so an edit lands either wholly before a submission or
        not at all: SkpTerkunci when the SKP is no longer a draft (whatever this copy says).
        """
        locked = (
            Skp.objects.select_for_update()
            .filter(pk=self.pk, status=StatusSkp.DRAFT)
            .values_list("pk", flat=True)
        )
        if not list(locked):
            self.status = Skp.objects.values_list("status", flat=True).get(pk=self.pk)
            raise SkpTerkunci(self)

    # -- workflow (decisions.md "Workflow"): draft -> pengajuan -> persetujuan

    TRANSITIONS: dict[str, set[str]] = {
        StatusSkp.DRAFT: {StatusSkp.PENGAJUAN},
        StatusSkp.PENGAJUAN: {StatusSkp.PERSETUJUAN, StatusSkp.DRAFT},
        StatusSkp.PERSETUJUAN: {StatusSkp.DRAFT},
    }

    def kelengkapan(self) -> list[str]:
        """What is missing before "Ajukan SKP"; an empty list means complete. 3 queries."""
        missing: list[str] = []
        if not self.pejabat_penilai_id and not (self.snapshot_penilai or {}).get("nama"):
            missing.append(gettext("Pejabat penilai belum ditentukan."))
        rhks = sorted(  # utama before tambahan, as on the page (jenis sorts alphabetically)
            self.hasil_kerja.all().prefetch_related("indikator"),
            key=lambda r: (r.jenis != HasilKerja.Jenis.UTAMA, r.urutan, r.pk),
        )
        if not any(r.jenis == HasilKerja.Jenis.UTAMA and r.indikator.all() for r in rhks):
            missing.append(gettext("Belum ada RHK utama yang memiliki indikator."))
        numbers: dict[str, int] = {}
        for rhk in rhks:  # numbered within utama / tambahan, as the page shows them
            numbers[rhk.jenis] = n = numbers.get(rhk.jenis, 0) + 1
            label = gettext("RHK %(jenis)s no. %(n)s") % {"jenis": rhk.get_jenis_display().lower(),
                                                         "n": n}
            if not rhk.indikator.all():
                missing.append(gettext("%(rhk)s belum memiliki indikator.") % {"rhk": label})
            for m, ind in enumerate(rhk.indikator.all(), 1):
                ind.rhk = rhk
                try:
                    ind.validate()
                except ValidationError as exc:
                    for message in exc.messages:
                        missing.append(
                            gettext("%(rhk)s, indikator %(m)s: %(msg)s")
                            % {"rhk": label, "m": m, "msg": message}
                        )
        return missing

    def peringatan_pengajuan(self) -> list[str]:
        """What "Ajukan SKP" warns about without refusing (domain.md: lampiran is not required)."""
        if self.lampiran.exists():
            return []
        return [gettext("Lampiran SKP (Dukungan Sumber Daya, Skema Pertanggungjawaban, "
                        "Konsekuensi) belum diisi. SKP tetap dapat diajukan.")]

    def _transition(
        self, to: str, *, aktor: Pegawai, aksi: str, expected: str | None = None, alasan: str = ""
    ) -> None:
        """One conditional UPDATE ... WHERE status = <expected>, recorded; Konflik if
        someone else changed the status first. Call inside transaction.atomic()."""
        old = expected or self.status
        if to not in self.TRANSITIONS.get(old, set()):
            raise Ditolak(
                gettext("Status SKP tidak dapat diubah dari %(dari)s ke %(ke)s.")
                % {"dari": StatusSkp(old).label.upper(), "ke": StatusSkp(to).label.upper()}
            )
        changed = Skp.objects.filter(pk=self.pk, status=old).update(
            status=to, diubah=timezone.now()
        )
        if not changed:
            raise Konflik(SKP_DIUBAH)
        Riwayat.catat(self, aktor=aktor, aksi=aksi, sebelum={"status": old}, sesudah={"status": to},
                      alasan=alasan)
        self.status = to

    def submit(self, *, aktor: Pegawai, expected: str | None = None) -> None:
        """Ajukan SKP: the owner, from draft, when the plan is complete."""
        if aktor.pk != self.pegawai_id:
            raise Ditolak(gettext("Hanya pemilik SKP yang dapat mengajukan SKP ini."))
        with transaction.atomic():
            # Completeness is checked on the locked row, so a concurrent edit (which takes the
            # same lock) cannot remove an indicator between the check and the update.
            current = (
                Skp.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
            )
            if current != (expected or self.status):
                raise Konflik(SKP_DIUBAH)
            missing = self.kelengkapan()
            if missing:
                raise SkpBelumLengkap(missing)
            self._transition(StatusSkp.PENGAJUAN, aktor=aktor, aksi="skp.diajukan", expected=expected)
            if self.pejabat_penilai is not None:
                notify(
                    self.pejabat_penilai,
                    pesan=gettext("%(nama)s mengajukan SKP periode %(awal)s sampai %(akhir)s.")
                    % {"nama": self.pegawai.nama, "awal": self.periode_awal,
                       "akhir": self.periode_akhir},
                    url=self.get_absolute_url(),
                    aktor=aktor,
                )

    def _ensure_penilai(self, aktor: Pegawai) -> None:
        if aktor.pk != self.pejabat_penilai_id:
            raise Ditolak(
                gettext("Hanya pejabat penilai SKP ini yang dapat mengubah statusnya.")
            )

    def approve(self, *, aktor: Pegawai, expected: str | None = None) -> None:
        """Persetujuan: the pejabat penilai approves a submitted SKP."""
        self._ensure_penilai(aktor)
        with transaction.atomic():
            self._transition(StatusSkp.PERSETUJUAN, aktor=aktor, aksi="skp.disetujui",
                             expected=expected)
            notify(
                self.pegawai,
                pesan=gettext("SKP periode %(awal)s sampai %(akhir)s telah disetujui oleh %(oleh)s.")
                % {"awal": self.periode_awal, "akhir": self.periode_akhir, "oleh": aktor.nama},
                url=self.get_absolute_url(),
                aktor=aktor,
            )

    def return_to_draft(self, *, aktor: Pegawai, alasan: str, expected: str | None = None) -> None:
        """Back to draft with a reason the pegawai sees; refused once a period is rated."""
        self._ensure_penilai(aktor)
        alasan = (alasan or "").strip()
        if not alasan:
            raise Ditolak(gettext("Tuliskan alasan pengembalian SKP ke draft."))
        # Other apps may refuse (penilaian: "a period is already rated"); skp imports none.
        if (expected or self.status) == StatusSkp.PERSETUJUAN and (
            reason := refuse_skp_return_to_draft.first(self)
        ):
            raise Ditolak(reason)
        with transaction.atomic():
            self._transition(StatusSkp.DRAFT, aktor=aktor, aksi="skp.dikembalikan", expected=expected,
                             alasan=alasan)
            notify(
                self.pegawai,
                pesan=gettext("SKP periode %(awal)s sampai %(akhir)s dikembalikan ke draft oleh "
                              "%(oleh)s: %(alasan)s")
                % {"awal": self.periode_awal, "akhir": self.periode_akhir, "oleh": aktor.nama,
                   "alasan": alasan},
                url=self.get_absolute_url(),
                aktor=aktor,
            )

    def ubah_status(
        self, to: str, *, aktor: Pegawai, alasan: str = "", expected: str | None = None
    ) -> bool:
        """"Edit Status" by the pejabat penilai: Persetujuan approves, Draft returns with a
        reason; anything else is refused. False when the chosen status is the current one."""
        self._ensure_penilai(aktor)
        old = expected or self.status
        if to == old:
            return False
        if to == StatusSkp.PERSETUJUAN:
            self.approve(aktor=aktor, expected=expected)
        elif to == StatusSkp.DRAFT:
            self.return_to_draft(aktor=aktor, alasan=alasan, expected=expected)
        elif to == StatusSkp.PENGAJUAN and old == StatusSkp.DRAFT:
            raise Ditolak(gettext("Hanya pegawai pemilik SKP yang dapat mengajukan SKP."))
        else:
            raise Ditolak(
                gettext("Status SKP tidak dapat diubah dari %(dari)s ke %(ke)s.")
                % {"dari": StatusSkp(old).label.upper(), "ke": StatusSkp(to).label.upper()}
            )
        return True

    def header_state(self) -> dict[str, str]:
        return {
            "periode_awal": self.periode_awal.isoformat(),
            "periode_akhir": self.periode_akhir.isoformat(),
            "pendekatan": self.pendekatan,
        }

    # -- rules

    @staticmethod
    def validate_periode(
        pegawai: Pegawai,
        awal: dt.date | None,
        akhir: dt.date | None,
        pendekatan: str | None,
        *,
        exclude_pk: int | None = None,
    ) -> None:
        """decisions.md "SKP": one calendar year, awal <= akhir, no overlap, pendekatan set."""
        errors: dict[str, list[str]] = {}
        if not pendekatan:
            errors.setdefault("pendekatan", []).append(gettext("Pilih pendekatan SKP."))
        elif pendekatan not in Pendekatan.values:
            errors.setdefault("pendekatan", []).append(gettext("Pendekatan tidak dikenal."))
        if awal and akhir:
            if awal > akhir:
                errors.setdefault("periode_akhir", []).append(
                    gettext("Periode Akhir tidak boleh sebelum Periode Awal.")
                )
            elif awal.year != akhir.year:
                errors.setdefault("periode_akhir", []).append(
                    gettext(
                        "Periode SKP harus berada dalam satu tahun kalender "
                        "(Periode Awal dan Periode Akhir pada tahun yang sama)."
                    )
                )
            else:
                clash = Skp.objects.overlapping(pegawai, awal, akhir)
                if exclude_pk:
                    clash = clash.exclude(pk=exclude_pk)
                other = clash.order_by("periode_awal").first()
                if other is not None:
                    errors.setdefault("periode_awal", []).append(
                        gettext(
                            "Periode ini tumpang tindih dengan SKP Anda yang lain "
                            "(%(awal)s sampai %(akhir)s)."
                        )
                        % {"awal": other.periode_awal, "akhir": other.periode_akhir}
                    )
        if errors:
            raise ValidationError(errors)

    # -- creation and header changes

    @classmethod
    def create_for(
        cls,
        pegawai: Pegawai,
        *,
        periode_awal: dt.date,
        periode_akhir: dt.date,
        pendekatan: str,
        aktor: Pegawai,
    ) -> Skp:
        if pegawai.instansi_id is None:  # every SKP belongs to an instansi (issue 16)
            raise ValidationError(gettext(
                "Instansi Anda belum tercatat, sehingga SKP belum dapat dibuat. Hubungi Admin "
                "Instansi."))
        cls.validate_periode(pegawai, periode_awal, periode_akhir, pendekatan)
        skp = cls(
            pegawai=pegawai,
            instansi_id=pegawai.instansi_id,
            unit_id=pegawai.unit_id,
            periode_awal=periode_awal,
            periode_akhir=periode_akhir,
            pendekatan=pendekatan,
            format=FormatSkp.JPT if pegawai.uses_jpt_format else FormatSkp.NON_JPT,
            snapshot_pegawai=Penilai.from_pegawai(pegawai).as_snapshot(),
        )
        skp._derive_penilai()
        try:
            with transaction.atomic():
                # Again under the pegawai's lock: a second tab waits here and then sees the first
                # tab's SKP (the exclusion constraint is the database's own guard behind this).
                cls._lock_pegawai(pegawai)
                cls.validate_periode(pegawai, periode_awal, periode_akhir, pendekatan)
                skp.save()
                Riwayat.catat(
                    skp,
                    aktor=aktor,
                    aksi="skp.tambah",
                    sesudah={
                        **skp.header_state(),
                        "format": skp.format,
                        "pejabat_penilai": skp.snapshot_penilai,
                    },
                )
        except IntegrityError as exc:
            cls._raise_overlap(exc, pegawai, periode_awal, periode_akhir)
        return skp

    @staticmethod
    def _lock_pegawai(pegawai: Pegawai) -> None:
        """Serialise one pegawai's SKP period changes (inside the caller's transaction)."""
        list(Pegawai.objects.select_for_update(no_key=True).filter(pk=pegawai.pk)
             .values_list("pk", flat=True))

    @classmethod
    def _raise_overlap(
        cls, exc: IntegrityError, pegawai: Pegawai, awal: dt.date, akhir: dt.date,
        exclude_pk: int | None = None,
    ) -> None:
        """Another tab saved an overlapping SKP first (the exclusion constraint refused this
        one): the same message beside the field as the check before writing."""
        if violated_constraint(exc) != SKP_NO_OVERLAP:
            raise exc
        cls.validate_periode(pegawai, awal, akhir, Pendekatan.KUANTITATIF, exclude_pk=exclude_pk)
        raise ValidationError(  # the winner was itself removed meanwhile: still say why
            {"periode_awal": [gettext("Periode ini tumpang tindih dengan SKP Anda yang lain.")]}
        ) from exc

    def _derive_penilai(self) -> str:
        """Set the pejabat penilai and atasan snapshots from the organisation; returns an error."""
        try:
            penilai = derive_pejabat_penilai(self.pegawai, self.periode_awal)
        except AtasanTidakDitemukan as exc:
            self.pejabat_penilai = None
            self.snapshot_penilai = {}
            self.snapshot_atasan_penilai = {}
            return str(exc)
        self._set_penilai(penilai)
        return ""

    def _set_penilai(self, penilai: Penilai) -> None:
        self.pejabat_penilai = penilai.pegawai
        self.snapshot_penilai = penilai.as_snapshot()
        self.snapshot_atasan_penilai = {}
        if penilai.pegawai is not None:
            try:
                atasan = derive_pejabat_penilai(penilai.pegawai, self.periode_awal)
            except AtasanTidakDitemukan:
                pass
            else:
                self.snapshot_atasan_penilai = atasan.as_snapshot()

    def update_header(
        self, *, periode_awal: dt.date, periode_akhir: dt.date, pendekatan: str, aktor: Pegawai
    ) -> None:
        self.ensure_editable()
        self.validate_periode(
            self.pegawai, periode_awal, periode_akhir, pendekatan, exclude_pk=self.pk
        )
        sebelum = self.header_state()
        self.periode_awal, self.periode_akhir, self.pendekatan = (
            periode_awal,
            periode_akhir,
            pendekatan,
        )
        if sebelum == self.header_state():
            return
        try:
            with transaction.atomic():
                self._lock_pegawai(self.pegawai)
                self.lock_draft()
                self.validate_periode(
                    self.pegawai, periode_awal, periode_akhir, pendekatan, exclude_pk=self.pk
                )
                self.save(update_fields=["periode_awal", "periode_akhir", "pendekatan", "diubah"])
                Riwayat.catat(
                    self, aktor=aktor, aksi="skp.ubah", sebelum=sebelum,
                    sesudah=self.header_state(),
                )
        except ValidationError:
            self.refresh_from_db(fields=["periode_awal", "periode_akhir", "pendekatan"])
            raise
        except IntegrityError as exc:
            self.refresh_from_db(fields=["periode_awal", "periode_akhir", "pendekatan"])
            self._raise_overlap(exc, self.pegawai, periode_awal, periode_akhir, exclude_pk=self.pk)

    def rhk_diintervensi(self) -> list[HasilKerja]:
        """Other SKPs' RHKs that intervene this SKP's RHKs (they block deleting it)."""
        return list(
            HasilKerja.objects.filter(rhk_atasan__skp=self)
            .exclude(skp=self)
            .select_related("skp__pegawai", "rhk_atasan")
        )

    def hapus(self, *, aktor: Pegawai) -> None:
        self.ensure_editable()
        terdampak = self.rhk_diintervensi()
        if terdampak:
            raise RhkMasihDiintervensi.of(terdampak)
        with transaction.atomic():
            self.lock_draft()
            Riwayat.catat(self, aktor=aktor, aksi="skp.hapus", sebelum=self.header_state())
            self.hasil_kerja.update(rhk_atasan=None)
            self.delete()

    def muat_ulang_pegawai(self, pegawai: Pegawai, *, aktor: Pegawai) -> None:
        """Refresh the pegawai snapshot from the (already refreshed) Pegawai record."""
        sebelum = self.snapshot_pegawai
        self.snapshot_pegawai = Penilai.from_pegawai(pegawai).as_snapshot()
        with transaction.atomic():
            self.save(update_fields=["snapshot_pegawai", "diubah"])
            Riwayat.catat(
                self,
                aktor=aktor,
                aksi="skp.muat_ulang_pegawai",
                sebelum=sebelum,
                sesudah=self.snapshot_pegawai,
            )

    def muat_ulang_penilai(self, *, aktor: Pegawai) -> str:
        """Re-derive the pejabat penilai (and atasan); returns an error text, or ""."""
        sebelum = {"penilai": self.snapshot_penilai, "atasan": self.snapshot_atasan_penilai}
        error = self._derive_penilai()
        if error:
            self.refresh_from_db(
                fields=["pejabat_penilai", "snapshot_penilai", "snapshot_atasan_penilai"]
            )
            return error
        with transaction.atomic():
            self._save_penilai(aktor=aktor, aksi="skp.muat_ulang_penilai", sebelum=sebelum)
        return ""

    def ganti_penilai(self, penilai: Pegawai, *, aktor: Pegawai) -> None:
        """The pegawai corrects a wrong pejabat penilai (found by NIP)."""
        self.ensure_editable()
        if penilai.pk == self.pegawai_id:
            raise ValidationError(
                {"nip": gettext("Anda tidak dapat menjadi pejabat penilai SKP Anda sendiri.")}
            )
        if not penilai.is_active:
            raise ValidationError({"nip": gettext("Pegawai dengan NIP ini sudah tidak aktif.")})
        sebelum = {"penilai": self.snapshot_penilai, "atasan": self.snapshot_atasan_penilai}
        self._set_penilai(Penilai.from_pegawai(penilai))
        with transaction.atomic():
            self.lock_draft()
            self._save_penilai(aktor=aktor, aksi="skp.ganti_penilai", sebelum=sebelum)

    def _save_penilai(self, *, aktor: Pegawai, aksi: str, sebelum: dict[str, Any]) -> None:
        """Store the rater snapshots and record the change (inside the caller's transaction)."""
        self.penilai_berubah_sejak, self.penilai_baru = None, {}
        self.save(
            update_fields=["pejabat_penilai", "snapshot_penilai", "snapshot_atasan_penilai",
                           "penilai_berubah_sejak", "penilai_baru", "diubah"]
        )
        Riwayat.catat(
            self, aktor=aktor, aksi=aksi, sebelum=sebelum,
            sesudah={"penilai": self.snapshot_penilai, "atasan": self.snapshot_atasan_penilai},
        )

    # -- content

    def _next_urutan(self, qs: models.QuerySet[Any]) -> int:
        last = qs.aggregate(m=models.Max("urutan"))["m"]
        return (last or 0) + 1

    def intervensi_options(self) -> models.QuerySet[HasilKerja]:
        """The pejabat penilai's RHKs in an SKP overlapping this one (non-JPT "RHK atasan")."""
        if self.pejabat_penilai_id is None:
            return HasilKerja.objects.none()
        return (
            HasilKerja.objects.filter(
                skp__pegawai_id=self.pejabat_penilai_id,
                skp__periode_awal__lte=self.periode_akhir,
                skp__periode_akhir__gte=self.periode_awal,
            )
            .select_related("skp")
            .order_by("skp__periode_awal", "jenis", "urutan", "pk")
        )

    def add_rhk(self, *, aktor: Pegawai, **fields: Any) -> HasilKerja:
        self.ensure_editable()
        rhk = HasilKerja(skp=self, **fields)
        rhk.validate()
        with transaction.atomic():
            self.lock_draft()
            rhk.urutan = self._next_urutan(self.hasil_kerja.filter(jenis=rhk.jenis))
            rhk.save()
            Riwayat.catat(self, aktor=aktor, aksi="rhk.tambah", sesudah=rhk.state())
        return rhk

    def add_lampiran(self, *, jenis: str, teks: str, aktor: Pegawai) -> LampiranItem:
        self.ensure_editable()
        item = LampiranItem(skp=self, jenis=jenis, teks=(teks or "").strip())
        item.validate()
        with transaction.atomic():
            self.lock_draft()
            item.urutan = self._next_urutan(self.lampiran.filter(jenis=jenis))
            item.save()
            Riwayat.catat(self, aktor=aktor, aksi="lampiran.tambah", sesudah=item.state())
        return item

    def set_ekspektasi(self, perilaku: PerilakuKerja, teks: str, *, aktor: Pegawai) -> None:
        """Only the pejabat penilai writes the Ekspektasi Khusus Pimpinan (any status)."""
        if aktor.pk != self.pejabat_penilai_id:
            raise PermissionError(gettext("Hanya pejabat penilai yang dapat mengisi ekspektasi."))
        teks = (teks or "").strip()
        current = self.ekspektasi.filter(perilaku=perilaku).first()
        sebelum = current.teks if current else ""
        if sebelum == teks:
            return
        with transaction.atomic():
            if current is None:
                EkspektasiKhusus.objects.create(skp=self, perilaku=perilaku, teks=teks, penulis=aktor)
            else:
                current.teks, current.penulis = teks, aktor
                current.save(update_fields=["teks", "penulis", "diubah"])
            Riwayat.catat(
                self,
                aktor=aktor,
                aksi="ekspektasi.ubah",
                sebelum={"perilaku": perilaku.nama, "teks": sebelum},
                sesudah={"perilaku": perilaku.nama, "teks": teks},
            )


def tandai_penilai_berubah(sinkron: Any, perubahan: dict[int, dict[str, Any]]) -> int:
    """After a SIASN sync: flag "Pejabat penilai berubah" on each open SKP (its period not over)
    of the pegawai in `perubahan` ({pegawai id: the new derived rater as printed}) whose rater on
    record is someone else; recorded. Registered in ekinerja.hooks.rater_changed by
    SkpConfig.ready. Returns how many SKPs were flagged."""
    if not perubahan:
        return 0
    now = timezone.now()
    flagged: list[Skp] = []
    history: list[Riwayat] = []
    shown = ["nama", "nip_nrp", "pangkat_golongan", "jabatan", "unit_kerja", "status"]
    for skp in Skp.objects.filter(pegawai_id__in=list(perubahan),
                                  periode_akhir__gte=timezone.localdate()):
        baru = perubahan[skp.pegawai_id]
        if baru.get("pegawai_id") is not None:
            same = baru["pegawai_id"] == skp.pejabat_penilai_id
        else:
            same = skp.pejabat_penilai_id is None and (
                (skp.snapshot_penilai or {}).get("nama", "") == baru.get("nama", ""))
        if same:
            if skp.penilai_berubah_sejak is not None:  # changed back: the SKP is right again
                skp.penilai_berubah_sejak, skp.penilai_baru = None, {}
                flagged.append(skp)
            continue
        skp.penilai_berubah_sejak = now
        skp.penilai_baru = {k: baru.get(k, "") for k in shown}
        flagged.append(skp)
        history.append(Riwayat.baris(skp, aktor=None, aksi="skp.penilai_berubah",
                                     sebelum=skp.snapshot_penilai or {}, sesudah=skp.penilai_baru,
                                     alasan=gettext("Sinkron SIASN #%(n)s") % {"n": sinkron.pk}))
    Skp.objects.bulk_update(flagged, ["penilai_berubah_sejak", "penilai_baru"], batch_size=500)
    Riwayat.objects.bulk_create(history, batch_size=1000)
    return len(history)


class _Ordered(models.Model):
    """Rows kept in an order the user can change (urutan within a group)."""

    urutan = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        abstract = True

    aksi_riwayat = ""  # "rhk", "indikator", "lampiran": names the recorded move

    def _siblings(self) -> models.QuerySet[Any]:
        raise NotImplementedError  # abstract: each ordered model names its group

    def _skp(self) -> Skp:
        skp: Skp = getattr(self, "skp")  # noqa: B009 - each concrete row has one (or overrides)
        return skp

    def move(self, arah: str, *, aktor: Pegawai) -> None:
        """Move up or down within the group, on a draft SKP only, recorded."""
        skp = self._skp()
        skp.ensure_editable()
        before = self.urutan
        with transaction.atomic():
            skp.lock_draft()
            if self._swap_with_neighbour(arah):
                Riwayat.catat(
                    skp,
                    aktor=aktor,
                    aksi=f"{self.aksi_riwayat}.pindah",
                    sebelum={"id": self.pk, "urutan": before},
                    sesudah={"id": self.pk, "urutan": self.urutan},
                )

    def state(self) -> dict[str, Any]:
        raise NotImplementedError  # abstract: what Riwayat records of the row

    def validate(self) -> None:
        raise NotImplementedError  # abstract: the row's rules (ValidationError per field)

    def _before_save(self, sebelum: dict[str, Any]) -> None:
        """Inside update's transaction, before the row is saved (nothing by default)."""

    def _state_terhapus(self) -> dict[str, Any]:
        return self.state()

    def update(self, *, aktor: Pegawai, **fields: Any) -> None:
        """Change fields of a row of a draft SKP: validated, recorded; nothing if nothing changed."""
        skp = self._skp()
        skp.ensure_editable()
        sebelum = self.state()
        for name, value in fields.items():
            setattr(self, name, value)
        self.validate()
        if self.state() == sebelum:
            return
        with transaction.atomic():
            skp.lock_draft()
            self._before_save(sebelum)
            self.save()
            Riwayat.catat(skp, aktor=aktor, aksi=f"{self.aksi_riwayat}.ubah", sebelum=sebelum,
                          sesudah=self.state())

    def hapus(self, *, aktor: Pegawai) -> None:
        """Delete a row of a draft SKP, recorded with what it held."""
        skp = self._skp()
        skp.ensure_editable()
        sebelum = self._state_terhapus()
        with transaction.atomic():
            skp.lock_draft()
            Riwayat.catat(skp, aktor=aktor, aksi=f"{self.aksi_riwayat}.hapus", sebelum=sebelum)
            self.delete()

    def _swap_with_neighbour(self, arah: str) -> bool:
        """Swap with the neighbour above ("naik") or below ("turun"); False at either end."""
        qs = self._siblings().exclude(pk=self.pk)
        if arah == "naik":
            other = qs.filter(
                Q(urutan__lt=self.urutan) | Q(urutan=self.urutan, pk__lt=self.pk)
            ).order_by("-urutan", "-pk").first()
        else:
            other = qs.filter(
                Q(urutan__gt=self.urutan) | Q(urutan=self.urutan, pk__gt=self.pk)
            ).order_by("urutan", "pk").first()
        if other is None:
            return False
        a, b = self.urutan, other.urutan
        if a == b:
            b = a + 1 if arah == "turun" else max(a - 1, 0)
        self.urutan, other.urutan = b, a
        self._siblings().filter(pk=self.pk).update(urutan=self.urutan)
        self._siblings().filter(pk=other.pk).update(urutan=other.urutan)
        return True


class HasilKerja(BerInstansi, _Ordered):
    """A Rencana Hasil Kerja (RHK)."""

    aksi_riwayat = "rhk"
    INDUK = "skp"

    class Jenis(models.TextChoices):
        UTAMA = "utama", _("Utama")
        TAMBAHAN = "tambahan", _("Tambahan")

    class Klasifikasi(models.TextChoices):
        INDIVIDU = "individu", _("Individu - tertaut di SKP Pegawai")
        ORGANISASI = "organisasi", _("Organisasi")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="hasil_kerja")
    jenis = models.CharField(_("Jenis RHK"), max_length=10, choices=Jenis.choices)
    klasifikasi = models.CharField(
        _("Klasifikasi RHK"), max_length=12, choices=Klasifikasi.choices, blank=True
    )
    teks = models.TextField(_("Rencana Hasil Kerja"))
    penugasan_dari = models.CharField(_("Penugasan dari"), max_length=255, blank=True)
    rhk_atasan = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intervensi",
        verbose_name=_("RHK atasan yang diintervensi"),
    )
    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")
        ordering = ["skp", "jenis", "urutan", "pk"]
        indexes = [models.Index(fields=["skp", "jenis", "urutan"], name="rhk_skp_urutan")]
        constraints = [
            models.CheckConstraint(
                condition=Q(jenis__in=["utama", "tambahan"]), name="rhk_jenis_valid"
            )
        ]
        triggers = [pemicu_instansi("skp_skp", "skp_id")]

    def __str__(self) -> str:
        return self.teks

    @property
    def is_organisasi(self) -> bool:
        return self.klasifikasi == self.Klasifikasi.ORGANISASI

    def _siblings(self) -> models.QuerySet[Any]:
        return HasilKerja.objects.filter(skp_id=self.skp_id, jenis=self.jenis)

    def state(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "jenis": self.jenis,
            "klasifikasi": self.klasifikasi,
            "teks": self.teks,
            "penugasan_dari": self.penugasan_dari,
            "rhk_atasan": self.rhk_atasan_id,
        }

    def validate(self) -> None:
        skp = self.skp
        self.teks = (self.teks or "").strip()
        self.penugasan_dari = (self.penugasan_dari or "").strip()
        errors: dict[str, list[str]] = {}
        if not self.teks:
            errors["teks"] = [gettext("Isi Rencana Hasil Kerja.")]
        if self.jenis not in self.Jenis.values:
            errors["jenis"] = [gettext("Pilih Jenis RHK (Utama atau Tambahan).")]
        if skp.is_jpt:
            if self.klasifikasi not in self.Klasifikasi.values:
                errors["klasifikasi"] = [gettext("Pilih Klasifikasi RHK.")]
            # A JPT's RHK cascaded through the leader's matrix keeps its real link (decisions.md);
            # the JPT page shows it as "Penugasan dari" the leader's position.
            if self.rhk_atasan_id is not None and not self.penugasan_dari:
                self.penugasan_dari = (skp.snapshot_penilai or {}).get("jabatan", "")
        else:
            self.klasifikasi, self.penugasan_dari = "", ""
        if (
            self.rhk_atasan_id is not None
            and not skp.intervensi_options().filter(pk=self.rhk_atasan_id).exists()
        ):
            errors["rhk_atasan"] = [
                gettext(
                    "RHK atasan harus berasal dari SKP pejabat penilai Anda pada periode "
                    "yang sama."
                )
            ]
        if errors:
            raise ValidationError(errors)

    def _before_save(self, sebelum: dict[str, Any]) -> None:
        if self.jenis != sebelum["jenis"]:  # moved to the other group: last there
            self.urutan = self.skp._next_urutan(self._siblings().exclude(pk=self.pk))

    def _state_terhapus(self) -> dict[str, Any]:
        return {**self.state(), "indikator": [i.state() for i in self.indikator.all()]}

    def hapus(self, *, aktor: Pegawai) -> None:
        self.skp.ensure_editable()
        terdampak = list(self.intervensi.select_related("skp__pegawai"))
        if terdampak:
            raise RhkMasihDiintervensi(self, terdampak)
        super().hapus(aktor=aktor)

    def add_indikator(self, *, aktor: Pegawai, **fields: Any) -> Indikator:
        self.skp.ensure_editable()
        ind = Indikator(rhk=self, **fields)
        ind.validate()
        with transaction.atomic():
            self.skp.lock_draft()
            ind.urutan = self.skp._next_urutan(self.indikator.all())
            ind.save()
            Riwayat.catat(self.skp, aktor=aktor, aksi="indikator.tambah", sesudah=ind.state())
        return ind


class Indikator(BerInstansi, _Ordered):
    """An Indikator Kinerja Individu (IKI) of one RHK."""

    aksi_riwayat = "indikator"
    INDUK = "rhk"

    class Aspek(models.TextChoices):
        KUANTITAS = "kuantitas", _("Kuantitas")
        KUALITAS = "kualitas", _("Kualitas")
        WAKTU = "waktu", _("Waktu")
        BIAYA = "biaya", _("Biaya")

    class Perspektif(models.TextChoices):
        PENERIMA_LAYANAN = "penerima_layanan", _("Penerima Layanan")
        PENGUATAN_INTERNAL = "penguatan_internal", _("Penguatan Internal")
        PROSES_BISNIS = "proses_bisnis", _("Proses Bisnis")
        ANGGARAN = "anggaran", _("Anggaran")

    rhk = models.ForeignKey(HasilKerja, on_delete=models.CASCADE, related_name="indikator")
    teks = models.TextField(_("Indikator"))
    aspek = models.CharField(_("Aspek"), max_length=10, choices=Aspek.choices, blank=True)
    perspektif = models.CharField(
        _("Perspektif"), max_length=20, choices=Perspektif.choices, blank=True
    )
    target_teks = models.CharField(_("Target"), max_length=100, blank=True)
    target_nilai = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    target_satuan = models.CharField(max_length=80, blank=True)
    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        ordering = ["rhk", "urutan", "pk"]
        indexes = [models.Index(fields=["rhk", "urutan"], name="indikator_rhk_urutan")]
        triggers = [pemicu_instansi("skp_hasilkerja", "rhk_id")]

    def __str__(self) -> str:
        return self.teks

    def _skp(self) -> Skp:
        return self.rhk.skp

    def _siblings(self) -> models.QuerySet[Any]:
        return Indikator.objects.filter(rhk_id=self.rhk_id)

    def state(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "rhk": self.rhk_id,
            "teks": self.teks,
            "aspek": self.aspek,
            "perspektif": self.perspektif,
            "target": self.target_teks,
        }

    def validate(self) -> None:
        """decisions.md: kuantitatif needs a numeric target (and a perspektif for JPT);
        kualitatif has neither; non-JPT always needs an aspek."""
        skp = self.rhk.skp
        self.teks = (self.teks or "").strip()
        self.target_teks = (self.target_teks or "").strip()
        errors: dict[str, list[str]] = {}
        if not self.teks:
            errors["teks"] = [gettext("Isi Indikator.")]
        if skp.is_jpt:
            self.aspek = ""
            if not skp.is_kuantitatif:
                self.perspektif = ""
            elif self.perspektif not in self.Perspektif.values:
                errors["perspektif"] = [gettext("Pilih Perspektif.")]
        else:
            self.perspektif = ""
            if self.aspek not in self.Aspek.values:
                errors["aspek"] = [gettext("Pilih Aspek (Kuantitas, Kualitas, Waktu atau Biaya).")]
        if skp.is_kuantitatif:
            if not self.target_teks:
                errors["target_teks"] = [gettext("SKP kuantitatif: isi Target, misalnya 92 atau 100 %.")]
            elif _RANGE_RE.match(self.target_teks):
                errors["target_teks"] = [
                    gettext("Target berupa rentang tidak didukung; tuliskan satu angka, misalnya 95 %.")
                ]
            else:
                nilai, satuan = parse_target(self.target_teks)
                if nilai is None:
                    errors["target_teks"] = [
                        gettext("Target harus diawali angka, misalnya 92, 100 % atau 12 dokumen.")
                    ]
                else:
                    self.target_nilai, self.target_satuan = nilai, satuan
        else:
            self.target_teks, self.target_nilai, self.target_satuan = "", None, ""
        if errors:
            raise ValidationError(errors)


class PerilakuKerja(models.Model):
    """One BerAKHLAK core value with its three guides: versioned reference data (domain.md §4.4)."""

    versi = models.CharField(max_length=40)
    urutan = models.PositiveSmallIntegerField()
    nama = models.CharField(max_length=80)
    panduan = models.JSONField(default=list)

    class Meta:
        verbose_name = _("perilaku kerja")
        verbose_name_plural = _("perilaku kerja")
        ordering = ["versi", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["versi", "urutan"], name="perilaku_versi_urutan")
        ]

    def __str__(self) -> str:
        return self.nama


class EkspektasiKhusus(BerInstansi, models.Model):
    """Ekspektasi Khusus Pimpinan for one BerAKHLAK value of one SKP, by the pejabat penilai."""

    INDUK = "skp"

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="ekspektasi")
    perilaku = models.ForeignKey(PerilakuKerja, on_delete=models.PROTECT, related_name="+")
    teks = models.TextField(_("Ekspektasi Khusus Pimpinan"), blank=True)
    penulis = models.ForeignKey(
        Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)
    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("ekspektasi khusus pimpinan")
        verbose_name_plural = _("ekspektasi khusus pimpinan")
        constraints = [
            models.UniqueConstraint(fields=["skp", "perilaku"], name="ekspektasi_skp_perilaku")
        ]
        triggers = [pemicu_instansi("skp_skp", "skp_id")]

    def __str__(self) -> str:
        return self.teks


class LampiranItem(BerInstansi, _Ordered):

    aksi_riwayat = "lampiran"
    INDUK = "skp"

    class Jenis(models.TextChoices):
        DUKUNGAN_SUMBER_DAYA = "dukungan_sumber_daya", _("Dukungan Sumber Daya")
        SKEMA_PERTANGGUNGJAWABAN = "skema_pertanggungjawaban", _("Skema Pertanggungjawaban")
        KONSEKUENSI = "konsekuensi", _("Konsekuensi")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="lampiran")
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    teks = models.TextField(_("Uraian"))
    instansi = kolom_instansi()

    class Meta:
        verbose_name = _("lampiran SKP")
        verbose_name_plural = _("lampiran SKP")
        ordering = ["skp", "jenis", "urutan", "pk"]
        indexes = [models.Index(fields=["skp", "jenis", "urutan"], name="lampiran_skp_urutan")]
        triggers = [pemicu_instansi("skp_skp", "skp_id")]

    def __str__(self) -> str:
        return self.teks

    def _siblings(self) -> models.QuerySet[Any]:
        return LampiranItem.objects.filter(skp_id=self.skp_id, jenis=self.jenis)

    def state(self) -> dict[str, Any]:
        return {"id": self.pk, "jenis": self.jenis, "teks": self.teks}

    def validate(self) -> None:
        self.teks = (self.teks or "").strip()
        errors = {}
        if not self.teks:
            errors["teks"] = [gettext("Isi uraian lampiran.")]
        if self.jenis not in self.Jenis.values:
            errors["jenis"] = [gettext("Jenis lampiran tidak dikenal.")]
        if errors:
            raise ValidationError(errors)

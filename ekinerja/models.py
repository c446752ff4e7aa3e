"""Organisation and identity: Instansi, unit tree, Pegawai (the user), Plt/Plh, audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import pgtrigger
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekinerja.nip import parse_pns_nip, validate_nip_format


class PolaPeriode(models.TextChoices):
    """How an instansi cuts its year into assessment periods (issue 13)."""

    BULANAN = "bulanan", _("Bulanan (16–15, pola BKN 2022)")
    TRIWULANAN = "triwulanan", _("Triwulanan (Januari–Maret, ...)")


class InstansiQuerySet(models.QuerySet["Instansi"]):
    def dikelola_oleh(self, user: Any) -> InstansiQuerySet:
        """The instansi a user administers: every one for a national admin (superuser), their
        own for an admin instansi, none for anyone else. The one access rule for Instansi."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_admin_instansi and user.instansi_id:
            return self.filter(pk=user.instansi_id)
        return self.none()


class Instansi(models.Model):
    nama = models.CharField(_("nama instansi"), max_length=255)
    siasn_id = models.CharField(_("ID SIASN"), max_length=64, unique=True, null=True, blank=True)
    timezone = models.CharField(_("zona waktu"), max_length=40, default="Asia/Jakarta")
    # Settings the admin instansi chooses (issue 13): the period pattern and deadlines, and when
    # the scheduled reminders go out.
    pola_periode = models.CharField(
        _("pola periode penilaian"), max_length=12, choices=PolaPeriode.choices,
        default=PolaPeriode.BULANAN,
    )
    batas_pengisian_hari = models.PositiveSmallIntegerField(
        _("batas pengisian (hari setelah periode berakhir)"), default=5,
        validators=[MaxValueValidator(60)],
    )
    batas_final_hari = models.PositiveSmallIntegerField(
        _("batas pengisian periode Final (hari setelah 31 Desember)"), default=10,
        validators=[MaxValueValidator(90)],
        help_text=_("Misalnya 10: batas penilaian tahunan 10 Januari tahun berikutnya."),
    )
    pengingat_skp_bulan = models.PositiveSmallIntegerField(
        _("pengingat SKP belum dibuat: bulan"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    pengingat_skp_tanggal = models.PositiveSmallIntegerField(
        _("pengingat SKP belum dibuat: tanggal"), default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Mulai tanggal ini pegawai yang belum membuat SKP tahun berjalan diingatkan."),
    )
    pengingat_realisasi_hari = models.PositiveSmallIntegerField(
        _("pengingat realisasi: hari sebelum batas pengisian"), default=3,
        validators=[MaxValueValidator(30)],
    )
    pengingat_pengajuan_hari = models.PositiveSmallIntegerField(
        _("pengingat pengajuan SKP menunggu persetujuan (hari)"), default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    pengingat_penilaian_hari = models.PositiveSmallIntegerField(
        _("pengingat penilaian bawahan: hari sebelum batas pengisian"), default=2,
        validators=[MaxValueValidator(30)],
    )

    objects = InstansiQuerySet.as_manager()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pola_periode__in=PolaPeriode.values), name="instansi_pola_periode_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        try:
            dt.date(2024, self.pengingat_skp_bulan or 1, self.pengingat_skp_tanggal or 1)
        except ValueError:
            raise ValidationError(
                {"pengingat_skp_tanggal": gettext("Tanggal tidak ada pada bulan tersebut.")}
            ) from None

    def tanggal_pengingat_skp(self, tahun: int) -> dt.date:
        """From this day on, pegawai without an SKP for `tahun` are reminded (29 Feb → 28)."""
        try:
            return dt.date(tahun, self.pengingat_skp_bulan, self.pengingat_skp_tanggal)
        except ValueError:
            return dt.date(tahun, self.pengingat_skp_bulan, 28)


# --- Every hot table carries its instansi (issue 16) -------------------------------------------
#
# The rows that grow with the number of pegawai (SKP, RHK, indicators, lampiran, matrix rows,
# penilaian rows, progres, notifications, Riwayat, AksesData) each carry `instansi_id`, so they
# can be partitioned or sharded by instansi without a join. A child takes its parent's: save()
# fills it on insert (BerInstansi), and on PostgreSQL a BEFORE INSERT trigger (pemicu_instansi)
# fills it for every other insert (bulk_create, COPY, raw SQL) and refuses a row whose instansi
# differs from its parent's. The column has no foreign-key constraint and no index of its own:
# the parent's constraint holds, and no query filters these tables by instansi yet (the SKP's
# column, which monitoring filters by, keeps its index and its key).


def kolom_instansi(*, wajib: bool = True) -> models.ForeignKey[Any, Any]:
    """The `instansi` column of a row that belongs to its parent's instansi."""
    return models.ForeignKey(
        "ekinerja.Instansi", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
        null=not wajib, blank=True, editable=False, related_name="+",
        verbose_name=_("instansi"),
    )


def pemicu_instansi(induk_tabel: str, kolom: str, *, periksa: bool = True) -> pgtrigger.Trigger:
    """PostgreSQL trigger: on insert (or a change of the parent link) take the instansi of the
    parent row `induk_tabel`.id = NEW.`kolom` when none is given; with `periksa`, refuse one
    that differs from the parent's (SQLSTATE 23514, an IntegrityError in Django)."""
    tolak = (
        " ELSIF induk IS NOT NULL AND NEW.instansi_id <> induk THEN"
        " RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'instansi_induk',"
        " MESSAGE = 'instansi_id ' || NEW.instansi_id || ' berbeda dari instansi induknya ' ||"
        " induk || ' (" + induk_tabel + ")';"
    ) if periksa else ""
    return pgtrigger.Trigger(
        name="instansi_induk",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf("instansi_id", kolom),  # type: ignore[no-untyped-call]  # pgtrigger is untyped
        declare=[("induk", "bigint")],
        func=(
            f"IF TG_OP = 'UPDATE' AND NEW.instansi_id IS NOT DISTINCT FROM OLD.instansi_id"  # noqa: S608
            f' AND NEW."{kolom}" IS NOT DISTINCT FROM OLD."{kolom}" THEN RETURN NEW; END IF;'
            f' SELECT instansi_id INTO induk FROM "{induk_tabel}" WHERE id = NEW."{kolom}";'
            f" IF NEW.instansi_id IS NULL THEN NEW.instansi_id := induk;{tolak} END IF;"
            f" RETURN NEW;"
        ),
    )


def pemicu_catatan(nama: str) -> list[pgtrigger.Trigger]:
    """The triggers of an append-only record of a pegawai's data (Riwayat, AksesData): the
    database refuses to update or delete a row (`nama`), and a row written without an instansi
    takes its data owner's."""
    return [
        pgtrigger.Protect(name=nama, operation=pgtrigger.Update | pgtrigger.Delete),
        pemicu_instansi("ekinerja_pegawai", "pemilik_id", periksa=False),
    ]


class BerInstansi:
    """Mixin of a model whose rows belong to their parent's instansi: `INDUK` names the parent
    foreign key. save() fills `instansi` from the parent on insert (the one place in Python;
    the trigger covers the rest on PostgreSQL)."""

    INDUK = ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A mixin: _state and instansi_id come from the model it is mixed into.
        if self._state.adding and self.instansi_id is None:  # type: ignore[attr-defined,has-type]  # mixin
            induk = getattr(self, self.INDUK)
            self.instansi_id = induk.instansi_id if induk is not None else None
        super().save(*args, **kwargs)  # type: ignore[misc]  # mixin: the model's save()


def instansi_objek(obj: Any) -> int | None:
    """The instansi a recorded object belongs to (for Riwayat and AksesData rows): the instansi
    itself, an `instansi_data_id` property, or its `instansi` column."""
    if isinstance(obj, Instansi):
        return obj.pk
    found = getattr(obj, "instansi_data_id", None)
    return found if found is not None else getattr(obj, "instansi_id", None)


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(n: int) -> str:
    """"%s, %s, ..." for an IN list of n values ("NULL" for none: IN (NULL) matches nothing).
    Plain IN lists, not PostgreSQL arrays, so the SQLite demo runs the same SQL."""
    return ", ".join(["%s"] * n) or "NULL"


def subtree_sql(n: int) -> str:
    """SQL selecting the ids of the `n` units given as parameters and of every unit below them.
    UNION (not UNION ALL) drops repeats, so a cycle in bad data ends the walk."""
    unit = _table(UnitOrganisasi)
    return (
        f"WITH RECURSIVE sub(id) AS (SELECT id FROM {unit} WHERE id IN ({placeholders(n)})"  # noqa: S608
        f" UNION SELECT u.id FROM {unit} u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub"
    )


def dipimpin_sql() -> str:
    """SQL selecting the ids of the units a pegawai (parameter 1) heads on a date (parameter 2):
    as kepala, or by an active Plt/Plh assignment."""
    unit, tugas = _table(UnitOrganisasi), _table(Penugasan)
    return (
        f"SELECT id FROM {unit} WHERE kepala_id = %s UNION SELECT unit_id FROM {tugas}"  # noqa: S608
        f" WHERE pegawai_id = %s AND mulai <= %s AND (selesai IS NULL OR selesai >= %s)"
    )


class UnitQuerySet(models.QuerySet["UnitOrganisasi"]):
    def dipimpin_oleh(self, user: Any, on: dt.date | None = None) -> UnitQuerySet:
        """The units `user` heads on `on` (kepala, or an active Plt/Plh)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        on = on or timezone.localdate()
        return self.filter(pk__in=RawSQL(dipimpin_sql(), [user.pk, user.pk, on, on]))  # noqa: S611

    def subtree(self, root_ids: list[int]) -> UnitQuerySet:
        """The given units and every unit below them (one recursive query)."""
        ids = list(root_ids)
        return self.filter(pk__in=RawSQL(subtree_sql(len(ids)), ids))  # noqa: S611

    def dipantau_oleh(self, user: Any) -> UnitQuerySet:
        """The units whose monitoring, reports and reminders `user` may see and use (issue 13):
        every unit for a national admin (superuser), their instansi's units for an admin
        instansi, the subtree of the units they head for a pimpinan unit, none otherwise.
        The one access rule for monitoring by unit."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_admin_instansi and user.instansi_id:
            return self.filter(instansi_id=user.instansi_id)
        on = timezone.localdate()
        unit = _table(UnitOrganisasi)
        sql = (
            f"WITH RECURSIVE sub(id) AS ({dipimpin_sql()}"  # noqa: S608
            f" UNION SELECT u.id FROM {unit} u JOIN sub ON u.parent_id = sub.id)"
            f" SELECT id FROM sub"
        )
        return self.filter(pk__in=RawSQL(sql, [user.pk, user.pk, on, on]))  # noqa: S611


class UnitOrganisasi(models.Model):
    """A unor: one node of an instansi's organisation tree, with an optional head (pemimpin)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("unit atasan"))
    nama = models.CharField(_("nama unit"), max_length=255)
    nama_jabatan_pimpinan = models.CharField(
        _("nama jabatan pimpinan"), max_length=255, blank=True
    )
    eselon = models.CharField(_("eselon"), max_length=10, blank=True)
    kepala = models.ForeignKey("Pegawai", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("pemimpin unit"))
    siasn_id = models.CharField(_("ID SIASN"), max_length=64, unique=True, null=True, blank=True)
    # SIASN's PemimpinPnsId as last synced: the head's SIASN PNS id (Pegawai.siasn_pns_id). Kept
    # even while that person is not (yet) in e-Kinerja, so a later sync can name the head.
    pemimpin_siasn_id = models.CharField(
        _("ID PNS SIASN pemimpin"), max_length=64, blank=True
    )
    # The rater of this unit's head when no ASN official stands above (a minister, governor,
    # regent, or a TNI/Polri officer identified by NRP). Entered by the admin.
    penilai_non_asn_nama = models.CharField(
        _("pejabat penilai non-ASN: nama"), max_length=255, blank=True
    )
    penilai_non_asn_nip_nrp = models.CharField(
        _("pejabat penilai non-ASN: NIP/NRP"), max_length=30, blank=True
    )
    penilai_non_asn_jabatan = models.CharField(
        _("pejabat penilai non-ASN: jabatan"), max_length=255, blank=True
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")
        ordering = ["instansi", "nama"]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if self.parent is not None and self.parent.instansi_id != self.instansi_id:
            raise ValidationError({"parent": gettext("Unit atasan harus dari instansi yang sama.")})
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError(
                    {"parent": gettext("Unit atasan membentuk lingkaran dalam pohon organisasi.")}
                )
            seen.add(node.pk)
            node = node.parent


class KelasJabatan(models.TextChoices):
    JPT_UTAMA = "JPT_UTAMA", _("JPT Utama")
    JPT_MADYA = "JPT_MADYA", _("JPT Madya")
    JPT_PRATAMA = "JPT_PRATAMA", _("JPT Pratama")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Pengawas")
    FUNGSIONAL = "FUNGSIONAL", _("Fungsional")
    PELAKSANA = "PELAKSANA", _("Pelaksana")


JPT_CLASSES = {KelasJabatan.JPT_UTAMA, KelasJabatan.JPT_MADYA, KelasJabatan.JPT_PRATAMA}


class JenisPegawai(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class PegawaiQuerySet(models.QuerySet["Pegawai"]):
    def dipantau_oleh(self, user: Any) -> PegawaiQuerySet:
        """The pegawai `user` may monitor and remind: all for a national admin, their instansi's
        (with or without a unit) for an admin instansi, the people in the units below them for a
        pimpinan unit. The one access rule for monitoring people; see UnitQuerySet.dipantau_oleh.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_admin_instansi and user.instansi_id:
            return self.filter(instansi_id=user.instansi_id)
        return self.filter(unit__in=UnitOrganisasi.objects.dipantau_oleh(user).values("pk"))

    def rekan_dari(self, user: Any) -> PegawaiQuerySet:
        """The colleagues `user` may find for peer feedback (decisions.md): the active pegawai
        of the user's own instansi, never the user; none without an instansi. Their SKPs:
        Skp.objects.for_rekan."""
        instansi_id = getattr(user, "instansi_id", None)
        if not getattr(user, "is_authenticated", False) or not instansi_id:
            return self.none()
        return self.filter(instansi_id=instansi_id, is_active=True).exclude(pk=user.pk)

    def dengan_kepala(self) -> PegawaiQuerySet:
        """Annotate what the page header needs (ekinerja.context_processors.kepala):
        `kepala_unread`, the unread notification count (over the partial index
        notifikasi_belum_dibaca), and `kepala_menilai`, whether any SKP names the pegawai as its
        pejabat penilai (the superior menus). ekinerja imports no domain app: the SKPs are
        reached through the reverse relation `skp_dinilai`."""
        belum = (Notifikasi.objects.filter(penerima=models.OuterRef("pk"), dibaca__isnull=True)
                 .order_by().values("penerima").annotate(n=models.Count("pk")).values("n"))
        return self.annotate(
            kepala_unread=Coalesce(models.Subquery(belum, output_field=models.IntegerField()), 0),
            kepala_menilai=models.Exists(
                Pegawai.objects.filter(pk=models.OuterRef("pk"), skp_dinilai__isnull=False)))

    def untuk_sesi(self) -> PegawaiQuerySet:
        """Active pegawai as the authentication backends load the signed-in user on each
        request, with the header's facts (dengan_kepala) in the same query: one query instead
        of two on every full page (issue 16)."""
        return self.filter(is_active=True).dengan_kepala()


# mypy cannot follow BaseUserManager.from_queryset() as a base class (its "dynamic base class"
# error), so the manager's methods are untyped; the methods below say what they return.
class PegawaiManager(BaseUserManager.from_queryset(PegawaiQuerySet)):  # type: ignore[misc]  # above
    use_in_migrations = True

    def create_user(self, nip: str, password: str | None = None, **fields: Any) -> Pegawai:
        user: Pegawai = self.model(nip=nip, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, nip: str, password: str | None = None, **fields: Any) -> Pegawai:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("nama", "Administrator")
        return self.create_user(nip, password, **fields)


class Pegawai(AbstractBaseUser, PermissionsMixin):
    """An ASN (PNS or PPPK). Signs in with the NIP; the password lives in MySAPK, not here."""

    nip = models.CharField(
        _("NIP"), max_length=18, unique=True, validators=[validate_nip_format]
    )
    nama = models.CharField(_("nama"), max_length=255)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    golongan = models.CharField(_("golongan/ruang"), max_length=10, blank=True)
    pangkat = models.CharField(_("pangkat"), max_length=80, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=255, blank=True)
    kelas_jabatan = models.CharField(
        _("kelas jabatan"),
        max_length=20,
        choices=KelasJabatan.choices,
        default=KelasJabatan.PELAKSANA,
    )
    pimpinan_unit = models.BooleanField(
        _("pimpinan unit"),
        default=False,
        help_text=_("Memakai format SKP JPT walaupun bukan JPT."),
    )
    jenis_pegawai = models.CharField(
        _("jenis pegawai"), max_length=4, choices=JenisPegawai.choices, default=JenisPegawai.PNS
    )
    email = models.EmailField(_("email"), blank=True)
    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, null=True, blank=True, related_name="pegawai"
    )
    unit = models.ForeignKey(
        UnitOrganisasi,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("unit kerja"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin"), default=False)
    is_admin_instansi = models.BooleanField(
        _("admin instansi"),
        default=False,
        help_text=_("Mengelola unit, pegawai dan Plt/Plh instansinya sendiri."),
    )
    email_pengingat = models.BooleanField(
        _("kirim pengingat lewat email"),
        default=True,
        help_text=_("Pengingat tetap tampil di Notifikasi; ini hanya mengatur email."),
    )
    # The display language the pegawai chose (ekinerja/bahasa.py); empty = not chosen, Indonesian.
    bahasa = models.CharField(_("bahasa tampilan"), max_length=8, blank=True, default="")
    siasn_synced_at = models.DateTimeField(_("terakhir dimuat dari SIASN"), null=True, blank=True)
    # The `id` of SIASN's data utama: what ref-unor's PemimpinPnsId and the results' pnsDinilaiId
    # name. Unique where known.
    siasn_pns_id = models.CharField(
        _("ID PNS SIASN"), max_length=64, unique=True, null=True, blank=True
    )
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)

    objects = PegawaiManager()

    USERNAME_FIELD = "nip"
    REQUIRED_FIELDS = ["nama"]

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama"]
        indexes = [models.Index(fields=["instansi", "nama"])]

    def __str__(self) -> str:
        return f"{self.nama} ({self.nip})"

    def clean(self) -> None:
        super().clean()
        if self.jenis_pegawai == JenisPegawai.PNS and self.nip and not self.is_superuser:
            try:
                parse_pns_nip(self.nip)
            except ValidationError as exc:
                raise ValidationError({"nip": exc.messages}) from None
        if self.unit is not None and self.instansi_id and self.unit.instansi_id != self.instansi_id:
            raise ValidationError({"unit": gettext("Unit kerja harus dari instansi pegawai.")})

    @property
    def pemilik_data_id(self) -> int | None:
        """Whose data a record about this object is (Riwayat.pemilik): the pegawai's own."""
        return self.pk

    @property
    def nama_lengkap(self) -> str:
        parts = [self.gelar_depan, self.nama]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name

    @property
    def pangkat_golongan(self) -> str:
        return ", ".join(p for p in [self.pangkat, self.golongan] if p)

    @property
    def uses_jpt_format(self) -> bool:
        return self.kelas_jabatan in JPT_CLASSES or self.pimpinan_unit

    def get_full_name(self) -> str:
        return self.nama_lengkap

    def get_short_name(self) -> str:
        return self.nama


class Penugasan(models.Model):
    """An admin-entered Plt/Plh: heads `unit` from `mulai` to `selesai` when it has no head."""

    class Jenis(models.TextChoices):
        PLT = "PLT", _("Plt (Pelaksana Tugas)")
        PLH = "PLH", _("Plh (Pelaksana Harian)")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="penugasan")
    unit = models.ForeignKey(UnitOrganisasi, on_delete=models.CASCADE, related_name="penugasan")
    jenis = models.CharField(_("jenis"), max_length=3, choices=Jenis.choices)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("Plt/Plh")
        verbose_name_plural = _("Plt/Plh")
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_after_mulai",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.unit}: {self.pegawai.nama}"

    def clean(self) -> None:
        if self.selesai and self.mulai and self.selesai < self.mulai:
            raise ValidationError({"selesai": gettext("Tanggal selesai sebelum tanggal mulai.")})


# --- Who rates whom -------------------------------------------------------------------------


class AtasanTidakDitemukan(Exception):
    """No pejabat penilai can be derived; the message tells the pegawai what to do."""


@dataclass(frozen=True)
class Penilai:
    """The snapshot of a rater as printed on documents; may be a non-ASN official."""

    nama: str
    nip_nrp: str
    pangkat_golongan: str
    jabatan: str
    unit_kerja: str
    status: str  # "ASN" or "NON ASN"
    pegawai: Pegawai | None = None
    via: str = ""  # "", "PLT" or "PLH"

    @classmethod
    def from_pegawai(
        cls, pegawai: Pegawai, *, via: str = "", unit: UnitOrganisasi | None = None
    ) -> Penilai:
        """A Plt/Plh (`via`) signs in the position they act in: "Plt <head of unit>", unit."""
        jabatan = pegawai.jabatan
        unit_kerja = pegawai.unit.nama if pegawai.unit else ""
        if via and unit is not None:
            jabatan = f"{via.title()} {unit.nama_jabatan_pimpinan or 'Kepala ' + unit.nama}"
            unit_kerja = unit.nama
        return cls(
            nama=pegawai.nama,
            nip_nrp=pegawai.nip,
            pangkat_golongan=pegawai.pangkat_golongan,
            jabatan=jabatan,
            unit_kerja=unit_kerja,
            status="ASN",
            pegawai=pegawai,
            via=via,
        )

    def as_snapshot(self) -> dict[str, str]:
        return {
            "nama": self.nama,
            "nip_nrp": self.nip_nrp,
            "pangkat_golongan": self.pangkat_golongan,
            "jabatan": self.jabatan,
            "unit_kerja": self.unit_kerja,
            "status": self.status,
        }


def _pemimpin_pada(
    unit: UnitOrganisasi, on: dt.date, penugasan: list[Penugasan]
) -> tuple[Pegawai | None, str]:
    """The head of `unit` on `on`: its kepala, else an active Plt/Plh (returns (pegawai, via))."""
    if unit.kepala_id:
        return unit.kepala, ""
    for p in penugasan:
        if p.unit_id == unit.pk and p.mulai <= on and (p.selesai is None or p.selesai >= on):
            return p.pegawai, p.jenis
    return None, ""


MAX_TREE_DEPTH = 30


def unit_ancestor_ids(unit_id: int) -> list[int]:
    """The unit and its parents up to the top, nearest first: one recursive query that reads
    only that chain, however large the instansi (a cycle stops at MAX_TREE_DEPTH)."""
    table = connection.ops.quote_name(UnitOrganisasi._meta.db_table)
    sql = (
        f"WITH RECURSIVE chain(id, parent_id, depth) AS ("  # noqa: S608 (table name only)
        f" SELECT id, parent_id, 0 FROM {table} WHERE id = %s"
        f" UNION ALL"
        f" SELECT u.id, u.parent_id, chain.depth + 1 FROM {table} u"
        f" JOIN chain ON u.id = chain.parent_id WHERE chain.depth < %s"
        f") SELECT id FROM chain ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, MAX_TREE_DEPTH])
        seen: list[int] = []
        for (pk,) in cursor.fetchall():
            if pk in seen:  # a cycle in bad data: stop at the first repeat
                break
            seen.append(pk)
    return seen


def derive_pejabat_penilai(pegawai: Pegawai, on: dt.date | None = None) -> Penilai:
    """The default pejabat penilai of `pegawai` on date `on` (decisions.md, "Who is who").

    The head of the pegawai's unit; if the pegawai is that head, the head of the nearest parent
    unit that has one. A Plt/Plh fills an empty head. At the top, a non-ASN rater entered by the
    admin, or AtasanTidakDitemukan. Queries: three (the chain of units, those units with their
    heads, their Plt/Plh), however large the instansi or deep the tree.
    """
    on = on or timezone.localdate()
    if pegawai.unit_id is None:
        raise AtasanTidakDitemukan(
            gettext(
                "Unit kerja Anda belum tercatat, sehingga pejabat penilai tidak dapat ditentukan. "
                "Hubungi Admin Instansi."
            )
        )
    ids = unit_ancestor_ids(pegawai.unit_id)
    units = UnitOrganisasi.objects.select_related("kepala__unit").in_bulk(ids)
    chain = [units[i] for i in ids if i in units]
    penugasan = list(
        Penugasan.objects.filter(unit_id__in=ids, mulai__lte=on)
        .filter(Q(selesai__isnull=True) | Q(selesai__gte=on))
        .select_related("pegawai__unit")
    )
    for unit in chain:
        head, via = _pemimpin_pada(unit, on, penugasan)
        if head is not None and head.pk != pegawai.pk and head.is_active:
            return Penilai.from_pegawai(head, via=via, unit=unit)
    for unit in chain:
        if unit.penilai_non_asn_nama:
            return Penilai(
                nama=unit.penilai_non_asn_nama,
                nip_nrp=unit.penilai_non_asn_nip_nrp,
                pangkat_golongan="",
                jabatan=unit.penilai_non_asn_jabatan,
                unit_kerja="",
                status="NON ASN",
            )
    raise AtasanTidakDitemukan(
        gettext(
            "Atasan tidak ditemukan: tidak ada pimpinan di atas unit Anda dan belum ada pejabat "
            "penilai non-ASN. Hubungi Admin Instansi."
        )
    )


def penilai_massal(instansi_id: int, on: dt.date | None = None) -> dict[int, str]:
    """The derived rater of every pegawai working in a unit of the instansi, by the same rules as
    derive_pejabat_penilai, as a short key per pegawai id: "P<pegawai>:<via>:<unit of a Plt/Plh>",
    "N<unit>" for the non-ASN rater entered on a unit, "" when none can be derived.

    Three queries and one pass in memory whatever the size (the sync compares it before and after,
    for tens of thousands of people; derive_pejabat_penilai per person would be 3 queries each).
    """
    on = on or timezone.localdate()
    units: dict[int, dict[str, Any]] = {
        row["id"]: dict(row)
        for row in UnitOrganisasi.objects.filter(instansi_id=instansi_id).values(
            "id", "parent_id", "kepala_id", "kepala__is_active", "penilai_non_asn_nama"
        )
    }
    plt: dict[int, tuple[int, str, bool]] = {}
    for unit_id, pegawai_id, jenis, aktif in (
        Penugasan.objects.filter(unit__instansi_id=instansi_id, mulai__lte=on)
        .filter(Q(selesai__isnull=True) | Q(selesai__gte=on))
        .order_by("-mulai")
        .values_list("unit_id", "pegawai_id", "jenis", "pegawai__is_active")
    ):
        plt.setdefault(unit_id, (pegawai_id, jenis, aktif))

    chains: dict[int, list[int]] = {}

    def chain(unit_id: int) -> list[int]:
        if unit_id not in chains:
            out: list[int] = []
            node: int | None = unit_id
            while node is not None and node in units and node not in out \
                    and len(out) <= MAX_TREE_DEPTH:
                out.append(node)
                node = units[node]["parent_id"]
            chains[unit_id] = out
        return chains[unit_id]

    result: dict[int, str] = {}
    for pegawai_id, unit_id in Pegawai.objects.filter(unit__instansi_id=instansi_id).values_list(
        "id", "unit_id"
    ):
        key = ""
        ids = chain(unit_id)
        for u in ids:
            row = units[u]
            if row["kepala_id"]:
                head, via, aktif = row["kepala_id"], "", row["kepala__is_active"]
            elif u in plt:
                head, via, aktif = plt[u]
            else:
                continue
            if head != pegawai_id and aktif:
                key = f"P{head}:{via}:{u if via else ''}"
                break
        else:
            key = next((f"N{u}" for u in ids if units[u]["penilai_non_asn_nama"]), "")
        result[pegawai_id] = key
    return result


# --- Audit trail ----------------------------------------------------------------------------


class IsiRiwayat(TypedDict, total=False):
    """What a Riwayat row says besides who and which action (Riwayat.catat's keywords)."""

    sebelum: dict[str, Any] | None
    sesudah: dict[str, Any] | None
    alasan: str


class Riwayat(models.Model):
    """Who did what to which object, when, before → after, and why. Written by every change, in
    the same transaction as the change; never changed or deleted afterwards (a PostgreSQL
    trigger refuses UPDATE and DELETE).

    The actor is kept as a snapshot (NIP and name) as well as by id, and the id is a plain
    column without a foreign-key constraint: deleting a pegawai leaves every record as it was
    (a SET NULL would be an UPDATE, which the trigger refuses). `pemilik` is the person whose
    data this is (the owner of the SKP, the pegawai of a penilaian), for their "who changed my
    data" page (UU 27/2022 Pasal 32).
    """

    aktor = models.ForeignKey(
        Pegawai, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
        related_name="+",
    )
    aktor_nip = models.CharField(_("NIP pelaku"), max_length=30, blank=True)
    aktor_nama = models.CharField(_("nama pelaku"), max_length=255, blank=True)
    pemilik = models.ForeignKey(
        Pegawai, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
        related_name="+", verbose_name=_("pemilik data"),
    )
    waktu = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    objek_tipe = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    objek_id = models.CharField(max_length=64)
    aksi = models.CharField(_("aksi"), max_length=60)
    sebelum = models.JSONField(_("sebelum"), null=True, blank=True)
    sesudah = models.JSONField(_("sesudah"), null=True, blank=True)
    alasan = models.TextField(_("alasan"), blank=True)
    # The recorded object's instansi; empty only for an object of no instansi (a national admin).
    instansi = kolom_instansi(wajib=False)

    class Meta:
        verbose_name = _("riwayat")
        verbose_name_plural = _("riwayat")
        ordering = ["-waktu", "-pk"]
        indexes = [
            models.Index(fields=["objek_tipe", "objek_id", "-waktu"]),
            models.Index(fields=["pemilik", "-waktu"], name="riwayat_pemilik_waktu"),
        ]
        triggers = pemicu_catatan("riwayat_tidak_diubah")

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.aksi}"

    @property
    def aktor_tampil(self) -> str:
        """The actor as recorded (the snapshot survives the pegawai's deletion)."""
        if not self.aktor_nip and not self.aktor_nama:
            return gettext("Sistem")
        return f"{self.aktor_nama} ({self.aktor_nip})"

    @classmethod
    def catat(
        cls, obj: models.Model, *, aktor: Pegawai | None, aksi: str, **isi: Unpack[IsiRiwayat]
    ) -> Riwayat:
        """Record a change of `obj` (before → after, reason) inside the change's transaction."""
        if not connection.in_atomic_block:
            # A record written outside the change's transaction could survive a change that
            # was rolled back, or be lost while the change stays.
            raise RuntimeError("Riwayat.catat() must run inside the transaction of the change")
        row = cls.baris(obj, aktor=aktor, aksi=aksi, **isi)
        row.save(force_insert=True)
        return row

    @classmethod
    def baris(
        cls,
        obj: models.Model,
        *,
        aktor: Pegawai | None,
        aksi: str,
        sebelum: dict[str, Any] | None = None,
        sesudah: dict[str, Any] | None = None,
        alasan: str = "",
    ) -> Riwayat:
        """An unsaved row exactly as catat() writes it, for a bulk_create of many changes (a
        sync) inside their one transaction."""
        aktor = aktor if aktor and aktor.is_authenticated else None
        return cls(
            aktor=aktor,
            aktor_nip=aktor.nip if aktor else "",
            aktor_nama=aktor.nama if aktor else "",
            pemilik_id=getattr(obj, "pemilik_data_id", None),
            instansi_id=instansi_objek(obj),
            objek_tipe=ContentType.objects.get_for_model(obj),
            objek_id=str(obj.pk),
            aksi=aksi,
            sebelum=sebelum,
            sesudah=sesudah,
            alasan=alasan,
        )

    @classmethod
    def untuk(cls, obj: models.Model) -> models.QuerySet[Riwayat]:
        return cls.objects.filter(
            objek_tipe=ContentType.objects.get_for_model(obj), objek_id=str(obj.pk)
        )


class AksesData(models.Model):
    """Who opened whose data: SKP pages, penilaian pages and printed documents (the view log).

    One row per viewer, object, kind and hour (a unique key: repeated views in the hour are
    one row), written with one INSERT ... ON CONFLICT DO NOTHING after the response
    (ekinerja/akses.py). Nobody's own views are logged. Protected like Riwayat.
    """

    pemilik = models.ForeignKey(
        Pegawai, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
        verbose_name=_("pemilik data"),
    )
    pembaca = models.ForeignKey(
        Pegawai, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
        verbose_name=_("dibuka oleh"),
    )
    pembaca_nip = models.CharField(_("NIP"), max_length=30)
    pembaca_nama = models.CharField(_("nama"), max_length=255)
    objek_tipe = models.CharField(max_length=100)  # the model label, e.g. "skp.skp"
    objek_id = models.CharField(max_length=64)
    objek_label = models.CharField(_("data"), max_length=255)
    jenis = models.CharField(_("jenis"), max_length=40)
    jam = models.DateTimeField(_("jam"))
    waktu = models.DateTimeField(_("pertama dibuka"), default=timezone.now)
    # The opened object's instansi (else, by the trigger, its owner's).
    instansi = kolom_instansi(wajib=False)

    class Meta:
        verbose_name = _("akses data")
        verbose_name_plural = _("akses data")
        ordering = ["-jam", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pembaca", "objek_tipe", "objek_id", "jenis", "jam"],
                name="akses_sekali_per_jam",
            ),
        ]
        indexes = [models.Index(fields=["pemilik", "-jam"], name="akses_pemilik_jam")]
        triggers = pemicu_catatan("akses_tidak_diubah")

    def __str__(self) -> str:
        return f"{self.jam:%Y-%m-%d %H}:00 {self.pembaca_nama} {self.jenis} {self.objek_label}"


class LoginEvent(models.Model):
    """Every login attempt; failures in a window drive the per-NIP and per-IP rate limit."""

    nip = models.CharField(max_length=40, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    waktu = models.DateTimeField(default=timezone.now)
    berhasil = models.BooleanField(default=False)
    alasan = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("catatan login")
        verbose_name_plural = _("catatan login")
        ordering = ["-waktu"]
        indexes = [
            models.Index(fields=["nip", "-waktu"]),
            models.Index(fields=["ip", "-waktu"]),
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.waktu:%Y-%m-%d %H:%M} {'OK' if self.berhasil else self.alasan}"


class LoginCounter(models.Model):
    """One login-throttle counter (ekinerja/throttle.py): attempts per NIP, failures per client
    address, inside a window that starts at the first count. Changed only by atomic upserts."""

    kunci = models.CharField(max_length=120, primary_key=True)
    jumlah = models.IntegerField(default=0)
    mulai = models.FloatField(help_text="Unix time the window started")

    class Meta:
        verbose_name = _("penghitung login")
        verbose_name_plural = _("penghitung login")

    def __str__(self) -> str:
        return f"{self.kunci}: {self.jumlah}"


class Notifikasi(BerInstansi, models.Model):
    """An in-app notice (submission, approval, return, an RHK added by the leader)."""

    INDUK = "penerima"

    penerima = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="notifikasi")
    aktor = models.ForeignKey(
        Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pesan = models.CharField(_("pesan"), max_length=500)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    dibuat = models.DateTimeField(_("waktu"), default=timezone.now)
    dibaca = models.DateTimeField(_("dibaca"), null=True, blank=True)
    # The recipient's instansi (empty for a national admin, who has none).
    instansi = kolom_instansi(wajib=False)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat", "-pk"]
        indexes = [
            models.Index(fields=["penerima", "-dibuat"]),
            models.Index(
                fields=["penerima"], condition=Q(dibaca__isnull=True), name="notifikasi_belum_dibaca"
            ),
        ]
        triggers = [pemicu_instansi("ekinerja_pegawai", "penerima_id")]

    def __str__(self) -> str:
        return self.pesan


from ekinerja.models_dokumen import BundelCetak, DokumenCetak  # noqa: E402, F401  (Cetak, issue 7)
from ekinerja.models_formulir import KirimanFormulir  # noqa: E402, F401  (issue 10, item 3)
from ekinerja.models_siasn import PenilaiBerubah, Sinkron, SinkronItem  # noqa: E402, F401  (SIASN, issue 14)

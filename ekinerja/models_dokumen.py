"""Printed documents (Cetak): each version made, its verification code, and bulk ZIP requests.

The document points at its source (the SKP, for the penilaian documents too: their period is part
of the content) the way Riwayat does, by content type and id, so this ground-floor app imports no
domain app.
"""

from __future__ import annotations

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
KODE_ALFABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KODE_PANJANG = 10


def buat_kode() -> str:
    return "".join(secrets.choice(KODE_ALFABET) for _ in range(KODE_PANJANG))


def normalisasi_kode(teks: str) -> str:
    """What a person typed ("abcde-fghjk", with spaces, O for 0) to the stored form."""
    kode = "".join(ch for ch in (teks or "").upper() if ch.isalnum())
    return kode.replace("O", "0").replace("I", "1").replace("L", "1")


def tampil_kode(kode: str) -> str:
    half = len(kode) // 2
    return f"{kode[:half]}-{kode[half:]}"


class DokumenCetak(models.Model):
    """One version of one printed document, with its PDF: the cache and the verification record.

    A document is identified by (jenis, source object, sidik), where sidik is a hash of everything
    the PDF prints, the source's version included. The same data gives the same row and the stored
    PDF; any change gives a new row, a new code and a new PDF.
    """

    class Jenis(models.TextChoices):
        SKP = "skp", _("Sasaran Kinerja Pegawai")
        LAMPIRAN_SKP = "lampiran_skp", _("Lampiran Sasaran Kinerja Pegawai")
        UMPAN_BALIK = "umpan_balik", _("Umpan Balik")
        EVALUASI_KINERJA = "evaluasi_kinerja", _("Evaluasi Kinerja Pegawai")
        DOKUMEN_EVALUASI = "dokumen_evaluasi", _("Dokumen Evaluasi Kinerja Pegawai")
        LAPORAN_PROGRES = "laporan_progres", _("Laporan Progres Harian")

    jenis = models.CharField(_("jenis dokumen"), max_length=30, choices=Jenis.choices)
    objek_tipe = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    objek_id = models.CharField(max_length=64)
    versi = models.PositiveIntegerField(_("versi sumber"))
    versi_waktu = models.DateTimeField(_("waktu versi sumber"), null=True, blank=True)
    sidik = models.CharField(_("sidik isi"), max_length=64)
    kode = models.CharField(_("kode verifikasi"), max_length=16, unique=True)
    pemilik_nama = models.CharField(_("nama pemilik"), max_length=255)
    dibuat = models.DateTimeField(_("tanggal dokumen"), default=timezone.now)
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"), default=0)

    class Meta:
        verbose_name = _("dokumen cetak")
        verbose_name_plural = _("dokumen cetak")
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jenis", "objek_tipe", "objek_id", "sidik"], name="dokumen_cetak_sidik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.pemilik_nama} ({self.kode_tampil})"

    @property
    def kode_tampil(self) -> str:
        return tampil_kode(self.kode)

    @classmethod
    def dapatkan(
        cls,
        *,
        jenis: str,
        objek: models.Model,
        versi: int,
        versi_waktu: object,
        sidik: str,
        pemilik_nama: str,
    ) -> tuple[DokumenCetak, bool]:
        """The row for this exact content (PDF not loaded), created with a fresh code if new."""
        tipe = ContentType.objects.get_for_model(objek)
        key = {"jenis": jenis, "objek_tipe": tipe, "objek_id": str(objek.pk), "sidik": sidik}
        found = cls.objects.defer("pdf").filter(**key).first()
        if found is not None:
            return found, False
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return cls.objects.create(
                        **key, versi=versi, versi_waktu=versi_waktu, kode=buat_kode(),
                        pemilik_nama=pemilik_nama,
                    ), True
            except IntegrityError:
                # Someone made the same version meanwhile (take theirs), or a code collided.
                found = cls.objects.defer("pdf").filter(**key).first()
                if found is not None:
                    return found, False
        raise IntegrityError("could not allocate a verification code")

    def pdf_bytes(self) -> bytes | None:
        data = type(self).objects.filter(pk=self.pk).values_list("pdf", flat=True).first()
        return bytes(data) if data is not None else None

    def simpan_pdf(self, data: bytes) -> None:
        type(self).objects.filter(pk=self.pk).update(pdf=data, ukuran=len(data))
        self.ukuran = len(data)


class BundelCetak(models.Model):
    """A pejabat penilai's request for all subordinates' SKP PDFs of one year as one ZIP."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Sedang dibuat")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    peminta = models.ForeignKey(
        "ekinerja.Pegawai", on_delete=models.CASCADE, related_name="bundel_cetak"
    )
    tahun = models.PositiveIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU
    )
    jumlah = models.PositiveIntegerField(_("jumlah dokumen"), default=0)
    selesai = models.PositiveIntegerField(_("dokumen selesai"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    pesan = models.TextField(_("pesan"), blank=True)
    dibuat = models.DateTimeField(_("diminta"), default=timezone.now)
    rampung = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    zip = models.BinaryField(_("ZIP"), null=True, editable=False)

    class Meta:
        verbose_name = _("bundel cetak")
        verbose_name_plural = _("bundel cetak")
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["menunggu", "berjalan", "selesai", "gagal"]),
                name="bundel_cetak_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Bundel SKP {self.tahun} ({self.peminta_id})"

    @property
    def persen(self) -> int:
        if self.status == self.Status.SELESAI:
            return 100
        return int(100 * self.selesai / self.jumlah) if self.jumlah else 0

    @property
    def sedang_berjalan(self) -> bool:
        return self.status in {self.Status.MENUNGGU, self.Status.BERJALAN}

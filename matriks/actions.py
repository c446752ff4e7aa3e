"""Cascading work across SKPs: filling a leader's matrix and adding RHK into subordinates' SKPs.

Every action locks the leader SKP row first (SELECT ... FOR UPDATE), so two changes to the same
matrix run one after the other and the counts they report are exact.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from ekinerja.models import Pegawai, Riwayat
from ekinerja.notifications import notify
from matriks.models import BarisMatriks
from skp.models import HasilKerja, Skp, SkpTerkunci


def _lock(skp: Skp) -> Skp:
    return Skp.objects.select_for_update().select_related("pegawai").get(pk=skp.pk)


def kandidat_sinkron(skp_atasan: Skp) -> QuerySet[Skp]:
    """SKPs naming the leader as pejabat penilai for a period that overlaps the leader's SKP."""
    return Skp.objects.filter(
        pejabat_penilai_id=skp_atasan.pegawai_id,
        periode_awal__lte=skp_atasan.periode_akhir,
        periode_akhir__gte=skp_atasan.periode_awal,
    ).exclude(pegawai_id=skp_atasan.pegawai_id)



@transaction.atomic(durable=True)
def sync_bawahan(*, aktor: Pegawai, skp_atasan: Skp) -> int:
    """"Sinkronisasi SKP Bawahan": add every matching SKP not yet in the matrix; returns how many.

    Additive: rows added by hand ("Tambah Pegawai") and rows already there stay as they are.
    """
    skp_atasan = _lock(skp_atasan)
    ada = set(
        BarisMatriks.objects.filter(skp_atasan=skp_atasan).values_list("skp_bawahan_id", flat=True)
    )
    baru = [
        BarisMatriks(
            skp_atasan=skp_atasan,
            skp_bawahan=skp,
            sumber=BarisMatriks.Sumber.SINKRON,
            ditambahkan_oleh=aktor,
            instansi_id=skp_atasan.instansi_id,
        )
        for skp in kandidat_sinkron(skp_atasan).exclude(pk__in=ada).order_by("pk")
    ]
    if baru:
        BarisMatriks.objects.bulk_create(baru)
        Riwayat.catat(
            skp_atasan,
            aktor=aktor,
            aksi="matriks.sinkronisasi",
            sesudah={"skp_bawahan": [b.skp_bawahan_id for b in baru]},
        )
    return len(baru)


def check_bisa_ditambahkan(skp_atasan: Skp, skp_bawahan: Skp) -> None:
    """Why an SKP cannot join this matrix, as a ValidationError on the "skp" field."""
    if skp_bawahan.pegawai_id == skp_atasan.pegawai_id:
        raise ValidationError({"skp": gettext("SKP Anda sendiri tidak dapat ditambahkan.")})
    if (
        skp_bawahan.periode_awal > skp_atasan.periode_akhir
        or skp_bawahan.periode_akhir < skp_atasan.periode_awal
    ):
        raise ValidationError(
            {
                "skp": gettext(
                    "Periode SKP tersebut (%(awal)s sampai %(akhir)s) tidak beririsan dengan "
                    "periode SKP Anda."
                )
                % {"awal": skp_bawahan.periode_awal, "akhir": skp_bawahan.periode_akhir}
            }
        )
    if BarisMatriks.objects.filter(skp_atasan=skp_atasan, skp_bawahan=skp_bawahan).exists():
        raise ValidationError(
            {
                "skp": gettext("SKP %(nama)s periode %(awal)s sampai %(akhir)s sudah ada di matriks.")
                % {
                    "nama": skp_bawahan.pegawai.nama,
                    "awal": skp_bawahan.periode_awal,
                    "akhir": skp_bawahan.periode_akhir,
                }
            }
        )


@transaction.atomic  # not durable: the view's form token commits with it (ekinerja/formulir.py)
def add_pegawai(*, aktor: Pegawai, skp_atasan: Skp, skp_bawahan: Skp) -> BarisMatriks:
    """"Tambah Pegawai": put one SKP found by NIP into the matrix."""
    skp_atasan = _lock(skp_atasan)
    check_bisa_ditambahkan(skp_atasan, skp_bawahan)
    baris = BarisMatriks.objects.create(
        skp_atasan=skp_atasan,
        skp_bawahan=skp_bawahan,
        sumber=BarisMatriks.Sumber.MANUAL,
        ditambahkan_oleh=aktor,
    )
    Riwayat.catat(skp_atasan, aktor=aktor, aksi="matriks.tambah_pegawai", sesudah=baris.state())
    return baris


@transaction.atomic(durable=True)
def remove_baris(*, aktor: Pegawai, baris: BarisMatriks) -> None:
    """Take a row out of the matrix. The subordinate's RHKs and their links stay untouched."""
    skp_atasan = _lock(baris.skp_atasan)
    sebelum = baris.state()
    deleted, _ = BarisMatriks.objects.filter(pk=baris.pk, skp_atasan=skp_atasan).delete()
    if deleted:
        Riwayat.catat(skp_atasan, aktor=aktor, aksi="matriks.hapus_baris", sebelum=sebelum)


def check_bisa_tambah_rhk(skp_bawahan: Skp, aktor: Pegawai, *, ringkas: bool = False) -> str:
    """Why the leader cannot add an RHK into this subordinate SKP now; "" when they can.

    `ringkas` gives the one-line form shown in the matrix row.
    """
    if not skp_bawahan.is_editable:
        return "" if ringkas else str(SkpTerkunci(skp_bawahan))
    nama = {"nama": skp_bawahan.pegawai.nama}
    if skp_bawahan.pejabat_penilai_id != aktor.pk:
        if ringkas:
            return gettext("Anda bukan pejabat penilai SKP ini, sehingga Tambah RHK tidak tersedia.")
        return gettext(
            "Anda bukan pejabat penilai pada SKP %(nama)s, sehingga RHK Anda tidak dapat menjadi "
            "RHK atasan yang diintervensi. Pegawai tersebut perlu memperbaiki pejabat penilai "
            "pada SKP-nya terlebih dahulu."
        ) % nama
    return ""


@transaction.atomic  # not durable: the view's form token commits with it (ekinerja/formulir.py)
def add_rhk_bawahan(
    *, aktor: Pegawai, baris: BarisMatriks, rhk_atasan: HasilKerja, jenis: str, teks: str
) -> HasilKerja:
    """"Tambah RHK" in a cell: a new RHK in the subordinate's SKP that intervenes `rhk_atasan`.

    The subordinate SKP row is locked, so its status cannot change between the check and the
    insert. Raises SkpTerkunci (no longer draft) or ValidationError (field errors).
    """
    skp_atasan = _lock(baris.skp_atasan)
    if rhk_atasan.skp_id != skp_atasan.pk:
        raise ValidationError(
            {"rhk_atasan": gettext("Pilih salah satu RHK dari SKP Anda pada matriks ini.")}
        )
    skp_bawahan = _lock(baris.skp_bawahan)
    if not skp_bawahan.is_editable:
        raise SkpTerkunci(skp_bawahan)
    alasan = check_bisa_tambah_rhk(skp_bawahan, aktor)
    if alasan:
        raise ValidationError(alasan)
    extra = {"klasifikasi": HasilKerja.Klasifikasi.INDIVIDU} if skp_bawahan.is_jpt else {}
    rhk = skp_bawahan.add_rhk(aktor=aktor, jenis=jenis, teks=teks, rhk_atasan=rhk_atasan, **extra)
    Riwayat.catat(
        skp_atasan,
        aktor=aktor,
        aksi="matriks.tambah_rhk_bawahan",
        sesudah={**rhk.state(), "skp_bawahan": skp_bawahan.pk, "pegawai": skp_bawahan.pegawai.nama},
    )
    notify(
        skp_bawahan.pegawai,
        pesan=gettext(
            "%(atasan)s menambahkan RHK “%(teks)s” pada SKP Anda periode %(awal)s sampai "
            "%(akhir)s melalui Matriks Pembagian Peran Hasil."
        )
        % {
            "atasan": aktor.nama,
            "teks": rhk.teks,
            "awal": skp_bawahan.periode_awal,
            "akhir": skp_bawahan.periode_akhir,
        },
        url=reverse("skp:detail", args=[skp_bawahan.pk]),
        aktor=aktor,
    )
    return rhk

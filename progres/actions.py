"""What people do with Progres Harian: log, change, delete, copy yesterday's, approve, return.

Each action checks its rules first (clear Indonesian messages, per field where there is one),
then changes the rows in one transaction with a conditional UPDATE (nothing half-saved; a second
actor or a double click gets a clear conflict message), writes the Riwayat and notifies. Uploaded
files are written to storage before the transaction and removed again when it fails; a replaced
or deleted file is removed only after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from ekinerja.exceptions import Ditolak, Konflik
from ekinerja.models import Pegawai, Riwayat
from ekinerja.notifications import notify
from progres import bukti as b
from progres.kalender import tanggal_panjang
from progres.models import (
    BISA_DIUBAH,
    HariLibur,
    PengaturanProgres,
    ProgresHarian,
    StatusProgres,
    bukti_storage,
    is_hari_kerja,
    nama_berkas_bukti,
    rencana_aksi_pilihan,
)
from skp.models import HasilKerja, Skp, StatusSkp

# Konflik in progres' own words (tests read them).
PROGRES_DIUBAH = gettext_lazy(
    "Progres ini telah diubah atau direview oleh orang lain. Muat ulang halaman lalu periksa lagi."
)


def hari_ini() -> dt.date:
    return timezone.localdate()


def hari_mundur() -> int:
    return int(getattr(settings, "PROGRES_HARI_MUNDUR", 7))


@dataclass
class Isian:
    """A day's progress as typed in the form (already parsed to types)."""

    tanggal: dt.date
    rhk_id: int | None
    uraian: str
    volume: Decimal | None
    satuan: str
    rencana_aksi_id: int | None = None
    bukti_tautan: str = ""
    berkas: UploadedFile | None = None
    hapus_berkas: bool = False


def _riwayat(entri: ProgresHarian, *, aktor: Pegawai | None, aksi: str,
             sebelum: dict[str, Any] | None = None, sesudah: dict[str, Any] | None = None,
             alasan: str = "") -> Riwayat:
    """Riwayat rows of an entry name it by "id/tanggal" (its full key, as in its URLs)."""
    return Riwayat(
        aktor=aktor if aktor is not None and aktor.is_authenticated else None,
        objek_tipe=ContentType.objects.get_for_model(ProgresHarian),
        objek_id=entri.kunci_url, aksi=aksi, sebelum=sebelum, sesudah=sesudah, alasan=alasan,
        instansi_id=entri.instansi_id,
    )


def riwayat_entri(entri: ProgresHarian) -> Any:
    return Riwayat.objects.filter(objek_tipe=ContentType.objects.get_for_model(ProgresHarian),
                                  objek_id=entri.kunci_url)


def skp_pada(pegawai: Pegawai, tanggal: dt.date) -> Skp | None:
    """The pegawai's SKP whose period holds `tanggal` (approved first). One query."""
    rows = list(Skp.objects.filter(pegawai=pegawai, periode_awal__lte=tanggal,
                                   periode_akhir__gte=tanggal).order_by("-periode_awal"))
    rows.sort(key=lambda s: s.status != StatusSkp.PERSETUJUAN)
    return rows[0] if rows else None


def periksa_tanggal(pegawai: Pegawai, tanggal: dt.date, *, cek_mundur: bool = True) -> Skp:
    """The approved SKP for a day the pegawai may log; else ValidationError on "tanggal".

    A working day (not Saturday/Sunday, not a hari libur or cuti bersama), not in the future, at
    most PROGRES_HARI_MUNDUR days back (not checked when fixing a returned entry on its own day),
    inside the period of an approved SKP. Queries: 2 (the holiday, the SKP).
    """
    today = hari_ini()
    hari = tanggal_panjang(tanggal)

    def tolak(pesan: str) -> ValidationError:
        return ValidationError({"tanggal": [pesan]})

    if tanggal > today:
        raise tolak(gettext("%(hari)s belum tiba. Progres dicatat untuk hari ini atau hari "
                            "sebelumnya.") % {"hari": hari})
    n = hari_mundur()
    if cek_mundur and tanggal < today - dt.timedelta(days=n):
        raise tolak(gettext(
            "Progres hanya dapat dicatat paling lama %(n)s hari ke belakang (sejak %(sejak)s).")
            % {"n": n, "sejak": tanggal_panjang(today - dt.timedelta(days=n))})
    if tanggal.weekday() >= 5:
        raise tolak(gettext("%(hari)s bukan hari kerja. Progres dicatat pada hari kerja.")
                    % {"hari": hari})
    libur = HariLibur.objects.antara(tanggal, tanggal)
    if tanggal in libur:
        raise tolak(gettext("%(hari)s adalah hari libur (%(nama)s). Progres dicatat pada hari "
                            "kerja.") % {"hari": hari, "nama": libur[tanggal]})
    skp = skp_pada(pegawai, tanggal)
    if skp is None:
        raise tolak(gettext("%(hari)s di luar periode SKP Anda. Progres dicatat pada tanggal di "
                            "dalam periode SKP yang telah disetujui.") % {"hari": hari})
    if skp.status != StatusSkp.PERSETUJUAN:
        raise tolak(gettext("SKP Anda untuk %(hari)s belum disetujui pejabat penilai. Progres "
                            "dapat dicatat setelah SKP disetujui.") % {"hari": hari})
    return skp


def _periksa_isian(pegawai: Pegawai, isian: Isian, *, cek_mundur: bool,
                   punya_berkas: bool = False) -> tuple[Skp, HasilKerja, str, str, str]:
    """Everything the form carries, with every field's message at once. Returns the SKP, the
    RHK, the rencana aksi text, the link and the file's kind ("" without a new file)."""
    errors: dict[str, list[str]] = {}
    skp = rhk = None
    try:
        skp = periksa_tanggal(pegawai, isian.tanggal, cek_mundur=cek_mundur)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    isian.uraian = (isian.uraian or "").strip()
    isian.satuan = (isian.satuan or "").strip()
    if not isian.uraian:
        errors["uraian"] = [gettext("Isi uraian kegiatan.")]
    elif len(isian.uraian) > 2000:
        errors["uraian"] = [gettext("Uraian kegiatan paling banyak 2000 karakter.")]
    if isian.volume is None or isian.volume <= 0:
        errors["volume"] = [gettext("Isi volume output dengan angka lebih dari 0, misalnya 2 "
                                    "atau 1,5.")]
    elif isian.volume >= Decimal("1e10"):
        errors["volume"] = [gettext("Volume output terlalu besar.")]
    if not isian.satuan:
        errors["satuan"] = [gettext("Isi satuan output, misalnya dokumen atau laporan.")]
    if skp is not None:
        rhk = HasilKerja.objects.filter(pk=isian.rhk_id, skp=skp).first() \
            if isian.rhk_id else None
        if rhk is None:
            errors["rhk"] = [gettext("Pilih RHK dari SKP yang berlaku pada tanggal tersebut.")]
    ra_teks = ""
    if rhk is not None and isian.rencana_aksi_id:
        pilihan = dict(rencana_aksi_pilihan([rhk.pk], isian.tanggal).get(rhk.pk, []))
        if isian.rencana_aksi_id not in pilihan:
            errors["rencana_aksi"] = [gettext(
                "Rencana aksi ini bukan milik RHK yang dipilih pada periode tanggal tersebut.")]
        else:
            ra_teks = pilihan[isian.rencana_aksi_id][:500]
    tautan, jenis = "", ""
    try:
        tautan = b.periksa_tautan(isian.bukti_tautan)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if isian.berkas is not None:
        try:
            jenis = b.jenis_berkas(isian.berkas, isian.berkas.size or 0)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    ada_berkas = isian.berkas is not None or (punya_berkas and not isian.hapus_berkas)
    if tautan and ada_berkas and "bukti_tautan" not in errors:
        errors["bukti_tautan"] = [gettext(
            "Pilih salah satu bukti: tautan atau berkas. Hapus berkas untuk memakai tautan.")]
    if errors:
        raise ValidationError(errors)
    assert skp is not None and rhk is not None
    return skp, rhk, ra_teks, tautan, jenis


def _simpan_berkas(entri: ProgresHarian, berkas: UploadedFile, jenis: str) -> str:
    """Write the upload to the bukti storage now (I/O outside the transaction). Returns its name."""
    storage = bukti_storage()
    berkas.seek(0)
    return storage.save(nama_berkas_bukti(entri, f"x.{jenis}"), berkas)


def _hapus_berkas_nanti(nama: str) -> None:
    if nama:
        transaction.on_commit(lambda: bukti_storage().delete(nama))


def _kunci_orang(pegawai: Pegawai) -> None:
    """Serialise one person's writes (double clicks, two tabs): lock their preference row."""
    PengaturanProgres.objects.get_or_create(pegawai=pegawai)
    PengaturanProgres.objects.select_for_update().filter(pegawai=pegawai).get()


def catat_progres(*, aktor: Pegawai, isian: Isian) -> ProgresHarian:
    """Log one day's progress (Menunggu review). The same entry sent twice is stored once."""
    _skp, rhk, ra_teks, tautan, jenis = _periksa_isian(aktor, isian, cek_mundur=True)
    nama, bukti_nama = "", ""
    if isian.berkas is not None:
        nama = _simpan_berkas(ProgresHarian(tanggal=isian.tanggal), isian.berkas, jenis)
        bukti_nama = b.nama_aman(isian.berkas.name or "", jenis)
    try:
        with transaction.atomic():
            _kunci_orang(aktor)
            if not nama:
                sama = ProgresHarian.objects.milik(aktor).filter(
                    tanggal=isian.tanggal, rhk=rhk, uraian=isian.uraian, volume=isian.volume,
                    satuan=isian.satuan, bukti_tautan=tautan, bukti_berkas="",
                ).first()
                if sama is not None:  # a double click: the first one stands
                    return sama
            entri = ProgresHarian.objects.create(
                tanggal=isian.tanggal, pegawai=aktor, rhk=rhk,
                rencana_aksi_id=isian.rencana_aksi_id if ra_teks else None,
                rencana_aksi_teks=ra_teks, uraian=isian.uraian, volume=isian.volume,
                satuan=isian.satuan, bukti_tautan=tautan, bukti_berkas=nama, bukti_nama=bukti_nama,
            )
            _riwayat(entri, aktor=aktor, aksi="progres.tambah", sesudah=entri.state()).save()
            PengaturanProgres.objects.filter(pegawai=aktor).update(rhk_terakhir=rhk)
    except BaseException:
        if nama:
            bukti_storage().delete(nama)
        raise
    return entri


def ubah_progres(*, aktor: Pegawai, entri: ProgresHarian, isian: Isian, versi: int | None = None
                 ) -> ProgresHarian:
    """Change an entry not yet reviewed (or returned: it goes back to the rater's queue)."""
    if entri.pegawai_id != aktor.pk:
        raise Ditolak(gettext("Hanya pemilik progres yang dapat mengubahnya."))
    if not entri.bisa_diubah:
        raise Ditolak(gettext("Progres yang sudah disetujui tidak dapat diubah."))
    pindah = isian.tanggal != entri.tanggal
    _skp, rhk, ra_teks, tautan, jenis = _periksa_isian(
        aktor, isian, cek_mundur=pindah, punya_berkas=bool(entri.bukti_berkas))
    sebelum = entri.state()
    lama_berkas = entri.bukti_berkas.name or ""
    baru_berkas, bukti_nama = lama_berkas, entri.bukti_nama
    if isian.berkas is not None:
        baru_berkas = _simpan_berkas(ProgresHarian(tanggal=isian.tanggal), isian.berkas, jenis)
        bukti_nama = b.nama_aman(isian.berkas.name or "", jenis)
    elif isian.hapus_berkas:
        baru_berkas, bukti_nama = "", ""
    dikembalikan = entri.status == StatusProgres.DIKEMBALIKAN
    try:
        with transaction.atomic():
            changed = ProgresHarian.objects.filter(
                id=entri.id, tanggal=entri.tanggal, pegawai=aktor, status__in=BISA_DIUBAH,
                versi=versi if versi is not None else entri.versi,
            ).update(
                tanggal=isian.tanggal, rhk=rhk, uraian=isian.uraian, volume=isian.volume,
                satuan=isian.satuan, rencana_aksi_id=isian.rencana_aksi_id if ra_teks else None,
                rencana_aksi_teks=ra_teks, bukti_tautan=tautan, bukti_berkas=baru_berkas,
                bukti_nama=bukti_nama, status=StatusProgres.DIAJUKAN, versi=F("versi") + 1,
                diubah=timezone.now(),
            )
            if not changed:
                raise Konflik(PROGRES_DIUBAH)
            baru = ProgresHarian.objects.select_related("rhk__skp__pejabat_penilai").get(
                id=entri.id, tanggal=isian.tanggal)
            _riwayat(baru, aktor=aktor, aksi="progres.ubah", sebelum=sebelum,
                     sesudah=baru.state()).save()
            if baru_berkas != lama_berkas:
                _hapus_berkas_nanti(lama_berkas)
            penilai = baru.rhk.skp.pejabat_penilai
            if dikembalikan and penilai is not None:
                notify(penilai, aktor=aktor, url=reverse("progres:review"),
                       pesan=gettext("%(nama)s memperbaiki progres %(hari)s yang Anda kembalikan.")
                       % {"nama": aktor.nama, "hari": tanggal_panjang(baru.tanggal)})
    except BaseException:
        if baru_berkas and baru_berkas != lama_berkas:
            bukti_storage().delete(baru_berkas)
        raise
    return baru


def hapus_progres(*, aktor: Pegawai, entri: ProgresHarian) -> None:
    if entri.pegawai_id != aktor.pk:
        raise Ditolak(gettext("Hanya pemilik progres yang dapat menghapusnya."))
    with transaction.atomic():
        deleted, _ = ProgresHarian.objects.filter(
            id=entri.id, tanggal=entri.tanggal, pegawai=aktor, status__in=BISA_DIUBAH).delete()
        if not deleted:
            raise Konflik(PROGRES_DIUBAH)
        _riwayat(entri, aktor=aktor, aksi="progres.hapus", sebelum=entri.state()).save()
        _hapus_berkas_nanti(entri.bukti_berkas.name or "")


def hari_kerja_sebelum(tanggal: dt.date) -> dt.date:
    """The working day before `tanggal` ("kemarin": Friday for a Monday). One query."""
    libur = HariLibur.objects.antara(tanggal - dt.timedelta(days=31), tanggal)
    d = tanggal - dt.timedelta(days=1)
    while not is_hari_kerja(d, libur) and d > tanggal - dt.timedelta(days=31):
        d -= dt.timedelta(days=1)
    return d


def salin_kemarin(*, aktor: Pegawai, tanggal: dt.date) -> list[ProgresHarian]:
    """Salin dari kemarin: the previous working day's entries again on `tanggal` (RHK, rencana
    aksi, uraian, output; not the bukti, which belongs to its own day). Entries already there with
    the same RHK and uraian are not copied twice, so a double click copies once."""
    skp = periksa_tanggal(aktor, tanggal)
    sumber_hari = hari_kerja_sebelum(tanggal)
    sumber = list(ProgresHarian.objects.milik(aktor).filter(tanggal=sumber_hari)
                  .order_by("id"))
    if not sumber:
        raise Ditolak(gettext("Tidak ada progres pada %(hari)s untuk disalin.")
                      % {"hari": tanggal_panjang(sumber_hari)})
    rhk_skp = set(HasilKerja.objects.filter(skp=skp).values_list("pk", flat=True))
    with transaction.atomic():
        _kunci_orang(aktor)
        ada = set(ProgresHarian.objects.milik(aktor).filter(tanggal=tanggal)
                  .values_list("rhk_id", "uraian"))
        baru = [
            ProgresHarian(tanggal=tanggal, pegawai=aktor, rhk_id=e.rhk_id, instansi_id=e.instansi_id,
                          rencana_aksi_id=e.rencana_aksi_id, rencana_aksi_teks=e.rencana_aksi_teks,
                          uraian=e.uraian, volume=e.volume, satuan=e.satuan)
            for e in sumber if e.rhk_id in rhk_skp and (e.rhk_id, e.uraian) not in ada
        ]
        if not baru:
            raise Ditolak(gettext("Progres %(hari)s sudah disalin ke tanggal ini.")
                          % {"hari": tanggal_panjang(sumber_hari)})
        baru = ProgresHarian.objects.bulk_create(baru)
        Riwayat.objects.bulk_create([
            _riwayat(e, aktor=aktor, aksi="progres.salin", sesudah=e.state(),
                     alasan=gettext("Disalin dari %(hari)s") % {"hari": sumber_hari.isoformat()})
            for e in baru
        ])
    return baru


# --- Review by the pejabat penilai ------------------------------------------------------------


def parse_token(token: str) -> tuple[int, dt.date, int] | None:
    """"id:tanggal:versi" from the review form; None for anything malformed (never a 500)."""
    try:
        a, t, v = token.split(":")
        return int(a), dt.date.fromisoformat(t), int(v)
    except (ValueError, AttributeError):
        return None


@dataclass
class HasilReview:
    disetujui: int
    berubah: int


def setujui_progres(*, aktor: Pegawai, token: list[str]) -> HasilReview:
    """Approve many entries at once: those still waiting, of SKPs this user rates, unchanged since
    the page showed them (an entry the pegawai edited meanwhile is left for another look).
    Queries: the locked rows, one UPDATE, one INSERT of Riwayat, one notification per person."""
    keys = {k for k in (parse_token(t) for t in token[:1000]) if k is not None}
    if not keys:
        return HasilReview(0, 0)
    cond = Q()
    for i, t, _v in keys:
        cond |= Q(id=i, tanggal=t)
    with transaction.atomic():
        rows = list(
            ProgresHarian.objects.dinilai_oleh(aktor).filter(cond, status=StatusProgres.DIAJUKAN,
                                                             tanggal__in={t for _i, t, _v in keys})
            .select_for_update(of=("self",)).order_by("tanggal", "id")
        )
        seen = {(i, t): v for i, t, v in keys}
        ok = [r for r in rows if seen.get((r.id, r.tanggal)) == r.versi]
        if ok:
            now = timezone.now()
            kond = Q()
            for r in ok:
                kond |= Q(id=r.id, tanggal=r.tanggal)
            ProgresHarian.objects.filter(kond, tanggal__in={r.tanggal for r in ok}).update(
                status=StatusProgres.DISETUJUI, direview_oleh=aktor, direview_pada=now,
                catatan="")
            Riwayat.objects.bulk_create([
                _riwayat(r, aktor=aktor, aksi="progres.disetujui",
                         sebelum={"status": r.status}, sesudah={"status": "disetujui"})
                for r in ok
            ])
            per_orang = Counter(r.pegawai_id for r in ok)
            for pegawai in Pegawai.objects.filter(pk__in=per_orang):
                n = per_orang[pegawai.pk]
                notify(pegawai, aktor=aktor, url=reverse("progres:bulan"),
                       pesan=ngettext("%(n)s progres harian Anda disetujui oleh %(oleh)s.",
                                      "%(n)s progres harian Anda disetujui oleh %(oleh)s.", n)
                       % {"n": n, "oleh": aktor.nama})
    return HasilReview(len(ok), len(keys) - len(ok))


def kembalikan_progres(*, aktor: Pegawai, entri: ProgresHarian, catatan: str,
                       versi: int | None = None) -> None:
    """Return one entry with a note; the pegawai sees the note and may fix the entry."""
    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError({"catatan": [gettext(
            "Tuliskan catatan agar pegawai tahu apa yang perlu diperbaiki.")]})
    if entri.rhk.skp.pejabat_penilai_id != aktor.pk:
        raise Ditolak(gettext("Hanya pejabat penilai yang dapat mengembalikan progres ini."))
    with transaction.atomic():
        changed = ProgresHarian.objects.filter(
            id=entri.id, tanggal=entri.tanggal, status=StatusProgres.DIAJUKAN,
            versi=versi if versi is not None else entri.versi,
        ).update(status=StatusProgres.DIKEMBALIKAN, catatan=catatan, direview_oleh=aktor,
                 direview_pada=timezone.now())
        if not changed:
            raise Konflik(PROGRES_DIUBAH)
        _riwayat(entri, aktor=aktor, aksi="progres.dikembalikan", sebelum={"status": entri.status},
                 sesudah={"status": "dikembalikan"}, alasan=catatan).save()
        notify(entri.pegawai, aktor=aktor,
               url=reverse("progres:ubah", args=[entri.id, entri.tanggal]),
               pesan=gettext("Progres %(hari)s dikembalikan oleh %(oleh)s: %(catatan)s")
               % {"hari": tanggal_panjang(entri.tanggal), "oleh": aktor.nama,
                  "catatan": catatan})
        entri.status, entri.catatan = StatusProgres.DIKEMBALIKAN, catatan

"""One scenario with the eight actors of the authorization matrix (issue 10, item 1), built
through the real model methods and actions, once per test module.

Badan Matriks: Kepala Badan > Deputi (atasan pejabat penilai) > Direktur (pejabat penilai) >
the owner and a colleague in the same Direktorat; the instansi's admin sits in Biro Umum.
Instansi Seberang: a pegawai and that instansi's admin. "Now" is Wednesday 1 July 2026, 10:00
WIB: inside the June period's window (16 Juni - 15 Juli, deadline 20 Juli).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ekinerja.models import (
    KelasJabatan,
    LoginEvent,
    Notifikasi,
    Pegawai,
    Penugasan,
    Riwayat,
    UnitOrganisasi,
)
from ekinerja.models_dokumen import BundelCetak, DokumenCetak, buat_kode
from ekinerja.models_siasn import Sinkron
from matriks import actions as matriks_actions
from matriks.models import BarisMatriks
from monitoring.models import JadwalRun, Laporan, Pengingat
from penilaian.cetak import penilaian_document
from penilaian.models import (
    Eviden,
    Keberatan,
    Penilaian,
    PeriodePenilaian,
    RencanaAksi,
    UmpanBalikPerilaku,
)
from progres import actions as progres_actions
from progres.cetak import laporan_document
from progres.models import HariLibur, PengingatProgres, ProgresHarian
from skp.cetak import skp_document
from skp.models import PERILAKU_VERSI, HasilKerja, Indikator, LampiranItem, PerilakuKerja, Skp
from tests.factories import lead, make_instansi, make_pegawai, make_unit
from tests.skp.conftest import add_indikator, add_rhk, make_skp

WIB = ZoneInfo("Asia/Jakarta")
SEKARANG = dt.datetime(2026, 7, 1, 10, 0, tzinfo=WIB)
HARI_PROGRES = dt.date(2026, 7, 1)

# The eight actors, in the order of every table row.
AKTOR = ("owner", "penilai", "atasan", "rekan", "luar", "admin", "admin_luar", "anonim")


@dataclass
class Skenario:
    pegawai: dict[str, Pegawai]  # actor name -> person (anonim has none)
    unit: UnitOrganisasi  # the owner's Direktorat
    unit_luar: UnitOrganisasi
    skp: Skp  # the owner's approved SKP (Januari-Agustus 2026)
    skp_draft: Skp  # the owner's draft SKP (September-Desember 2026)
    skp_penilai: Skp  # the Direktur's own SKP: their Matriks
    rhk: HasilKerja  # of `skp`
    indikator: Indikator  # of `skp`
    rhk_draft: HasilKerja
    indikator_draft: Indikator
    lampiran_draft: LampiranItem
    rhk_penilai: HasilKerja
    juni: PeriodePenilaian
    final: PeriodePenilaian
    periode_luar: PeriodePenilaian
    eviden: Eviden
    rencana_aksi: RencanaAksi
    umpan_balik_rekan: UmpanBalikPerilaku  # the colleague's peer feedback on `skp`
    perilaku: PerilakuKerja
    keberatan: Keberatan
    notifikasi: Notifikasi  # the owner's
    baris: BarisMatriks  # the owner's SKP in the Direktur's Matriks
    progres: ProgresHarian  # the owner's entry of HARI_PROGRES, with an uploaded bukti
    laporan: Laporan  # the instansi admin's Laporan SKP request
    bundel: BundelCetak  # the Direktur's ZIP request
    sinkron: Sinkron  # the instansi admin's SIASN sync
    dokumen: DokumenCetak  # a printed document's verification record
    extra: dict[str, object] = field(default_factory=dict)


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile("bukti.png", buf.getvalue(), content_type="image/png")


def build() -> Skenario:
    importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)
    instansi = make_instansi("Badan Matriks", siasn_id="A5EB03E2-MATRIKS")
    badan = make_unit(instansi, "Badan Matriks")
    deputi_unit = make_unit(instansi, "Deputi Bidang Matriks", parent=badan)
    direktorat = make_unit(instansi, "Direktorat Matriks", parent=deputi_unit)
    biro = make_unit(instansi, "Biro Umum", parent=badan)
    kepala = make_pegawai(badan, nama="KEPALA MATRIKS", kelas=KelasJabatan.JPT_UTAMA)
    atasan = make_pegawai(deputi_unit, nama="DEPUTI MATRIKS", kelas=KelasJabatan.JPT_MADYA)
    penilai = make_pegawai(direktorat, nama="DIREKTUR MATRIKS",
                           kelas=KelasJabatan.JPT_PRATAMA)
    lead(badan, kepala)
    lead(deputi_unit, atasan)
    lead(direktorat, penilai)
    owner = make_pegawai(direktorat, nama="PEMILIK MATRIKS", kelas=KelasJabatan.FUNGSIONAL)
    rekan = make_pegawai(direktorat, nama="REKAN MATRIKS")
    admin = make_pegawai(biro, nama="ADMIN MATRIKS", is_admin_instansi=True)
    seberang = make_instansi("Instansi Seberang", siasn_id="B6FC14F3-SEBERANG")
    unit_luar = make_unit(seberang, "Unit Seberang")
    luar = make_pegawai(unit_luar, nama="PEGAWAI SEBERANG")
    admin_luar = make_pegawai(unit_luar, nama="ADMIN SEBERANG", is_admin_instansi=True)
    people = {"owner": owner, "penilai": penilai, "atasan": atasan, "rekan": rekan,
              "luar": luar, "admin": admin, "admin_luar": admin_luar}

    # The owner's approved SKP with its plan, and a draft for the rest of the year.
    skp = make_skp(owner, awal=dt.date(2026, 1, 1), akhir=dt.date(2026, 8, 31))
    rhk = add_rhk(skp, "Tersusunnya laporan matriks")
    indikator = add_indikator(rhk, "Jumlah laporan matriks")
    skp.submit(aktor=owner)
    skp.approve(aktor=penilai)
    skp.refresh_from_db()
    skp_draft = make_skp(owner, awal=dt.date(2026, 9, 1), akhir=dt.date(2026, 12, 31))
    rhk_draft = add_rhk(skp_draft, "RHK draft matriks")
    indikator_draft = add_indikator(rhk_draft, "Indikator draft matriks")
    lampiran_draft = skp_draft.add_lampiran(jenis="dukungan_sumber_daya", teks="Laptop",
                                            aktor=owner)

    # The Direktur's own SKP: their Matriks, with the owner's SKPs synced in.
    skp_penilai = make_skp(penilai, awal=dt.date(2026, 1, 1), akhir=dt.date(2026, 12, 31))
    rhk_penilai = add_rhk(skp_penilai, "RHK direktur matriks")
    add_indikator(rhk_penilai, "IKI direktur matriks")
    matriks_actions.sync_bawahan(aktor=penilai, skp_atasan=skp_penilai)
    baris = BarisMatriks.objects.get(skp_atasan=skp_penilai, skp_bawahan=skp)

    juni = PeriodePenilaian.objects.get(instansi=instansi, nama="16 Juni - 15 Juli",
                                        awal__year=2026)
    final = PeriodePenilaian.objects.get(instansi=instansi, jenis="final", awal__year=2026)
    periode_luar = PeriodePenilaian.objects.filter(instansi=seberang, awal__year=2026).first()
    eviden = Eviden.tambah(indikator, juni, nama="Laporan Juni",
                           tautan="https://contoh.go.id/laporan-juni", aktor=owner)
    rencana_aksi = RencanaAksi.tambah(rhk, juni, deskripsi="Menyusun draf", target="1",
                                      aktor=owner)
    perilaku = PerilakuKerja.objects.filter(versi=PERILAKU_VERSI).order_by("urutan").first()
    umpan_balik_rekan = UmpanBalikPerilaku.tambah(skp, perilaku, teks="Selalu membantu",
                                                  jempol=True, aktor=rekan)
    UmpanBalikPerilaku.tambah(skp, perilaku, teks="Catatan penilai Juni", jempol=True,
                              aktor=penilai, periode=juni)
    pn = Penilaian.untuk(skp, final)
    pn.set_rating("hasil", "BAWAH", aktor=penilai)
    pn.set_rating("perilaku", "SESUAI", aktor=penilai)
    pn.refresh_from_db()
    keberatan = Keberatan.ajukan(pn, alasan="Target tercapai", aktor=owner)
    notifikasi = Notifikasi.objects.filter(penerima=owner).order_by("-pk").first()

    rhk_progres = skp.hasil_kerja.get(pk=rhk.pk)
    progres = progres_actions.catat_progres(aktor=owner, isian=progres_actions.Isian(
        tanggal=HARI_PROGRES, rhk_id=rhk_progres.pk, uraian="Menyusun laporan",
        volume=Decimal(1), satuan="dokumen", berkas=_png()))

    laporan = Laporan.objects.create(peminta=admin, jenis=Laporan.Jenis.SKP,
                                     format=Laporan.Format.CSV, instansi=instansi, tahun=2026)
    bundel = BundelCetak.objects.create(peminta=penilai, tahun=2026)
    sinkron = Sinkron.objects.create(instansi=instansi, diminta_oleh=admin, jumlah=1,
                                     status=Sinkron.Status.TERHENTI)
    dokumen = DokumenCetak.objects.create(
        jenis=DokumenCetak.Jenis.SKP, objek_tipe=ContentType.objects.get_for_model(Skp),
        objek_id=str(skp.pk), versi=1, sidik="matriks-akses", kode=buat_kode(),
        pemilik_nama=owner.nama)
    # One object of each admin model, of Badan Matriks where it has an instansi.
    extra = {
        "ekinerja.instansi": instansi,
        "ekinerja.unitorganisasi": direktorat,
        "ekinerja.pegawai": owner,
        "ekinerja.penugasan": Penugasan.objects.create(
            pegawai=admin, unit=biro, jenis=Penugasan.Jenis.PLT, mulai=dt.date(2026, 1, 1)),
        "ekinerja.riwayat": Riwayat.objects.filter(pemilik=owner).order_by("pk").first(),
        "ekinerja.loginevent": LoginEvent.objects.create(nip=owner.nip, berhasil=True),
        "ekinerja.notifikasi": notifikasi,
        "progres.harilibur": HariLibur.objects.get_or_create(
            tanggal=dt.date(2026, 8, 17), defaults={"nama": "Hari Kemerdekaan"})[0],
        "progres.pengingatprogres": PengingatProgres.objects.create(
            pegawai=owner, tanggal=dt.date(2026, 6, 30)),
        "penilaian.periodepenilaian": juni,
        "monitoring.pengingat": Pengingat.objects.create(
            penerima=owner, alasan=Pengingat.Alasan.values[0], periode=juni, pesan="Isi SKP"),
        "monitoring.jadwalrun": JadwalRun.objects.create(tugas="uji", kunci="matriks-akses"),
        "auth.group": Group.objects.create(name="Grup Matriks"),
        # No task has run: an id that names none (every admin is refused before looking).
        "django_tasks_database.dbtaskresult": SimpleNamespace(
            pk="00000000-0000-0000-0000-000000000000"),
    }
    # Print each document once now, so the allowed cells serve it from the cache (the cells
    # are about access; rendering each PDF once per viewer only costs time).
    skp_cetak = Skp.objects.select_related("pegawai", "instansi", "pejabat_penilai").get(
        pk=skp.pk)
    for jenis in (DokumenCetak.Jenis.SKP, DokumenCetak.Jenis.LAMPIRAN_SKP):
        skp_document(skp_cetak, jenis)
    for jenis in (DokumenCetak.Jenis.UMPAN_BALIK, DokumenCetak.Jenis.EVALUASI_KINERJA,
                  DokumenCetak.Jenis.DOKUMEN_EVALUASI):
        penilaian_document(skp_cetak, final, jenis)
    laporan_document(Pegawai.objects.select_related("unit").get(pk=owner.pk),
                     HARI_PROGRES.year, HARI_PROGRES.month)
    return Skenario(
        pegawai=people, unit=direktorat, unit_luar=unit_luar, skp=skp, skp_draft=skp_draft,
        skp_penilai=skp_penilai, rhk=rhk, indikator=indikator, rhk_draft=rhk_draft,
        indikator_draft=indikator_draft, lampiran_draft=lampiran_draft, rhk_penilai=rhk_penilai,
        juni=juni, final=final, periode_luar=periode_luar, eviden=eviden,
        rencana_aksi=rencana_aksi, umpan_balik_rekan=umpan_balik_rekan, perilaku=perilaku,
        keberatan=keberatan, notifikasi=notifikasi, baris=baris, progres=progres,
        laporan=laporan, bundel=bundel, sinkron=sinkron, dokumen=dokumen, extra=extra,
    )

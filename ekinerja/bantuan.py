"""The "Bantuan" panel of every page (issue 12 item 7): the steps of the manual's matching
section, in the manual's words, chosen by the page's URL name (base.html, one partial:
partials/bantuan.html, a <details> element that works without JavaScript).

ekinerja imports no domain app: the pages are named by their URL names only (as strings).
A signed-in page without a topic of its own gets UMUM (the menu and where help is).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Topik:
    judul: StrOrPromise
    bagian: str  # the section of the 2022 manual ("7.1"); "" for pages beyond the manual
    langkah: tuple[StrOrPromise, ...]


TOPIK: dict[str, Topik] = {
    "daftar_skp": Topik(_("Daftar SKP"), "2", (
        _("Klik [Tambah SKP], pilih Periode Awal, Periode Akhir dan Pendekatan (Kuantitatif atau "
          "Kualitatif), lalu klik OK."),
        _("SKP baru muncul di [Daftar SKP] dengan status draft. Klik [Detail SKP] untuk mengisinya."),
        _("Edit dan Hapus hanya tersedia selama SKP masih draft."),
        _("Bila Anda pejabat penilai, [Matriks Bawahan] dan [SKP Bawahan] juga tersedia di sini."),
    )),
    "skp_detail": Topik(_("Sasaran Kinerja Pegawai"), "2.1, 3, 4", (
        _("Periksa identitas Anda dan Pejabat Penilai; bila pejabat penilai tidak sesuai, klik "
          "[Muat ulang] atau Ganti."),
        _("Klik [Tambah Rencana Hasil Kerja (RHK)], isi RHK (JPT: Klasifikasi, Jenis dan Penugasan "
          "dari; pegawai lain: RHK atasan yang diintervensi), lalu klik OK."),
        _("Klik [Tambah Indikator] pada setiap RHK: indikator, target (pendekatan kuantitatif), dan"
          " perspektif atau aspek."),
        _("Setelah selesai, klik [Ajukan SKP] lalu OK. SKP yang diajukan tidak bisa diubah sampai "
          "selesai ditinjau."),
        _("Pejabat penilai: klik [Edit Status] dan pilih Persetujuan untuk menyetujui SKP bawahan."),
    )),
    "matriks": Topik(_("Matriks Pembagian Peran Hasil"), "5", (
        _("Kolom matriks adalah RHK dan indikator Anda; barisnya adalah SKP bawahan."),
        _("Klik [Sinkronisasi SKP Bawahan] untuk menambahkan SKP yang menunjuk Anda sebagai pejabat"
          " penilai."),
        _("Klik [Tambah Pegawai], isi NIP, klik [Cari Pegawai], pilih SKP, lalu klik OK."),
        _("Klik [Tambah RHK] pada sel untuk menambahkan RHK ke SKP bawahan yang masih draft; [Lihat"
          " SKP] membuka SKP bawahan."),
    )),
    "skp_bawahan": Topik(_("SKP Bawahan"), "6", (
        _("Daftar ini berisi SKP yang menunjuk Anda sebagai pejabat penilai."),
        _("Klik [Detail SKP] untuk membaca SKP bawahan, lalu [Edit Status] untuk menyetujui atau "
          "mengembalikannya."),
        _("Centang beberapa SKP berstatus pengajuan untuk menyetujuinya sekaligus."),
        _("[Cetak SKP Bawahan] menyiapkan semua SKP bawahan satu tahun dalam satu berkas ZIP."),
    )),
    "penilaian": Topik(_("Penilaian"), "7", (
        _("Klik Penilaian pada SKP yang telah disetujui untuk melihat periode penilaiannya."),
        _("Klik Eviden pada suatu periode untuk mengisi eviden dan realisasi sebelum batas "
          "pengisian."),
        _("Pejabat penilai: klik [Penilaian Bawahan] untuk menilai, dan [Lihat Kurva] untuk melihat"
          " sebaran predikat."),
        _("Setelah predikat tahunan (Final) ditetapkan, Anda dapat mengajukan keberatan sebelum "
          "batas keberatan."),
    )),
    "eviden": Topik(_("Pengisian Eviden"), "7.1", (
        _("Klik Tambah pada kolom Eviden, isi Nama Eviden dan tautan bukti (Google Drive, "
          "Dropbox, dan lain-lain), lalu klik OK."),
        _("Klik Edit pada kolom Realisasi, isi Realisasi dan Sumber Data, lalu klik OK."),
        _("Eviden dan realisasi dapat diubah sampai batas pengisian, pukul 23:59 WIB."),
    )),
    "penilaian_bawahan": Topik(_("Penilaian Bawahan"), "7.2", (
        _("Pilih bawahan yang akan dinilai."),
        _("Berikan feedback pada setiap indikator hasil kerja dan setiap perilaku kerja."),
        _("Klik Ubah di samping [Hasil Penilaian Kinerja], pilih penilaian, lalu klik OK; lakukan "
          "hal yang sama untuk [Hasil Perilaku Kerja]."),
        _("Predikat mengikuti kedua penilaian; Anda dapat mengubahnya dengan alasan tertulis."),
    )),
    "kurva": Topik(_("Lihat Kurva"), "7.3", (
        _("Kurva merah adalah distribusi ideal; kurva hijau adalah predikat yang telah "
          "diberikan."),
        _("Angka yang sama tersedia dalam tabel di bawah kurva."),
        _("Peringatan pola distribusi tidak menghalangi penilaian."),
    )),
    "rekan": Topik(_("Feedback Perilaku Rekan Kerja"), "7.4", (
        _("Isi NIP rekan kerja lalu klik [Cari Pegawai]."),
        _("Pilih SKP yang akan dinilai."),
        _("Klik [Tambah Feedback] pada setiap perilaku kerja, isi feedback dan pilih 👍 atau 👎, lalu"
          " klik OK."),
        _("Feedback rekan kerja tidak anonim dan diberikan sekali untuk seluruh SKP, bukan per "
          "periode."),
    )),
    "keberatan": Topik(_("Keberatan"), "", (
        _("Pegawai: klik [Ajukan Keberatan] pada periode Final sebelum batas keberatan, lalu tulis "
          "alasannya."),
        _("Pejabat penilai menulis penjelasan atas keberatan."),
        _("Atasan pejabat penilai memutuskan: menerima dengan predikat baru, atau menolak."),
    )),
    "progres": Topik(_("Progres Harian"), "", (
        _("Isi Tanggal, pilih RHK, tulis uraian kegiatan dan output (volume dan satuan), lalu "
          "simpan."),
        _("[Salin dari kemarin] menyalin entri hari kerja sebelumnya."),
        _("Entri dapat diubah atau dihapus sampai direview pejabat penilai."),
    )),
    "monitoring": Topik(_("Monitoring"), "", (
        _("Pilih unit, tahun dan periode; klik nama unit untuk turun satu tingkat."),
        _("Klik sebuah angka untuk melihat daftar pegawainya, lalu kirim pengingat."),
        _("Laporan disiapkan di latar belakang dengan penunjuk kemajuan; unduh setelah selesai."),
    )),
    "siasn": Topik(_("SIASN"), "", (
        _("Unggah daftar NIP (.xlsx atau .csv) atau sertakan semua pegawai, lalu klik [Mulai "
          "sinkron]."),
        _("Sinkron berjalan di latar belakang; halaman menunjukkan kemajuannya, lalu laporannya."),
        _("Bila SIASN gagal, sinkron terhenti dan dapat dilanjutkan dengan [Lanjutkan sinkron]."),
    )),
}

UMUM = Topik(_("e-Kinerja"), "1", (
    _("Menu di atas membuka [Daftar SKP], Penilaian, [Progres Harian], dan [Feedback Rekan "
      "Kerja]."),
    _("Notifikasi berisi pemberitahuan dan pengingat; Profil menunjukkan pejabat penilai Anda."),
    _("Setiap halaman memiliki panel Bantuan ini dengan langkah dari Buku Petunjuk e-Kinerja."),
))

# URL name -> topic; a namespace ("progres") covers all its pages.
HALAMAN: dict[str, str] = {
    "skp:daftar": "daftar_skp", "skp:tambah": "daftar_skp", "skp:edit": "daftar_skp",
    "skp:detail": "skp_detail", "skp:bawahan": "skp_bawahan",
    "matriks": "matriks",
    "penilaian:index": "penilaian", "penilaian:skp": "penilaian",
    "penilaian:eviden": "eviden",
    "penilaian:bawahan": "penilaian_bawahan", "penilaian:nilai": "penilaian_bawahan",
    "penilaian:kurva": "kurva", "penilaian:capaian": "kurva",
    "penilaian:rekan": "rekan", "penilaian:rekan_skp": "rekan",
    "penilaian:keberatan": "keberatan", "penilaian:keberatan_ajukan": "keberatan",
    "progres": "progres", "monitoring": "monitoring", "siasn": "siasn",
}


def untuk(view_name: str | None) -> Topik:
    """The topic of the page with this URL name (its namespace's, else UMUM)."""
    if not view_name:
        return UMUM
    kunci = HALAMAN.get(view_name) or HALAMAN.get(view_name.split(":", 1)[0])
    return TOPIK[kunci] if kunci else UMUM

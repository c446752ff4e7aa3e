"""The Riwayat labels of the SKP's own rows (registered in SkpConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ekinerja.riwayat_label import daftarkan

AKSI = {
    "skp.tambah": _("SKP dibuat"),
    "skp.ubah": _("Periode atau pendekatan diubah"),
    "skp.hapus": _("SKP dihapus"),
    "skp.muat_ulang_pegawai": _("Data pegawai dimuat ulang"),
    "skp.muat_ulang_penilai": _("Data pejabat penilai dimuat ulang"),
    "skp.ganti_penilai": _("Pejabat penilai diganti"),
    "skp.penilai_berubah": _("Pejabat penilai berubah menurut SIASN"),
    "skp.diajukan": _("SKP diajukan"),
    "skp.disetujui": _("SKP disetujui"),
    "skp.dikembalikan": _("SKP dikembalikan ke draft"),
    "rhk.tambah": _("RHK ditambahkan"),
    "rhk.ubah": _("RHK diubah"),
    "rhk.hapus": _("RHK dihapus"),
    "rhk.pindah": _("Urutan RHK diubah"),
    "indikator.tambah": _("Indikator ditambahkan"),
    "indikator.ubah": _("Indikator diubah"),
    "indikator.hapus": _("Indikator dihapus"),
    "indikator.pindah": _("Urutan indikator diubah"),
    "lampiran.tambah": _("Lampiran ditambahkan"),
    "lampiran.ubah": _("Lampiran diubah"),
    "lampiran.hapus": _("Lampiran dihapus"),
    "lampiran.pindah": _("Urutan lampiran diubah"),
    "ekspektasi.ubah": _("Ekspektasi khusus pimpinan diubah"),
}
KOLOM = {
    "status": _("Status"), "teks": _("Uraian"), "jenis": _("Jenis"), "klasifikasi": _("Klasifikasi"),
    "penugasan_dari": _("Penugasan dari"), "rhk_atasan": _("RHK atasan"), "aspek": _("Aspek"),
    "perspektif": _("Perspektif"), "target": _("Target"), "urutan": _("Urutan"),
    "periode_awal": _("Periode Awal"), "periode_akhir": _("Periode Akhir"),
    "pendekatan": _("Pendekatan"), "format": _("Format"), "perilaku": _("Perilaku"),
    "pejabat_penilai": _("Pejabat penilai"), "penilai": _("Pejabat penilai"),
    "atasan": _("Atasan pejabat penilai"), "indikator": _("Indikator"), "nama": _("Nama"),
    "jabatan": _("Jabatan"), "unit_kerja": _("Unit kerja"), "pangkat_golongan": _("Pangkat / Golru"),
}


def register() -> None:
    daftarkan(aksi=AKSI, kolom=KOLOM, tersembunyi={"id", "rhk"})

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatriksConfig(AppConfig):
    name = "matriks"

    def ready(self) -> None:
        # How the matrix's rows read in an SKP's Riwayat (ekinerja.riwayat_label).
        from ekinerja.riwayat_label import daftarkan

        daftarkan(
            aksi={
                "matriks.sinkronisasi": _("Sinkronisasi SKP Bawahan"),
                "matriks.tambah_pegawai": _("Pegawai ditambahkan ke matriks (Tambah Pegawai)"),
                "matriks.hapus_baris": _("Pegawai dihapus dari matriks"),
                "matriks.tambah_rhk_bawahan": _("RHK ditambahkan pada SKP bawahan melalui matriks"),
            },
            kolom={"skp_bawahan": _("SKP bawahan"), "pegawai": _("Pegawai"), "nip": _("NIP"),
                   "sumber": _("Sumber")},
        )

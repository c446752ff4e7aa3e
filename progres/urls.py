from __future__ import annotations

import datetime as dt

from django.urls import path, register_converter

from progres import views


class TanggalConverter:
    """YYYY-MM-DD in a URL <-> datetime.date (an impossible date is simply no match: a 404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


register_converter(TanggalConverter, "tgl")

app_name = "progres"
urlpatterns = [
    path("", views.index, name="index"),
    path("tambah/", views.tambah, name="tambah"),
    path("salin/", views.salin, name="salin"),
    path("<int:id>/<tgl:tanggal>/ubah/", views.ubah, name="ubah"),
    path("<int:id>/<tgl:tanggal>/hapus/", views.hapus, name="hapus"),
    path("<int:id>/<tgl:tanggal>/bukti/", views.bukti, name="bukti"),
    path("bulan/", views.bulan, name="bulan"),
    path("review/", views.review, name="review"),
    path("review/setujui/", views.review_setujui, name="review_setujui"),
    path("review/<int:id>/<tgl:tanggal>/kembalikan/", views.review_kembalikan,
         name="review_kembalikan"),
    path("bawahan/", views.bawahan, name="bawahan"),
    path("bawahan/<int:pegawai>/", views.bulan_bawahan, name="bulan_bawahan"),
    path("pengaturan/", views.pengaturan, name="pengaturan"),
    path("laporan/", views.laporan_unit, name="laporan_unit"),
]

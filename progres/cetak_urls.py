"""progres' printed document. No app_name: the root URLconf mounts this under /cetak/ inside the
shared "cetak" namespace (cetak:laporan_progres)."""

from __future__ import annotations

from django.urls import path

from progres import cetak_views

urlpatterns = [
    path("progres/<int:pegawai>/<int:tahun>-<int:bulan>/laporan.pdf", cetak_views.laporan_pdf,
         name="laporan_progres"),
]

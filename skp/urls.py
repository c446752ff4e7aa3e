from __future__ import annotations

from django.urls import URLPattern, path

from skp.views import bawahan, daftar, detail, identitas, rencana, workflow
from skp.views.rencana import INDIKATOR, LAMPIRAN, RHK, Butir


def _butir(butir: Butir, tambah: str) -> list[URLPattern]:
    """RHK, indikator and lampiran: one ordered-item view set (skp.views.rencana.Butir)."""
    item, kw = f"<int:pk>/{butir.kode}/<int:{butir.kwarg}>", {"butir": butir}
    return [
        path(f"<int:pk>/{tambah}", rencana.tambah, kw, name=f"{butir.kode}_tambah"),
        path(f"{item}/edit/", rencana.edit, kw, name=f"{butir.kode}_edit"),
        path(f"{item}/hapus/", rencana.hapus, kw, name=f"{butir.kode}_hapus"),
        path(f"{item}/pindah/<str:arah>/", rencana.move, kw, name=f"{butir.kode}_pindah"),
    ]


app_name = "skp"
urlpatterns = [
    path("", daftar.daftar, name="daftar"),
    path("tambah/", daftar.tambah, name="tambah"),
    path("bawahan/", bawahan.bawahan, name="bawahan"),
    path("bawahan/setujui/", bawahan.bawahan_setujui, name="bawahan_setujui"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/edit/", daftar.edit, name="edit"),
    path("<int:pk>/hapus/", daftar.hapus, name="hapus"),
    path("<int:pk>/ajukan/", workflow.ajukan, name="ajukan"),
    path("<int:pk>/status/", workflow.edit_status, name="edit_status"),
    path("<int:pk>/muat-ulang/<str:pihak>/", identitas.muat_ulang, name="muat_ulang"),
    path("<int:pk>/pejabat-penilai/", identitas.ganti_penilai, name="ganti_penilai"),
    path("<int:pk>/ekspektasi/<int:perilaku_pk>/", rencana.ekspektasi, name="ekspektasi"),
    *_butir(RHK, "rhk/tambah/"),
    *_butir(INDIKATOR, "rhk/<int:rhk_pk>/indikator/tambah/"),
    *_butir(LAMPIRAN, "lampiran/tambah/<str:jenis>/"),
]

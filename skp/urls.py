from __future__ import annotations

from django.urls import path

from skp.views import bawahan, daftar, detail, identitas, rencana, workflow
from skp.views.rencana import INDIKATOR, LAMPIRAN, RHK

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
    # RHK, indikator and lampiran: one ordered-item view set (skp.views.rencana.Butir).
    path("<int:pk>/rhk/tambah/", rencana.tambah, {"butir": RHK}, name="rhk_tambah"),
    path("<int:pk>/rhk/<int:rhk_pk>/edit/", rencana.edit, {"butir": RHK}, name="rhk_edit"),
    path("<int:pk>/rhk/<int:rhk_pk>/hapus/", rencana.hapus, {"butir": RHK}, name="rhk_hapus"),
    path("<int:pk>/rhk/<int:rhk_pk>/pindah/<str:arah>/", rencana.move, {"butir": RHK},
         name="rhk_pindah"),
    path("<int:pk>/rhk/<int:rhk_pk>/indikator/tambah/", rencana.tambah, {"butir": INDIKATOR},
         name="indikator_tambah"),
    path("<int:pk>/indikator/<int:ind_pk>/edit/", rencana.edit, {"butir": INDIKATOR},
         name="indikator_edit"),
    path("<int:pk>/indikator/<int:ind_pk>/hapus/", rencana.hapus, {"butir": INDIKATOR},
         name="indikator_hapus"),
    path("<int:pk>/indikator/<int:ind_pk>/pindah/<str:arah>/", rencana.move,
         {"butir": INDIKATOR}, name="indikator_pindah"),
    path("<int:pk>/lampiran/tambah/<str:jenis>/", rencana.tambah, {"butir": LAMPIRAN},
         name="lampiran_tambah"),
    path("<int:pk>/lampiran/<int:item_pk>/edit/", rencana.edit, {"butir": LAMPIRAN},
         name="lampiran_edit"),
    path("<int:pk>/lampiran/<int:item_pk>/hapus/", rencana.hapus, {"butir": LAMPIRAN},
         name="lampiran_hapus"),
    path("<int:pk>/lampiran/<int:item_pk>/pindah/<str:arah>/", rencana.move,
         {"butir": LAMPIRAN}, name="lampiran_pindah"),
]

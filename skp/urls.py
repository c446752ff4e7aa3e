from __future__ import annotations

from django.urls import path

from skp import views

app_name = "skp"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("tambah/", views.tambah, name="tambah"),
    path("bawahan/", views.bawahan, name="bawahan"),
    path("bawahan/setujui/", views.bawahan_setujui, name="bawahan_setujui"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/hapus/", views.hapus, name="hapus"),
    path("<int:pk>/ajukan/", views.ajukan, name="ajukan"),
    path("<int:pk>/status/", views.edit_status, name="edit_status"),
    path("<int:pk>/muat-ulang/<str:pihak>/", views.muat_ulang, name="muat_ulang"),
    path("<int:pk>/pejabat-penilai/", views.ganti_penilai, name="ganti_penilai"),
    path("<int:pk>/rhk/tambah/", views.rhk_tambah, name="rhk_tambah"),
    path("<int:pk>/rhk/<int:rhk_pk>/edit/", views.rhk_edit, name="rhk_edit"),
    path("<int:pk>/rhk/<int:rhk_pk>/hapus/", views.rhk_hapus, name="rhk_hapus"),
    path("<int:pk>/rhk/<int:rhk_pk>/pindah/<str:arah>/", views.rhk_pindah, name="rhk_pindah"),
    path(
        "<int:pk>/rhk/<int:rhk_pk>/indikator/tambah/",
        views.indikator_tambah,
        name="indikator_tambah",
    ),
    path("<int:pk>/indikator/<int:ind_pk>/edit/", views.indikator_edit, name="indikator_edit"),
    path("<int:pk>/indikator/<int:ind_pk>/hapus/", views.indikator_hapus, name="indikator_hapus"),
    path(
        "<int:pk>/indikator/<int:ind_pk>/pindah/<str:arah>/",
        views.indikator_pindah,
        name="indikator_pindah",
    ),
    path("<int:pk>/ekspektasi/<int:perilaku_pk>/", views.ekspektasi, name="ekspektasi"),
    path("<int:pk>/lampiran/tambah/<str:jenis>/", views.lampiran_tambah, name="lampiran_tambah"),
    path("<int:pk>/lampiran/<int:item_pk>/edit/", views.lampiran_edit, name="lampiran_edit"),
    path("<int:pk>/lampiran/<int:item_pk>/hapus/", views.lampiran_hapus, name="lampiran_hapus"),
    path(
        "<int:pk>/lampiran/<int:item_pk>/pindah/<str:arah>/",
        views.lampiran_pindah,
        name="lampiran_pindah",
    ),
]

from __future__ import annotations

from django.urls import path

from matriks import views

app_name = "matriks"
urlpatterns = [
    path("<int:pk>/", views.matriks, name="skp"),
    path("<int:pk>/sinkronisasi/", views.sinkronisasi, name="sinkronisasi"),
    path("<int:pk>/tambah-pegawai/", views.tambah_pegawai, name="tambah_pegawai"),
    path("<int:pk>/baris/<int:baris_pk>/hapus/", views.hapus_baris, name="hapus_baris"),
    path("<int:pk>/baris/<int:baris_pk>/skp/", views.lihat_skp, name="lihat_skp"),
    path(
        "<int:pk>/baris/<int:baris_pk>/rhk/<int:rhk_pk>/tambah/",
        views.tambah_rhk,
        name="tambah_rhk",
    ),
]

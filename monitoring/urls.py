from __future__ import annotations

from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.pengisian, name="pengisian"),
    path("pegawai/", views.pegawai, name="pegawai"),
    path("pengingat/", views.pengingat_list, name="pengingat"),
    path("pengingat/kirim/", views.pengingat_kirim, name="pengingat_kirim"),
    path("kurva/", views.kurva, name="kurva"),
    path("laporan/", views.laporan, name="laporan"),
    path("laporan/<int:pk>/", views.laporan_status, name="laporan_status"),
    path("laporan/<int:pk>/unduh/", views.laporan_unduh, name="laporan_unduh"),
    path("periode/", views.periode, name="periode"),
    path("periode/<int:pk>/perpanjang/", views.perpanjang, name="perpanjang"),
]

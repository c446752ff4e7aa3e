from __future__ import annotations

from django.urls import path

from penilaian import progres, views

app_name = "penilaian"
urlpatterns = [
    path("", views.index, name="index"),
    path("skp/<int:pk>/", views.skp_view, name="skp"),
    path("skp/<int:pk>/periode/<int:periode>/eviden/", views.eviden, name="eviden"),
    path("eviden/tambah/<int:indikator>/<int:periode>/", views.eviden_tambah,
         name="eviden_tambah"),
    path("eviden/kolom/<int:indikator>/<int:periode>/", views.eviden_kolom,
         name="eviden_kolom"),
    path("eviden/<int:pk>/ubah/", views.eviden_ubah, name="eviden_ubah"),
    path("eviden/<int:pk>/hapus/", views.eviden_hapus, name="eviden_hapus"),
    path("realisasi/<int:indikator>/<int:periode>/", views.realisasi, name="realisasi"),
    path("realisasi/<int:indikator>/<int:periode>/saran/", progres.realisasi_saran,
         name="realisasi_saran"),
    path("eviden/progres/<int:indikator>/<int:periode>/", progres.eviden_progres,
         name="eviden_progres"),
    path("rencana-aksi/<int:rhk>/<int:periode>/", views.rencana_aksi, name="rencana_aksi"),
    path("rencana-aksi/<int:pk>/hapus/", views.rencana_aksi_hapus, name="rencana_aksi_hapus"),
    path("periode/<int:periode>/bawahan/", views.bawahan, name="bawahan"),
    path("periode/<int:periode>/kurva/", views.kurva, name="kurva"),
    path("periode/<int:periode>/capaian/", views.capaian, name="capaian"),
    path("skp/<int:pk>/periode/<int:periode>/nilai/", views.nilai, name="nilai"),
    path("skp/<int:pk>/periode/<int:periode>/rating/<str:jenis>/", views.rating, name="rating"),
    path("skp/<int:pk>/periode/<int:periode>/distribusi/", views.distribusi,
         name="distribusi"),
    path("skp/<int:pk>/periode/<int:periode>/predikat/", views.predikat, name="predikat"),
    path("skp/<int:pk>/periode/<int:periode>/feedback/<int:indikator>/",
         views.feedback_indikator, name="feedback_indikator"),
    path("skp/<int:pk>/periode/<int:periode>/perilaku/<int:perilaku>/",
         views.feedback_perilaku, name="feedback_perilaku"),
    path("skp/<int:pk>/periode/<int:periode>/keberatan/", views.keberatan_ajukan,
         name="keberatan_ajukan"),
    path("keberatan/<int:pk>/", views.keberatan, name="keberatan"),
    path("rekan/", views.rekan, name="rekan"),
    path("rekan/skp/<int:pk>/", views.rekan_skp, name="rekan_skp"),
    path("umpan-balik/<int:pk>/ubah/", views.umpan_balik_ubah, name="umpan_balik_ubah"),
    path("umpan-balik/<int:pk>/hapus/", views.umpan_balik_hapus, name="umpan_balik_hapus"),
    path("periode/", views.periode_list, name="periode"),
    path("periode/<int:pk>/ubah/", views.periode_ubah, name="periode_ubah"),
]

from __future__ import annotations

from django.urls import path

from penilaian.views import bawahan, daftar, eviden, keberatan, nilai, periode, progres, rekan

app_name = "penilaian"
urlpatterns = [
    path("", daftar.index, name="index"),
    path("skp/<int:pk>/", daftar.skp_view, name="skp"),
    path("skp/<int:pk>/periode/<int:periode>/eviden/", eviden.eviden, name="eviden"),
    path("eviden/tambah/<int:indikator>/<int:periode>/", eviden.eviden_tambah,
         name="eviden_tambah"),
    path("eviden/kolom/<int:indikator>/<int:periode>/", eviden.eviden_kolom,
         name="eviden_kolom"),
    path("eviden/<int:pk>/ubah/", eviden.eviden_ubah, name="eviden_ubah"),
    path("eviden/<int:pk>/hapus/", eviden.eviden_hapus, name="eviden_hapus"),
    path("realisasi/<int:indikator>/<int:periode>/", eviden.realisasi, name="realisasi"),
    path("realisasi/<int:indikator>/<int:periode>/saran/", progres.realisasi_saran,
         name="realisasi_saran"),
    path("eviden/progres/<int:indikator>/<int:periode>/", progres.eviden_progres,
         name="eviden_progres"),
    path("rencana-aksi/<int:rhk>/<int:periode>/", eviden.rencana_aksi, name="rencana_aksi"),
    path("rencana-aksi/<int:pk>/hapus/", eviden.rencana_aksi_hapus, name="rencana_aksi_hapus"),
    path("periode/<int:periode>/bawahan/", bawahan.bawahan, name="bawahan"),
    path("periode/<int:periode>/kurva/", bawahan.kurva, name="kurva"),
    path("periode/<int:periode>/capaian/", bawahan.capaian, name="capaian"),
    path("skp/<int:pk>/periode/<int:periode>/nilai/", nilai.nilai, name="nilai"),
    path("skp/<int:pk>/periode/<int:periode>/rating/<str:jenis>/", nilai.rating, name="rating"),
    path("skp/<int:pk>/periode/<int:periode>/distribusi/", nilai.distribusi,
         name="distribusi"),
    path("skp/<int:pk>/periode/<int:periode>/predikat/", nilai.predikat, name="predikat"),
    path("skp/<int:pk>/periode/<int:periode>/feedback/<int:indikator>/",
         nilai.feedback_indikator, name="feedback_indikator"),
    path("skp/<int:pk>/periode/<int:periode>/perilaku/<int:perilaku>/",
         nilai.feedback_perilaku, name="feedback_perilaku"),
    path("skp/<int:pk>/periode/<int:periode>/keberatan/", keberatan.keberatan_ajukan,
         name="keberatan_ajukan"),
    path("keberatan/<int:pk>/", keberatan.keberatan, name="keberatan"),
    path("rekan/", rekan.rekan, name="rekan"),
    path("rekan/skp/<int:pk>/", rekan.rekan_skp, name="rekan_skp"),
    path("umpan-balik/<int:pk>/ubah/", rekan.umpan_balik_ubah, name="umpan_balik_ubah"),
    path("umpan-balik/<int:pk>/hapus/", rekan.umpan_balik_hapus, name="umpan_balik_hapus"),
    path("periode/", periode.periode_list, name="periode"),
    path("periode/<int:pk>/ubah/", periode.periode_ubah, name="periode_ubah"),
]

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from ekinerja import bahasa, cetak_views, sinkron_views, views
from penilaian import cetak_views as penilaian_cetak
from penilaian import siasn_views
from progres import cetak_views as progres_cetak
from skp import cetak_views as skp_cetak

# Cetak (issue 7): the printed documents of every app under one namespace. The project URLconf
# is the one ekinerja module that may name the domain apps.
cetak_urlpatterns = [
    path("skp/<int:pk>/skp.pdf", skp_cetak.skp_pdf, name="skp"),
    path("skp/<int:pk>/lampiran.pdf", skp_cetak.lampiran_pdf, name="lampiran"),
    path("skp/<int:pk>/periode/<int:periode>/umpan-balik.pdf", penilaian_cetak.umpan_balik_pdf,
         name="umpan_balik"),
    path("skp/<int:pk>/periode/<int:periode>/evaluasi-kinerja.pdf", penilaian_cetak.evaluasi_pdf,
         name="evaluasi"),
    path("skp/<int:pk>/periode/<int:periode>/dokumen-evaluasi.pdf",
         penilaian_cetak.dokumen_evaluasi_pdf, name="dokumen_evaluasi"),
    path("progres/<int:pegawai>/<int:tahun>-<int:bulan>/laporan.pdf",
         progres_cetak.laporan_pdf, name="laporan_progres"),
    path("bawahan/", skp_cetak.bundel, name="bundel"),
    path("bawahan/<int:pk>/", skp_cetak.bundel_status, name="bundel_status"),
    path("bawahan/<int:pk>/unduh/", skp_cetak.bundel_unduh, name="bundel_unduh"),
    path("verifikasi/", cetak_views.verifikasi, name="verifikasi"),
    path("verifikasi/<str:kode>/", cetak_views.verifikasi, name="verifikasi_kode"),
]

# SIASN both ways (issue 14): the sync in (ekinerja) and the results out (penilaian).
siasn_urlpatterns = [
    path("sinkron/", sinkron_views.daftar, name="sinkron"),
    path("sinkron/<int:pk>/", sinkron_views.laporan, name="sinkron_laporan"),
    path("sinkron/<int:pk>/lanjutkan/", sinkron_views.lanjutkan, name="sinkron_lanjutkan"),
    path("sinkron/<int:pk>/batalkan/", sinkron_views.batalkan, name="sinkron_batalkan"),
    path("hasil/", siasn_views.hasil, name="hasil"),
    path("hasil/periksa/", siasn_views.periksa, name="hasil_periksa"),
    path("hasil/kirim-ulang/", siasn_views.kirim_ulang, name="hasil_kirim_ulang"),
]

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("sesi/perpanjang/", views.sesi_perpanjang, name="sesi_perpanjang"),
    path("profil/", views.profil_view, name="profil"),
    path("profil/akses-data/", views.akses_data_view, name="akses_data"),
    path("profil/pengingat/", views.profil_pengingat, name="profil_pengingat"),
    path("bahasa/", bahasa.ganti_bahasa, name="ganti_bahasa"),
    path("notifikasi/", views.notifikasi_list, name="notifikasi"),
    path("notifikasi/<int:pk>/buka/", views.notifikasi_buka, name="notifikasi_buka"),
    path("notifikasi/baca-semua/", views.notifikasi_baca_semua, name="notifikasi_baca_semua"),
    path("", RedirectView.as_view(pattern_name="skp:daftar"), name="home"),
    path("admin/", admin.site.urls),
    path("cetak/", include((cetak_urlpatterns, "cetak"))),
    path("siasn/", include((siasn_urlpatterns, "siasn"))),
    path("skp/", include("skp.urls")),
    path("matriks/", include("matriks.urls")),
    path("penilaian/", include("penilaian.urls")),
    path("progres/", include("progres.urls")),
    path("monitoring/", include("monitoring.urls")),
]

# Friendly Indonesian error pages that need no database (ekinerja/errors.py).
handler400 = "ekinerja.errors.bad_request"
handler403 = "ekinerja.errors.permission_denied"
handler404 = "ekinerja.errors.page_not_found"
handler500 = "ekinerja.errors.server_error"

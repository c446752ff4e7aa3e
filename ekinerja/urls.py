from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from ekinerja import bahasa, cetak_views, sinkron_views, views

# The root URLconf names the domain apps only by dotted path (ekinerja imports none of them).
# Cetak and SIASN are one namespace each that several apps fill: each app owns its patterns in
# <app>/cetak_urls.py (siasn_urls.py), included here without a namespace of their own.
cetak_urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("skp.cetak_urls")),
    path("", include("penilaian.cetak_urls")),
    path("", include("progres.cetak_urls")),
    path("verifikasi/", cetak_views.verifikasi, name="verifikasi"),
    path("verifikasi/<str:kode>/", cetak_views.verifikasi, name="verifikasi_kode"),
]

# SIASN both ways (issue 14): the sync in (ekinerja) and the results out (penilaian).
siasn_urlpatterns: list[URLPattern | URLResolver] = [
    path("sinkron/", sinkron_views.daftar, name="sinkron"),
    path("sinkron/<int:pk>/", sinkron_views.laporan, name="sinkron_laporan"),
    path("sinkron/<int:pk>/lanjutkan/", sinkron_views.lanjutkan, name="sinkron_lanjutkan"),
    path("sinkron/<int:pk>/batalkan/", sinkron_views.batalkan, name="sinkron_batalkan"),
    path("", include("penilaian.siasn_urls")),
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
    path("", views.beranda, name="home"),
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

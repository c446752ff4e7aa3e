from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from ekinerja import views
from ekinerja.cetak_views import urlpatterns as cetak_urlpatterns

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("profil/", views.profil_view, name="profil"),
    path("notifikasi/", views.notifikasi_list, name="notifikasi"),
    path("notifikasi/<int:pk>/buka/", views.notifikasi_buka, name="notifikasi_buka"),
    path("notifikasi/baca-semua/", views.notifikasi_baca_semua, name="notifikasi_baca_semua"),
    path("", RedirectView.as_view(pattern_name="skp:daftar"), name="home"),
    path("admin/", admin.site.urls),
    path("cetak/", include((cetak_urlpatterns, "cetak"))),
    path("skp/", include("skp.urls")),
    path("matriks/", include("matriks.urls")),
    path("penilaian/", include("penilaian.urls")),
]

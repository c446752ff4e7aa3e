"""The results sent to SIASN. No app_name: the root URLconf mounts this under /siasn/ inside the
shared "siasn" namespace (siasn:hasil...), beside ekinerja's own sync pages."""

from __future__ import annotations

from django.urls import path

from penilaian import siasn_views

urlpatterns = [
    path("hasil/", siasn_views.hasil, name="hasil"),
    path("hasil/periksa/", siasn_views.periksa, name="hasil_periksa"),
    path("hasil/kirim-ulang/", siasn_views.kirim_ulang, name="hasil_kirim_ulang"),
]

"""skp's printed documents. No app_name: the root URLconf mounts this under /cetak/ inside the
shared "cetak" namespace (cetak:skp, cetak:lampiran, cetak:bundel...)."""

from __future__ import annotations

from django.urls import path

from skp import cetak_views

urlpatterns = [
    path("skp/<int:pk>/skp.pdf", cetak_views.skp_pdf, name="skp"),
    path("skp/<int:pk>/lampiran.pdf", cetak_views.lampiran_pdf, name="lampiran"),
    path("bawahan/", cetak_views.bundel, name="bundel"),
    path("bawahan/<int:pk>/", cetak_views.bundel_status, name="bundel_status"),
    path("bawahan/<int:pk>/unduh/", cetak_views.bundel_unduh, name="bundel_unduh"),
]

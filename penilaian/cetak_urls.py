"""penilaian's printed documents. No app_name: the root URLconf mounts this under /cetak/ inside
the shared "cetak" namespace (cetak:umpan_balik, cetak:evaluasi, cetak:dokumen_evaluasi)."""

from __future__ import annotations

from django.urls import path

from penilaian import cetak_views

urlpatterns = [
    path("skp/<int:pk>/periode/<int:periode>/umpan-balik.pdf", cetak_views.umpan_balik_pdf,
         name="umpan_balik"),
    path("skp/<int:pk>/periode/<int:periode>/evaluasi-kinerja.pdf", cetak_views.evaluasi_pdf,
         name="evaluasi"),
    path("skp/<int:pk>/periode/<int:periode>/dokumen-evaluasi.pdf",
         cetak_views.dokumen_evaluasi_pdf, name="dokumen_evaluasi"),
]

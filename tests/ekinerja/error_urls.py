"""The project's URLs plus views that fail on purpose (tests of the error pages)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from ekinerja.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


class Meledak(RuntimeError):
    pass


@login_not_required
def meledak(request):
    raise Meledak("uji: sebuah kesalahan yang tidak tertangani")


@login_not_required
def database_mati(request):
    raise OperationalError("server closed the connection unexpectedly")


@login_not_required
def dilarang(request):
    raise PermissionDenied("Hanya pemilik SKP yang dapat mengubah rencana kinerja.")


urlpatterns = [
    path("uji/meledak/", meledak),
    path("uji/database-mati/", database_mati),
    path("uji/dilarang/", dilarang),
    *urlpatterns,
]

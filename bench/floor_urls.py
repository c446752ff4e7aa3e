"""The project's URLs plus the framework floor for bench/run.py: a view that returns a constant
through the same middleware (sessions, authentication, CSP, view log...)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ekinerja.urls import urlpatterns as project


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<html><body>ok</body></html>")


urlpatterns = [path("bench-floor/", floor), *project]

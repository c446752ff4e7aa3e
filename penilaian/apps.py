from __future__ import annotations

from django.apps import AppConfig


class PenilaianConfig(AppConfig):
    name = "penilaian"

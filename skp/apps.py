from __future__ import annotations

from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "skp"

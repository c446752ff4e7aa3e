from __future__ import annotations

from django.apps import AppConfig


class MatriksConfig(AppConfig):
    name = "matriks"

from __future__ import annotations

app_name = "penilaian"
urlpatterns: list = []

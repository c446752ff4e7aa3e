from __future__ import annotations

app_name = "skp"
urlpatterns: list = []

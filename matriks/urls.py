from __future__ import annotations

app_name = "matriks"
urlpatterns: list = []

"""A double-clicked Sinkron SIASN starts one sync, and the second click lands on its report
instead of "a sync is still unfinished" (issue 10, item 3; ekinerja/formulir.py)."""

from __future__ import annotations

from django.urls import reverse

from ekinerja.formulir import FIELD
from ekinerja.models import Sinkron
from tests.race import token_in


def test_a_double_clicked_sync_starts_one(client, org, instansi):
    client.force_login(org.admin)
    token = token_in(client.get(reverse("siasn:sinkron")).content.decode())
    first, second = (client.post(reverse("siasn:sinkron"), {"semua": "on", FIELD: token})
                     for _ in range(2))
    job = Sinkron.objects.get()
    assert first["Location"] == second["Location"] == reverse("siasn:sinkron_laporan",
                                                              args=[job.pk])
    page = client.get(second["Location"]).content.decode()
    assert "Formulir ini sudah dikirim; data tidak disimpan dua kali." in page

"""Requests for background work take effect once (issue 10, item 3): a double-clicked bundel
request, report request or SIASN sync starts one job, and the second click lands on the first
job's page (ekinerja/formulir.py)."""

from __future__ import annotations

from django.urls import reverse

from ekinerja.formulir import FIELD
from ekinerja.models_dokumen import BundelCetak
from tests.race import token_in
from tests.skp.conftest import make_skp


def test_a_double_clicked_bundel_request_starts_one_job(client, org):
    make_skp(org.pegawai)  # the direktur rates it: a year to choose
    client.force_login(org.direktur)
    token = token_in(client.get(reverse("cetak:bundel")).content.decode())
    first, second = (client.post(reverse("cetak:bundel"), {"tahun": "2025", FIELD: token})
                     for _ in range(2))
    bundel = BundelCetak.objects.get()
    assert first["Location"] == second["Location"] == reverse("cetak:bundel_status",
                                                              args=[bundel.pk])

"""A double-clicked report request builds one report; the second click lands on the first
request's page (issue 10, item 3; ekinerja/formulir.py)."""

from __future__ import annotations

from django.urls import reverse

from ekinerja.formulir import FIELD
from monitoring.models import Laporan
from tests.race import token_in


def test_a_double_clicked_laporan_request_builds_one_report(client, org, juni):
    client.force_login(org.admin)
    token = token_in(client.get(reverse("monitoring:laporan")).content.decode())
    payload = {"jenis": "penilaian", "format": "xlsx", "tahun": "2025", "unit": "",
               "periode": str(juni.pk), "jenis_pegawai": "", "kelas_jabatan": "", FIELD: token}
    first, second = (client.post(reverse("monitoring:laporan"), payload) for _ in range(2))
    lap = Laporan.objects.get()
    assert first["Location"] == second["Location"] == reverse("monitoring:laporan_status",
                                                              args=[lap.pk])

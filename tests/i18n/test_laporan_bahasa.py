"""A monitoring report (built by a background task) has its headings in the requester's language."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from ekinerja.models import Pegawai
from monitoring.models import Laporan
from tests.monitoring.conftest import _now, berakhlak, juni  # noqa: F401 (fixtures)


def test_an_english_requester_gets_english_headings(client, org, juni, django_capture_on_commit_callbacks):  # noqa: F811
    Pegawai.objects.filter(pk=org.admin.pk).update(bahasa="en")
    client.force_login(Pegawai.objects.get(pk=org.admin.pk))
    payload = {"jenis": "penilaian", "format": "xlsx", "tahun": "2025", "unit": "",
               "periode": str(juni.pk), "jenis_pegawai": "", "kelas_jabatan": ""}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("monitoring:laporan"), payload).status_code == 302
    lap = Laporan.objects.get()
    berkas = client.get(reverse("monitoring:laporan_unduh", args=[lap.pk])).content
    ws = load_workbook(io.BytesIO(berkas)).active
    assert ws["A1"].value == "SKP Assessment Report, Period 16 Juni - 15 Juli, 2025"
    assert ws["A2"].value == "Agency Badan Uji"
    assert ws["A3"].value == "Work Unit: the whole agency"
    assert ws["A4"].value == "Filter: all employees"
    assert ws["A6"].value.startswith("Data as of ")

"""Laporan SKP and Laporan Penilaian SKP: requested on a page, built by the task worker (the
Immediate backend here), downloaded by the requester only; the files are opened and read."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.laporan import csv_text
from monitoring.models import Laporan
from penilaian.models import PeriodePenilaian
from tests.monitoring.conftest import approved_skp, make_skp, rate

HX = {"HX-Request": "true"}


@pytest.fixture
def data(org, juni, bagian):
    _unit, _kabag, staf = bagian
    rate(approved_skp(org.pegawai), juni, "ATAS", "ATAS")  # Sangat Baik
    approved_skp(org.rekan)  # not rated: "-"
    make_skp(org.direktur, year=2025)  # a draft
    approved_skp(staf[0])
    return staf


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """POST the report form; the task is enqueued after the commit and runs at once."""

    def post(**fields):
        payload = {"jenis": "penilaian", "format": "xlsx", "tahun": "2025", "unit": "",
                   "jenis_pegawai": "", "kelas_jabatan": "", **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("monitoring:laporan"), payload)

    return post


def download(client, lap):
    response = client.get(reverse("monitoring:laporan_unduh", args=[lap.pk]))
    assert response.status_code == 200
    assert f'filename="{lap.nama_berkas}"' in response["Content-Disposition"]
    return response.content


def test_laporan_penilaian_xlsx_has_the_bkn_layout_and_nip_as_text(client, ask, org, juni, data):
    client.force_login(org.admin)
    response = ask(periode=str(juni.pk))
    lap = Laporan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:laporan_status", args=[lap.pk])
    status = client.get(response["Location"]).content.decode()
    assert "Selesai" in status and reverse("monitoring:laporan_unduh", args=[lap.pk]) in status
    assert lap.nama_berkas == "Laporan-Penilaian-SKP-2025-0616-0715.xlsx"
    ws = load_workbook(io.BytesIO(download(client, lap))).active
    assert ws["A1"].value == "Laporan Penilaian SKP Periode 16 Juni - 15 Juli Tahun 2025"
    assert ws["A2"].value == "Instansi Badan Uji"
    assert ws["A3"].value == "Unit Kerja: seluruh instansi"
    assert ws["A6"].value.startswith("Data per 1 Juli 2025 ")
    header = [c.value for c in ws[8]]
    assert header[:3] == ["id", "nip", "nama"] and header[-1] == "hasil_akhir"
    rows = {r[2]: r for r in ws.iter_rows(min_row=9, values_only=True)}
    assert set(rows) == {"PEGAWAI UJI", "REKAN UJI", "STAF BAGIAN 0"}  # approved SKPs only
    assert rows["PEGAWAI UJI"][-1] == "Sangat Baik" and rows["REKAN UJI"][-1] == "-"
    assert rows["PEGAWAI UJI"][-3:-1] == ("DIATAS EKSPEKTASI", "DIATAS EKSPEKTASI")
    assert rows["PEGAWAI UJI"][6] == org.direktur.nip  # nip_pejabat_penilai
    nip_cell = next(r[1] for r in ws.iter_rows(min_row=9) if r[2].value == "PEGAWAI UJI")
    assert nip_cell.value == org.pegawai.nip and nip_cell.data_type == "s"
    assert nip_cell.number_format == "@"


def test_laporan_skp_csv_lists_every_skp_and_who_has_none(client, ask, org, juni, data):
    client.force_login(org.admin)
    ask(jenis="skp", format="csv")
    lap = Laporan.objects.get()
    assert lap.status == "selesai" and lap.jumlah == 9  # 9 people; one SKP each at most
    rows = csv_text(download(client, lap))
    assert rows[0][:3] == ["id", "nip", "nama"] and "skp_status" in rows[0]
    status = {r[2]: r[rows[0].index("skp_status")] for r in rows[1:]}
    assert status["PEGAWAI UJI"] == "persetujuan" and status["DIREKTUR UJI"] == "draft"
    assert status["ADMIN UJI"] == "belum ada SKP"
    nips = {r[2]: r[1] for r in rows[1:]}
    assert nips["PEGAWAI UJI"] == org.pegawai.nip  # 18 digits, as text
    assert "ORANG LUAR" not in status


def test_the_annual_report_is_the_final_period(client, ask, org, juni, data):
    final = PeriodePenilaian.objects.get(instansi=org.badan.instansi, nama="Final",
                                         awal__year=2025)
    skp = org.pegawai.skp_set.get()
    rate(skp, final, "SESUAI", "SESUAI")
    client.force_login(org.admin)
    ask(periode=str(final.pk))
    lap = Laporan.objects.get()
    wb = load_workbook(io.BytesIO(download(client, lap)))
    assert wb.sheetnames == ["tahunan"]
    ws = wb.active
    assert ws["A1"].value == "Laporan Penilaian SKP Tahunan Tahun 2025"
    rows = {r[2]: r for r in ws.iter_rows(min_row=9, values_only=True)}
    assert rows["PEGAWAI UJI"][5] == "Tahunan" and rows["PEGAWAI UJI"][-1] == "Baik"


def test_a_head_of_unit_reports_their_subtree_only(client, ask, org, juni, data):
    client.force_login(org.direktur)
    form = client.get(reverse("monitoring:laporan")).content.decode()
    assert "Seluruh instansi" not in form
    ask(jenis="skp", format="csv", unit=str(org.direktorat.pk))
    names = {r[2] for r in csv_text(download(client, Laporan.objects.get()))[1:]}
    assert names == {"DIREKTUR UJI", "PEGAWAI UJI", "REKAN UJI", "ADMIN UJI", "KABAG UJI",
                     "STAF BAGIAN 0", "STAF BAGIAN 1"}
    response = ask(jenis="skp", format="csv", unit=str(org.deputi_unit.pk))
    assert response.status_code == 404 and Laporan.objects.count() == 1  # outside the scope


def test_filters_narrow_the_rows(client, ask, org, juni, data):
    client.force_login(org.admin)
    ask(jenis="skp", format="csv", jenis_pegawai="PPPK")
    names = {r[2] for r in csv_text(download(client, Laporan.objects.get()))[1:]}
    assert names == {"STAF BAGIAN 1"}


def test_a_penilaian_report_needs_a_period_and_says_so_by_the_field(client, ask, org, data):
    client.force_login(org.admin)
    response = ask(periode="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pilih periode penilaian untuk Laporan Penilaian SKP." in html
    assert not Laporan.objects.exists()


def test_progress_while_waiting_and_the_htmx_fragment(client, ask, org):
    lap = Laporan.objects.create(peminta=org.admin, jenis="skp", format="xlsx",
                                 instansi=org.badan.instansi, tahun=2025, jumlah=200, selesai=50)
    client.force_login(org.admin)
    url = reverse("monitoring:laporan_status", args=[lap.pk])
    html = client.get(url).content.decode()
    assert '<progress max="100" value="25">' in html and 'hx-trigger="every 2s"' in html
    assert "50 dari 200 baris" in html
    part = client.get(url, headers=HX).content.decode()
    assert "<html" not in part and 'id="progres"' in part
    response = client.get(reverse("monitoring:laporan_unduh", args=[lap.pk]), follow=True)
    assert "Berkas laporan belum siap." in response.content.decode()


def test_a_requester_who_lost_the_role_gets_no_file(org, juni, data):
    from monitoring.tasks import buat_laporan

    lap = Laporan.objects.create(peminta=org.direktur, jenis="skp", format="csv",
                                 instansi=org.badan.instansi, tahun=2025, unit=org.direktorat)
    org.direktorat.kepala = None
    org.direktorat.save(update_fields=["kepala"])
    with pytest.raises(PermissionError):
        buat_laporan.call(lap.pk)
    lap.refresh_from_db()
    assert lap.status == "gagal" and lap.berkas is None

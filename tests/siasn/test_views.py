"""The SIASN pages: who may open them, the upload form's messages, progress and report, the
results page, and the statuses on the Penilaian SKP page. Query counts stay flat."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ekinerja import sinkron
from ekinerja.models import Instansi, Sinkron, SinkronItem
from ekinerja.siasn_simulator import buat_data
from penilaian.models import HasilSiasn, Penilaian
from skp.models import Skp
from tests.penilaian.conftest import approved_skp, periode_of

pytestmark = pytest.mark.django_db


def xlsx(nips):
    wb = Workbook()
    wb.active.append(["NIP"])
    for nip in nips:
        wb.active.append([nip])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("daftar.xlsx", buffer.getvalue())


PAGES = [
    ("GET", "siasn:sinkron", False),
    ("GET", "siasn:sinkron_laporan", True),
    ("POST", "siasn:sinkron_lanjutkan", True),
    ("POST", "siasn:sinkron_batalkan", True),
    ("GET", "siasn:hasil", False),
    ("POST", "siasn:hasil_periksa", False),
    ("POST", "siasn:hasil_kirim_ulang", False),
]


@pytest.mark.parametrize(("method", "name", "needs_job"), PAGES)
def test_only_admins_open_the_siasn_pages(client, org, instansi, method, name, needs_job):
    job = sinkron.mulai_sinkron(instansi=instansi, aktor=org.admin, nips=[org.pegawai.nip])
    url = reverse(name, args=[job.pk] if needs_job else [])
    assert client.generic(method, url).status_code == 302  # anonymous: to the login page
    for outsider in (org.pegawai, org.direktur):
        client.force_login(outsider)
        assert client.generic(method, url).status_code == 404
    wrong = "DELETE" if name == "siasn:sinkron" else ("POST" if method == "GET" else "GET")
    client.force_login(org.admin)
    assert client.generic(wrong, url).status_code == 405


def test_an_admin_of_another_instansi_cannot_see_this_sync(client, org, instansi):
    job = sinkron.mulai_sinkron(instansi=instansi, aktor=org.admin, nips=[org.pegawai.nip])
    other = org.outsider
    other.is_admin_instansi = True
    other.save(update_fields=["is_admin_instansi"])
    client.force_login(other)
    assert client.get(reverse("siasn:sinkron_laporan", args=[job.pk])).status_code == 404
    assert client.post(reverse("siasn:sinkron_batalkan", args=[job.pk])).status_code == 404
    assert "Badan Uji" not in client.get(reverse("siasn:sinkron")).content.decode()


def test_the_admin_uploads_a_nip_list_and_the_sync_runs(client, org, instansi, sim,
                                                       django_capture_on_commit_callbacks):
    client.force_login(org.admin)
    nips = list(sim.data.orang)[:10]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("siasn:sinkron"), {"berkas": xlsx(nips), "semua": ""})
    job = Sinkron.objects.get()
    assert response["Location"] == reverse("siasn:sinkron_laporan", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.jumlah, job.diproses, job.diminta_oleh) == (
        Sinkron.Status.SELESAI, 10, 10, org.admin)
    html = client.get(response["Location"]).content.decode()
    assert "Selesai" in html and "10 dari 10 NIP diproses" in html
    assert "hx-trigger" not in html  # finished: no more polling


def test_bad_uploads_get_their_message_next_to_the_field(client, org, instansi):
    client.force_login(org.admin)
    bad = SimpleUploadedFile("daftar.csv", b"NIP\n12345\n199012072022031003\n")
    response = client.post(reverse("siasn:sinkron"), {"berkas": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_berkas_error"' in html and "Baris 2" in html and "bukan NIP 18 angka" in html
    assert not Sinkron.objects.exists()
    response = client.post(reverse("siasn:sinkron"), {})
    assert "Unggah daftar NIP, atau pilih semua pegawai" in response.content.decode()
    assert not Sinkron.objects.exists()


def test_a_second_sync_while_one_is_unfinished_is_refused(client, org, instansi):
    sinkron.mulai_sinkron(instansi=instansi, aktor=org.admin, nips=[org.pegawai.nip])
    client.force_login(org.admin)
    response = client.post(reverse("siasn:sinkron"), {"semua": "on"})
    assert "belum selesai" in response.content.decode()
    assert Sinkron.objects.count() == 1


def test_the_progress_partial_polls_while_running_then_refreshes(client, org, instansi):
    job = sinkron.mulai_sinkron(instansi=instansi, aktor=org.admin, nips=[org.pegawai.nip])
    client.force_login(org.admin)
    url = reverse("siasn:sinkron_laporan", args=[job.pk])
    part = client.get(url, headers={"HX-Request": "true"})
    html = part.content.decode()
    assert "<html" not in html and 'id="progres"' in html and 'hx-trigger="every 2s"' in html
    assert "0 dari 1 NIP diproses" in html
    Sinkron.objects.filter(pk=job.pk).update(status=Sinkron.Status.SELESAI)
    done = client.get(url + "?berjalan=1", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_a_stopped_sync_can_be_resumed_or_cancelled_by_the_admin(client, org, instansi, sim,
                                                                django_capture_on_commit_callbacks):
    job = sinkron.mulai_sinkron(instansi=instansi, aktor=org.admin, nips=list(sim.data.orang)[:5])
    Sinkron.objects.filter(pk=job.pk).update(status=Sinkron.Status.TERHENTI,
                                             pesan="Sinkron terhenti: uji.")
    client.force_login(org.admin)
    html = client.get(reverse("siasn:sinkron_laporan", args=[job.pk])).content.decode()
    assert "Sinkron terhenti: uji." in html and "Lanjutkan sinkron" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("siasn:sinkron_lanjutkan", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Sinkron.Status.SELESAI and job.diproses == 5
    response = client.post(reverse("siasn:sinkron_batalkan", args=[job.pk]), follow=True)
    assert "sedang berjalan atau sudah selesai" in response.content.decode()


# Queries of the report page, whatever the number of rows:
#  1. the session, 2. the signed-in admin with the unread notification count in the header
#  3. the sync with its instansi and requester (visible_to)
#  4. count + 5. one page of the failed/left items
#  6. count + 7. one page of the people whose rater changed, with each pegawai
LAPORAN_QUERIES = 7


@pytest.mark.parametrize("n", [3, 60])
def test_the_report_page_query_count_is_flat(client, org, instansi, django_assert_num_queries, n):
    job = sinkron.mulai_sinkron(instansi=instansi, aktor=org.admin,
                                nips=[f"19850101201001{i:04d}" for i in range(1, n + 1)])
    SinkronItem.objects.filter(sinkron=job).update(hasil="gagal", alasan="Uji")
    from ekinerja.models import PenilaiBerubah

    PenilaiBerubah.objects.create(sinkron=job, pegawai=org.pegawai, sebelum={"nama": "A"},
                                  sesudah={"nama": "B"})
    Sinkron.objects.filter(pk=job.pk).update(status="selesai")
    client.force_login(org.admin)
    with django_assert_num_queries(LAPORAN_QUERIES):
        html = client.get(reverse("siasn:sinkron_laporan", args=[job.pk])).content.decode()
    assert html.count('class="siasn-alasan"') == min(n, 50)


def test_the_national_admin_chooses_the_instansi(client, org, instansi, sim):
    from ekinerja.models import Pegawai

    boss = Pegawai.objects.create_superuser("199001012015031001", "sandi-rahasia-x")
    client.force_login(boss)
    html = client.get(reverse("siasn:sinkron")).content.decode()
    assert 'name="instansi"' in html and instansi.nama in html
    response = client.post(reverse("siasn:sinkron"), {"semua": "on"})
    assert "Pilih instansi" in response.content.decode() or "wajib" in response.content.decode()
    response = client.post(reverse("siasn:sinkron"), {"semua": "on", "instansi": instansi.pk})
    assert response.status_code == 302 and Sinkron.objects.get().instansi == instansi


# --- results ------------------------------------------------------------------------------------


@pytest.fixture
def terkirim(org, sim, django_capture_on_commit_callbacks):
    """The pegawai's June result, rated and sent."""
    from penilaian.models import PeriodePenilaian
    from tests.siasn.test_kirim import daftarkan

    importlib_load_berakhlak()
    PeriodePenilaian.buat_default(org.badan.instansi, 2025)
    daftarkan(sim, org.pegawai)
    skp = approved_skp(org.pegawai)
    juni = periode_of(skp)
    pn = Penilaian.untuk(skp, juni)
    with django_capture_on_commit_callbacks(execute=True):
        pn.set_rating("hasil", "SESUAI", aktor=org.direktur)
    pn.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    return skp, juni


def importlib_load_berakhlak():
    import importlib

    from django.apps import apps

    importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)


def test_the_pegawai_and_the_rater_see_the_siasn_status(client, org, terkirim):
    skp, juni = terkirim
    hasil = HasilSiasn.objects.get()
    for who in (org.pegawai, org.direktur):
        client.force_login(who)
        html = client.get(reverse("penilaian:skp", args=[skp.pk])).content.decode()
        row = html.split(f'id="periode-{juni.pk}"')[1].split("</tr>")[0]
        assert "siasn-terkirim" in row and "Terkirim" in row
        assert f"{hasil.terkirim_pada:%Y}" in row
    other = periode_of(skp, "16 Juli - 15 Agustus")
    html = client.get(reverse("penilaian:skp", args=[skp.pk])).content.decode()
    assert "siasn-" not in html.split(f'id="periode-{other.pk}"')[1].split("</tr>")[0]


def test_the_admin_sees_results_by_status(client, org, terkirim):
    client.force_login(org.admin)
    html = client.get(reverse("siasn:hasil")).content.decode()
    assert org.pegawai.nama in html and "Terkirim (1)" in html and "Gagal (0)" in html
    html = client.get(reverse("siasn:hasil") + "?status=gagal").content.decode()
    assert org.pegawai.nama not in html
    other = org.outsider
    other.is_admin_instansi = True
    other.save(update_fields=["is_admin_instansi"])
    client.force_login(other)
    assert org.pegawai.nama not in client.get(reverse("siasn:hasil")).content.decode()


def test_the_admin_queues_what_became_final(client, org, terkirim,
                                            django_capture_on_commit_callbacks):
    client.force_login(org.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("siasn:hasil_periksa"), follow=True)
    assert "sedang diperiksa" in response.content.decode()


# Queries of the results page: session, user (with the unread notification count), counts per
# status, page count, one page of results with pegawai/period/instansi.
HASIL_QUERIES = 5


def test_the_results_page_query_count_is_flat(client, org, terkirim, django_assert_num_queries):
    client.force_login(org.admin)
    with django_assert_num_queries(HASIL_QUERIES):
        client.get(reverse("siasn:hasil"))


def test_the_skp_page_shows_pejabat_penilai_berubah_with_one_click_muat_ulang(client, org):
    skp = Skp.create_for(org.pegawai, periode_awal=__import__("datetime").date.today().replace(
        month=1, day=1), periode_akhir=__import__("datetime").date.today().replace(month=12,
                                                                                  day=31),
        pendekatan="kuantitatif", aktor=org.pegawai)
    from skp.models import tandai_penilai_berubah

    job = Sinkron(pk=99)
    n = tandai_penilai_berubah(job, {org.pegawai.pk: {
        "nama": "DEPUTI UJI", "nip_nrp": org.deputi.nip, "jabatan": "Deputi Bidang Uji",
        "pangkat_golongan": "", "unit_kerja": "", "status": "ASN", "pegawai_id": org.deputi.pk}})
    assert n == 1
    client.force_login(org.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Pejabat penilai berubah" in html and "DEPUTI UJI" in html
    assert "Muat ulang pejabat penilai" in html
    assert "Pejabat penilai berubah" in client.get(reverse("skp:daftar")).content.decode()
    client.force_login(org.direktur)  # the current rater reads it, without the button
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Pejabat penilai berubah" in html and "Muat ulang pejabat penilai" not in html


def test_instansi_without_siasn_id_is_not_offered_to_the_national_admin(client, org):
    from ekinerja.models import Pegawai

    Instansi.objects.create(nama="Tanpa ID SIASN")
    boss = Pegawai.objects.create_superuser("199001012015031001", "sandi-rahasia-x")
    client.force_login(boss)
    assert "Tanpa ID SIASN" not in client.get(reverse("siasn:sinkron")).content.decode()
    assert buat_data  # the simulator's data builder is importable without a server

"""Bulk ZIP of subordinates' SKPs: request, background task (Immediate backend), progress, download."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from ekinerja.models_dokumen import BundelCetak, DokumenCetak
from skp.tasks import buat_bundel_skp
from tests.cetak.conftest import build_skp, pdf_text
from tests.factories import PASSWORD
from tests.skp.conftest import make_skp


def login(client, pegawai):
    assert client.login(username=pegawai.nip, password=PASSWORD)
    return client


@pytest.fixture
def bawahan(org):
    """Two subordinates of the direktur with 2025 SKPs, one 2024 SKP, and the direktur's own."""
    return [
        build_skp(org.pegawai, n_rhk=1, n_ind=1, tambahan=0),
        build_skp(org.rekan, n_rhk=1, n_ind=1, tambahan=0),
        make_skp(org.pegawai, year=2024),
        make_skp(org.direktur),  # rated by the deputi: not in the direktur's bundle
    ]


def test_a_pejabat_penilai_gets_a_zip_of_the_years_skps(
    client, org, bawahan, django_capture_on_commit_callbacks
):
    login(client, org.direktur)
    page = client.get(reverse("cetak:bundel"))
    assert page.status_code == 200
    assert '<option value="2025">' in page.content.decode()
    assert '<option value="2024">' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cetak:bundel"), {"tahun": "2025"})
    bundel = BundelCetak.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cetak:bundel_status", args=[bundel.pk])
    assert bundel.status == BundelCetak.Status.SELESAI
    assert (bundel.jumlah, bundel.selesai) == (2, 2)
    assert bundel.task_id

    status = client.get(response["Location"]).content.decode()
    assert "Unduh ZIP" in status and "2 dari 2 dokumen" in status
    assert "hx-trigger" not in status  # done: no more polling

    download = client.get(reverse("cetak:bundel_unduh", args=[bundel.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as zf:
        names = sorted(zf.namelist())
        assert len(names) == 2
        assert any(org.pegawai.nip in n for n in names) and any(org.rekan.nip in n for n in names)
        texts = [pdf_text(zf.read(n)) for n in names]
    assert any("PEGAWAI UJI" in t for t in texts) and any("REKAN UJI" in t for t in texts)
    assert all("DIREKTUR UJI" in t for t in texts)  # the pejabat penilai's signature block
    assert not any("2024" in n for n in names)


def test_the_bundle_reuses_documents_already_printed(client, org, bawahan):
    login(client, org.pegawai).get(reverse("cetak:skp", args=[bawahan[0].pk]))
    kode = DokumenCetak.objects.get().kode
    bundel = BundelCetak.objects.create(peminta=org.direktur, tahun=2025)
    assert buat_bundel_skp.call(bundel.pk) == 2
    assert DokumenCetak.objects.count() == 2  # one new (rekan), one from the cache (pegawai)
    with zipfile.ZipFile(io.BytesIO(BundelCetak.objects.get().zip)) as zf:
        assert any(kode in n for n in zf.namelist())


def test_a_bundle_is_built_once_even_if_the_task_runs_twice(org, bawahan):
    bundel = BundelCetak.objects.create(peminta=org.direktur, tahun=2025)
    assert buat_bundel_skp.call(bundel.pk) == 2
    assert buat_bundel_skp.call(bundel.pk) == 0


def test_a_waiting_bundle_shows_progress_and_polls(client, org, bawahan):
    bundel = BundelCetak.objects.create(peminta=org.direktur, tahun=2025, jumlah=2, selesai=1)
    login(client, org.direktur)
    url = reverse("cetak:bundel_status", args=[bundel.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="50"' in page
    assert "Unduh ZIP" not in page
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode() and 'id="progres"' in fragment.content.decode()
    # Not ready: the download sends back to the progress page.
    response = client.get(reverse("cetak:bundel_unduh", args=[bundel.pk]))
    assert response.status_code == 302 and response["Location"] == url


def test_a_failed_bundle_says_so(client, org, bawahan, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr("ekinerja.dokumen.render_dokumen", boom)
    bundel = BundelCetak.objects.create(peminta=org.direktur, tahun=2025)
    with pytest.raises(RuntimeError):
        buat_bundel_skp.call(bundel.pk)
    bundel.refresh_from_db()
    assert bundel.status == BundelCetak.Status.GAGAL and "renderer down" in bundel.pesan
    page = login(client, org.direktur).get(reverse("cetak:bundel_status", args=[bundel.pk]))
    assert "gagal" in page.content.decode().lower()


def test_a_year_without_subordinate_skps_is_refused(client, org, bawahan):
    login(client, org.direktur)
    response = client.post(reverse("cetak:bundel"), {"tahun": "2019"})
    assert response.status_code == 200
    assert BundelCetak.objects.count() == 0
    assert "Pilih tahun" in response.content.decode()


def test_someone_who_rates_no_skp_gets_a_404(client, org, bawahan):
    for who in (org.pegawai, org.outsider):
        login(client, who)
        assert client.get(reverse("cetak:bundel")).status_code == 404
        assert client.post(reverse("cetak:bundel"), {"tahun": "2025"}).status_code == 404
    assert BundelCetak.objects.count() == 0


def test_only_the_requester_sees_or_downloads_a_bundle(client, org, bawahan):
    bundel = BundelCetak.objects.create(peminta=org.direktur, tahun=2025)
    buat_bundel_skp.call(bundel.pk)
    for who in (org.pegawai, org.outsider, org.deputi):
        login(client, who)
        assert client.get(reverse("cetak:bundel_status", args=[bundel.pk])).status_code == 404
        assert client.get(reverse("cetak:bundel_unduh", args=[bundel.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [("cetak:bundel", []), ("cetak:bundel_status", [1]), ("cetak:bundel_unduh", [1])],
)
def test_anonymous_is_sent_to_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method"), [("cetak:bundel_status", "post"), ("cetak:bundel_unduh", "post"),
                                              ("cetak:bundel", "put")])
def test_wrong_methods_are_refused(client, org, bawahan, name, method):
    bundel = BundelCetak.objects.create(peminta=org.direktur, tahun=2025)
    login(client, org.direktur)
    args = [] if name == "cetak:bundel" else [bundel.pk]
    assert getattr(client, method)(reverse(name, args=args)).status_code == 405

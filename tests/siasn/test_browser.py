"""The issue's "Done when", in a real browser against PostgreSQL: the admin instansi syncs the demo
instansi from the SIASN simulator, watches the progress, reads the report, and sees the results
marked terkirim after the Final ratings.

Three processes, as in production: the web server (live_server), a task worker
(`manage.py db_worker` in a subprocess on the same test database) and the simulated SIASN.
Screenshots go to the `layar` fixture's folder (tmp_path, or $SCREENSHOT_DIR when set) for a
human look; they are never committed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from ekinerja.models import Pegawai, Sinkron
from ekinerja.siasn_simulator import SiasnSimulator, dari_instansi
from penilaian.models import HasilSiasn, Penilaian, PeriodePenilaian
from skp.models import Skp, StatusSkp
from tests.siasn.conftest import arahkan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "ekinerja-demo-2022"


@pytest.fixture
def demo(settings, berakhlak_reloaded):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("seed_demo_skp", stdout=open(os.devnull, "w"))  # noqa: SIM115
    sim = SiasnSimulator(dari_instansi("DEMO-BKNUS", tambah=120), sandi=DEMO_PASSWORD).start()
    arahkan(settings, sim)
    settings.SIASN_RATE_PER_SECOND = 40  # slow enough to watch the progress bar move
    settings.SIASN_SINKRON_BATCH = 20
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    yield sim
    sim.stop()


@pytest.fixture
def berakhlak_reloaded(db):
    import importlib

    from django.apps import apps

    importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)


@pytest.fixture
def worker(demo, settings):
    """`manage.py db_worker` on the live test database, pointed at the simulator."""
    db = django_settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(demo.pengaturan())
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                     f"/{db['NAME']}",
        SIASN_RATE_PER_SECOND="40", SIASN_SINKRON_BATCH="20", SIASN_BACKOFF_SECONDS="0.05",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
         "--no-reload"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def login(page: Page, base: str, nip: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("heading", name="Daftar SKP")).to_be_visible()


def test_the_admin_syncs_the_demo_instansi_and_sees_results_terkirim(page: Page, live_server,
                                                                     demo, worker, tmp_path, layar):
    admin = Pegawai.objects.get(is_admin_instansi=True, instansi__siasn_id="DEMO-BKNUS")
    daftar = tmp_path / "daftar-nip.xlsx"
    demo.data.tulis_xlsx(str(daftar))

    # 1. The admin signs in through the (simulated) identity service and starts the sync.
    login(page, live_server.url, admin.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="SIASN").click()
    expect(page.get_by_role("heading", name="Sinkron SIASN")).to_be_visible()
    page.get_by_label("Daftar NIP (.xlsx atau .csv)").set_input_files(str(daftar))
    page.get_by_role("button", name="Mulai sinkron").click()

    # 2. The worker runs it; the page follows its progress without a reload.
    expect(page.get_by_text("Sinkron SIASN dimulai")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    seen: list[int] = []
    for _ in range(240):  # htmx swaps #progres every 2 s; read what the person sees
        status = page.locator("#progres .sinkron-status")
        if status.count() and status.inner_text() == "Selesai":
            break
        bar = page.locator("#progres progress")
        if bar.count():
            seen.append(int(bar.get_attribute("value") or 0))
            if 5 < seen[-1] < 100 and len([v for v in seen if 5 < v < 100]) == 1:
                layar(page, "sinkron-progres-1280")
        page.wait_for_timeout(250)
    assert any(5 < v < 100 for v in seen), seen  # the bar moved while the worker ran
    expect(page.locator("#progres .sinkron-status")).to_have_text("Selesai", timeout=30_000)

    # 3. The report: counts, what failed and why, whose rater changed.
    job = Sinkron.objects.get()
    assert job.status == Sinkron.Status.SELESAI and job.diproses == job.jumlah
    ringkas = page.locator("#h-ringkas").locator("..")
    expect(ringkas).to_contain_text(f"{job.ditambah} ditambah")
    masalah = page.locator("#masalah")
    expect(masalah).to_contain_text("NIP tidak ditemukan di SIASN.")
    expect(masalah).to_contain_text("Tidak aktif di SIASN (Pensiun)")
    expect(page.locator("#penilai-berubah")).to_contain_text("KEPALA DEFINITIF BARU")
    page.get_by_role("link", name="Unit", exact=True).click()
    expect(page.locator("#masalah")).to_contain_text("membentuk lingkaran")
    layar(page, "sinkron-laporan-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    layar(page, "sinkron-laporan-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    # The mutated staff member's open SKP now says so.
    assert Skp.objects.filter(penilai_berubah_sejak__isnull=False).exists()

    # 4. The Direktur's ratings: a monthly period now, and the Final period three weeks ago
    #    (its keberatan window has closed since).
    skp = (Skp.objects.filter(status=StatusSkp.PERSETUJUAN, pegawai__instansi=admin.instansi)
           .exclude(pegawai=admin).select_related("pejabat_penilai", "pegawai").first())
    bulan = PeriodePenilaian.objects.untuk_skp(skp).filter(jenis="bulanan").first()
    final = PeriodePenilaian.objects.untuk_skp(skp).get(jenis="final")
    rater = skp.pejabat_penilai
    pn = Penilaian.untuk(skp, bulan)
    pn.set_rating("hasil", "ATAS", aktor=rater)
    pn.refresh_from_db()
    pn.set_rating("perilaku", "SESUAI", aktor=rater)
    with time_machine.travel(timezone.now() - dt.timedelta(days=21), tick=False):
        pf = Penilaian.untuk(skp, final)
        pf.set_rating("hasil", "SESUAI", aktor=rater)
        pf.refresh_from_db()
        pf.set_rating("perilaku", "SESUAI", aktor=rater)

    # 5. The admin's results page: the monthly one goes at once; the Final one after the check.
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="SIASN").click()
    page.get_by_role("link", name="Lihat pengiriman hasil penilaian ke SIASN").click()
    expect(page.get_by_role("heading", name="Pengiriman hasil ke SIASN")).to_be_visible()
    page.get_by_role("button", name="Periksa dan kirim hasil yang sudah final").click()
    expect(page.get_by_text("sedang diperiksa dan dikirim")).to_be_visible()
    for _ in range(60):
        if HasilSiasn.objects.filter(status="terkirim").count() == 2:
            break
        page.wait_for_timeout(500)
    page.reload()
    expect(page.get_by_role("link", name="Terkirim (2)")).to_be_visible()
    rows = page.locator("table.siasn-hasil tbody tr")
    expect(rows).to_have_count(2)
    for i in range(2):
        expect(rows.nth(i)).to_contain_text(skp.pegawai.nama)
        expect(rows.nth(i)).to_contain_text("Terkirim")
    layar(page, "hasil-terkirim-1280")
    assert len(demo.periodik) == 1 and len(demo.skp22) == 1
    (body,) = demo.skp22.values()
    assert body["pnsDinilaiId"] == Pegawai.objects.get(pk=skp.pegawai_id).siasn_pns_id
    assert body["penilaiNipNrp"] == rater.nip and body["tahun"] == final.awal.year

    # 6. The pegawai sees it on their Penilaian page.
    page.get_by_role("button", name="Keluar").click()
    login(page, live_server.url, skp.pegawai.nip)
    page.goto(f"{live_server.url}/penilaian/skp/{skp.pk}/")
    expect(page.locator(f"#periode-{final.pk} .pn-siasn")).to_contain_text("Terkirim")
    expect(page.locator(f"#periode-{bulan.pk} .pn-siasn")).to_contain_text("Terkirim")
    layar(page, "penilaian-siasn-1280")
    assert worker.poll() is None  # the worker is still alive: nothing crashed it

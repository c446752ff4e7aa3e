from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ekinerja.models import KelasJabatan, Pegawai, UnitOrganisasi
from tests.factories import lead, make_instansi, make_pegawai, make_unit

# Playwright's sync API runs an event loop in the test thread; live_server fixtures touch the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Hypothesis (tests/security/test_masukan_fuzz.py): a bounded number of examples per test, no
# per-example deadline (requests on a loaded 2-core machine vary), no example database written
# into the checkout. HYPOTHESIS_PROFILE=lama runs five times as many.
hypothesis_settings.register_profile(
    "ekinerja", max_examples=20, deadline=None, database=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example])
hypothesis_settings.register_profile("lama", parent=hypothesis_settings.get_profile("ekinerja"),
                                     max_examples=100)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ekinerja"))


def pytest_configure(config: pytest.Config) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("postgresql") and not os.environ.get("ALLOW_SQLITE_TESTS"):
        raise pytest.UsageError(
            "Tests run against PostgreSQL: set DATABASE_URL=postgres://... (see README)."
        )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Local demo accounts hash passwords; the production hasher costs ~0.6 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run inside the test, so no worker process is needed."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fresh_view_log_memory():
    """The view log remembers rows it wrote lately (per process); each test starts afresh."""
    from ekinerja.akses import forget_recent

    forget_recent()


@pytest.fixture(autouse=True)
def siasn_tokens_forgotten():
    """SIASN service tokens are cached per process (ekinerja/siasn_client.py); every test
    starts without one."""
    from ekinerja import siasn_client

    siasn_client.forget_tokens()
    yield
    siasn_client.forget_tokens()


DB_FIXTURES = ("db", "transactional_db", "django_db_reset_sequences",
               "django_db_serialized_rollback", "live_server")


@pytest.fixture(autouse=True)
def berakhlak_ada(request: pytest.FixtureRequest) -> None:
    """Every database test finds the BerAKHLAK rows that a data migration wrote.

    A transactional test (the browser journeys, the race tests) empties every table when it
    ends, data-migration rows included. In one process pytest-django runs those tests last; under
    pytest-xdist (`make test` runs two workers, whole files each) a worker may run a file with
    such a test before another file, whose tests would then find no BerAKHLAK rows. So a
    database test that finds none loads them again with the migration's own function."""
    if request.node.get_closest_marker("django_db") is None and not any(
            name in request.fixturenames for name in DB_FIXTURES):
        return
    request.getfixturevalue("db")
    import importlib

    from django.apps import apps

    from skp.models import PerilakuKerja

    if not PerilakuKerja.objects.exists():
        importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium; Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where a browser test's screenshots go: this test's tmp_path, or, when the environment
    variable SCREENSHOT_DIR names a folder, a subfolder of it per test (to look at them after the
    run). Never the repository and never a fixed /tmp path that two runs would share."""
    root = os.environ.get("SCREENSHOT_DIR")
    if not root:
        return tmp_path
    folder = Path(root) / re.sub(r"[^\w.-]+", "_", request.node.nodeid.removeprefix("tests/")).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def layar(screenshot_dir: Path) -> Callable[..., Path]:
    """`layar(page, "name")` saves the page as name.png in screenshot_dir and returns the path."""
    from tests.browser import simpan_layar

    def ambil(page, name: str, *, full_page: bool = True) -> Path:
        return simpan_layar(page, screenshot_dir, name, full_page=full_page)

    return ambil


@dataclass
class Org:
    """A small instansi: Kepala Badan > Deputi > Direktur > staff, and an outsider elsewhere."""

    badan: UnitOrganisasi
    deputi_unit: UnitOrganisasi
    direktorat: UnitOrganisasi
    kepala: Pegawai
    deputi: Pegawai
    direktur: Pegawai
    pegawai: Pegawai
    rekan: Pegawai
    admin: Pegawai
    outsider: Pegawai


@pytest.fixture
def org(db) -> Org:
    instansi = make_instansi("Badan Uji")
    badan = make_unit(instansi, "Badan Uji")
    deputi_unit = make_unit(instansi, "Deputi Bidang Uji", parent=badan)
    direktorat = make_unit(instansi, "Direktorat Uji", parent=deputi_unit)
    kepala = make_pegawai(badan, nama="KEPALA BADAN", kelas=KelasJabatan.JPT_UTAMA,
                          jabatan="Kepala Badan Uji")
    deputi = make_pegawai(deputi_unit, nama="DEPUTI UJI", kelas=KelasJabatan.JPT_MADYA,
                          jabatan="Deputi Bidang Uji")
    direktur = make_pegawai(direktorat, nama="DIREKTUR UJI", kelas=KelasJabatan.JPT_PRATAMA,
                            jabatan="Direktur Uji", golongan="IV/c", pangkat="Pembina Utama Muda")
    lead(badan, kepala)
    lead(deputi_unit, deputi)
    lead(direktorat, direktur)
    pegawai = make_pegawai(direktorat, nama="PEGAWAI UJI", kelas=KelasJabatan.FUNGSIONAL,
                           jabatan="Pranata Komputer Ahli Muda")
    rekan = make_pegawai(direktorat, nama="REKAN UJI", jabatan="Pengolah Data")
    admin = make_pegawai(direktorat, nama="ADMIN UJI", is_admin_instansi=True)
    other = make_instansi("Instansi Lain")
    outsider = make_pegawai(make_unit(other, "Unit Lain"), nama="ORANG LUAR")
    return Org(badan, deputi_unit, direktorat, kepala, deputi, direktur, pegawai, rekan, admin,
               outsider)


@pytest.fixture
def identity(httpserver, settings, db):
    """The loopback MySAPK + SIASN service, wired into settings."""
    from tests.identity_server import CLIENT_ID, CLIENT_SECRET, REALM, IdentityServer

    server = IdentityServer(httpserver)
    server.install()
    settings.MYSAPK_BASE_URL = server.base_url
    settings.MYSAPK_REALM = REALM
    settings.MYSAPK_CLIENT_ID = CLIENT_ID
    settings.MYSAPK_CLIENT_SECRET = CLIENT_SECRET
    settings.SIASN_BASE_URL = server.siasn_url
    settings.IDENTITY_TIMEOUT = (1.0, 0.5)
    return server

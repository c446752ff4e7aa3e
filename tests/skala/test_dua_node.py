"""Two app processes behind nginx, round robin, no sticky sessions (issue 16 item 4).

Two gunicorns (tools/gunicorn.py) with the production settings, each with its own psycopg pool
(DB_POOL_MAX) and the sessions in Redis (REDIS_URL, db 9, this test's own key prefix), behind
Debian's nginx with a generated configuration (tools/nginx.py) on free loopback ports. Real
Chromium walks the main journey through nginx: login, Daftar SKP, an SKP, a save (Tambah RHK).
nginx's access log proves the requests of that one browser session reached both processes.
"""

from __future__ import annotations

import collections
import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection
from playwright.sync_api import Page, expect

from skp.models import HasilKerja
from tests.browser import login
from tests.factories import PASSWORD
from tests.skp.conftest import make_skp
from tools.gunicorn import gunicorns_berjalan
from tools.nginx import NGINX, nginx_berjalan, upstreams_di_log

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/9"

pytestmark = [
    pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True),
]


def app_env(prefix: str) -> dict[str, str]:
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
                     f"{db['NAME']}",
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0",
        TRUSTED_PROXIES="127.0.0.1", MYSAPK_BASE_URL="", PYTHONUNBUFFERED="1",
        REDIS_URL=REDIS, REDIS_KEY_PREFIX=prefix, DB_POOL_MAX="2",
        STATIC_FINDERS="1",  # no collectstatic (40 s here): whitenoise serves the app folders
    )
    return env


@pytest.fixture
def dua_node(tmp_path, org):
    if not Path(NGINX).exists():  # .ci/run installs it; a missing nginx fails, never skips
        pytest.fail(f"nginx not found at {NGINX} (apt-get install nginx)")
    prefix = f"uji-skala-{secrets.token_hex(4)}"
    env = app_env(prefix)
    # The password hash the production settings can check (the tests' own hasher is MD5).
    org.direktur.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    org.direktur.save(update_fields=["password"])
    args = {"workers": 1, "timeout": 30, "extra": ["--threads", "2", "--graceful-timeout", "2"]}
    # Each node names itself to PostgreSQL, so its connections can be counted.
    env1 = {**env, "DATABASE_URL": env["DATABASE_URL"] + "?application_name=ekinerja-node1"}
    env2 = {**env, "DATABASE_URL": env["DATABASE_URL"] + "?application_name=ekinerja-node2"}
    with (gunicorns_berjalan([env1, env2], logs=[tmp_path / "node1.log", tmp_path / "node2.log"],
                             **args) as (node1, node2),
          nginx_berjalan([node1, node2], tmp_path / "nginx") as base):
        yield base, [node1.removeprefix("http://"), node2.removeprefix("http://")], tmp_path
    r = redis.Redis.from_url(REDIS)
    for key in r.scan_iter(f"{prefix}:*"):
        r.delete(key)


def test_the_main_journey_through_nginx_over_two_app_processes(page: Page, dua_node, org, layar):
    base, nodes, folder = dua_node
    skp = make_skp(org.direktur)
    served: list[str] = []
    page.on("response", lambda r: served.append(r.headers.get("x-upstream", "")))

    login(page, base, org.direktur.nip)  # lands on Daftar SKP
    row = page.locator("#daftar tbody tr").first
    expect(row).to_contain_text("2025-01-01 sampai 2025-12-31")
    row.get_by_role("link", name="Detail SKP").click()
    expect(page.get_by_role("heading", name="SASARAN KINERJA PEGAWAI")).to_be_visible()
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    dialog = page.locator("#skp-dialog")
    dialog.get_by_label("Klasifikasi RHK").select_option(label="Individu - tertaut di SKP Pegawai")
    dialog.get_by_label("Jenis RHK").select_option(label="Utama")
    dialog.get_by_label("Rencana Hasil Kerja").fill("RHK lewat dua node")
    dialog.get_by_label("Penugasan dari").fill("Deputi Uji")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#hasil-kerja")).to_contain_text("RHK lewat dua node")
    page.reload()  # the saved RHK is there whichever process answers
    expect(page.locator("#hasil-kerja")).to_contain_text("RHK lewat dua node")
    layar(page, "dua_node_skp")

    assert HasilKerja.objects.filter(skp=skp, teks="RHK lewat dua node").count() == 1
    # Both processes served this one signed-in browser: round robin, sessions shared in Redis.
    per_node = collections.Counter(upstreams_di_log(folder / "nginx"))
    assert set(per_node) == set(nodes), per_node
    assert min(per_node.values()) >= 3, per_node
    assert set(served) - {""} == set(nodes)
    # Both logged nothing alarming, and each holds its pool's connections: at least one kept
    # open between requests (DB_POOL_MIN), never more than DB_POOL_MAX = 2 for its 2 threads.
    for name in ("node1.log", "node2.log"):
        log = (folder / name).read_text()
        assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres") as c:
        rows = dict(c.execute(
            "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = %s "
            "AND application_name LIKE 'ekinerja-node%%' GROUP BY 1",
            [connection.settings_dict["NAME"]]).fetchall())
    assert set(rows) == {"ekinerja-node1", "ekinerja-node2"}, rows
    assert all(1 <= n <= 2 for n in rows.values()), rows


def test_nginx_configuration_for_an_operator_is_valid(tmp_path):
    out = subprocess.run([sys.executable, "tools/nginx.py", "10.0.0.1:8000", "10.0.0.2:8000"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "server 10.0.0.1:8000 max_fails=0;" in out and "server 10.0.0.2:8000" in out

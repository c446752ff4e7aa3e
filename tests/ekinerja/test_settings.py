from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ekinerja.settings import parse_database_url

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="k" * 60 + "-Zx9!q", ALLOWED_HOSTS="kinerja.example.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_reuses_database_connections():
    code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    result = run_manage("shell", "-c", code, DEBUG="0", SECRET_KEY="k" * 60,
                        ALLOWED_HOSTS="x")
    assert result.stdout.strip().splitlines()[-1] == "60", result.stderr


def test_database_url_parsing():
    pg = parse_database_url("postgres://app:s%40cret@db.local:6432/kinerja?sslmode=require")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "app", "s@cret", "db.local", "6432", "kinerja"
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    assert parse_database_url("sqlite:////tmp/x.db")["NAME"] == "/tmp/x.db"
    assert str(parse_database_url("sqlite:///db.sqlite3")["NAME"]) == "db.sqlite3"


def test_csp_header_has_a_nonce_and_no_unsafe_sources(client, db):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "'nonce-" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()  # htmx's script tag carries it


def test_production_serves_static_files_through_whitenoise():
    code = ("from django.conf import settings; "
            "print('whitenoise.middleware.WhiteNoiseMiddleware' in settings.MIDDLEWARE)")
    prod = run_manage("shell", "-c", code, DEBUG="0", SECRET_KEY="k" * 60, ALLOWED_HOSTS="x")
    assert prod.stdout.strip().splitlines()[-1] == "True", prod.stderr

"""Sessions, cache and login throttle shared through Redis, the database when Redis is down
(issue 16 item 4; ekinerja/redis_cadangan.py).

Real Redis at 127.0.0.1:6379 (db 9, a key prefix of this test's own, removed afterwards). An
outage is a real one: a dead port, or a small TCP relay in front of the real Redis that the test
cuts and restores (a network partition: Redis itself keeps its data, so stale entries are real).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import redis
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ekinerja import redis_cadangan, throttle
from ekinerja.models import LoginCounter
from tests.factories import PASSWORD
from tools.gunicorn import free_port

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/9"
SESI = "django.contrib.sessions.cached_db"


def cache_settings(location: str, prefix: str) -> dict:
    return {"default": {"BACKEND": "ekinerja.redis_cadangan.RedisCache", "LOCATION": location,
                        "KEY_PREFIX": prefix,
                        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}}}


@pytest.fixture
def prefix():
    p = f"uji-skala-{secrets.token_hex(4)}"
    yield p
    r = redis.Redis.from_url(REDIS)
    for key in r.scan_iter(f"{p}:*"):
        r.delete(key)


@pytest.fixture
def pakai_redis(settings, prefix):
    """Redis as the app's cache and session store (what REDIS_URL sets up)."""
    def pasang(location: str = REDIS) -> None:
        settings.CACHES = cache_settings(location, prefix)
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

    settings.MYSAPK_BASE_URL = ""
    settings.REDIS_JEDA_DETIK = 5
    redis_cadangan.lupakan()
    pasang()
    yield pasang
    redis_cadangan.lupakan()


def masuk(client: Client, nip: str) -> str:
    response = client.post("/login/", {"nip": nip, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.cookies["sessionid"].value


def test_sessions_and_throttle_counts_are_shared_through_redis_with_another_process(
        pakai_redis, prefix, org):
    key = masuk(Client(), org.pegawai.nip)
    r = redis.Redis.from_url(REDIS)
    assert r.exists(f"{prefix}:1:{SESI}{key}")
    # Another client with the cookie is signed in, and the session was read from Redis: no
    # query read the session table (the page writes it: the welcome message is consumed) ...
    other = Client()
    other.cookies["sessionid"] = key
    with CaptureQueriesContext(connection) as queries:
        assert other.get("/profil/").status_code == 200
    assert queries and not [q["sql"] for q in queries
                               if q["sql"].startswith("SELECT") and "django_session" in q["sql"]]
    # ... and another process reads it with no database row left to read.
    Session.objects.filter(session_key=key).delete()
    # (What REDIS_URL sets up: this Redis cache, cached_db sessions, the prefix.) The same
    # process counts login attempts, which this one sees.
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "from django.contrib.sessions.backends.cached_db import SessionStore; "
            "from ekinerja import throttle; "
            "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.CACHES['default']['KEY_PREFIX'], "
            f"SessionStore('{key}').get('_auth_user_id'), "
            "*[throttle.hit('nip:bersama', 900).jumlah for _ in range(3)])")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ekinerja.settings", "REDIS_URL": REDIS,
             "REDIS_KEY_PREFIX": prefix})
    assert out.stdout.split() == ["ekinerja.redis_cadangan.RedisCache",
                                  "django.contrib.sessions.backends.cached_db", prefix,
                                  str(org.pegawai.pk), "1", "2", "3"]
    assert throttle.peek("nip:bersama", 900) == 3  # this process sees the other's counts
    assert not LoginCounter.objects.exists()


def test_throttle_counts_in_redis_are_atomic(pakai_redis, prefix, db):
    for _ in range(3):
        throttle.hit("nip:bersama", 900)
    # Twenty threads at once get 4..23, each value once: no count-then-check race.
    barrier, got = threading.Barrier(20), []

    def hit() -> None:
        barrier.wait()
        got.append(throttle.hit("nip:bersama", 900).jumlah)

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == list(range(4, 24))
    throttle.give_back("nip:bersama")
    assert throttle.peek("nip:bersama", 900) == 22
    throttle.clear("nip:bersama")
    assert throttle.peek("nip:bersama", 900) == 0
    assert not LoginCounter.objects.exists()  # all of it in Redis, none in the database


def test_with_redis_unreachable_login_sessions_and_throttle_use_the_database(
        pakai_redis, org, settings, caplog):
    pakai_redis(f"redis://127.0.0.1:{free_port()}/9")  # nothing listens there
    settings.REDIS_JEDA_DETIK = 600  # one pause covers the whole test, however slow the machine
    settings.LOGIN_MAX_FAILURES_PER_NIP = 3
    caplog.set_level(logging.INFO, logger="ekinerja")
    client = Client()

    for i in range(3):
        assert "NIP atau password salah" in client.post(
            "/login/", {"nip": org.pegawai.nip, "password": f"salah-{i}"}).content.decode()
    refused = client.post("/login/", {"nip": org.pegawai.nip, "password": PASSWORD})
    assert refused.status_code == 200 and "Terlalu banyak percobaan" in refused.content.decode()
    assert LoginCounter.objects.get(kunci=f"nip:{org.pegawai.nip}").jumlah == 4

    LoginCounter.objects.all().delete()
    key = masuk(client, org.rekan.nip)
    assert Session.objects.filter(session_key=key).exists()
    page = client.get("/", follow=True)
    assert page.status_code == 200 and "Daftar SKP" in page.content.decode()
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()

    warnings = [r.getMessage() for r in caplog.records if r.name == "ekinerja.redis"]
    assert len(warnings) == 1, warnings  # once per pause, not once per request
    assert warnings[0].startswith("Redis tidak terjangkau (ConnectionError")


class Relay:
    """A TCP relay to the real Redis that can be cut (a network partition) and restored."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target, self.port = target, free_port()
        self.cut = threading.Event()
        self.conns: list[socket.socket] = []
        self.server = socket.create_server(("127.0.0.1", self.port))
        self.server.settimeout(0.1)
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                continue
            if self.cut.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def putus(self) -> None:
        self.cut.set()
        for s in self.conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self.conns.clear()

    def sambung(self) -> None:
        self.cut.clear()

    def close(self) -> None:
        self.putus()
        self.stop.set()
        self.server.close()


@pytest.fixture
def relay():
    r = Relay(("127.0.0.1", 6379))
    yield r
    r.close()


def test_after_a_partition_a_logout_written_only_to_the_database_is_not_undone(
        pakai_redis, relay, prefix, org, settings, caplog, monkeypatch):
    """Redis keeps the session entry while the app cannot reach it; the logout goes to the
    database only. When Redis answers again that stale entry must not log the cookie back in."""
    pakai_redis(f"redis://127.0.0.1:{relay.port}/9")
    clock = [1000.0]
    monkeypatch.setattr(redis_cadangan, "now", lambda: clock[0])
    caplog.set_level(logging.INFO, logger="ekinerja")
    browser = Client()
    key = masuk(browser, org.pegawai.nip)
    assert redis.Redis.from_url(REDIS).exists(f"{prefix}:1:{SESI}{key}")

    relay.putus()
    assert browser.post("/logout/").status_code == 302  # no 500 while Redis is unreachable
    assert not Session.objects.filter(session_key=key).exists()
    assert redis.Redis.from_url(REDIS).exists(f"{prefix}:1:{SESI}{key}")  # stale, in Redis

    stolen = Client()
    stolen.cookies["sessionid"] = key
    assert stolen.get("/profil/").status_code == 302  # during the outage: the database says no
    relay.sambung()
    clock[0] += 6  # the pause (REDIS_JEDA_DETIK = 5) is over: Redis is tried again
    assert stolen.get("/profil/").status_code == 302  # and the stale entry was dropped first
    assert not redis.Redis.from_url(REDIS).exists(f"{prefix}:1:{SESI}{key}")

    messages = [r.getMessage() for r in caplog.records if r.name == "ekinerja.redis"]
    assert messages[0].startswith("Redis tidak terjangkau")
    assert messages[-1].startswith("Redis terjangkau lagi")
    # And Redis is used again: a new login's session is there.
    key2 = masuk(Client(), org.rekan.nip)
    assert redis.Redis.from_url(REDIS).exists(f"{prefix}:1:{SESI}{key2}")

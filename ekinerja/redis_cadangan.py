"""Redis shared by every app process, with the database as the fallback (issue 16, item 4).

With `REDIS_URL` set (settings.py) the Django cache is Redis through django-redis, sessions are
`cached_db` (read from Redis, written to the database and to Redis) and the login throttle
counts in Redis (ekinerja/throttle.py). When Redis cannot be reached nothing fails:

- the cache misses and skips its writes (django-redis IGNORE_EXCEPTIONS), so sessions are read
  from and written to the database only;
- the throttle counts in the database (the `LoginCounter` table), as it did before Redis;
- one WARNING line on the `ekinerja.redis` logger says so, and for REDIS_JEDA_DETIK seconds no
  request even tries Redis (a black-holed address would otherwise cost every request its
  connect timeout);
- once Redis answers again (a PING after the pause), the session entries in the cache are
  dropped before it is used: a logout or a session change written to the database while Redis
  was unreachable (but perhaps still holding the old entry) must not be undone by a stale copy.
  The cache refills from the database. One INFO line says Redis is back.

The state is per process; every process finds the outage (and the recovery) by itself.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESI_PREFIX
from django.core.cache import caches
from django_redis.cache import RedisCache as _RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

log = logging.getLogger("ekinerja.redis")

# Names tests can point at their own clock.
now = time.monotonic

_lock = threading.Lock()
_turun_sampai = 0.0  # until then Redis is not tried (monotonic clock)
_pernah_turun = False  # a failure was seen: the next successful contact is a recovery


def dipakai() -> bool:
    """Whether the default cache is Redis (REDIS_URL set)."""
    return bool(settings.CACHES["default"]["BACKEND"] == f"{__name__}.RedisCache")


def gagal(exc: BaseException | None) -> None:
    """Redis failed: pause it for REDIS_JEDA_DETIK and say so (once per pause)."""
    global _turun_sampai, _pernah_turun
    with _lock:
        sudah = now() < _turun_sampai
        _turun_sampai = now() + float(settings.REDIS_JEDA_DETIK)
        _pernah_turun = True
    if not sudah:
        log.warning(
            "Redis tidak terjangkau (%s: %s): sesi dan cache memakai database, pembatas login "
            "menghitung di database; dicoba lagi dalam %s detik",
            type(exc).__name__, exc, settings.REDIS_JEDA_DETIK)


def _boleh_coba() -> bool:
    return now() >= _turun_sampai


def lupakan() -> None:
    """Forget any outage (tests)."""
    global _turun_sampai, _pernah_turun
    with _lock:
        _turun_sampai, _pernah_turun = 0.0, False


class _Pelapor:
    """Stands in for django-redis's logger: an ignored connection error becomes `gagal()`."""

    def exception(self, *args: Any, **kwargs: Any) -> None:
        exc = sys.exc_info()[1]
        gagal(exc.__cause__ if isinstance(exc, ConnectionInterrupted) and exc.__cause__ else exc)


class RedisCache(_RedisCache):  # type: ignore[misc]  # django-redis has no type information
    """django-redis that never fails a request: see the module's docstring."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {**params.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": True}}
        super().__init__(server, params)
        self._log_ignored_exceptions = True
        self.logger = _Pelapor()

    @property
    def client(self) -> Any:
        global _pernah_turun
        if not _boleh_coba():
            raise ConnectionInterrupted(connection=None)
        klien = super().client
        if _pernah_turun:
            try:
                klien.get_client(write=True).ping()
                klien.delete_pattern(f"{SESI_PREFIX}*", itersize=500)
            except RedisError as exc:
                gagal(exc)
                raise ConnectionInterrupted(connection=None) from exc
            with _lock:
                _pernah_turun = False
            log.info("Redis terjangkau lagi: entri sesi di cache dikosongkan, dibaca ulang dari "
                     "database")
        return klien


def klien() -> Any | None:
    """The raw redis-py client of the default cache, or None (no Redis, or Redis paused)."""
    if not dipakai():
        return None
    try:
        cache: Any = caches["default"]  # our RedisCache (dipakai() checked it)
        return cache.client.get_client(write=True)
    except ConnectionInterrupted:
        return None


def kunci(nama: str) -> str:
    """`nama` under the cache's key prefix (REDIS_KEY_PREFIX)."""
    return str(caches["default"].make_key(nama))

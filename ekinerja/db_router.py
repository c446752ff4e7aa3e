"""Lag-tolerant reads on a PostgreSQL streaming replica (issue 16 item 4, docs/scaling.md §6d).

With `DATABASE_REPLICA_URL` set (settings.py adds the "replica" alias) the views marked
`@baca_replika` (lists, kurva, monitoring, reports: pages where data a few seconds old is fine)
read from the replica. Everything else, every write, and every read of a request that has
written, goes to the primary ("default"). The replica is skipped (reads go to the primary):

- when it cannot be reached: one WARNING on `ekinerja.replika`, and it is tried again after
  REPLIKA_CEK_DETIK;
- when it lags more than REPLIKA_LAG_MAKS seconds behind (WAL received but not replayed for that
  long; a replica that has replayed all it received has no lag, however idle the primary);
- for REPLIKA_PIN_DETIK seconds after this browser sent a write (POST, PUT, PATCH, DELETE): the
  response sets the `ekinerja_tulis` cookie with the time, and while it is fresh the person's
  reads go to the primary, so they always see what they just saved (read-your-writes);
- for the rest of a request once it has written anything.

The health (reachable, lag) is checked at most once per REPLIKA_CEK_DETIK per process.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

log = logging.getLogger("ekinerja.replika")

REPLIKA = "replica"
COOKIE = "ekinerja_tulis"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Never from the replica: sessions (the login state) and the task queue.
SELALU_PRIMER = frozenset({"sessions", "django_tasks_db"})

# Names tests can point at their own clock.
now = time.time

_boleh: contextvars.ContextVar[bool] = contextvars.ContextVar("replika_boleh", default=False)
_lock = threading.Lock()
_cek: dict[str, Any] = {"pada": -1e18, "sehat": False, "alasan": ""}

_LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() IS NULL "
    "OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


def ada() -> bool:
    return REPLIKA in settings.DATABASES


def lupakan() -> None:
    """Forget the last health check (tests)."""
    with _lock:
        _cek.update(pada=-1e18, sehat=False, alasan="")


def sehat() -> bool:
    """Whether the replica answers and lags at most REPLIKA_LAG_MAKS (checked at most once per
    REPLIKA_CEK_DETIK in this process)."""
    t = now()
    with _lock:
        if t - _cek["pada"] < float(settings.REPLIKA_CEK_DETIK):
            return bool(_cek["sehat"])
    alasan = ""
    try:
        with connections[REPLIKA].cursor() as cursor:
            cursor.execute(_LAG_SQL)
            lag = float(cursor.fetchone()[0])
        if lag > float(settings.REPLIKA_LAG_MAKS):
            alasan = f"tertinggal {lag:.1f} detik (batas {settings.REPLIKA_LAG_MAKS})"
    except DatabaseError as exc:
        connections[REPLIKA].close()
        alasan = f"tidak terjangkau ({type(exc).__name__}: {str(exc).strip()[:200]})"
    with _lock:
        sebelumnya = _cek["alasan"]
        _cek.update(pada=t, sehat=not alasan, alasan=alasan)
    if alasan and alasan.split()[0] != (sebelumnya.split() or [""])[0]:  # once per kind
        log.warning("Replika %s: bacaan memakai database utama", alasan)
    elif not alasan and sebelumnya:
        log.info("Replika pulih: bacaan yang boleh tertinggal memakai replika lagi")
    return not alasan


def dipin(request: HttpRequest) -> bool:
    """Whether this browser wrote within REPLIKA_PIN_DETIK (its reads go to the primary)."""
    try:
        ditulis = float(request.COOKIES.get(COOKIE, ""))
    except ValueError:
        return False
    return now() - ditulis < float(settings.REPLIKA_PIN_DETIK)




def baca_replika[V: Callable[..., HttpResponse]](view: V) -> V:
    """Mark a view whose reads may come from the replica (a list, a chart, a report)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ada() or request.method in UNSAFE or dipin(request) or not sehat():
            return view(request, *args, **kwargs)
        token = _boleh.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _boleh.reset(token)

    return wrapper  # type: ignore[return-value]  # same signature as the view it wraps


class ReplikaMiddleware:
    """Sets the read-your-writes cookie on the response to a write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method in UNSAFE and ada():
            response.set_cookie(COOKIE, f"{now():.3f}", max_age=int(settings.REPLIKA_PIN_DETIK) + 1,
                                httponly=True, samesite="Lax",
                                secure=bool(settings.SESSION_COOKIE_SECURE))
        return response


class Router:
    """Reads of a `@baca_replika` view to the replica; everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if _boleh.get() and model._meta.app_label not in SELALU_PRIMER:
            return REPLIKA
        return "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        if _boleh.get():
            _boleh.set(False)  # this request wrote: its later reads go to the primary
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"

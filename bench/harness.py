"""What the in-process benchmarks share: Django set up on PostgreSQL, a throwaway database built
and dropped around the run, and a timed GET that also counts its queries."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")


@contextmanager
def throwaway_database(name: str) -> Iterator[None]:
    """Production-like settings (DEBUG off) in a fresh database `name`, dropped afterwards.

    Exits with a message unless DATABASE_URL points at PostgreSQL."""
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL=postgres://... (the benchmark runs on PostgreSQL)")
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()  # allows the test client's host and keeps mail in memory
    connection.settings_dict["TEST"]["NAME"] = name
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
        from django.test.utils import teardown_test_environment

        teardown_test_environment()  # so that one process can build a second database


def timed_get(client, url: str, runs: int, **headers: str) -> tuple[int, int, list[float]]:
    """(queries of one warm request, response bytes, milliseconds of each of `runs` requests)."""
    from django.db import connection

    client.get(url, headers=headers)  # warm: first visits may create rows
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries), len(response.content), times


def spread(times: list[float], digits: int = 1) -> str:
    return (f"median {statistics.median(times):.{digits}f} ms, min {min(times):.{digits}f} ms, "
            f"max {max(times):.{digits}f} ms")

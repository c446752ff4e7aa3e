"""Start the app under gunicorn on a free loopback port, for the fault test and the load bench.

    with gunicorn_berjalan(env, log=path, workers=2, timeout=30) as base:
        requests.get(f"{base}/login/")

`env` is the server's whole environment (DATABASE_URL, DEBUG=0, ...). The block starts once
/login/ answers (or after 30 s, when the first request will say what is wrong; the log is at
`log`), and the server is stopped (killed if it does not stop in 15 s) when the block ends.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn_berjalan(
    env: dict[str, str], *, log: Path, workers: int = 2, timeout: int = 30,
    extra: Sequence[str] = (),
) -> Iterator[str]:
    with gunicorns_berjalan([env], logs=[log], workers=workers, timeout=timeout,
                            extra=extra) as (base,):
        yield base


@contextmanager
def gunicorns_berjalan(
    envs: Sequence[dict[str, str]], *, logs: Sequence[Path], workers: int = 2,
    timeout: int = 30, extra: Sequence[str] = (),
) -> Iterator[list[str]]:
    """Several servers (one per env, e.g. two app nodes), started together; their base URLs."""
    servers: list[subprocess.Popen[bytes]] = []
    bases: list[str] = []
    try:
        for env, log in zip(envs, logs, strict=True):
            port = free_port()
            with open(log, "w") as out:
                servers.append(subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
                    [str(Path(sys.executable).parent / "gunicorn"), "ekinerja.wsgi",
                     "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                     "--timeout", str(timeout), *extra],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                ))
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            for _ in range(300):
                try:
                    requests.get(f"{base}/login/", timeout=5)
                    break
                except requests.RequestException:
                    time.sleep(0.1)
        yield bases
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

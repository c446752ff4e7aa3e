"""PostgreSQL clusters of the tests' own (initdb into a temp dir, a free loopback port), for the
replica, the restore drill and the workers of issue 16. Never the main cluster on 5432, except to
read the test database's schema with pg_dump."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tools.gunicorn import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
ROOT = Path(__file__).resolve().parents[2]


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def folder_postgres(prefix: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    return root


@dataclass
class Klaster:
    data: Path
    port: int
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data.parent / f"{self.data.name}.log"

    def url(self, db: str = "app") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def connect(self, db: str = "app") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=db,
                               autocommit=True, connect_timeout=5)

    def pg_ctl(self, *args: str, check: bool = True) -> None:
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", *args]),
                       check=check, capture_output=True, timeout=120)

    def start(self) -> None:
        self.pg_ctl("-l", str(self.log), "-o",
                    f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "stop", check=False)

    def tunggu(self, sql: str, db: str = "app", batas: float = 60) -> None:
        """Wait until `sql` returns true."""
        akhir = time.monotonic() + batas
        while True:
            try:
                with self.connect(db) as c:
                    if c.execute(sql).fetchone()[0]:
                        return
            except psycopg.OperationalError:
                pass
            if time.monotonic() > akhir:
                raise TimeoutError(f"{sql} on port {self.port}")
            time.sleep(0.1)


def initdb(root: Path, name: str = "utama") -> Klaster:
    k = Klaster(root / name, free_port())
    subprocess.run(as_postgres([str(PG_BIN / "initdb"), "-D", str(k.data), "-U", "postgres",
                                "--auth=trust", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True, timeout=120)
    return k


def salin_skema(dari_db: str, ke: Klaster) -> None:
    """The test database (schema, migrations' rows) into `ke`'s database app."""
    with ke.connect("postgres") as c:
        c.execute("CREATE DATABASE app")
    dump = subprocess.run(["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--no-owner",
                           "-d", dari_db], check=True, capture_output=True, timeout=300).stdout
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(ke.port),
                    "-U", "postgres", "-d", "app"], input=dump, check=True, capture_output=True,
                   timeout=300)

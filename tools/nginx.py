"""Debian's nginx in front of several app processes, round robin on loopback (issue 16 item 4).

    with nginx_berjalan(["http://127.0.0.1:8001", "http://127.0.0.1:8002"], folder) as base:
        requests.get(f"{base}/login/")

The configuration is generated into `folder` (nginx.conf, its logs, temp dirs, pid), nginx
listens on a free loopback port, and is stopped when the block ends. Round robin, no sticky
sessions: each request goes to the next upstream, so sessions must be shared (Redis). Every
response carries `X-Upstream` (the upstream that served it) and `access.log` lists it per request
(`<method> <uri> <status> <upstream>`).

The same file is a template for a real deployment: `python tools/nginx.py 127.0.0.1:8001
127.0.0.1:8002` prints a configuration for those upstreams (listening on 127.0.0.1:8080).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import requests

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def konfigurasi(upstreams: Sequence[str], folder: Path, port: int) -> str:
    servers = "\n".join(f"    server {u.removeprefix('http://')} max_fails=0;" for u in upstreams)
    temps = "\n".join(f"  {kind}_temp_path {folder / kind};"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root nginx's workers would switch to "nobody", who cannot write our temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
  log_format upstream '$request_method $request_uri $status $upstream_addr';
  access_log {folder / "access.log"} upstream;
{temps}
  upstream app {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 5m;
    location / {{
      proxy_pass http://app;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


@contextmanager
def nginx_berjalan(upstreams: Sequence[str], folder: Path) -> Iterator[str]:
    from tools.gunicorn import free_port

    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(konfigurasi(upstreams, folder, port))
    server = subprocess.Popen(  # noqa: S603 (Debian's nginx, our generated configuration)
        [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=open(folder / "nginx.stderr", "w"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/login/", timeout=5)
                break
            except requests.RequestException:
                if server.poll() is not None:
                    raise RuntimeError((folder / "nginx.stderr").read_text()) from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def upstreams_di_log(folder: Path) -> list[str]:
    """The upstream of each request in access.log, in order ("-" for none)."""
    path = folder / "access.log"
    return [line.split()[-1] for line in path.read_text().splitlines()] if path.exists() else []


if __name__ == "__main__":
    print(konfigurasi(sys.argv[1:] or ["127.0.0.1:8001", "127.0.0.1:8002"],
                      Path("/var/lib/ekinerja/nginx"), 8080))

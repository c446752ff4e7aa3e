"""Load runs under gunicorn (issue 16, item 2): each hot page alone, then the deadline-day mix.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/load.py [--pegawai 10000] [--users 200] [--workers 2] \\
        [--threads 2] [--connections 16] [--duration 15] [--mix-duration 60] [--json PATH]

It builds a throwaway database (`bench_load_<n>`, dropped afterwards) with generate_scale_data,
signs in --users pegawai with an approved SKP and a period still open for filing, and their
pejabat penilai (sessions made on the server, as the login form would; nobody's password is
hashed during the run), and starts gunicorn with production settings (DEBUG=0, --workers sync
workers, persistent connections with health checks). wrk (/usr/bin/wrk; apt-get install wrk)
then drives it with bench/load.lua, every request as one of those people with their own session
cookie:

- each hot page alone (Daftar SKP, the SKP page as owner and as rater, Pengisian Eviden,
  Penilaian Bawahan), every user opening their own;
- the deadline-day mix: 80 % page reads (the five pages above: owners 70 %, raters 10 %) and
  20 % saves (a Realisasi saved through its htmx cell, with the CSRF token, each one a real
  write with its Riwayat row). The issue's 5 % submit/approve is not in it: each such
  transition succeeds once per SKP, so a repeated one measures only the refusal.

It prints requests/s, p50/p95/p99 latency, errors (socket errors and responses other than 2xx
or 3xx), the saves that reached the database, and PostgreSQL's deadlocks during the run, with
the load average (this machine is shared: the figures hold only for the load printed), and
writes the same as JSON (default bench/out/load-<date>.json; bench/out/ is git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from harness import ROOT, throwaway_database

from tools.gunicorn import gunicorn_berjalan

HERE = Path(__file__).resolve().parent
LUA = HERE / "load.lua"
ALONE = ["daftar", "skp", "eviden", "skp_penilai", "bawahan"]
LABEL = {"daftar": "Daftar SKP (pemilik)", "skp": "SKP (pemilik)", "eviden": "Pengisian Eviden",
         "skp_penilai": "SKP (pejabat penilai)", "bawahan": "Penilaian Bawahan",
         "mix": "deadline mix (80 % baca, 20 % simpan)"}


def sesi(pegawai) -> str:
    """A signed-in session for `pegawai`, as the login form leaves it (ekinerja/sesi.py)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from ekinerja.sesi import AKTIF, MULAI

    s = SessionStore()
    s[SESSION_KEY] = str(pegawai.pk)
    s[BACKEND_SESSION_KEY] = "ekinerja.auth.LocalAccountBackend"
    s[HASH_SESSION_KEY] = pegawai.get_session_auth_hash()
    s[MULAI] = s[AKTIF] = time.time()
    s.create()
    return s.session_key


def orang(n_users: int) -> tuple[list[dict], list[dict]]:
    """Owners (with an approved SKP, a period open for filing and an indicator) and their
    raters, each with their session cookie and the URLs they open."""
    from django.conf import settings
    from django.urls import reverse

    from penilaian.models import JenisPeriode, PeriodePenilaian
    from skp.models import Indikator, Skp, StatusSkp

    owners: list[dict] = []
    raters: dict[int, dict] = {}
    skps = (Skp.objects.filter(status=StatusSkp.PERSETUJUAN, pejabat_penilai__isnull=False)
            .select_related("pegawai", "pejabat_penilai").order_by("pk"))
    periods: dict[int, list[PeriodePenilaian]] = {}
    for skp in skps.iterator(chunk_size=500):
        if len(owners) >= n_users:
            break
        if skp.instansi_id not in periods:
            periods[skp.instansi_id] = list(PeriodePenilaian.objects.filter(
                instansi_id=skp.instansi_id, awal__year=skp.periode_awal.year,
                ).exclude(jenis=JenisPeriode.FINAL).order_by("awal"))
        open_ = [p for p in periods[skp.instansi_id] if p.terbuka_untuk(skp)
                 and p.awal <= dt.date.today()]
        ind = Indikator.objects.filter(rhk__skp=skp).order_by("pk").first()
        if not open_ or ind is None:
            continue
        per = open_[0]
        csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as sent
        cookie = (f"{settings.SESSION_COOKIE_NAME}={sesi(skp.pegawai)}; "
                  f"{settings.CSRF_COOKIE_NAME}={csrf}")
        owners.append({"cookie": cookie, "csrf": csrf, "pages": {
            "daftar": reverse("skp:daftar"),
            "skp": reverse("skp:detail", args=[skp.pk]),
            "eviden": reverse("penilaian:eviden", args=[skp.pk, per.pk]),
        }, "save": reverse("penilaian:realisasi", args=[ind.pk, per.pk])})
        rater = skp.pejabat_penilai
        if rater.pk not in raters:
            raters[rater.pk] = {"cookie": f"{settings.SESSION_COOKIE_NAME}={sesi(rater)}",
                                "pages": {"bawahan": reverse("penilaian:bawahan", args=[per.pk]),
                                          "skp_penilai": reverse("skp:detail", args=[skp.pk])}}
    return owners, list(raters.values())


def lua_str(s: str) -> str:
    assert '"' not in s and "\\" not in s and "\n" not in s, s
    return f'"{s}"'


def tulis_data(owners: list[dict], raters: list[dict], path: Path) -> None:
    """The people as a Lua table file that load.lua reads (dofile)."""

    def entry(p: dict) -> str:
        pages = ", ".join(f"{k} = {lua_str(v)}" for k, v in p["pages"].items())
        extra = (f", csrf = {lua_str(p['csrf'])}, save = {lua_str(p['save'])}"
                 if "save" in p else "")
        return f"  {{cookie = {lua_str(p['cookie'])}, pages = {{{pages}}}{extra}}},\n"

    path.write_text("return {\nowners = {\n" + "".join(map(entry, owners)) + "},\nraters = {\n"
                    + "".join(map(entry, raters)) + "},\n}\n")


def wrk(base: str, mode: str, data: Path, args: argparse.Namespace, duration: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(LUA), base, "--", mode, str(data)],
        capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    r = json.loads(line.removeprefix("RESULT "))
    secs = r["duration_us"] / 1e6
    return {"requests": r["requests"], "rps": round(r["requests"] / secs, 1),
            "p50_ms": round(r["p50_us"] / 1000, 1), "p95_ms": round(r["p95_us"] / 1000, 1),
            "p99_ms": round(r["p99_us"] / 1000, 1), "errors": r["errors"], "status": r["status"],
            "seconds": round(secs, 1)}


def deadlocks() -> int:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return c.fetchone()[0]


def saves() -> int:
    from ekinerja.models import Riwayat

    return Riwayat.objects.filter(aksi="realisasi.ubah").count()


def periksa(base: str, owners: list[dict], raters: list[dict]) -> None:
    """Every kind of request answers as it should before wrk starts (a 302 to the login page
    would otherwise be counted as a success); the save really writes."""
    import requests

    for who in (owners[0], raters[0]):
        for name, url in who["pages"].items():
            r = requests.get(base + url, headers={"Cookie": who["cookie"]}, timeout=30,
                             allow_redirects=False)
            assert r.status_code == 200, (name, url, r.status_code, r.text[:300])
    before = saves()
    o = owners[0]
    r = requests.post(base + o["save"], data={"realisasi": "Cek", "sumber_data": "bench"},
                      headers={"Cookie": o["cookie"], "X-CSRFToken": o["csrf"],
                               "HX-Request": "true"}, timeout=30, allow_redirects=False)
    assert r.status_code == 200 and saves() == before + 1, (r.status_code, r.text[:500])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=15, help="seconds per page alone")
    parser.add_argument("--mix-duration", type=int, default=60, help="seconds of the mix")
    parser.add_argument("--json", type=Path,
                        default=HERE / "out" / f"load-{dt.datetime.now():%Y%m%d-%H%M}.json")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 1
    # One secret for this process and gunicorn: a session's auth hash is signed with it.
    os.environ["SECRET_KEY"] = secret = secrets.token_urlsafe(50)
    with throwaway_database(f"bench_load_{args.pegawai}"):
        from django.db import connection

        from skala.generator import generate

        hasil = generate(args.pegawai)
        print(f"{args.pegawai:,} pegawai: {hasil['total']:,} rows in {hasil['seconds']:.0f} s",
              flush=True)
        owners, raters = orang(args.users)
        print(f"{len(owners)} owners and {len(raters)} raters signed in", flush=True)
        if not owners or not raters:
            print("no SKP with a period open for filing: nothing to measure")
            return 1
        data = args.json.parent / f"load-people-{os.getpid()}.lua"
        data.parent.mkdir(parents=True, exist_ok=True)
        tulis_data(owners, raters, data)
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DATABASE_URL=f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
                         f"/{s['NAME']}",
            DEBUG="0", SECRET_KEY=secret, ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0",
            CONN_MAX_AGE="60", MYSAPK_BASE_URL="",
        )
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=ROOT, env=env, check=True)  # the manifest the pages' {% static %} read
        try:
            with gunicorn_berjalan(env, log=args.json.parent / f"gunicorn-{os.getpid()}.log",
                                   workers=args.workers, timeout=60,
                                   extra=["--log-level", "warning"]) as base:
                result = ukur(base, owners, raters, data, args)
        finally:
            data.unlink(missing_ok=True)
            from django.db import connections

            connections.close_all()
        args.json.write_text(json.dumps(result, indent=2))
        print(f"JSON: {args.json}")
    return 0


def ukur(base: str, owners: list, raters: list, data: Path, args: argparse.Namespace) -> dict:
    """Each hot page alone, then the mix; prints the table and returns the JSON's content."""
    periksa(base, owners, raters)
    result: dict = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "pegawai": args.pegawai, "owners": len(owners), "raters": len(raters),
        "gunicorn_workers": args.workers,
        "wrk": f"-t{args.threads} -c{args.connections}", "runs": {}}
    print(f"\ngunicorn {args.workers} sync workers, wrk -t{args.threads} "
          f"-c{args.connections}; {len(owners)} owners, {len(raters)} raters")
    print(f"{'run':40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7} {'load':>5}")
    for mode in [*ALONE, "mix"]:
        dead, saved = deadlocks(), saves()
        r = wrk(base, mode, data, args,
                args.mix_duration if mode == "mix" else args.duration)
        r["load_1min"] = round(os.getloadavg()[0], 2)
        r["deadlocks"] = deadlocks() - dead
        r["saves"] = saves() - saved
        result["runs"][mode] = r
        print(f"{LABEL[mode]:40} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
              f"{r['p99_ms']:8.1f} {r['errors']:7} {r['load_1min']:5.2f}", flush=True)
    mix = result["runs"]["mix"]
    print(f"mix: {mix['requests']:,} requests, {mix['saves']:,} saves reached the "
          f"database, deadlocks {mix['deadlocks']}, statuses {mix['status']}")
    return result


if __name__ == "__main__":
    sys.exit(main())

"""SIASN throughput: the sync of 50,000 NIPs and the push of 50,000 results, on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x nice -n 19 .venv/bin/python bench/bench_siasn.py
    BENCH_SIASN_N=2000 ... (a quick run)

Three processes, as in production: the SIASN simulator (`manage.py siasn_simulator`, its own
process), the sync (`manage.py sinkron_siasn`, its own process, so its peak memory is its own,
read with wait4), and this process for the push. Everything talks HTTP on 127.0.0.1. Uses (and
drops) the database `ekinerja_bench_siasn` on DATABASE_URL's server.

What it prints:
1. Sync of N NIPs with SIASN_RATE_PER_SECOND=0 (no limit): what the app itself reaches (rows/s
   over the people step, from the job's own timestamps) and the sync process's peak RSS.
2. Sync of a subset with a configured rate (BENCH_SIASN_RATE, default 200/s): the rate holds.
3. The push: queueing N results (jadwalkan), then sending them (upload-dok + save each), first a
   sample at a configured rate (each result is two SIASN calls), then the rest with no limit.
   The Evaluasi Kinerja PDF is rendered for real for a sample (its cost is printed); the bulk
   send reuses one real rendered PDF, because rendering 50,000 PDFs takes hours on 2 cores and
   is the PDF benchmark's subject, not this one's.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB = "ekinerja_bench_siasn"
N = int(os.environ.get("BENCH_SIASN_N", "50000"))
RATE = float(os.environ.get("BENCH_SIASN_RATE", "200"))
PUSH_RATE = float(os.environ.get("BENCH_SIASN_PUSH_RATE", "20"))
SENDERS = int(os.environ.get("BENCH_SIASN_SENDERS", "4"))
PORT = int(os.environ.get("BENCH_SIASN_PORT", "18777"))


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in MiB, stdout) of one child process (wait4: that child's own)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,  # noqa: S603
                            stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        print(out[-3000:])
        raise SystemExit(f"{cmd[2]} failed ({proc.returncode})")
    return time.perf_counter() - t, usage.ru_maxrss // 1024, out


def people_step(out: str) -> str:
    """The people step's own rate, as the sync logs it."""
    found = re.search(r"tahap pegawai (\d+) NIP dalam ([\d.]+) s \((\d+) NIP/s\)", out)
    return f"people step {found.group(1)} NIPs in {found.group(2)} s = {found.group(3)}/s" \
        if found else "people step not logged"


def job_rate(env: dict[str, str]) -> tuple[int, float, dict]:
    code = ("from ekinerja.models import Sinkron; j = Sinkron.objects.latest('pk'); "
            "print(j.diproses, (j.rampung - j.mulai).total_seconds(), j.ditambah, j.tetap, "
            "j.gagal, j.keluar, j.unit_ditambah)")
    out = subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()
    n, secs, *rest = out[-1].split()
    keys = ["ditambah", "tetap", "gagal", "keluar", "unit_ditambah"]
    return int(n), float(secs), dict(zip(keys, map(int, rest), strict=True))


def main() -> int:
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base_env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=base_env, check=True)
    # The push renders PDFs with production settings (DEBUG=0: hashed static files).
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env={**base_env, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50,
                        "ALLOWED_HOSTS": "127.0.0.1"}, check=True)
    daftar = Path(f"/tmp/bench-siasn-{os.getpid()}.xlsx")
    sim = subprocess.Popen(  # noqa: S603
        [PY, "manage.py", "siasn_simulator", "--port", str(PORT), "--pegawai", str(N),
         "--tulis-daftar", str(daftar)], cwd=ROOT, env=base_env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    try:
        assert sim.stdout is not None
        for line in sim.stdout:
            lines.append(line)
            if line.startswith("Ctrl+C"):
                break
        sim_env = dict(re.findall(r"export (\w+)=(\S+)", "".join(lines)))
        if not sim_env:
            print("".join(lines))
            return 1
        instansi_id = re.search(r"\((\S+)\), \d+ pegawai", "".join(lines)).group(1)
        env = {**base_env, **sim_env, "SIASN_CONCURRENCY": os.environ.get("SIASN_CONCURRENCY", "4")}
        code = (f"from ekinerja.models import Instansi; Instansi.objects.create("
                f"nama='Bench', siasn_id='{instansi_id}')")
        subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)

        # 0. The simulator's own capacity (no database): what bounds everything below.
        print(f"simulator alone, {os.environ.get('SIASN_CONCURRENCY', '4')} client threads: "
              f"{simulator_capacity(sim_env, daftar):.0f} data-utama answers/s")

        # 1. The whole list, no rate limit: what the app reaches, and its memory.
        secs, rss, out = run([PY, "manage.py", "sinkron_siasn", "--instansi", instansi_id,
                              "--nip", str(daftar)], {**env, "SIASN_RATE_PER_SECOND": "0"})
        n, job_secs, counts = job_rate(env)
        print(f"sync, no rate limit: {n} NIPs in {job_secs:.1f} s = {n / job_secs:.0f} NIPs/s "
              f"over the whole job ({people_step(out)}; process {secs:.1f} s incl. start-up), "
              f"peak RSS {rss} MiB; {counts}")

        # 2. A subset at the configured rate: the limit, not the app, sets the pace.
        from openpyxl import Workbook, load_workbook

        k = int(min(N, RATE * 30))
        rows = list(load_workbook(daftar, read_only=True).active.iter_rows(values_only=True))
        wb = Workbook()
        wb.active.append(["NIP"])
        for row in rows[1:k + 1]:
            wb.active.append([row[0]])
        sub = daftar.with_name(daftar.stem + "-sub.xlsx")
        wb.save(sub)
        secs, rss, out = run([PY, "manage.py", "sinkron_siasn", "--instansi", instansi_id,
                              "--nip", str(sub)], {**env, "SIASN_RATE_PER_SECOND": str(RATE)})
        n2, job_secs2, counts2 = job_rate(env)
        print(f"sync at SIASN_RATE_PER_SECOND={RATE:.0f}: {n2} NIPs in {job_secs2:.1f} s = "
              f"{n2 / job_secs2:.0f} NIPs/s over the whole job ({people_step(out)}; the units, "
              f"heads and the raters of all {N} people are redone too), peak RSS {rss} MiB; "
              f"{counts2}")

        # 3. The push, in this process.
        push(env, instansi_id)
    finally:
        sim.terminate()
        sim.wait(timeout=10)
        for path in (daftar, daftar.with_name(daftar.stem + "-sub.xlsx")):
            path.unlink(missing_ok=True)
        psql(f"DROP DATABASE IF EXISTS {DB}")
    return 0


def simulator_capacity(sim_env: dict[str, str], daftar: Path, n: int = 3000) -> float:
    """Plain keep-alive GETs of data-utama from 4 threads, tokens fetched once: the ceiling the
    simulator (one Python process) puts on any client on this machine."""
    import base64
    from concurrent.futures import ThreadPoolExecutor

    import requests
    from openpyxl import load_workbook

    rows = list(load_workbook(daftar, read_only=True).active.iter_rows(values_only=True))
    nips = [r[0] for r in rows[1:n + 1]]
    sso = requests.post(f"{sim_env['MYSAPK_BASE_URL']}/realms/{sim_env['MYSAPK_REALM']}"
                        "/protocol/openid-connect/token", timeout=10,
                        data={"grant_type": "client_credentials",
                              "client_id": sim_env["MYSAPK_CLIENT_ID"],
                              "client_secret": sim_env["MYSAPK_CLIENT_SECRET"]}).json()
    basic = base64.b64encode(f"{sim_env['SIASN_CONSUMER_KEY']}:"
                             f"{sim_env['SIASN_CONSUMER_SECRET']}".encode()).decode()
    gw = requests.post(sim_env["SIASN_WSO_TOKEN_URL"], data={"grant_type": "client_credentials"},
                       headers={"Authorization": f"Basic {basic}"}, timeout=10).json()
    headers = {"Authorization": f"Bearer {gw['access_token']}",
               "Auth": f"bearer {sso['access_token']}"}
    workers = int(os.environ.get("SIASN_CONCURRENCY", "4"))
    chunks = [nips[i::workers] for i in range(workers)]

    def fetch(chunk: list[str]) -> None:
        with requests.Session() as session:
            for nip in chunk:
                session.get(f"{sim_env['SIASN_BASE_URL']}/pns/data-utama/{nip}",
                            headers=headers, timeout=10)

    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fetch, chunks))
    return len(nips) / (time.perf_counter() - t)


def push(env: dict[str, str], instansi_id: str) -> None:
    os.environ.update(env)
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"  # we call kirim()
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    try:
        _push(settings, instansi_id)
    finally:
        connection.close()


def _push(settings, instansi_id: str) -> None:  # noqa: ANN001
    from django.db import connection

    from ekinerja.models import Instansi, Pegawai, penilai_massal
    from ekinerja.siasn_client import SiasnClient
    from ekinerja.sinkron import tampil_penilai
    from penilaian import siasn
    from penilaian.models import KirimanSiasn, Penilaian, PeriodePenilaian
    from skp.models import Skp

    instansi = Instansi.objects.get(siasn_id=instansi_id)
    PeriodePenilaian.buat_default(instansi, 2025)
    periode = PeriodePenilaian.objects.get(instansi=instansi, nama="16 Januari - 15 Februari",
                                           awal__year=2025)
    keys = penilai_massal(instansi.pk)
    shown = tampil_penilai(set(keys.values()))
    people = list(Pegawai.objects.filter(instansi=instansi, is_active=True, unit__isnull=False,
                                         siasn_pns_id__isnull=False))
    t = time.perf_counter()
    skps = []
    for p in people:
        rater = shown.get(keys.get(p.pk, ""), {})
        if not rater.get("nama"):
            continue
        skps.append(Skp(pegawai=p, instansi=instansi, unit_id=p.unit_id,
                        periode_awal=dt.date(2025, 1, 1), periode_akhir=dt.date(2025, 12, 31),
                        pendekatan="kuantitatif", format="NON_JPT", status="persetujuan",
                        pejabat_penilai_id=rater.get("pegawai_id"),
                        snapshot_pegawai={"nama": p.nama, "nip_nrp": p.nip},
                        snapshot_penilai={k: v for k, v in rater.items() if k != "pegawai_id"}))
    Skp.objects.bulk_create(skps, batch_size=2000)
    ratings = [("ATAS", "SESUAI", "BAIK"), ("SESUAI", "SESUAI", "BAIK"),
               ("ATAS", "ATAS", "SANGAT_BAIK"), ("BAWAH", "SESUAI", "BUTUH_PERBAIKAN")]
    now = dt.datetime.now(dt.UTC)
    Penilaian.objects.bulk_create(
        [Penilaian(skp=s, periode=periode, rating_hasil=ratings[i % 4][0],
                   rating_perilaku=ratings[i % 4][1], predikat_matriks=ratings[i % 4][2],
                   dinilai_pada=now, versi=2) for i, s in enumerate(skps)], batch_size=2000)
    print(f"push set-up: {len(skps)} approved SKPs with a rated period "
          f"({time.perf_counter() - t:.0f} s, bulk inserts)")

    # The Evaluasi Kinerja PDF, rendered for real for a sample.
    sample = list(Penilaian.objects.select_related("skp__pegawai", "skp__instansi",
                                                   "skp__pejabat_penilai", "periode")[:6])
    siasn.evaluasi_pdf(sample[0])  # weasyprint import and fonts
    renders = []
    for pn in sample[1:]:
        t = time.perf_counter()
        pdf, _name = siasn.evaluasi_pdf(pn)
        renders.append(time.perf_counter() - t)
    print(f"Evaluasi Kinerja PDF, fresh render: median {statistics.median(renders) * 1000:.0f} ms "
          f"({len(pdf) // 1024} KiB) = {1 / statistics.median(renders):.1f} PDFs/s per process")
    siasn.evaluasi_pdf = lambda pn, _pdf=pdf: (_pdf, f"Evaluasi-Kinerja_{pn.skp.pegawai.nip}.pdf")

    ids = list(Penilaian.objects.filter(skp__instansi=instansi).values_list("pk", flat=True))
    t = time.perf_counter()
    for pk in ids[:200]:
        siasn.jadwalkan(pk)
    secs = time.perf_counter() - t
    print(f"queue one by one (after each rating, jadwalkan): 200 results in {secs:.1f} s = "
          f"{200 / secs:.0f}/s")
    t = time.perf_counter()
    queued = siasn.periksa(instansi.pk)["baru"]
    secs = time.perf_counter() - t
    print(f"queue in bulk (the periodic check, jadwalkan_banyak): {queued} results in "
          f"{secs:.1f} s = {queued / secs:.0f}/s")

    kiriman = list(KirimanSiasn.objects.order_by("pk").values_list("pk", flat=True))

    def send(chunk: list[int]) -> None:
        try:
            with SiasnClient() as client:
                for pk in chunk:
                    siasn.kirim(pk, client=client)
        finally:
            connection.close()  # this thread's own connection

    def phase(pks: list[int], rate: float) -> float:
        settings.SIASN_RATE_PER_SECOND = rate
        t = time.perf_counter()
        with ThreadPoolExecutor(SENDERS) as pool:
            list(pool.map(send, [pks[i::SENDERS] for i in range(SENDERS)]))
        return time.perf_counter() - t

    head = kiriman[: int(PUSH_RATE / 2 * 30)]
    secs = phase(head, PUSH_RATE)
    print(f"send at SIASN_RATE_PER_SECOND={PUSH_RATE:.0f} (2 calls per result, so at most "
          f"{PUSH_RATE / 2:.0f} results/s), {SENDERS} senders: {len(head)} results in "
          f"{secs:.1f} s = {len(head) / secs:.1f}/s")
    rest = kiriman[len(head):]
    secs = phase(rest, 0)
    sent = KirimanSiasn.objects.filter(status="terkirim").count()
    print(f"send, no rate limit, {SENDERS} senders (as {SENDERS} task workers): {len(rest)} "
          f"results in {secs:.1f} s = {len(rest) / secs:.0f}/s (one PDF reused); {sent} of "
          f"{len(kiriman)} terkirim")
    print(f"this process's peak RSS (set-up + push): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")


if __name__ == "__main__":
    sys.exit(main())

"""The scale bench (issue 16): one command, one table, one JSON file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/run.py [--kecil 10000] [--besar 100000] [--runs 7] [--json PATH]

For each size it builds a throwaway database (`bench_skala_<n>`, dropped afterwards) with
`generate_scale_data` (skala/generator.py), then measures in-process, with Django's test client
and production-like settings (DEBUG off), every hot page as the people who open it: the query
count of one warm request and the median time of `--runs` requests. At the small size it also
measures the SKP page's floor (the same rows fetched with plain psycopg and rendered by string
formatting) and the framework floor (a view returning a constant through the same middleware).
It prints one table (each page at both sizes, their ratio, the SKP page's ratio to both floors)
and writes it as JSON (default bench/out/skala-<date>.json; bench/out/ is git-ignored).

    .venv/bin/python bench/run.py --semua [bench_pages ...]   # the older bench_*.py scripts
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import throwaway_database, timed_get

HERE = Path(__file__).resolve().parent


def semua(wanted: set[str]) -> int:
    """Every bench_*.py one after another (each prints its own numbers)."""
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and script.stem not in wanted:
            continue
        print(f"\n== {script.stem}", flush=True)
        failed += subprocess.call([sys.executable, str(script)], cwd=HERE.parent) != 0
    return 1 if failed else 0


def pilih() -> dict:
    """The people and objects the pages are opened for, in the largest instansi: a staff member
    with an approved, rated SKP (owner pages), their rater (rater pages), the head with the
    most subordinates (the matrix) and the admin instansi (monitoring)."""
    from django.db.models import Count

    from ekinerja.models import Pegawai
    from penilaian.models import Penilaian
    from skp.models import Skp, StatusSkp

    instansi_id = (Pegawai.objects.values("instansi_id").annotate(n=Count("id"))
                   .order_by("-n").first()["instansi_id"])
    pn = (Penilaian.objects.filter(instansi_id=instansi_id, skp__status=StatusSkp.PERSETUJUAN,
                                   skp__pegawai__unit__kepala__isnull=False)
          .exclude(skp__pejabat_penilai__isnull=True)
          .select_related("skp__pegawai", "skp__pejabat_penilai", "periode")
          .order_by("-periode__awal", "skp_id").first())
    leader = (Skp.objects.filter(instansi_id=instansi_id)
              .annotate(n=Count("matriks_bawahan")).order_by("-n", "pk").first())
    admin = Pegawai.objects.get(instansi_id=instansi_id, is_admin_instansi=True)
    return {"skp": pn.skp, "pegawai": pn.skp.pegawai, "rater": pn.skp.pejabat_penilai,
            "periode": pn.periode, "leader_skp": leader, "admin": admin,
            "instansi_id": instansi_id}


def halaman(x: dict) -> list[tuple[str, str, object]]:
    from django.urls import reverse

    from matriks.models import BarisMatriks
    from skp.models import Indikator

    skp, periode = x["skp"], x["periode"]
    cols = Indikator.objects.filter(rhk__skp=x["leader_skp"]).count()
    rows = BarisMatriks.objects.filter(skp_atasan=x["leader_skp"]).count()
    q = f"?tahun={periode.awal.year}&periode={periode.pk}"
    return [
        ("Daftar SKP (pemilik)", reverse("skp:daftar"), x["pegawai"]),
        ("SKP (pemilik)", reverse("skp:detail", args=[skp.pk]), x["pegawai"]),
        ("SKP (pejabat penilai)", reverse("skp:detail", args=[skp.pk]), x["rater"]),
        ("Pengisian Eviden", reverse("penilaian:eviden", args=[skp.pk, periode.pk]),
         x["pegawai"]),
        ("Penilaian Bawahan", reverse("penilaian:bawahan", args=[periode.pk]), x["rater"]),
        (f"Matriks ({rows} x {cols})", reverse("matriks:skp", args=[x["leader_skp"].pk]),
         x["leader_skp"].pegawai),
        ("SKP Bawahan", reverse("skp:bawahan"), x["rater"]),
        ("Kurva", reverse("penilaian:kurva", args=[periode.pk]), x["rater"]),
        ("Monitoring Pengisian (admin)", reverse("monitoring:pengisian") + q, x["admin"]),
        ("Monitoring Kurva (admin)", reverse("monitoring:kurva") + q, x["admin"]),
    ]


def lantai_skp(skp_id: int, runs: int) -> list[float]:
    """The SKP page's floor: the rows the page shows (SKP with both snapshots, RHK with the
    leader's RHK they intervene, indicators, perilaku with ekspektasi, lampiran) with plain
    psycopg, rendered by string formatting. Milliseconds of each run."""
    import html

    import psycopg
    from django.db import connection

    s = connection.settings_dict
    conn = psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432,
                           user=s["USER"], password=s["PASSWORD"] or None, dbname=s["NAME"])
    e = html.escape
    times = []
    with conn:
        for _ in range(runs + 1):
            t = time.perf_counter()
            cur = conn.cursor()
            cur.execute("SELECT s.id, s.status, s.periode_awal, s.periode_akhir, s.snapshot_pegawai,"
                        " s.snapshot_penilai, s.perilaku_versi FROM skp_skp s WHERE s.id = %s",
                        [skp_id])
            sid, status, awal, akhir, peg, pen, versi = cur.fetchone()
            cur.execute("SELECT r.id, r.jenis, r.teks, a.teks FROM skp_hasilkerja r LEFT JOIN"
                        " skp_hasilkerja a ON a.id = r.rhk_atasan_id WHERE r.skp_id = %s"
                        " ORDER BY r.jenis, r.urutan, r.id", [skp_id])
            rhk = cur.fetchall()
            cur.execute("SELECT i.rhk_id, i.teks, i.aspek, i.target_teks FROM skp_indikator i"
                        " JOIN skp_hasilkerja r ON r.id = i.rhk_id WHERE r.skp_id = %s"
                        " ORDER BY i.rhk_id, i.urutan, i.id", [skp_id])
            ind: dict[int, list] = {}
            for row in cur.fetchall():
                ind.setdefault(row[0], []).append(row)
            cur.execute("SELECT p.nama, p.panduan, e.teks FROM skp_perilakukerja p LEFT JOIN"
                        " skp_ekspektasikhusus e ON e.perilaku_id = p.id AND e.skp_id = %s"
                        " WHERE p.versi = %s ORDER BY p.urutan", [skp_id, versi])
            perilaku = cur.fetchall()
            cur.execute("SELECT jenis, teks FROM skp_lampiranitem WHERE skp_id = %s"
                        " ORDER BY jenis, urutan, id", [skp_id])
            lampiran = cur.fetchall()
            out = [f"<html><body><h1>SKP {sid} {e(status)} {awal} - {akhir}</h1><table>"]
            for who in (peg, pen):
                out.extend(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in who.items())
            out.append("</table><table>")
            for rid, jenis, teks, atas in rhk:
                out.append(f"<tr><td>{e(jenis)}</td><td>{e(teks)}</td><td>{e(atas or '')}</td>"
                           "</tr>")
                out.extend(f"<tr><td></td><td>{e(i[1])}</td><td>{e(i[2])} {e(i[3])}</td></tr>"
                           for i in ind.get(rid, []))
            out.append("</table><table>")
            for nama, panduan, eks in perilaku:
                guides = "".join(f"<li>{e(g)}</li>" for g in panduan)
                out.append(f"<tr><td>{e(nama)}<ul>{guides}</ul></td><td>{e(eks or '')}</td></tr>")
            out.extend(f"<p>{e(j)}: {e(t)}</p>" for j, t in lampiran)
            page = "".join(out) + "</table></body></html>"
            assert len(page) > 500
            times.append((time.perf_counter() - t) * 1000)
    conn.close()
    return times[1:]


def ukur(n: int, runs: int, lantai: bool) -> dict:
    with throwaway_database(f"bench_skala_{n}"):
        from django.test import Client, override_settings

        from skala.generator import generate

        t = time.perf_counter()
        hasil = generate(n)
        print(f"\n{n:,} pegawai: {hasil['total']:,} rows in {hasil['seconds']:.0f} s "
              f"({hasil['rows_per_s']:,.0f} rows/s)", flush=True)
        x = pilih()
        out: dict = {"pegawai": n, "rows": hasil["total"], "generate_s": round(hasil["seconds"], 1),
                     "rows_per_s": round(hasil["rows_per_s"]), "pages": {}}
        for label, url, who in halaman(x):
            client = Client()
            client.force_login(who)
            queries, size, times = timed_get(client, url, runs)
            out["pages"][label] = {"url": url, "queries": queries, "bytes": size,
                                   "ms": round(statistics.median(times), 2)}
            print(f"  {label:32} {queries:3} queries {statistics.median(times):8.2f} ms",
                  flush=True)
        if lantai:
            out["floor_skp_ms"] = round(statistics.median(lantai_skp(x["skp"].pk, runs)), 2)
            with override_settings(ROOT_URLCONF="floor_urls"):
                client = Client()
                client.force_login(x["pegawai"])
                _q, _s, times = timed_get(client, "/bench-floor/", runs)
            out["floor_framework_ms"] = round(statistics.median(times), 2)
        out["took_s"] = round(time.perf_counter() - t, 1)
        return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--semua", action="store_true", help="run the older bench_*.py scripts")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--kecil", type=int, default=10_000)
    parser.add_argument("--besar", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path,
                        default=HERE / "out" / f"skala-{dt.datetime.now():%Y%m%d-%H%M}.json")
    args = parser.parse_args()
    if args.semua or args.names:
        return semua(set(args.names))
    load = os.getloadavg()
    small = ukur(args.kecil, args.runs, lantai=True)
    big = ukur(args.besar, args.runs, lantai=False) if args.besar else None
    rows = []
    for label, a in small["pages"].items():
        b = next((v for k, v in big["pages"].items() if k.split(" (")[0] == label.split(" (")[0]
                  and (k == label or k.startswith("Matriks"))), None) if big else None
        rows.append({"page": label, "queries_small": a["queries"], "ms_small": a["ms"],
                     "queries_big": b["queries"] if b else None, "ms_big": b["ms"] if b else None,
                     "ratio": round(b["ms"] / a["ms"], 2) if b else None})
    skp_ms = small["pages"]["SKP (pemilik)"]["ms"]
    result = {"when": dt.datetime.now().isoformat(timespec="seconds"), "loadavg_before": load,
              "loadavg_after": os.getloadavg(), "runs": args.runs, "small": small, "big": big,
              "table": rows,
              "skp_vs_floor": round(skp_ms / small["floor_skp_ms"], 2),
              "skp_vs_framework_floor": round(skp_ms / small["floor_framework_ms"], 2)}
    nb = f"{args.besar:,}" if big else "-"
    print(f"\n{'page':34} {'q ' + f'{args.kecil:,}':>9} {'q ' + nb:>11} "
          f"{'ms ' + f'{args.kecil:,}':>11} {'ms ' + nb:>12} {'ratio':>6}")
    for r in rows:
        print(f"{r['page']:34} {r['queries_small']:>9} {r['queries_big'] or '-':>11} "
              f"{r['ms_small']:>11.2f} {r['ms_big'] or 0:>12.2f} {r['ratio'] or '-':>6}")
    print(f"SKP page floor (psycopg + string formatting): {small['floor_skp_ms']:.2f} ms; "
          f"SKP page / floor = {result['skp_vs_floor']}")
    print(f"Framework floor (constant view, same middleware): {small['floor_framework_ms']:.2f} ms;"
          f" SKP page / framework floor = {result['skp_vs_framework_floor']}")
    print(f"load average before {load[0]:.2f}, after {result['loadavg_after'][0]:.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, default=str))
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

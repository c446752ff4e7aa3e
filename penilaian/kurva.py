"""The distribution curve (kurva): a rater's group in a period, and its server-drawn SVG.

Used by the Kurva and rating pages and by the printed Evaluasi Kinerja, so they draw the same.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ekinerja.models import Pegawai
from penilaian.models import CapaianOrganisasi, Penilaian, PeriodePenilaian
from penilaian.rules import Capaian, Predikat, cek_distribusi, distribusi_ideal


def kelompok(penilai: Pegawai, per: PeriodePenilaian,
              seandainya: tuple[int, str] | None = None) -> dict[str, Any]:
    """The rater's group in this period: counts, capaian, ideal curve, warnings. 2 queries.

    `seandainya=(skp_id, predikat)` counts that SKP with that predikat ("" = not rated) instead
    of its saved one: the live preview while the rater is choosing, nothing saved."""
    # Query: the predikat of every SKP this pejabat penilai rates in the period.
    rows = Penilaian.objects.kelompok(penilai, per).values_list(
        "skp_id", "predikat_matriks", "predikat_override", "predikat_keberatan")
    saved = {skp_id: k or o or m for skp_id, m, o, k in rows}
    if seandainya is not None:
        saved[seandainya[0]] = seandainya[1]
    counts = Counter(p for p in saved.values() if p)
    # Query: the capaian of the unit the rater works in (SE 3/2023: the unit's grade).
    cap = CapaianOrganisasi.objects.filter(unit_id=penilai.unit_id, periode=per).first()
    capaian = cap.capaian if cap else Capaian.BAIK
    n = sum(counts.values())
    ideal = distribusi_ideal(capaian, n)
    return {
        "capaian": Capaian(capaian), "capaian_ditetapkan": cap is not None,
        "jumlah": [(Predikat(p), counts.get(p, 0), ideal[p]) for p in Predikat.values],
        "n": n, "peringatan": cek_distribusi(capaian, counts),
        "pratinjau": seandainya is not None,
    }


SVG_W, SVG_H, PAD_L, PAD_R, PAD_T, PAD_B = 580, 300, 60, 44, 20, 64


def kurva_svg(jumlah: list[tuple[Predikat, int, int]]) -> dict[str, Any]:
    """Coordinates for the server-rendered SVG (no JavaScript needed to see the chart)."""
    top = max([1] + [max(a, i) for _p, a, i in jumlah])
    inner_w, inner_h = SVG_W - PAD_L - PAD_R, SVG_H - PAD_T - PAD_B
    step = inner_w / (len(jumlah) - 1)

    def y(v: int) -> str:
        # Plain strings: the Indonesian locale would render 20.5 as "20,5", which SVG misreads.
        return f"{PAD_T + inner_h - v * inner_h / top:.1f}"

    points = []
    for k, (pred, aktual, ideal) in enumerate(jumlah):
        x = f"{PAD_L + k * step:.1f}"
        points.append({"x": x, "label": pred.label, "aktual": aktual, "ideal": ideal,
                       "ya": y(aktual), "yi": y(ideal)})
    ticks = sorted({0, top, *range(0, top + 1, max(1, top // 4))})
    return {
        "w": SVG_W, "h": SVG_H, "x0": str(PAD_L), "x1": str(SVG_W - PAD_R), "y0": y(0),
        "xtick": str(PAD_L - 8), "points": points,
        "aktual": " ".join(f"{p['x']},{p['ya']}" for p in points),
        "ideal": " ".join(f"{p['x']},{p['yi']}" for p in points),
        "ticks": [{"v": t, "y": y(t)} for t in ticks],
        "label_y": str(SVG_H - PAD_B + 22),
    }

"""The distribution curve (kurva): a rater's unit picture in a period, and its server-drawn SVG.

Used by the Kurva and rating pages and by the printed Evaluasi Kinerja, so they draw the same.
"""

from __future__ import annotations

from typing import Any

from ekinerja.models import Pegawai
from penilaian.distribusi import kelompok_data
from penilaian.models import PeriodePenilaian
from penilaian.rules import Predikat
from skp.models import Skp


def kelompok(penilai: Pegawai, per: PeriodePenilaian,
             seandainya: tuple[int, str] | None = None, *, skp: Skp | None = None
             ) -> dict[str, Any]:
    """The pola distribusi picture a rater sees (penilaian.distribusi): the unit penilaian of
    `skp` (else of the rater's subordinates) in this period, the rater's share of it, the ideal
    curve and the unit's warnings. 2 queries (3 without `skp`).

    `seandainya=(skp_id, predikat)` counts that SKP with that predikat ("" = not rated) instead
    of its saved one: the live preview while the rater is choosing, nothing saved."""
    return kelompok_data(penilai, per, skp=skp, seandainya=seandainya)


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
    step_tick = max(1, top // 4)
    # Gridlines every quarter, and the top; one too close under the top would overprint it.
    ticks = sorted({0, top, *(t for t in range(0, top, step_tick) if top - t >= step_tick / 2)})
    return {
        "w": SVG_W, "h": SVG_H, "x0": str(PAD_L), "x1": str(SVG_W - PAD_R), "y0": y(0),
        "xtick": str(PAD_L - 8), "points": points,
        "aktual": " ".join(f"{p['x']},{p['ya']}" for p in points),
        "ideal": " ".join(f"{p['x']},{p['yi']}" for p in points),
        "ticks": [{"v": t, "y": y(t)} for t in ticks],
        "label_y": str(SVG_H - PAD_B + 22),
    }

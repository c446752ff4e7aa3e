"""The demo's Progres Harian: made through the real actions, and running it again changes nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from progres.models import ProgresHarian


def test_seed_demo_progres_is_idempotent(db, time_machine):
    time_machine.move_to("2026-11-18 10:00 +07:00", tick=False)
    for name in ("seed_demo", "seed_demo_skp"):
        call_command(name, stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo_progres", stdout=out)
    made = ProgresHarian.objects.count()
    assert made > 50 and f"{made} progres baru" in out.getvalue()
    statuses = set(ProgresHarian.objects.values_list("status", flat=True))
    assert statuses == {"diajukan", "disetujui", "dikembalikan"}
    call_command("seed_demo_progres", stdout=io.StringIO())
    assert ProgresHarian.objects.count() == made

"""seed_demo_monitoring: a few hundred pegawai in every state, some behind; idempotent."""

from __future__ import annotations

import io
from collections import Counter

from django.core.management import call_command

from ekinerja.models import Pegawai
from monitoring.queries import Saringan, ringkasan_pengisian, total
from penilaian.models import Penilaian
from skp.models import Skp


def run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_the_demo_has_people_in_every_state_and_running_again_changes_nothing(db):
    run("seed_demo")
    run("seed_demo_skp")
    first = run("seed_demo_monitoring")
    instansi = Pegawai.objects.get(is_admin_instansi=True).instansi
    assert 250 <= Pegawai.objects.filter(instansi=instansi).count() <= 350
    status = Counter(Skp.objects.values_list("status", flat=True))
    assert status["draft"] >= 10 and status["pengajuan"] >= 10 and status["persetujuan"] >= 150
    per = Penilaian.objects.order_by("-periode__awal").first().periode
    roots = list(instansi.units.filter(parent=None).values_list("pk", flat=True))
    r = total(ringkasan_pengisian(Saringan(instansi.pk, per.awal.year, per), roots=roots),
              roots)
    assert r.belum_skp >= 20 and r.penilai_tertinggal >= 2  # some are behind
    assert 0 < r.predikat < r.skp_periode and r.realisasi < r.skp_periode
    assert len(set(Penilaian.objects.exclude(predikat_matriks="")
                   .values_list("predikat_matriks", flat=True))) >= 4
    before = (Skp.objects.count(), Penilaian.objects.count())
    assert "0 SKP baru, 0 penilaian baru" in run("seed_demo_monitoring")
    assert (Skp.objects.count(), Penilaian.objects.count()) == before
    assert "SKP baru" in first

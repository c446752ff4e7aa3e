from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from ekinerja.models import Riwayat
from skp.models import HasilKerja, Skp, StatusSkp


def run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_it_needs_the_demo_instansi_first(db):
    with pytest.raises(CommandError, match="seed_demo"):
        run("seed_demo_skp")


def test_demo_skps_follow_the_manual_and_cover_every_status(db):
    run("seed_demo")
    assert "7 baru dibuat" in run("seed_demo_skp")

    direktur_skp = Skp.objects.get(pegawai__kelas_jabatan="JPT_PRATAMA",
                                   pegawai__jabatan__startswith="Direktur Pembangunan")
    assert direktur_skp.status == StatusSkp.PERSETUJUAN
    assert direktur_skp.is_jpt
    teks = set(direktur_skp.hasil_kerja.values_list("indikator__teks", flat=True))
    assert "Indeks Kepuasan pengguna atas layanan sistem informasi ASN" in teks
    staff = Skp.objects.exclude(pk=direktur_skp.pk)
    assert Counter(staff.values_list("status", flat=True)) == {
        StatusSkp.DRAFT: 2, StatusSkp.PENGAJUAN: 2, StatusSkp.PERSETUJUAN: 2,
    }
    for skp in staff:
        assert skp.pejabat_penilai == direktur_skp.pegawai
        assert HasilKerja.objects.get(skp=skp).rhk_atasan.skp == direktur_skp
    # Built through the transitions: the history says so.
    assert Riwayat.objects.filter(aksi="skp.disetujui").count() == 3


def test_running_it_again_changes_nothing(db):
    run("seed_demo")
    run("seed_demo_skp")
    before = list(Skp.objects.order_by("pk").values())
    assert "0 baru dibuat" in run("seed_demo_skp")
    assert list(Skp.objects.order_by("pk").values()) == before

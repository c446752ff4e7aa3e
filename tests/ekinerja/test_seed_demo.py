from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from ekinerja.models import (
    Instansi,
    KelasJabatan,
    Pegawai,
    Penugasan,
    UnitOrganisasi,
    derive_pejabat_penilai,
)
from ekinerja.nip import parse_pns_nip


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Pegawai.objects.order_by("nip").values()),
        list(UnitOrganisasi.objects.order_by("pk").values()),
        list(Penugasan.objects.order_by("pk").values()),
    )


def test_seed_demo_builds_the_manuals_shape_with_valid_nips(db):
    output = seed()
    direktur = Pegawai.objects.get(kelas_jabatan=KelasJabatan.JPT_PRATAMA,
                                   jabatan__startswith="Direktur Pembangunan")
    bawahan = [p for p in Pegawai.objects.filter(unit=direktur.unit).exclude(pk=direktur.pk)
               if derive_pejabat_penilai(p, dt.date(2026, 6, 1)).pegawai == direktur]
    assert 18 <= len(bawahan) <= 22
    assert {p.kelas_jabatan for p in bawahan} == {"FUNGSIONAL", "PELAKSANA"}
    assert derive_pejabat_penilai(direktur).pegawai.kelas_jabatan == KelasJabatan.JPT_MADYA
    assert UnitOrganisasi.objects.filter(nama__startswith="Direktorat").count() == 2
    for p in Pegawai.objects.all():
        parse_pns_nip(p.nip)
        assert p.check_password("ekinerja-demo-2022")
    assert "ekinerja-demo-2022" in output and direktur.nip in output
    assert Pegawai.objects.filter(is_admin_instansi=True).count() == 1


def test_seed_demo_twice_changes_nothing(db):
    seed()
    before = snapshot()
    output = seed()
    assert snapshot() == before
    assert "(0 baru dibuat)" in output
    assert Instansi.objects.count() == 1

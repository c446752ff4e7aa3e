"""manage.py generate_scale_data (issue 16): the shape of what it writes, checked by the database
itself (triggers and foreign keys on) and by the app's own pages."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from ekinerja.models import Instansi, Notifikasi, Pegawai, Riwayat, UnitOrganisasi
from ekinerja.nip import parse_pns_nip
from matriks.models import BarisMatriks
from penilaian.models import CapaianIndikator, Eviden, Penilaian, PeriodePenilaian
from penilaian.rules import MATRIKS
from skala.generator import PASSWORD, generate, nip_ke
from skp.models import HasilKerja, Indikator, LampiranItem, Skp, StatusSkp

HARI_INI = dt.date(2026, 11, 29)


@pytest.fixture
def data(db):
    out = io.StringIO()
    hasil = generate(200, pemicu=True, hari_ini=HARI_INI, out=out)
    assert "200/200 pegawai" in out.getvalue() and "baris/s" in out.getvalue()
    return hasil


def test_nips_are_valid_and_distinct():
    nips = [nip_ke(i) for i in range(7_000_000, 7_020_000)]
    assert len(set(nips)) == len(nips)
    for nip in nips[::997]:
        parse_pns_nip(nip, today=HARI_INI)  # raises on an impossible birth date, TMT or digit


def test_the_generated_organisation_and_plans_have_the_shape_of_the_issue(data):
    assert data["pegawai"] == 200 and data["total"] == sum(data["rows"].values())
    people = Pegawai.objects.all()
    assert people.count() == 200
    for p in people:
        parse_pns_nip(p.nip, today=HARI_INI)
    # Skewed instansi sizes; every unit has a head, who works in it.
    sizes = Counter(people.values_list("instansi_id", flat=True))
    assert len(sizes) >= 2 and len(set(sizes.values())) == len(sizes)
    assert not UnitOrganisasi.objects.filter(kepala__isnull=True).exists()
    assert not UnitOrganisasi.objects.exclude(kepala__unit=F("pk")).exists()
    assert UnitOrganisasi.objects.filter(parent__isnull=True).count() == len(sizes)
    # One SKP each, every one with a rater (an ASN one, or the top's non-ASN minister).
    skps = Skp.objects.all()
    assert skps.count() == 200 and skps.values("pegawai").distinct().count() == 200
    assert not skps.filter(pejabat_penilai__isnull=True, snapshot_penilai__nama="").exists()
    assert skps.filter(pejabat_penilai__isnull=True).count() == len(sizes)
    assert skps.filter(status=StatusSkp.PERSETUJUAN).count() > 150
    # 3-8 RHK of 1-3 indicators; every RHK of someone rated in the app intervenes the rater's.
    per_skp = Counter(HasilKerja.objects.values_list("skp_id", flat=True))
    assert set(per_skp) == set(skps.values_list("pk", flat=True))
    assert min(per_skp.values()) >= 3 and max(per_skp.values()) <= 8
    per_rhk = Counter(Indikator.objects.values_list("rhk_id", flat=True))
    assert len(per_rhk) == HasilKerja.objects.count()
    assert min(per_rhk.values()) >= 1 and max(per_rhk.values()) <= 3
    rated = HasilKerja.objects.filter(skp__pejabat_penilai__isnull=False)
    assert not rated.filter(rhk_atasan__isnull=True).exists()
    assert not rated.exclude(rhk_atasan__skp__pegawai=F("skp__pejabat_penilai")).exists()
    assert not HasilKerja.objects.filter(skp__pejabat_penilai__isnull=True,
                                         rhk_atasan__isnull=False).exists()
    # Every rated SKP is a row of its rater's matrix.
    assert BarisMatriks.objects.count() == skps.filter(pejabat_penilai__isnull=False).count()
    assert not BarisMatriks.objects.exclude(
        skp_atasan__pegawai=F("skp_bawahan__pejabat_penilai")).exists()
    # The instansi is the same down every chain.
    assert not Skp.objects.exclude(instansi=F("pegawai__instansi")).exists()
    assert not HasilKerja.objects.exclude(instansi=F("skp__instansi")).exists()
    assert not Indikator.objects.exclude(instansi=F("rhk__instansi")).exists()
    assert not LampiranItem.objects.exclude(instansi=F("skp__instansi")).exists()
    assert not BarisMatriks.objects.exclude(instansi=F("skp_atasan__instansi")).exists()
    assert not Eviden.objects.exclude(instansi=F("indikator__instansi")).exists()
    assert not Eviden.objects.exclude(periode__instansi=F("instansi")).exists()
    assert not CapaianIndikator.objects.exclude(instansi=F("indikator__instansi")).exists()
    assert not Penilaian.objects.exclude(instansi=F("skp__instansi")).exists()
    assert not Notifikasi.objects.exclude(instansi=F("penerima__instansi")).exists()
    assert not Riwayat.objects.exclude(instansi=F("pemilik__instansi")).exists()


def test_the_last_two_periods_have_eviden_realisasi_and_ratings_for_most(data):
    # 29 November 2026: the period that began on 16 November and the one before it.
    filled = set(Eviden.objects.values_list("periode__nama", flat=True))
    assert filled == {"16 Oktober - 15 November", "16 November - 15 Desember"}
    approved = Skp.objects.filter(status=StatusSkp.PERSETUJUAN, pejabat_penilai__isnull=False)
    for periode in PeriodePenilaian.objects.filter(nama__in=filled):
        pn = Penilaian.objects.filter(periode=periode)
        assert pn.count() > approved.filter(instansi=periode.instansi).count() * 0.5
        assert not pn.exclude(dinilai_oleh=F("skp__pejabat_penilai")).exists()
        for row in pn:
            assert row.predikat == MATRIKS[(row.rating_hasil, row.rating_perilaku)]
    assert Eviden.objects.filter(indikator__rhk__skp__status=StatusSkp.PERSETUJUAN).count() == \
        Eviden.objects.count()
    assert CapaianIndikator.objects.exclude(feedback="").exists()
    assert Notifikasi.objects.count() >= approved.count()
    assert Riwayat.objects.filter(aksi="skp.disetujui").count() == \
        Skp.objects.filter(status=StatusSkp.PERSETUJUAN).count()


def test_the_pages_open_for_a_generated_pegawai_and_their_rater(data, client):
    skp = (Skp.objects.filter(status=StatusSkp.PERSETUJUAN, pejabat_penilai__isnull=False,
                              penilaian__isnull=False).select_related("pegawai").first())
    pegawai, rater = skp.pegawai, skp.pejabat_penilai
    assert check_password(PASSWORD, pegawai.password)
    periode = skp.penilaian.first().periode
    client.force_login(pegawai)
    for url in (reverse("skp:daftar"), reverse("skp:detail", args=[skp.pk]),
                reverse("penilaian:skp", args=[skp.pk]),
                reverse("penilaian:eviden", args=[skp.pk, periode.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
    assert skp.hasil_kerja.first().teks in client.get(reverse("skp:detail", args=[skp.pk])
                                                      ).content.decode()
    client.force_login(rater)
    rater_skp = Skp.objects.get(pegawai=rater)
    for url in (reverse("skp:detail", args=[skp.pk]), reverse("skp:bawahan"),
                reverse("matriks:skp", args=[rater_skp.pk]),
                reverse("penilaian:bawahan", args=[periode.pk]),
                reverse("penilaian:kurva", args=[periode.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
    assert pegawai.nama in client.get(reverse("matriks:skp", args=[rater_skp.pk])).content.decode()


def test_the_command_prints_counts_and_rate(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_scale_data", "--pegawai", "40", "--dengan-pemicu", stdout=out,
                 stderr=err)
    text = out.getvalue()
    assert "skp_skp" in text and "rows/s" in text and PASSWORD in text
    assert Instansi.objects.filter(nama__contains="Skala").exists()

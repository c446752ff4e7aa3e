"""Monitoring Pengisian: the counts per unit subtree, the drill-down list, the filters, and the
number of queries, which does not grow with the instansi."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from monitoring.queries import LANGSUNG, Ringkasan, Saringan, daftar_pegawai, ringkasan_pengisian
from penilaian.models import CapaianIndikator, Eviden
from tests.factories import lead, make_pegawai, make_unit
from tests.monitoring.conftest import approved_skp, make_skp, rate

HX = {"HX-Request": "true"}


@pytest.fixture
def kantor(org, juni, bagian):
    """The org in every state: see each line."""
    unit, kabag, staf = bagian
    skp = approved_skp(org.pegawai)  # approved, eviden + realisasi, rated Baik
    ind = skp.hasil_kerja.first().indikator.first()
    Eviden.tambah(ind, juni, nama="Laporan", tautan="https://x.example/a", aktor=org.pegawai)
    CapaianIndikator.set_realisasi(ind, juni, realisasi="3", sumber_data="", aktor=org.pegawai)
    rate(skp, juni)
    rekan = approved_skp(org.rekan)  # approved, eviden only, not rated: the Direktur is behind
    Eviden.tambah(rekan.hasil_kerja.first().indikator.first(), juni, nama="L",
                  tautan="https://x.example/b", aktor=org.rekan)
    make_skp(org.direktur, year=2025)  # draft
    submitted = make_skp(kabag, year=2025)  # pengajuan
    from tests.penilaian.conftest import add_indikator, add_rhk

    add_indikator(add_rhk(submitted, "RHK"), "IKI")
    submitted.submit(aktor=kabag)
    approved_skp(staf[0])  # approved, nothing filled: the Kabag is behind
    return {"skp": skp, "unit": unit, "kabag": kabag, "staf": staf}


def s(org, juni, **kw):
    return Saringan(instansi_id=org.badan.instansi_id, tahun=2025, periode=juni, **kw)


def test_the_counts_per_subtree_and_the_units_own_people(org, juni, kantor):
    rows = ringkasan_pengisian(s(org, juni), roots=[org.deputi_unit.pk], langsung=org.badan.pk)
    assert rows[LANGSUNG] == Ringkasan(pegawai=1, belum_skp=1)  # the Kepala Badan
    assert rows[org.deputi_unit.pk] == Ringkasan(
        pegawai=8, belum_skp=3, draft=1, pengajuan=1, persetujuan=3, skp_periode=3, eviden=2,
        realisasi=1, dinilai=1, predikat=1, penilai_tertinggal=2)
    rows = ringkasan_pengisian(s(org, juni), roots=[kantor["unit"].pk],
                               langsung=org.direktorat.pk)
    assert rows[LANGSUNG] == Ringkasan(pegawai=4, belum_skp=1, draft=1, persetujuan=2,
                                       skp_periode=2, eviden=2, realisasi=1, dinilai=1,
                                       predikat=1, penilai_tertinggal=1)
    assert rows[kantor["unit"].pk] == Ringkasan(pegawai=3, belum_skp=1, pengajuan=1,
                                                persetujuan=1, skp_periode=1,
                                                penilai_tertinggal=1)


def test_the_filters_by_jenis_pegawai_and_kelas_jabatan(org, juni, kantor):
    pppk = ringkasan_pengisian(s(org, juni, jenis_pegawai="PPPK"), roots=[kantor["unit"].pk])
    assert pppk[kantor["unit"].pk] == Ringkasan(pegawai=1, belum_skp=1)
    adm = ringkasan_pengisian(s(org, juni, kelas_jabatan="ADMINISTRATOR"),
                              roots=[org.deputi_unit.pk])
    assert adm[org.deputi_unit.pk] == Ringkasan(pegawai=1, pengajuan=1)


def test_another_year_or_period_counts_apart(org, juni, kantor):
    rows = ringkasan_pengisian(Saringan(org.badan.instansi_id, 2024), roots=[org.badan.pk])
    assert rows[org.badan.pk].belum_skp == rows[org.badan.pk].pegawai == 9
    from penilaian.models import PeriodePenilaian

    mei = PeriodePenilaian.objects.get(instansi=org.badan.instansi, nama="16 Mei - 15 Juni")
    rows = ringkasan_pengisian(s(org, mei), roots=[org.deputi_unit.pk])
    assert (rows[org.deputi_unit.pk].skp_periode, rows[org.deputi_unit.pk].eviden) == (3, 0)


def test_the_people_list_with_status_rater_and_filters(org, juni, kantor):
    count, rows = daftar_pegawai(s(org, juni), roots=[org.direktorat.pk])
    assert count == 7
    by_name = {r["nama"]: r for r in rows}
    assert by_name["PEGAWAI UJI"]["status"] == "persetujuan"
    assert by_name["PEGAWAI UJI"]["penilai"] == "DIREKTUR UJI"
    assert (by_name["PEGAWAI UJI"]["eviden"], by_name["PEGAWAI UJI"]["predikat"]) == (True, True)
    assert by_name["ADMIN UJI"]["status"] is None
    count, rows = daftar_pegawai(s(org, juni), roots=[org.direktorat.pk], status="belum_dinilai")
    assert sorted(r["nama"] for r in rows) == ["REKAN UJI", "STAF BAGIAN 0"]
    count, rows = daftar_pegawai(s(org, juni), roots=[org.direktorat.pk], limit=2, offset=2)
    assert count == 7 and len(rows) == 2
    assert daftar_pegawai(s(org, juni), roots=[org.direktorat.pk], offset=100) == (7, [])


def test_the_page_shows_rows_and_drills_down(client, org, kantor):
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:pengisian")).content.decode()
    assert "Deputi Bidang Uji" in html and ">8</a>" in html
    assert f'unit={org.deputi_unit.pk}' in html  # the unit has units below: a drill link
    html = client.get(reverse("monitoring:pengisian"), {"unit": org.direktorat.pk}).content.decode()
    assert "Bagian Uji" in html and "Langsung di" in html
    assert "Deputi Bidang Uji</a>" in html  # breadcrumbs back up
    part = client.get(reverse("monitoring:pengisian"), {"unit": org.direktorat.pk}, headers=HX)
    assert "<html" not in part.content.decode() and 'id="hasil"' in part.content.decode()


def test_the_drill_down_page_lists_people_with_a_link_only_where_allowed(client, org, kantor):
    client.force_login(org.direktur)
    html = client.get(reverse("monitoring:pegawai"), {"unit": org.direktorat.pk,
                                                      "langsung": "1"}).content.decode()
    assert "PEGAWAI UJI" in html and "STAF BAGIAN 0" not in html  # langsung: own people only
    # The Direktur rates the pegawai: "Lihat SKP" is there for that SKP, and it opens.
    link = reverse("skp:detail", args=[kantor["skp"].pk])
    assert link in html
    assert client.get(link).status_code == 200
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:pegawai"), {"unit": org.direktorat.pk}).content.decode()
    assert "STAF BAGIAN 0" in html and link not in html  # the admin may not open SKPs


def test_bad_filter_values_fall_back_without_an_error(client, org, kantor):
    client.force_login(org.admin)
    response = client.get(reverse("monitoring:pengisian"), {
        "tahun": "abc", "periode": "<x>", "jenis_pegawai": "X", "kelas_jabatan": "Y"})
    assert response.status_code == 200
    assert client.get(reverse("monitoring:pegawai"), {"status": "??", "page": "-3"}
                      ).status_code == 200
    assert client.get(reverse("monitoring:pengisian"), {"unit": "abc"}).status_code == 404
    # A page far past the end (the offset beyond a bigint was a 500) or in other digits.
    for page in ("9" * 18, "9" * 5000, "²³", "١٢٣"):
        assert client.get(reverse("monitoring:pegawai"), {"page": page}).status_code == 200
    for unit in ("²³", "١٢٣", "9" * 5000, str(2**70)):
        assert client.get(reverse("monitoring:pengisian"), {"unit": unit}).status_code == 404


# --- queries: constant whatever the size -----------------------------------------------------


def grow(org, units: int, per_unit: int) -> None:
    """More units (nested) and people; a few with SKPs in every state."""
    parent = org.deputi_unit
    for u in range(units):
        unit = make_unit(org.badan.instansi, f"Unit Tambahan {u}", parent=parent)
        head = make_pegawai(unit, nama=f"KEPALA TAMBAHAN {u}")
        lead(unit, head)
        people = [make_pegawai(unit, nama=f"TAMBAHAN {u}-{k}") for k in range(per_unit)]
        approved_skp(people[0])
        make_skp(people[1], year=2025)
        parent = unit if u % 2 else parent


# 1 session, 2 user with the unread notification count (Pegawai.untuk_sesi), 3 the instansi,
# 4 the units in scope, 5 the periods, 6 the counts.
PENGISIAN_QUERIES = 6
# 1-5 as above, 6 one page of people with the total (a window count).
PEGAWAI_QUERIES = 6
# 1-5 as above, 6 the unit penilaian counts.
KURVA_QUERIES = 6
# 1-5 as above, 6 the page count, 7 the reminders page.
PENGINGAT_QUERIES = 7
# 1-5 as above, 6 every period (the form's choices), 7 the user's earlier reports.
LAPORAN_QUERIES = 7
# 1-5 as above, 6 the year's deadline extensions.
PERIODE_QUERIES = 6


@pytest.mark.parametrize("size", [0, 1])
def test_query_counts_do_not_grow(client, org, juni, kantor, django_assert_num_queries, size):
    from ekinerja.models import Pegawai
    from monitoring import pengingat

    if size:
        grow(org, units=6, per_unit=4)
    everyone = list(Pegawai.objects.filter(instansi=org.badan.instansi).values_list("pk", flat=True))
    assert pengingat.manual("skp_belum", juni, everyone, pengirim=org.admin)[0] >= 1
    from monitoring.models import Laporan
    from penilaian.actions import extend_deadline

    for _k in range(1 + 4 * size):  # earlier reports grow too
        Laporan.objects.create(peminta=org.admin, jenis="skp", format="csv",
                               instansi=org.badan.instansi, tahun=2025)
    extend_deadline(aktor=org.admin, periode=juni, unit=None,
                    batas=juni.batas_pengisian + dt.timedelta(days=3), alasan="uji")
    client.force_login(org.admin)
    for name, n, params in (
        ("monitoring:pengisian", PENGISIAN_QUERIES, {}),
        ("monitoring:pengisian", PENGISIAN_QUERIES, {"unit": org.deputi_unit.pk}),
        ("monitoring:pegawai", PEGAWAI_QUERIES, {}),
        ("monitoring:pegawai", PEGAWAI_QUERIES, {"unit": org.deputi_unit.pk,
                                                  "status": "belum_skp"}),
        ("monitoring:kurva", KURVA_QUERIES, {}),
        ("monitoring:pengingat", PENGINGAT_QUERIES, {}),
        ("monitoring:laporan", LAPORAN_QUERIES, {}),
        ("monitoring:periode", PERIODE_QUERIES, {}),
    ):
        with django_assert_num_queries(n):
            response = client.get(reverse(name), params)
        assert response.status_code == 200

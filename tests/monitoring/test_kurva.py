"""Monitoring Kurva: the predikat distribution per period and per unit penilaian, the ideal for
each unit's capaian, the warnings per unit and the list of units that break them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from penilaian.models import CapaianOrganisasi
from tests.factories import make_pegawai
from tests.monitoring.conftest import approved_skp, rate


@pytest.fixture
def sepuluh(org, juni):
    """Ten people of the Direktorat rated Baik: over 70 % Baik and nobody below it."""
    people = [org.pegawai, org.rekan] + [make_pegawai(org.direktorat, nama=f"STAF {k}")
                                         for k in range(8)]
    for p in people:
        rate(approved_skp(p), juni)
    return people


def cell_row(html: str, label: str) -> str:
    return re.sub(r"\s+", " ", html.split(f">{label}</th>")[1].split("</tr>")[0])


def test_units_breaking_the_pattern_are_listed_with_their_warnings(client, org, juni, sepuluh):
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:kurva"), {"periode": juni.pk}).content.decode()
    assert "<svg" in html and "<polyline" in html and "Kurva merah merupakan" in html
    melanggar = html.split('id="h-melanggar"')[1].split("</section>")[0]
    for unit in ("Direktorat Uji", "Deputi Bidang Uji", "Badan Uji"):  # aggregated up the tree
        assert f"<strong>{unit}</strong>" in melanggar
    assert "predikat Baik paling banyak 70% (7 dari 10 pegawai), saat ini 10." in melanggar
    assert "harus ada pegawai dengan predikat Butuh Perbaikan" in melanggar
    # The whole-instansi chart: 10 Baik against the ideal of the top unit's capaian (Baik).
    assert "<td>7</td><td>10</td>" in cell_row(html, "Baik")


def test_a_unit_that_meets_its_capaian_is_not_listed(client, org, juni, sepuluh):
    CapaianOrganisasi.tetapkan(org.direktorat, juni, capaian="ISTIMEWA", aktor=org.deputi)
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:kurva"),
                      {"periode": juni.pk, "unit": org.direktorat.pk}).content.decode()
    melanggar = html.split('id="h-melanggar"')[1].split("</section>")[0]
    assert "Direktorat Uji" not in melanggar  # Istimewa: Sangat Baik ≤ 70 %, Baik is fine
    assert "Tidak ada unit yang melanggar" in melanggar
    assert "Istimewa" in html


def test_few_rated_people_give_no_verdict(client, org, juni):
    rate(approved_skp(org.pegawai), juni)
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:kurva"), {"periode": juni.pk}).content.decode()
    assert "Tidak ada unit yang melanggar" in html and "belum dinilai (kurang dari 10)" in html


def test_a_head_sees_the_kurva_of_their_subtree_only(client, org, juni, sepuluh, bagian):
    client.force_login(org.direktur)
    html = client.get(reverse("monitoring:kurva"), {"periode": juni.pk}).content.decode()
    assert "Direktorat Uji" in html and "Deputi Bidang Uji" not in html
    assert client.get(reverse("monitoring:kurva"), {"unit": org.deputi_unit.pk}).status_code \
        == 404


def test_a_unit_inside_a_unit_penilaian_uses_its_capaian_and_gives_no_warnings(
        client, org, juni, bagian):
    unit, _kabag, staf = bagian
    rate(approved_skp(staf[0]), juni, "ATAS", "ATAS")
    CapaianOrganisasi.tetapkan(org.direktorat, juni, capaian="BUTUH_PERBAIKAN", aktor=org.deputi)
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:kurva"),
                      {"periode": juni.pk, "unit": unit.pk}).content.decode()
    assert "unit ini bagian dari unit penilaian di atasnya" in html
    assert "Butuh Perbaikan</strong>" in html
    assert "<td>0</td><td>1</td>" in cell_row(html, "Sangat Baik")

"""Capaian organisasi reachable for leaders; the Final period as the annual one, end to end."""

from __future__ import annotations

import pytest
from django.urls import reverse

from penilaian.models import Penilaian
from tests.penilaian.conftest import approved_skp, periode_of

CAPAIAN = "Capaian Kinerja Organisasi"


def test_a_leader_of_sub_units_finds_capaian_on_penilaian_and_kurva(client, org, juni):
    approved_skp(org.direktur)  # the deputi rates the direktur and heads the deputi unit
    client.force_login(org.deputi)
    index = client.get(reverse("penilaian:index")).content.decode()
    assert reverse("penilaian:capaian", args=[juni.pk]) in index
    kurva = client.get(reverse("penilaian:kurva", args=[juni.pk])).content.decode()
    assert reverse("penilaian:capaian", args=[juni.pk]) in kurva


def test_a_leader_who_rates_nobody_still_finds_capaian(client, org):
    """The kepala heads the badan (sub-unit: the deputi unit), has no SKP and rates nobody:
    this year's periods, with the capaian link only."""
    client.force_login(org.kepala)
    index = client.get(reverse("penilaian:index")).content.decode()
    assert CAPAIAN in index and "Lihat Kurva" not in index


def test_others_see_no_capaian_link(client, org, juni):
    client.force_login(org.direktur)  # rates the pegawai; the direktorat has no sub-units
    for url in (reverse("penilaian:index"), reverse("penilaian:kurva", args=[juni.pk])):
        html = client.get(url).content.decode()
        assert reverse("penilaian:capaian", args=[juni.pk]) not in html, url
    client.force_login(org.pegawai)
    assert CAPAIAN not in client.get(reverse("penilaian:index")).content.decode()


# Queries of the Penilaian menu: session, user (with the unread notification count), own
# approved SKPs, is-rater, heads sub-units, the years rated, the periods of those years.
INDEX_QUERIES = 7


@pytest.mark.parametrize("n", [1, 4])
def test_penilaian_menu_queries(client, org, django_assert_num_queries, n):
    from tests.factories import make_pegawai

    for k in range(n):
        approved_skp(make_pegawai(org.deputi_unit, nama=f"STAF {k}"))
    approved_skp(org.deputi)
    client.force_login(org.deputi)
    with django_assert_num_queries(INDEX_QUERIES):
        html = client.get(reverse("penilaian:index")).content.decode()
    # 13 monthly periods and the Final, of 2025 (the SKPs) and of this year (a leader's default)
    assert html.count("Lihat Kurva") == 28


def test_the_annual_rating_end_to_end(client, org, skp_pegawai, juni):
    """Periodic ratings, then the Final period rated with that history on screen; the annual
    predikat shows on Penilaian SKP in the Final row, and only it can be objected to."""
    client.force_login(org.direktur)
    juli = periode_of(skp_pegawai, "16 Juli - 15 Agustus")
    for per, hasil in ((juni, "SESUAI"), (juli, "ATAS")):
        pn = Penilaian.untuk(skp_pegawai, per)
        pn.set_rating("hasil", hasil, aktor=org.direktur)
        pn.set_rating("perilaku", "ATAS", aktor=org.direktur)
    Penilaian.untuk(skp_pegawai, periode_of(skp_pegawai, "16 Agustus - 15 September"))  # visited
    final = periode_of(skp_pegawai, "Final")
    html = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, final.pk])
                      ).content.decode()
    history = html[html.index("Riwayat Penilaian Periodik"):html.index('id="hasil-penilaian"')]
    # Each cell carries its card label for phones (data-label, issue 12 item 5).
    assert '16 Juni - 15 Juli</td><td data-label="Hasil Kerja">SESUAI EKSPEKTASI' in history
    assert '16 Juli - 15 Agustus</td><td data-label="Hasil Kerja">DIATAS EKSPEKTASI' in history
    assert "16 Agustus" not in history  # visited but never rated: not history
    pn = Penilaian.untuk(skp_pegawai, final)
    for jenis in ("hasil", "perilaku"):
        client.post(reverse("penilaian:rating", args=[skp_pegawai.pk, final.pk, jenis]),
                    {f"{jenis}-nilai": "ATAS", f"{jenis}-versi": Penilaian.objects.get(
                        pk=pn.pk).versi})
    assert Penilaian.objects.get(pk=pn.pk).predikat == "SANGAT_BAIK"
    client.force_login(org.pegawai)
    page = client.get(reverse("penilaian:skp", args=[skp_pegawai.pk])).content.decode()
    row = page[page.index(f'id="periode-{final.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "Tahunan" in row and "<strong>Sangat Baik</strong>" in row
    assert "Ajukan Keberatan" in row and page.count("Ajukan Keberatan") == 1

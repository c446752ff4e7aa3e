"""The pola distribusi warnings while the rater is choosing: computed as if saved, nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ekinerja.models import Riwayat
from penilaian.models import CapaianOrganisasi, Penilaian
from tests.factories import make_pegawai
from tests.penilaian.conftest import approved_skp

HX = {"HX-Request": "true"}


def url(skp, periode):
    return reverse("penilaian:distribusi", args=[skp.pk, periode.pk])


def test_the_rating_selects_ask_for_the_preview(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    html = client.get(reverse("penilaian:nilai", args=[skp_pegawai.pk, juni.pk])).content.decode()
    for name in ("hasil-nilai", "perilaku-nilai"):
        select = html[html.index(f'name="{name}"') - 400:html.index(f'name="{name}"') + 400]
        assert f'hx-get="{url(skp_pegawai, juni)}"' in select
        assert 'hx-trigger="change"' in select and 'hx-include="#hasil-penilaian select"' in select
        assert 'hx-sync="#hasil-penilaian:replace"' in select
        assert 'hx-target="#distribusi"' in select


def test_the_preview_counts_the_chosen_values_without_saving(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    before = Riwayat.objects.count()
    response = client.get(url(skp_pegawai, juni), {"hasil-nilai": "SESUAI",
                                                   "perilaku-nilai": "SESUAI"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="distribusi"' in html
    # One Baik in a unit of one: too few people for the percentages, so no warning (decisions.md:
    # pola distribusi per unit, no warning for groups too small), and it says so.
    assert "paling banyak" not in html and "harus ada pegawai" not in html
    assert "sedikitnya 10 pegawai telah dinilai; saat ini 1" in html
    assert "Bagian Anda: 1 dari 1 pegawai yang telah dinilai di Direktorat Uji (Baik 1)" in html
    assert "Pratinjau bila disimpan dengan predikat Baik" in html
    assert not Penilaian.objects.filter(skp=skp_pegawai).exists()
    assert Riwayat.objects.count() == before


def test_the_preview_replaces_the_saved_predikat_of_this_skp_only(client, org, skp_pegawai,
                                                                    juni):
    """Ten rated in the unit (the size from which the pattern is judged), all Baik."""
    a = skp_pegawai
    others = [approved_skp(org.rekan)] + [
        approved_skp(make_pegawai(org.direktorat, nama=f"STAF {k}")) for k in range(8)]
    for skp in (a, *others):
        pn = Penilaian.untuk(skp, juni)
        pn.set_rating("hasil", "SESUAI", aktor=org.direktur)
        pn.set_rating("perilaku", "SESUAI", aktor=org.direktur)
    client.force_login(org.direktur)
    html = client.get(url(a, juni), {"hasil-nilai": "BAWAH", "perilaku-nilai": "SESUAI"},
                      headers=HX).content.decode()
    # As if saved: Baik 9 + Butuh Perbaikan 1 of 10: the "someone below Baik" rule is met, and
    # Baik 9 is over floor(70 % of 10) = 7.
    assert "10 pegawai dinilai" in html
    assert "harus ada pegawai dengan predikat Butuh Perbaikan" not in html
    assert "predikat Baik paling banyak 70% (7 dari 10 pegawai), saat ini 9." in html
    saved = client.get(url(a, juni), headers=HX).content.decode()  # nothing chosen: as saved
    assert "harus ada pegawai dengan predikat Butuh Perbaikan" in saved
    assert "saat ini 10." in saved
    assert "Pratinjau" not in saved
    assert Penilaian.objects.get(skp=a, periode=juni).rating_hasil == "SESUAI"


def test_an_override_in_the_form_counts(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    html = client.get(url(skp_pegawai, juni), {"hasil-nilai": "ATAS", "perilaku-nilai": "ATAS",
                                               "predikat": "BUTUH_PERBAIKAN"}).content.decode()
    assert "predikat Butuh Perbaikan" in html and "Sangat Baik paling banyak" not in html


def test_a_unit_head_preview_follows_the_capaian(client, org, juni):
    skp = approved_skp(org.direktur)
    CapaianOrganisasi.tetapkan(org.direktorat, juni, capaian="ISTIMEWA", aktor=org.deputi)
    client.force_login(org.deputi)
    html = client.get(url(skp, juni), {"hasil-nilai": "BAWAH", "perilaku-nilai": "ATAS"}
                      ).content.decode()
    assert "predikat Sangat Baik" in html  # ATAS (from Istimewa) + ATAS, whatever was chosen


def test_nonsense_values_are_not_an_error(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    response = client.get(url(skp_pegawai, juni), {"hasil-nilai": "<x>", "predikat": "??"})
    assert response.status_code == 200
    assert "Pratinjau" not in response.content.decode()


@pytest.mark.parametrize("who", ["pegawai", "rekan", "deputi", "outsider"])
def test_only_the_pejabat_penilai_gets_the_preview(client, org, skp_pegawai, juni, who):
    client.force_login(getattr(org, who))
    assert client.get(url(skp_pegawai, juni), {"hasil-nilai": "ATAS"}).status_code == 404
    assert client.post(url(skp_pegawai, juni), {"hasil-nilai": "ATAS"}).status_code in (404, 405)


def test_get_only(client, org, skp_pegawai, juni):
    client.force_login(org.direktur)
    assert client.post(url(skp_pegawai, juni), {}).status_code == 405


def test_anonymous_goes_to_login(client, skp_pegawai, juni):
    assert client.get(url(skp_pegawai, juni)).status_code == 302

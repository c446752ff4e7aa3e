"""Peer feedback (rekan kerja), decisions.md: same instansi only, never oneself; the giver sees
the colleague's identity, RHK and BerAKHLAK rows and their own feedback only; the owner and the
rater see all peer feedback with authors; only the author edits or deletes. Issue 10 measured
the page open to every signed-in user of every instansi, with the rater's private feedback."""

from __future__ import annotations

import pytest
from django.urls import reverse

from penilaian.models import Penilaian, UmpanBalikPerilaku
from skp.models import PERILAKU_VERSI, PerilakuKerja, Skp
from tests.factories import make_pegawai
from tests.penilaian.conftest import approved_skp, make_skp, periode_of
from tests.skp.conftest import add_rhk


@pytest.fixture(autouse=True)
def _reference(berakhlak, periods_2025):
    """BerAKHLAK rows and the 2025 periods (the pages list them)."""


@pytest.fixture
def skp(org):
    return approved_skp(org.pegawai, n_rhk=1, n_ind=1)


@pytest.fixture
def value(org):
    return PerilakuKerja.objects.filter(versi=PERILAKU_VERSI).order_by("urutan").first()


@pytest.fixture
def admin_lain(org):
    """The instansi admin of the outsider's instansi."""
    return make_pegawai(org.outsider.unit, nama="ADMIN LAIN", is_admin_instansi=True)


def _url(skp: Skp) -> str:
    return reverse("penilaian:rekan_skp", args=[skp.pk])


@pytest.mark.parametrize("who", ["outsider", "admin_lain"])
def test_another_instansi_neither_sees_nor_posts(client, org, skp, value, admin_lain, who):
    UmpanBalikPerilaku.tambah(skp, value, teks="RAHASIA PENILAI", jempol=False,
                              aktor=org.direktur, periode=periode_of(skp))
    user = admin_lain if who == "admin_lain" else org.outsider
    client.force_login(user)
    response = client.get(_url(skp))
    assert response.status_code == 404
    assert "RAHASIA PENILAI" not in response.content.decode()
    before = UmpanBalikPerilaku.objects.count()
    assert client.post(_url(skp), {"perilaku": value.pk, "teks": "x", "jempol": "1"}
                       ).status_code == 404
    assert UmpanBalikPerilaku.objects.count() == before


def test_the_search_does_not_cross_instansi(client, org, skp):
    client.force_login(org.outsider)
    html = client.get(reverse("penilaian:rekan"), {"nip": org.pegawai.nip}).content.decode()
    assert "Pegawai dengan NIP ini tidak ditemukan." in html
    assert "PEGAWAI UJI" not in html and _url(skp) not in html


def test_walking_ids_finds_only_colleagues_of_the_same_instansi(client, org, admin_lain):
    """Every SKP of the system, by id: each user opens exactly the other people's SKPs of their
    own instansi (drafts too), never their own, never another instansi's."""
    mine = {
        "pegawai": approved_skp(org.pegawai),
        "draft_direktur": make_skp(org.direktur),
        "rekan": make_skp(org.rekan),
        "outsider": make_skp(org.outsider),
        "admin_lain": make_skp(admin_lain, year=2024),
    }
    last = Skp.objects.order_by("-pk").values_list("pk", flat=True).first()

    def opened(user) -> set[int]:
        client.force_login(user)
        return {pk for pk in range(1, last + 2)
                if client.get(reverse("penilaian:rekan_skp", args=[pk])).status_code == 200}

    # The other instansi: its two people see each other's SKP, never one of Badan Uji.
    assert opened(org.outsider) == {mine["admin_lain"].pk}
    assert opened(admin_lain) == {mine["outsider"].pk}
    assert opened(org.rekan) == {mine["pegawai"].pk, mine["draft_direktur"].pk}
    assert opened(org.admin) == {mine["pegawai"].pk, mine["draft_direktur"].pk,
                                 mine["rekan"].pk}


def test_a_draft_of_a_colleague_is_open_to_feedback(client, org, value):
    draft = make_skp(org.pegawai)
    add_rhk(draft, "Menyusun laporan bulanan")
    client.force_login(org.rekan)
    html = client.get(_url(draft)).content.decode()
    assert "PEGAWAI UJI" in html and "DRAFT" in html
    assert "Menyusun laporan bulanan" in html  # the RHK rows
    client.post(_url(draft), {"perilaku": value.pk, "teks": "Teliti", "jempol": "1"})
    assert UmpanBalikPerilaku.objects.get().penulis == org.rekan


def test_the_giver_sees_only_their_own_feedback(client, org, skp, value):
    juni = periode_of(skp)
    UmpanBalikPerilaku.tambah(skp, value, teks="RAHASIA PENILAI", jempol=False,
                              aktor=org.direktur, periode=juni)
    pn = Penilaian.untuk(skp, juni)
    pn.set_rating("hasil", "ATAS", aktor=org.direktur)
    UmpanBalikPerilaku.tambah(skp, value, teks="DARI ADMIN", jempol=True, aktor=org.admin)
    UmpanBalikPerilaku.tambah(skp, value, teks="DARI REKAN", jempol=True, aktor=org.rekan)
    client.force_login(org.rekan)
    html = client.get(_url(skp)).content.decode()
    assert "DARI REKAN" in html and "RHK 1" in html and "Berorientasi Pelayanan" in html
    for hidden in ("RAHASIA PENILAI", "DARI ADMIN", "ADMIN UJI", "DIATAS EKSPEKTASI"):
        assert hidden not in html, hidden
    # The htmx row after adding feedback shows the same: own feedback only.
    row = client.post(_url(skp), {"perilaku": value.pk, "teks": "LAGI", "jempol": "1"},
                      headers={"HX-Request": "true"}).content.decode()
    assert "LAGI" in row and "DARI REKAN" in row
    assert "RAHASIA PENILAI" not in row and "DARI ADMIN" not in row


def test_owner_and_rater_see_all_peer_feedback_with_authors(client, org, skp, value):
    juni = periode_of(skp)
    UmpanBalikPerilaku.tambah(skp, value, teks="DARI ADMIN", jempol=True, aktor=org.admin)
    UmpanBalikPerilaku.tambah(skp, value, teks="DARI REKAN", jempol=False, aktor=org.rekan)
    client.force_login(org.pegawai)
    html = client.get(reverse("penilaian:eviden", args=[skp.pk, juni.pk])).content.decode()
    assert "(ADMIN UJI)</strong> DARI ADMIN" in html and "(REKAN UJI)</strong> DARI REKAN" in html
    client.force_login(org.direktur)
    html = client.get(reverse("penilaian:nilai", args=[skp.pk, juni.pk])).content.decode()
    assert "(ADMIN UJI)</strong> DARI ADMIN" in html and "(REKAN UJI)</strong> DARI REKAN" in html
    # On the peer page the rater, a colleague too, sees all peer feedback (not their period's).
    UmpanBalikPerilaku.tambah(skp, value, teks="PERIODE JUNI", jempol=True, aktor=org.direktur,
                              periode=juni)
    html = client.get(_url(skp)).content.decode()
    assert "DARI ADMIN" in html and "DARI REKAN" in html and "PERIODE JUNI" not in html


def test_the_model_refuses_peer_feedback_across_instansi(org, skp, value, admin_lain):
    from penilaian.models import Ditolak

    for user in (org.outsider, admin_lain):
        with pytest.raises(Ditolak):
            UmpanBalikPerilaku.tambah(skp, value, teks="x", jempol=True, aktor=user)
    assert not UmpanBalikPerilaku.objects.exists()


@pytest.mark.parametrize("data", [
    {"perilaku": "abc"},
    {"perilaku": "²³"},
    {"perilaku": "1" * 5000},
    {"perilaku": "-1"},
    {"perilaku": ""},
    {},
    {"perilaku": ["1", "2"]},
    {"perilaku": ["x", "y"]},
], ids=["teks", "superscript", "5000-digit", "negatif", "kosong", "tanpa", "ganda", "ganda-teks"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_crafted_perilaku_gets_a_message_not_a_500(client, org, skp, value, data, htmx):
    if data.get("perilaku") == ["1", "2"]:
        data = {"perilaku": [str(value.pk), str(value.pk + 1)]}
    client.force_login(org.rekan)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(_url(skp), {**data, "teks": "Ketik ini", "jempol": "0"},
                           headers=headers)
    html = response.content.decode()
    assert response.status_code in (200, 400), response.status_code
    assert "Perilaku kerja tidak dikenal." in html
    assert not UmpanBalikPerilaku.objects.exists()
    if not htmx:
        assert "Ketik ini" in html  # the typed text is kept

"""Create forms of the SKP take effect once (issue 10, item 3): Tambah SKP, Tambah RHK, Tambah
Indikator and the Lampiran items carry a one-time token (ekinerja/formulir.py).

Measured on main before the token (tests/race.py, two threads with their own connections
posting the same Tambah RHK form through the real views): two RHKs in 100 of 100 rounds; two
posts of the same form one after the other: two RHKs, two indicators, two lampiran items.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.urls import reverse

from ekinerja.formulir import FIELD, SudahDikirim, sekali_token, token_baru
from ekinerja.models import KirimanFormulir
from skp.models import HasilKerja, Indikator, LampiranItem, Skp
from tests.race import ROUNDS, Arena, race, tabs, token_in
from tests.skp.conftest import add_rhk, make_skp

HX = {"HX-Request": "true"}
SUDAH = "Formulir ini sudah dikirim; data tidak disimpan dua kali."
LAMPIRAN = LampiranItem.Jenis.DUKUNGAN_SUMBER_DAYA


def _forms(skp, rhk):
    """(url, data, rows) of each create form of the SKP page, for the direktur (JPT)."""
    return {
        "rhk": (reverse("skp:rhk_tambah", args=[skp.pk]),
                {"klasifikasi": "individu", "jenis": "utama", "teks": "RHK dobel"},
                lambda: HasilKerja.objects.filter(skp=skp, teks="RHK dobel").count()),
        "indikator": (reverse("skp:indikator_tambah", args=[skp.pk, rhk.pk]),
                      {"teks": "IKI dobel", "target_teks": "5", "perspektif": "penerima_layanan"},
                      lambda: Indikator.objects.filter(rhk=rhk, teks="IKI dobel").count()),
        "lampiran": (reverse("skp:lampiran_tambah", args=[skp.pk, LAMPIRAN]),
                     {"teks": "Lampiran dobel"},
                     lambda: LampiranItem.objects.filter(skp=skp, teks="Lampiran dobel").count()),
    }


@pytest.mark.parametrize("kind", ["rhk", "indikator", "lampiran"])
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_a_double_clicked_create_form_creates_one_row_and_answers_like_the_first(
        client, org, kind, htmx):
    skp = make_skp(org.direktur)
    rhk = add_rhk(skp, "RHK ada")
    client.force_login(org.direktur)
    url, data, rows = _forms(skp, rhk)[kind]
    headers = HX if htmx else {}
    token = token_in(client.get(url, headers=headers).content.decode())
    first = client.post(url, {**data, FIELD: token}, headers=headers)
    second = client.post(url, {**data, FIELD: token}, headers=headers)
    assert rows() == 1
    if htmx:  # the same swap as the first: the section with the one new row, dialog closed
        assert second["HX-Retarget"] == first["HX-Retarget"]
        assert second["HX-Trigger"] == "skp-dialog-close"
        html = second.content.decode()
        assert SUDAH in html and data["teks"] in html and "<html" not in html
    else:
        assert second.status_code == first.status_code == 302
        assert second["Location"] == first["Location"]
        assert SUDAH in client.get(second["Location"]).content.decode()
    # A new form (a new token) adds another row, as it should.
    again = token_in(client.get(url, headers=headers).content.decode())
    assert again != token
    client.post(url, {**data, FIELD: again}, headers=headers)
    assert rows() == 2


def test_a_double_clicked_tambah_skp_creates_one_skp(client, org):
    client.force_login(org.pegawai)
    url = reverse("skp:tambah")
    token = token_in(client.get(url).content.decode())
    data = {"periode_awal": "2025-01-01", "periode_akhir": "2025-06-30",
            "pendekatan": "kuantitatif", FIELD: token}
    first, second = client.post(url, data), client.post(url, data)
    assert Skp.objects.filter(pegawai=org.pegawai).count() == 1
    assert first["Location"] == second["Location"] == reverse("skp:daftar")
    # The second tab learns the form was sent, not that its period overlaps its own SKP.
    page = client.get(second["Location"]).content.decode()
    assert SUDAH in page and "tumpang tindih" not in page


def test_a_refused_create_leaves_the_token_for_the_corrected_form(client, org):
    skp = make_skp(org.direktur)
    client.force_login(org.direktur)
    url = reverse("skp:rhk_tambah", args=[skp.pk])
    token = token_in(client.get(url, headers=HX).content.decode())
    refused = client.post(url, {"klasifikasi": "individu", "jenis": "utama", "teks": "",
                                FIELD: token}, headers=HX)
    assert "Isi Rencana Hasil Kerja" in refused.content.decode()
    assert not KirimanFormulir.objects.exists()  # rolled back with the refused create
    # The form drawn again has a new token; the old one would work too (nothing took it).
    assert token_in(refused.content.decode()) != token
    client.post(url, {"klasifikasi": "individu", "jenis": "utama", "teks": "Benar",
                      FIELD: token}, headers=HX)
    assert HasilKerja.objects.filter(skp=skp, teks="Benar").count() == 1


def test_a_post_without_a_usable_token_is_accepted_as_before(client, org):
    """Documented choice: a missing or foreign-looking token does not block (scripts, old
    pages); it just gets no protection. Nothing of it is stored."""
    skp = make_skp(org.direktur)
    client.force_login(org.direktur)
    url = reverse("skp:lampiran_tambah", args=[skp.pk, LAMPIRAN])
    for token in (None, "", "pendek", "x" * 5000, "<script>", "٣" * 20):
        data = {"teks": "Tanpa token"} if token is None else {"teks": "Tanpa token", FIELD: token}
        assert client.post(url, data).status_code == 302
    assert LampiranItem.objects.filter(skp=skp, teks="Tanpa token").count() == 6
    assert not KirimanFormulir.objects.exists()


def test_a_token_is_per_user(org):
    """Someone who learns another user's token cannot use it to block that user's form."""
    token = token_baru()
    skp_a, skp_b = make_skp(org.direktur), make_skp(org.pegawai)
    with sekali_token(org.pegawai.pk, token):
        add_rhk(skp_b, "B")
    with sekali_token(org.direktur.pk, token):
        add_rhk(skp_a, "A")
    with pytest.raises(SudahDikirim), sekali_token(org.direktur.pk, token):
        add_rhk(skp_a, "A lagi")
    assert HasilKerja.objects.filter(skp=skp_a).count() == 1


# --- two submissions of one form at once: real threads, separate connections ------------------


def _double_submit(pegawai, create, count) -> dict[str, int]:
    """ROUNDS rounds of the same form (one token) sent twice at once; the outcomes counted."""
    outcomes = {"dibuat": 0, "sudah dikirim": 0, "lain": 0, "dobel": 0}
    with Arena(2) as arena:
        for n in range(ROUNDS):
            token = token_baru()

            def kirim(n=n, token=token):
                with sekali_token(pegawai.pk, token):
                    create(n)
                return "dibuat"

            for result in arena.race(kirim, kirim):
                key = "sudah dikirim" if isinstance(result, SudahDikirim) else result
                outcomes[key if key in outcomes else "lain"] += 1
            made = count(n)
            outcomes["dobel"] += made > 1
            assert made == 1, f"round {n}: {made} rows"
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_double_submitted_rhk_indicator_and_lampiran_forms_create_one_row_every_round(org):
    """Tambah RHK, Tambah Indikator and a lampiran item, each form sent twice at once for
    ROUNDS rounds: every round one submission creates and the other is told it was sent."""
    skp = make_skp(org.direktur)
    rhk = add_rhk(skp)
    creates = {
        "rhk": (lambda n: add_rhk(skp, f"RHK {n}"),
                lambda n: HasilKerja.objects.filter(skp=skp, teks=f"RHK {n}").count()),
        "indikator": (lambda n: rhk.add_indikator(aktor=org.direktur, teks=f"IKI {n}",
                                                  target_teks="5", perspektif="penerima_layanan"),
                      lambda n: Indikator.objects.filter(rhk=rhk, teks=f"IKI {n}").count()),
        "lampiran": (lambda n: skp.add_lampiran(jenis=LAMPIRAN, teks=f"L {n}", aktor=org.direktur),
                     lambda n: LampiranItem.objects.filter(skp=skp, teks=f"L {n}").count()),
    }
    for kind, (create, count) in creates.items():
        outcomes = _double_submit(org.direktur, create, count)
        assert outcomes == {"dibuat": ROUNDS, "sudah dikirim": ROUNDS, "lain": 0, "dobel": 0}, \
            (kind, outcomes)


VIEW_ROUNDS = 10  # whole requests cost ~0.2 s each; the 100 rounds above are the transaction


@pytest.mark.django_db(transaction=True)
def test_two_tabs_posting_one_tambah_rhk_form_through_the_views_make_one_rhk(org):
    """End to end: the real view, two tabs of one session, the same token at once. The loser
    gets the same swap as the winner, with the message instead of the success."""
    skp = make_skp(org.direktur)
    a, b = tabs(org.direktur)
    url = reverse("skp:rhk_tambah", args=[skp.pk])
    for n in range(VIEW_ROUNDS):
        data = {"klasifikasi": "individu", "jenis": "utama", "teks": f"RHK {n}",
                FIELD: token_baru()}
        results = race(partial(a.post, url, data, headers=HX), partial(b.post, url, data, headers=HX))
        assert HasilKerja.objects.filter(skp=skp, teks=f"RHK {n}").count() == 1
        assert [r.status_code for r in results] == [200, 200]
        assert all(r["HX-Retarget"] == "#hasil-kerja" for r in results)
        pesan = sorted(SUDAH in r.content.decode() for r in results)
        assert pesan == [False, True], f"round {n}"

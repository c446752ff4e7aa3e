"""Every SKP view, GET and POST: anonymous → login, rekan/outsider → 404, penilai → read only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ekinerja.models import Riwayat
from skp.models import HasilKerja, Indikator, LampiranItem, PerilakuKerja, Skp
from tests.skp.conftest import add_indikator, add_rhk, make_skp

# (url name, args builder, methods the view answers)
PLAN_VIEWS = [
    ("skp:edit", lambda d: [d["skp"].pk], ["GET", "POST"]),
    ("skp:hapus", lambda d: [d["skp"].pk], ["GET", "POST"]),
    ("skp:muat_ulang", lambda d: [d["skp"].pk, "pegawai"], ["POST"]),
    ("skp:muat_ulang", lambda d: [d["skp"].pk, "penilai"], ["POST"]),
    ("skp:ganti_penilai", lambda d: [d["skp"].pk], ["GET", "POST"]),
    ("skp:rhk_tambah", lambda d: [d["skp"].pk], ["GET", "POST"]),
    ("skp:rhk_edit", lambda d: [d["skp"].pk, d["rhk"].pk], ["GET", "POST"]),
    ("skp:rhk_hapus", lambda d: [d["skp"].pk, d["rhk"].pk], ["GET", "POST"]),
    ("skp:rhk_pindah", lambda d: [d["skp"].pk, d["rhk"].pk, "turun"], ["POST"]),
    ("skp:indikator_tambah", lambda d: [d["skp"].pk, d["rhk"].pk], ["GET", "POST"]),
    ("skp:indikator_edit", lambda d: [d["skp"].pk, d["ind"].pk], ["GET", "POST"]),
    ("skp:indikator_hapus", lambda d: [d["skp"].pk, d["ind"].pk], ["GET", "POST"]),
    ("skp:indikator_pindah", lambda d: [d["skp"].pk, d["ind"].pk, "naik"], ["POST"]),
    ("skp:lampiran_tambah", lambda d: [d["skp"].pk, "konsekuensi"], ["GET", "POST"]),
    ("skp:lampiran_edit", lambda d: [d["skp"].pk, d["item"].pk], ["GET", "POST"]),
    ("skp:lampiran_hapus", lambda d: [d["skp"].pk, d["item"].pk], ["GET", "POST"]),
    ("skp:lampiran_pindah", lambda d: [d["skp"].pk, d["item"].pk, "naik"], ["POST"]),
    ("skp:ajukan", lambda d: [d["skp"].pk], ["GET", "POST"]),
]
READ_VIEWS = [("skp:detail", lambda d: [d["skp"].pk], ["GET"])]
PENILAI_VIEWS = [
    ("skp:ekspektasi", lambda d: [d["skp"].pk, d["perilaku"].pk], ["GET", "POST"]),
    ("skp:edit_status", lambda d: [d["skp"].pk], ["GET", "POST"]),
]
SKP_VIEWS = PLAN_VIEWS + READ_VIEWS + PENILAI_VIEWS
CASES = [(name, args, method) for name, args, methods in SKP_VIEWS for method in methods]
IDS = [f"{name}-{method}-{args.__code__.co_consts}" for name, args, method in CASES]

POST_DATA = {
    "periode_awal": "2025-01-01", "periode_akhir": "2025-12-31", "pendekatan": "kuantitatif",
    "jenis": "utama", "teks": "Diubah orang lain", "aspek": "kualitas", "target_teks": "1",
    "nip": "198501012010011001", "status": "persetujuan", "dilihat": "pengajuan", "alasan": "x",
}


@pytest.fixture
def data(org):
    skp = make_skp(org.pegawai)
    rhk = add_rhk(skp, "RHK pegawai")
    ind = add_indikator(rhk)
    item = skp.add_lampiran(jenis="konsekuensi", teks="Reward", aktor=org.pegawai)
    return {"skp": skp, "rhk": rhk, "ind": ind, "item": item,
            "perilaku": PerilakuKerja.objects.first()}


def _unchanged(data):
    assert HasilKerja.objects.get(pk=data["rhk"].pk).teks == "RHK pegawai"
    assert Indikator.objects.get(pk=data["ind"].pk).teks == "Indikator uji"
    assert LampiranItem.objects.get(pk=data["item"].pk).teks == "Reward"
    assert not data["skp"].ekspektasi.exists()
    # Only the creation rows: nothing else was recorded.
    assert set(Riwayat.untuk(data["skp"]).values_list("aksi", flat=True)) == {
        "skp.tambah", "rhk.tambah", "indikator.tambah", "lampiran.tambah"}


def _call(client, method, url, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, POST_DATA, headers=headers)


@pytest.mark.parametrize(("name", "args", "method"), CASES, ids=IDS)
def test_it_sends_anonymous_users_to_login(client, data, name, args, method):
    url = reverse(name, args=args(data))
    response = _call(client, method, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    _unchanged(data)


@pytest.mark.parametrize("persona", ["rekan", "outsider", "deputi", "admin"])
@pytest.mark.parametrize(("name", "args", "method"), CASES, ids=IDS)
def test_it_hides_the_skp_from_everyone_else(client, org, data, persona, name, args, method):
    client.force_login(getattr(org, persona))
    for htmx in (False, True):
        response = _call(client, method, reverse(name, args=args(data)), htmx=htmx)
        assert response.status_code == 404
    _unchanged(data)


@pytest.mark.parametrize(("name", "args", "method"),
                         [(n, a, m) for n, a, ms in PLAN_VIEWS for m in ms])
def test_the_penilai_cannot_change_the_plan(client, org, data, name, args, method):
    client.force_login(org.direktur)
    response = _call(client, method, reverse(name, args=args(data)))
    assert response.status_code == 403
    _unchanged(data)


def test_the_penilai_reads_the_skp_without_edit_buttons(client, org, data):
    client.force_login(org.direktur)
    response = client.get(reverse("skp:detail", args=[data["skp"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "RHK pegawai" in html and "Indikator uji" in html
    assert "Tambah Rencana Hasil Kerja" not in html and "Muat ulang" not in html
    assert reverse("skp:rhk_edit", args=[data["skp"].pk, data["rhk"].pk]) not in html
    assert reverse("skp:ekspektasi", args=[data["skp"].pk, data["perilaku"].pk]) in html


@pytest.mark.parametrize("name", ["skp:ekspektasi", "skp:edit_status"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_owner_cannot_write_ekspektasi_or_status(client, org, data, method, name):
    data["skp"].submit(aktor=org.pegawai)
    client.force_login(org.pegawai)
    args = {"skp:ekspektasi": [data["skp"].pk, data["perilaku"].pk],
            "skp:edit_status": [data["skp"].pk]}[name]
    url = reverse(name, args=args)
    assert _call(client, method, url).status_code == 403
    assert Skp.objects.get(pk=data["skp"].pk).status == "pengajuan"
    assert not data["skp"].ekspektasi.exists()


def test_the_owner_sees_no_ekspektasi_edit_button(client, org, data):
    client.force_login(org.pegawai)
    html = client.get(reverse("skp:detail", args=[data["skp"].pk])).content.decode()
    assert reverse("skp:ekspektasi", args=[data["skp"].pk, data["perilaku"].pk]) not in html


@pytest.mark.parametrize("name", ["skp:daftar", "skp:tambah"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_list_and_create_need_login(client, db, name, method):
    response = _call(client, method, reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args", "method"),
                         [(n, a, m) for n, a, ms in SKP_VIEWS for m in ("PUT", "DELETE")
                          if "POST" in ms or m == "PUT"] + [
                             (n, a, "GET") for n, a, ms in SKP_VIEWS if ms == ["POST"]])
def test_it_answers_405_to_the_wrong_method(client, org, data, name, args, method):
    client.force_login(org.pegawai)
    url = reverse(name, args=args(data))
    response = client.generic(method, url)
    assert response.status_code == 405
    _unchanged(data)


def test_daftar_shows_only_the_users_own_skps(client, org, data):
    mine = make_skp(org.rekan)
    client.force_login(org.rekan)
    response = client.get(reverse("skp:daftar"))
    skps = list(response.context["skps"])
    assert skps == [mine]
    assert reverse("skp:detail", args=[data["skp"].pk]) not in response.content.decode()


# --- SKP Bawahan: a list of the user's own subordinates, so there is no object to hide -------


@pytest.mark.parametrize(("name", "method"), [("skp:bawahan", "GET"),
                                              ("skp:bawahan_setujui", "POST")])
def test_bawahan_needs_login(client, data, name, method):
    response = _call(client, method, reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method"), [("skp:bawahan", "POST"), ("skp:bawahan", "PUT"),
                                              ("skp:bawahan_setujui", "GET"),
                                              ("skp:bawahan_setujui", "PUT")])
def test_bawahan_answers_405_to_the_wrong_method(client, org, name, method):
    client.force_login(org.direktur)
    assert client.generic(method, reverse(name)).status_code == 405


@pytest.mark.parametrize("persona", ["pegawai", "rekan", "outsider", "deputi", "admin"])
def test_bawahan_shows_only_skps_the_user_rates(client, org, data, persona):
    """The Deputi rates the Direktur, not the Direktur's staff; nobody else rates anyone here."""
    data["skp"].submit(aktor=org.pegawai)
    client.force_login(getattr(org, persona))
    response = client.get(reverse("skp:bawahan"))
    assert list(response.context["page"]) == []
    assert reverse("skp:detail", args=[data["skp"].pk]) not in response.content.decode()
    response = client.post(reverse("skp:bawahan_setujui"),
                           {"pilih": [data["skp"].pk], f"dilihat_{data['skp'].pk}": "pengajuan"},
                           follow=True)
    assert "tidak ada dalam daftar SKP bawahan Anda" in response.content.decode()
    assert Skp.objects.get(pk=data["skp"].pk).status == "pengajuan"

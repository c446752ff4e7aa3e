"""Authorization matrix (issue 10, item 1): every URL pattern of the resolver × eight actors ×
GET and POST. Each cell must be allowed or refused exactly as the table in matriks_tabel.py
says, a refused request writes no row, no cell answers 500, and a URL pattern without a row
fails the meta-test."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.security import matriks_tabel as T  # noqa: N812
from tests.security.skenario import AKTOR, SEKARANG, build

POLA = T.semua_pola()


@pytest.fixture(scope="module")
def dunia(django_db_setup, django_db_blocker, tmp_path_factory):
    """The scenario and one signed-in client per actor, built once for the module inside a
    transaction that is rolled back at its end (each test then runs in a savepoint)."""
    bukti = tmp_path_factory.mktemp("bukti")
    from django.conf import settings

    pengaturan = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={**settings.STORAGES, "bukti": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(bukti)}}},
    )
    # The clock stands still: no session's activity stamp is due, so no cell writes one.
    waktu = time_machine.travel(SEKARANG, tick=False)
    with django_db_blocker.unblock():
        pengaturan.enable()
        waktu.start()
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as django.test.TestCase's class-wide block
        atomic.__enter__()
        try:
            s = build()
            clients = {}
            for nama in AKTOR:
                clients[nama] = Client()
                if nama != "anonim":
                    clients[nama].force_login(s.pegawai[nama])
            yield s, clients
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            waktu.stop()
            pengaturan.disable()


def _tulisan() -> dict[str, int]:
    """Rows inserted, updated or deleted so far in this transaction, per table (sessions aside:
    signing in and the activity stamp are the session's own). PostgreSQL keeps counting what
    a rolled-back savepoint wrote, so the figure only grows."""
    with connection.cursor() as cur:
        cur.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del "
                    "FROM pg_stat_xact_user_tables WHERE relname <> 'django_session' "
                    "AND n_tup_ins + n_tup_upd + n_tup_del > 0")
        return dict(cur.fetchall())


def _sel(client: Client, metode: str, url: str, data: dict, sebelum: dict[str, int] | None
         ) -> tuple[Any, dict[str, int], dict[str, int] | None]:
    """One cell, in a savepoint rolled back afterwards, with the client's cookies restored (a
    logout or a new session key must not leak into the next cell). Returns the response, the
    rows it wrote per table, and the counters after it (the next cell's `sebelum`); without
    `sebelum` the writes are not read."""
    cookies = client.cookies
    client.cookies = cookies.__class__(cookies)  # a copy: the original stays untouched
    sid = transaction.savepoint_create()
    try:
        response = client.get(url) if metode == "GET" else client.post(url, data)
        sesudah = _tulisan() if sebelum is not None else None
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = cookies
    if sebelum is None or sesudah is None:
        return response, {}, None
    berubah = {t: n - sebelum.get(t, 0) for t, n in sesudah.items() if n != sebelum.get(t, 0)}
    return response, berubah, sesudah


@pytest.mark.parametrize("kunci", [p.kunci for p in POLA])
def test_sel(dunia, db, kunci):
    s, clients = dunia
    pola = next(p for p in POLA if p.kunci == kunci)
    baris = T.baris_untuk(pola)
    assert baris is not None, f"{kunci}: no row in matriks_tabel.py"
    url = T.url_untuk(pola, baris, s)
    data = baris.data(s) if baris.data else {}
    salah = []
    dump = {}
    # Refused cells first: each needs the write counters after it, and the counters after one
    # cell are the next one's before (allowed cells at the end need no reading).
    sel = sorted(((m, i, a) for m in ("GET", "POST") for i, a in enumerate(AKTOR)),
                 key=lambda c: baris.harapan(c[0])[c[1]] == "+")
    sebelum = _tulisan()
    for metode, i, aktor in sel:
        harap = baris.harapan(metode)[i]
        response, berubah, sebelum = _sel(clients[aktor], metode, url, data,
                                          sebelum if harap == "-" else None)
        hasil, status = T.hasil(response, baris), response.status_code
        lokasi = response.get("Location", "")
        dump[f"{metode} {aktor}"] = [hasil, status, lokasi, berubah]
        if status >= 500:
            salah.append(f"{metode} {aktor}: {status} (server error)")
        elif hasil != harap:
            salah.append(f"{metode} {aktor}: expected {'allow' if harap == '+' else 'deny'}"
                         f", got {status} {lokasi}")
        elif hasil == "-" and berubah:
            salah.append(f"{metode} {aktor}: refused but wrote rows {berubah}")
    if os.environ.get("MATRIKS_DUMP"):
        nama = os.path.join(os.environ["MATRIKS_DUMP"], kunci.replace("/", "_") + ".json")
        with open(nama, "w") as fh:
            json.dump({"url": url, "sel": dump}, fh)
    assert not salah, f"{kunci} {url}\n" + "\n".join(salah)


def test_every_url_pattern_has_a_row():
    """The meta-test: a new URL pattern without a row in the table fails here, and so does a
    row whose pattern is gone."""
    tanpa = [p.kunci for p in POLA if T.baris_untuk(p) is None]
    assert not tanpa, f"URL patterns without a row in matriks_tabel.py: {tanpa}"
    kunci = {p.kunci for p in POLA}
    basi = sorted(k for k in T.TABEL if k not in kunci)
    assert not basi, f"rows for URL patterns that no longer exist: {basi}"
    assert len(kunci) == len(POLA), "two URL patterns share a key"


def test_the_write_check_sees_what_a_request_writes(dunia, db):
    """The refusal check can fail: the owner's real Tambah RHK shows up in the counters, the
    same POST by a colleague is refused and shows nothing."""
    s, clients = dunia
    url = reverse("skp:rhk_tambah", args=[s.skp_draft.pk])
    data = {"jenis": "utama", "teks": "RHK dari matriks akses"}
    response, berubah, _ = _sel(clients["owner"], "POST", url, data, _tulisan())
    assert response.status_code == 302 and berubah.get("skp_hasilkerja") == 1, berubah
    response, berubah, _ = _sel(clients["rekan"], "POST", url, data, _tulisan())
    assert response.status_code == 404 and berubah == {}


@pytest.mark.parametrize("model", ["ekinerja.unitorganisasi", "ekinerja.pegawai",
                                   "penilaian.periodepenilaian"])
def test_another_instansis_admin_cannot_change_an_object_through_the_admin(dunia, db, model):
    """A complete change form of a Badan Matriks object, posted by Instansi Seberang's admin:
    refused, nothing written; the same form by Badan Matriks's own admin is accepted."""
    s, clients = dunia
    obj = s.extra[model]
    app, nama = model.split(".")
    url = reverse(f"admin:{app}_{nama}_change", args=[obj.pk])
    form = clients["admin"].get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or field.disabled:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    data["nama"] = "DIUBAH LEWAT ADMIN"
    baris = T.baris_untuk(T.Pola(f"admin:{app}_{nama}_change", None, ""))
    response, berubah, _ = _sel(clients["admin_luar"], "POST", url, data, _tulisan())
    assert T.hasil(response, baris) == "-", response.status_code
    assert berubah == {}
    response = clients["admin_luar"].get(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response, berubah, _ = _sel(clients["admin"], "POST", url, data, _tulisan())
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert berubah.get(obj._meta.db_table) == 1, berubah

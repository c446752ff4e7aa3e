"""Plain factory functions for test data. Build state through model methods, never raw statuses."""

from __future__ import annotations

import itertools
from typing import Any

from ekinerja.actions import create_instansi
from ekinerja.models import Instansi, KelasJabatan, Pegawai, UnitOrganisasi

_seq = itertools.count(1)
PASSWORD = "rahasia-uji-123"


def make_nip(gender: str = "1") -> str:
    """A valid, unique PNS NIP: born 1985-01-01, CPNS January 2010, sequence from a counter."""
    n = next(_seq)
    day = 1 + (n // 999) % 28
    return f"198501{day:02d}201001{gender}{n % 999 + 1:03d}"


def make_instansi(nama: str = "Instansi Uji", **kw: Any) -> Instansi:
    """Through the real creation action: this year's periods come with it."""
    return create_instansi(aktor=None, nama=nama, **kw)


def make_unit(instansi: Instansi, nama: str = "Unit Uji", parent=None, **kw: Any) -> UnitOrganisasi:
    return UnitOrganisasi.objects.create(instansi=instansi, nama=nama, parent=parent, **kw)


def make_pegawai(
    unit: UnitOrganisasi | None = None,
    *,
    nama: str = "PEGAWAI UJI",
    kelas: str = KelasJabatan.PELAKSANA,
    password: str | None = PASSWORD,
    **kw: Any,
) -> Pegawai:
    kw.setdefault("jabatan", "Pengolah Data")
    kw.setdefault("golongan", "III/a")
    kw.setdefault("pangkat", "Penata Muda")
    return Pegawai.objects.create_user(
        kw.pop("nip", None) or make_nip(),
        password,
        nama=nama,
        kelas_jabatan=kelas,
        unit=unit,
        instansi=unit.instansi if unit else kw.pop("instansi", None),
        **kw,
    )


def lead(unit: UnitOrganisasi, pegawai: Pegawai) -> UnitOrganisasi:
    unit.kepala = pegawai
    unit.save(update_fields=["kepala"])
    return unit


def sesi_masuk(pegawai: Pegawai) -> str:
    """A signed-in session for `pegawai` in the database session store, as a login would leave it
    (with the idle-timeout marks of ekinerja/sesi.py): the cookie value for a test's own app
    server started in another process (tests/faults, tests/skala)."""
    import time

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    s = SessionStore()
    s[SESSION_KEY] = str(pegawai.pk)
    s[BACKEND_SESSION_KEY] = "ekinerja.auth.LocalAccountBackend"
    s[HASH_SESSION_KEY] = pegawai.get_session_auth_hash()
    s["sesi_mulai"] = s["sesi_aktif"] = time.time()
    s.create()
    return str(s.session_key)

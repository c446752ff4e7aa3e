"""No 500 from any input (issue 10, item 2): Hypothesis over every form and htmx endpoint.

The endpoints come from the URL resolver; a meta-test fails when a pattern has no row in
ENDPOINTS (the actor who may use it and the objects its path names) or in NOT_FUZZED (with the
reason). The fields come from the pages themselves: every endpoint is opened (GET, with and
without HX-Request) as its actor, and every form, hx-post/hx-get element and link in those
pages is read (lxml) for the fields and default values a browser would send to each endpoint.
Each example then takes that browser baseline and mutates it: fields replaced by hostile values
(10k-character text, RTL and combining marks, HTML/script, NUL, huge/negative/non-ASCII
numbers, impossible dates, a file where text is expected), dropped, repeated, or joined by
unknown fields; GET or POST as the form says, with or without HX-Request.

Every example asserts: no 5xx; a refusal (4xx, or a 200 that re-renders a form with its error
list) changed no row of any application table; an error shown next to a field is Indonesian
(no Django English default). Each example is rolled back (hypothesis.extra.django.TestCase).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from ekinerja.models import KelasJabatan
from ekinerja.models_dokumen import BundelCetak
from ekinerja.notifications import notify
from matriks.actions import add_pegawai
from penilaian.models import (
    Eviden,
    JenisPeriode,
    Keberatan,
    Penilaian,
    PeriodePenilaian,
    RencanaAksi,
    UmpanBalikPerilaku,
)
from progres import actions as progres_actions
from skp.models import PerilakuKerja
from tests.factories import lead, make_instansi, make_pegawai, make_unit
from tests.skp.conftest import add_indikator, add_rhk, ajukan, make_skp, setujui

WIB = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2025, 7, 1, 9, 0, tzinfo=WIB)  # inside the June period, before its deadline

# --- hostile values -----------------------------------------------------------------------------

HOSTILE = [
    "a" * 10_000,
    "مرحبا " * 1_700,  # RTL, 10k characters
    "e\u0301\u0308" * 3_400,  # combining marks
    "\u202eevil\u202c", "שלום עולם", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͚", "😀" * 50,
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7|add:7 }}{% debug %}",
    "\x00", "abc\x00def", "1\x00",
    "-1", "0", "-99999999999999999999", "9" * 5_000, str(2**63), str(2**64), "1e308", "NaN",
    "inf", "-0", "1,5", "1.5",
    "²³", "١٢٣", "１２３", "۱۲۳", "٢٠٢٥-٠٧-٠١",
    "2026-02-30", "0000-01-01", "99999-12-31", "2025-13-01", "31/12/2025", "2025-07",
    "", " ", "true", "null", "[]", '{"a": 1}',
    "javascript:alert(1)", "http://", "https://x" + "x" * 3000 + ".id", "../../etc/passwd",
]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers().map(str),
                  st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat))
FILE = st.just("FILE")  # a small upload where text is expected (wrong type)

# Django's own English messages: none may reach a page (LANGUAGE_CODE is "id").
ENGLISH = ["This field is required", "Enter a valid", "Ensure this value", "Select a valid choice",
           "Null characters are not allowed", "Enter a whole number", "Enter a number"]

# Tables whose rows a refused request still writes by design: the view log (who looked), the
# login attempts and counters, sessions.
VOLATILE_TABLES = {"ekinerja_aksesdata", "ekinerja_loginevent", "ekinerja_logincounter"}

# --- the scenario -------------------------------------------------------------------------------


class Sc(SimpleNamespace):
    """The objects the endpoints' paths name, and their actors."""


def build_scenario() -> Sc:
    s = Sc()
    importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)
    instansi = make_instansi("Instansi Fuzz")
    badan = make_unit(instansi, "Badan Fuzz")
    direktorat = make_unit(instansi, "Direktorat Fuzz", parent=badan)
    kepala = make_pegawai(badan, nama="KEPALA FUZZ", kelas=KelasJabatan.JPT_UTAMA)
    lead(badan, kepala)
    direktur = make_pegawai(direktorat, nama="DIREKTUR FUZZ", kelas=KelasJabatan.JPT_PRATAMA)
    lead(direktorat, direktur)
    pegawai = make_pegawai(direktorat, nama="PEGAWAI FUZZ", kelas=KelasJabatan.FUNGSIONAL)
    rekan = make_pegawai(direktorat, nama="REKAN FUZZ")
    staf = make_pegawai(direktorat, nama="STAF FUZZ")
    admin = make_pegawai(direktorat, nama="ADMIN FUZZ", is_admin_instansi=True)
    vars(s).update(kepala=kepala, direktur=direktur, pegawai=pegawai, rekan=rekan, staf=staf,
               admin=admin, direktorat=direktorat)
    # The pegawai's approved SKP, with a period open for realisasi and eviden.
    skp = make_skp(pegawai)
    ind = add_indikator(add_rhk(skp, "RHK fuzz"))
    skp.add_lampiran(jenis="dukungan_sumber_daya", teks="Laptop", aktor=pegawai)
    setujui(skp)
    per = PeriodePenilaian.objects.get(instansi=instansi, nama="16 Juni - 15 Juli", awal__year=2025)
    vars(s).update(skp=skp, rhk=ind.rhk, ind=ind, per=per)
    s.eviden = Eviden.tambah(ind, per, nama="Laporan", tautan="https://contoh.go.id/a",
                                  aktor=pegawai)
    s.ra = RencanaAksi.tambah(ind.rhk, per, deskripsi="Rapat", target="1", aktor=pegawai)
    perilaku = PerilakuKerja.objects.filter(versi=skp.perilaku_versi).order_by("urutan").first()
    s.perilaku = perilaku
    s.ub = UmpanBalikPerilaku.tambah(skp, perilaku, teks="Baik", jempol=True, aktor=rekan)
    # The colleague's draft SKP: every plan form is open on it.
    draft = make_skp(rekan)
    d_ind = add_indikator(add_rhk(draft, "RHK draft"))
    lamp = draft.add_lampiran(jenis="dukungan_sumber_daya", teks="Meja", aktor=rekan)
    vars(s).update(draft=draft, d_rhk=d_ind.rhk, d_ind=d_ind, lamp=lamp)
    # A submitted SKP for the rater's approval forms.
    diajukan = make_skp(staf)
    add_indikator(add_rhk(diajukan))
    s.diajukan = ajukan(diajukan)
    # The Direktur's own approved SKP leads a matriks with the draft in a row.
    skp_d = make_skp(direktur)
    add_indikator(add_rhk(skp_d, "RHK direktur"))
    setujui(skp_d)
    vars(s).update(skp_d=skp_d, d_rhk_atasan=skp_d.hasil_kerja.first())
    s.baris = add_pegawai(aktor=direktur, skp_atasan=skp_d, skp_bawahan=draft)
    # Progres Harian: Friday's entry approved (a realisasi suggestion), yesterday's waiting.
    for tanggal in (dt.date(2025, 6, 27), dt.date(2025, 6, 30)):
        s.entri = progres_actions.catat_progres(aktor=pegawai, isian=progres_actions.Isian(
            tanggal=tanggal, rhk_id=ind.rhk_id, uraian="Menyusun", volume=Decimal(2),
            satuan="dokumen"))
        if tanggal.day == 27:
            progres_actions.setujui_progres(aktor=direktur, token=[s.entri.token])
    # The June period rated (the predikat form shows); the final one rated, with a keberatan.
    pn = Penilaian.untuk(skp, per)
    pn.set_rating("hasil", "SESUAI", aktor=direktur)
    pn.set_rating("perilaku", "SESUAI", aktor=direktur)
    final = PeriodePenilaian.objects.get(instansi=instansi, jenis=JenisPeriode.FINAL,
                                         awal__year=2025)
    akhir = Penilaian.untuk(skp, final)
    akhir.set_rating("hasil", "SESUAI", aktor=direktur)
    akhir.set_rating("perilaku", "ATAS", aktor=direktur)
    akhir.refresh_from_db()
    s.final = final
    s.keberatan = Keberatan.ajukan(akhir, alasan="Tidak sesuai", aktor=pegawai)
    notify(pegawai, pesan="Uji", url="/skp/")
    s.bundel = BundelCetak.objects.create(peminta=direktur, tahun=2025)
    return s


def _notif_pk(s: Sc) -> int:
    from ekinerja.models import Notifikasi

    return Notifikasi.objects.filter(penerima=s.pegawai).values_list("pk", flat=True).first()


def _progres(s: Sc) -> dict[str, Any]:
    return {"id": s.entri.id, "tanggal": s.entri.tanggal}


def _skp_per(s: Sc, **kw: Any) -> dict[str, Any]:
    return {"pk": s.skp.pk, "periode": s.per.pk, **kw}


# name -> (actor, kwargs). Actor None = anonymous. A missing object's id is 999999999 (404 path).
NONE = 999_999_999
ENDPOINTS: dict[str, tuple[str | None, Any]] = {
    "login": (None, lambda s: {}),
    "logout": ("pegawai", lambda s: {}),
    "sesi_perpanjang": ("pegawai", lambda s: {}),
    "profil": ("pegawai", lambda s: {}),
    "akses_data": ("pegawai", lambda s: {}),
    "profil_pengingat": ("pegawai", lambda s: {}),
    "ganti_bahasa": ("pegawai", lambda s: {}),
    "notifikasi": ("pegawai", lambda s: {}),
    "notifikasi_buka": ("pegawai", lambda s: {"pk": _notif_pk(s)}),
    "notifikasi_baca_semua": ("pegawai", lambda s: {}),
    "home": ("pegawai", lambda s: {}),
    "cetak:bundel": ("direktur", lambda s: {}),
    "cetak:bundel_status": ("direktur", lambda s: {"pk": s.bundel.pk}),
    "cetak:bundel_unduh": ("direktur", lambda s: {"pk": s.bundel.pk}),
    "cetak:verifikasi": (None, lambda s: {}),
    "cetak:verifikasi_kode": (None, lambda s: {"kode": "ABCDE-FGHJK"}),
    "siasn:sinkron": ("admin", lambda s: {}),
    "siasn:sinkron_laporan": ("admin", lambda s: {"pk": NONE}),
    "siasn:sinkron_lanjutkan": ("admin", lambda s: {"pk": NONE}),
    "siasn:sinkron_batalkan": ("admin", lambda s: {"pk": NONE}),
    "siasn:hasil": ("admin", lambda s: {}),
    "siasn:hasil_periksa": ("admin", lambda s: {}),
    "siasn:hasil_kirim_ulang": ("admin", lambda s: {}),
    "skp:daftar": ("rekan", lambda s: {}),
    "skp:tambah": ("kepala", lambda s: {}),
    "skp:bawahan": ("direktur", lambda s: {}),
    "skp:bawahan_setujui": ("direktur", lambda s: {}),
    "skp:detail": ("rekan", lambda s: {"pk": s.draft.pk}),
    "skp:edit": ("rekan", lambda s: {"pk": s.draft.pk}),
    "skp:hapus": ("rekan", lambda s: {"pk": s.draft.pk}),
    "skp:ajukan": ("rekan", lambda s: {"pk": s.draft.pk}),
    "skp:edit_status": ("direktur", lambda s: {"pk": s.diajukan.pk}),
    "skp:muat_ulang": ("rekan", lambda s: {"pk": s.draft.pk, "pihak": "penilai"}),
    "skp:ganti_penilai": ("rekan", lambda s: {"pk": s.draft.pk}),
    "skp:rhk_tambah": ("rekan", lambda s: {"pk": s.draft.pk}),
    "skp:rhk_edit": ("rekan", lambda s: {"pk": s.draft.pk, "rhk_pk": s.d_rhk.pk}),
    "skp:rhk_hapus": ("rekan", lambda s: {"pk": s.draft.pk, "rhk_pk": s.d_rhk.pk}),
    "skp:rhk_pindah": ("rekan", lambda s: {"pk": s.draft.pk, "rhk_pk": s.d_rhk.pk,
                                           "arah": "naik"}),
    "skp:indikator_tambah": ("rekan", lambda s: {"pk": s.draft.pk, "rhk_pk": s.d_rhk.pk}),
    "skp:indikator_edit": ("rekan", lambda s: {"pk": s.draft.pk, "ind_pk": s.d_ind.pk}),
    "skp:indikator_hapus": ("rekan", lambda s: {"pk": s.draft.pk, "ind_pk": s.d_ind.pk}),
    "skp:indikator_pindah": ("rekan", lambda s: {"pk": s.draft.pk, "ind_pk": s.d_ind.pk,
                                                 "arah": "turun"}),
    "skp:ekspektasi": ("direktur", lambda s: {"pk": s.diajukan.pk,
                                              "perilaku_pk": s.perilaku.pk}),
    "skp:lampiran_tambah": ("rekan", lambda s: {"pk": s.draft.pk,
                                                "jenis": "dukungan_sumber_daya"}),
    "skp:lampiran_edit": ("rekan", lambda s: {"pk": s.draft.pk, "item_pk": s.lamp.pk}),
    "skp:lampiran_hapus": ("rekan", lambda s: {"pk": s.draft.pk, "item_pk": s.lamp.pk}),
    "skp:lampiran_pindah": ("rekan", lambda s: {"pk": s.draft.pk, "item_pk": s.lamp.pk,
                                                "arah": "naik"}),
    "matriks:skp": ("direktur", lambda s: {"pk": s.skp_d.pk}),
    "matriks:sinkronisasi": ("direktur", lambda s: {"pk": s.skp_d.pk}),
    "matriks:tambah_pegawai": ("direktur", lambda s: {"pk": s.skp_d.pk}),
    "matriks:hapus_baris": ("direktur", lambda s: {"pk": s.skp_d.pk, "baris_pk": s.baris.pk}),
    "matriks:lihat_skp": ("direktur", lambda s: {"pk": s.skp_d.pk, "baris_pk": s.baris.pk}),
    "matriks:tambah_rhk": ("direktur", lambda s: {"pk": s.skp_d.pk, "baris_pk": s.baris.pk,
                                                  "rhk_pk": s.d_rhk_atasan.pk}),
    "penilaian:index": ("pegawai", lambda s: {}),
    "penilaian:skp": ("pegawai", lambda s: {"pk": s.skp.pk}),
    "penilaian:eviden": ("pegawai", lambda s: _skp_per(s)),
    "penilaian:eviden_tambah": ("pegawai", lambda s: {"indikator": s.ind.pk,
                                                      "periode": s.per.pk}),
    "penilaian:eviden_kolom": ("pegawai", lambda s: {"indikator": s.ind.pk, "periode": s.per.pk}),
    "penilaian:eviden_ubah": ("pegawai", lambda s: {"pk": s.eviden.pk}),
    "penilaian:eviden_hapus": ("pegawai", lambda s: {"pk": s.eviden.pk}),
    "penilaian:realisasi": ("pegawai", lambda s: {"indikator": s.ind.pk, "periode": s.per.pk}),
    "penilaian:realisasi_saran": ("pegawai", lambda s: {"indikator": s.ind.pk,
                                                        "periode": s.per.pk}),
    "penilaian:eviden_progres": ("pegawai", lambda s: {"indikator": s.ind.pk,
                                                       "periode": s.per.pk}),
    "penilaian:rencana_aksi": ("pegawai", lambda s: {"rhk": s.rhk.pk, "periode": s.per.pk}),
    "penilaian:rencana_aksi_hapus": ("pegawai", lambda s: {"pk": s.ra.pk}),
    "penilaian:bawahan": ("direktur", lambda s: {"periode": s.per.pk}),
    "penilaian:kurva": ("direktur", lambda s: {"periode": s.per.pk}),
    "penilaian:capaian": ("kepala", lambda s: {"periode": s.per.pk}),
    "penilaian:nilai": ("direktur", lambda s: _skp_per(s)),
    "penilaian:rating": ("direktur", lambda s: _skp_per(s, jenis="hasil")),
    "penilaian:distribusi": ("direktur", lambda s: _skp_per(s)),
    "penilaian:predikat": ("direktur", lambda s: _skp_per(s)),
    "penilaian:feedback_indikator": ("direktur", lambda s: _skp_per(s, indikator=s.ind.pk)),
    "penilaian:feedback_perilaku": ("direktur", lambda s: _skp_per(s, perilaku=s.perilaku.pk)),
    "penilaian:keberatan_ajukan": ("pegawai", lambda s: _skp_per(s)),
    "penilaian:keberatan": ("direktur", lambda s: {"pk": s.keberatan.pk}),
    "penilaian:rekan": ("rekan", lambda s: {}),
    "penilaian:rekan_skp": ("rekan", lambda s: {"pk": s.skp.pk}),
    "penilaian:umpan_balik_ubah": ("rekan", lambda s: {"pk": s.ub.pk}),
    "penilaian:umpan_balik_hapus": ("rekan", lambda s: {"pk": s.ub.pk}),
    "penilaian:periode": ("admin", lambda s: {}),
    "penilaian:periode_ubah": ("admin", lambda s: {"pk": s.per.pk}),
    "progres:index": ("pegawai", lambda s: {}),
    "progres:tambah": ("pegawai", lambda s: {}),
    "progres:salin": ("pegawai", lambda s: {}),
    "progres:ubah": ("pegawai", _progres),
    "progres:hapus": ("pegawai", _progres),
    "progres:bukti": ("pegawai", _progres),
    "progres:bulan": ("pegawai", lambda s: {}),
    "progres:review": ("direktur", lambda s: {}),
    "progres:review_setujui": ("direktur", lambda s: {}),
    "progres:review_kembalikan": ("direktur", _progres),
    "progres:bawahan": ("direktur", lambda s: {}),
    "progres:bulan_bawahan": ("direktur", lambda s: {"pegawai": s.pegawai.pk}),
    "progres:pengaturan": ("pegawai", lambda s: {}),
    "progres:laporan_unit": ("admin", lambda s: {}),
    "monitoring:pengisian": ("admin", lambda s: {}),
    "monitoring:pegawai": ("admin", lambda s: {}),
    "monitoring:pengingat": ("admin", lambda s: {}),
    "monitoring:pengingat_kirim": ("admin", lambda s: {}),
    "monitoring:kurva": ("admin", lambda s: {}),
    "monitoring:laporan": ("admin", lambda s: {}),
    "monitoring:laporan_status": ("admin", lambda s: {"pk": NONE}),
    "monitoring:laporan_unduh": ("admin", lambda s: {"pk": NONE}),
    "monitoring:periode": ("admin", lambda s: {}),
    "monitoring:perpanjang": ("admin", lambda s: {"pk": s.per.pk}),
}
NOT_FUZZED = {
    "cetak:skp": "a PDF: no form or query input (its path ids are the authorization matrix's)",
    "cetak:lampiran": "a PDF: no form or query input",
    "cetak:umpan_balik": "a PDF: no form or query input",
    "cetak:evaluasi": "a PDF: no form or query input",
    "cetak:dokumen_evaluasi": "a PDF: no form or query input",
    "cetak:laporan_progres": "a PDF: no form or query input",
}

# Endpoints to which no page sends a field of its own (only the CSRF and form tokens): their
# input is the path, so they get a fifth of the examples (junk fields, both methods' refusals).
# test_the_light_endpoints_are_exactly_those_without_fields keeps this list true.
LIGHT = frozenset({
    "logout", "profil", "akses_data", "notifikasi", "notifikasi_buka", "notifikasi_baca_semua",
    "home", "cetak:bundel_status", "cetak:bundel_unduh", "cetak:verifikasi_kode",
    "siasn:sinkron_laporan", "siasn:sinkron_lanjutkan", "siasn:sinkron_batalkan",
    "siasn:hasil_periksa", "skp:daftar", "skp:detail", "skp:hapus", "skp:muat_ulang",
    "skp:rhk_hapus", "skp:rhk_pindah", "skp:indikator_hapus", "skp:indikator_pindah",
    "skp:lampiran_hapus", "skp:lampiran_pindah", "matriks:skp", "matriks:sinkronisasi",
    "matriks:hapus_baris", "matriks:lihat_skp", "penilaian:index", "penilaian:eviden",
    "penilaian:eviden_hapus", "penilaian:eviden_progres", "penilaian:rencana_aksi_hapus",
    "penilaian:bawahan", "penilaian:kurva", "penilaian:nilai", "penilaian:umpan_balik_hapus",
    "progres:hapus", "progres:bukti", "progres:review", "monitoring:laporan_status",
    "monitoring:laporan_unduh",
})
HEAVY_EXAMPLES = hypothesis_settings.default.max_examples
LIGHT_EXAMPLES = max(3, HEAVY_EXAMPLES // 5)
TOKENS = {"csrfmiddlewaretoken", "token_formulir"}


def url_names() -> list[str]:
    """Every named URL pattern of the project (the Django admin's own excepted)."""
    out: list[str] = []

    def walk(patterns: list, ns: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                out.append(ns + p.name)

    walk(get_resolver().url_patterns, "")
    return out


# --- reading the pages: what a browser would send where -----------------------------------------


@dataclass
class Target:
    """What the pages send to one endpoint."""

    methods: set[str] = field(default_factory=set)
    baseline: dict[str, list[str]] = field(default_factory=dict)  # the first form's values
    options: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    files: set[str] = field(default_factory=set)


def _url_name(url: str) -> str | None:
    path = urlsplit(url).path
    if not path.startswith("/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _form_fields(form: Any) -> tuple[dict[str, list[str]], dict[str, set[str]], set[str]]:
    """A form's fields (with those outside it that name it in form="...")."""
    values: dict[str, list[str]] = defaultdict(list)
    options: dict[str, set[str]] = defaultdict(set)
    files: set[str] = set()
    owned = form.getroottree().xpath("//*[@form=$id]", id=form.get("id")) if form.get("id") else []
    for el in [*form.iter("input", "select", "textarea", "button"), *owned]:
        name = el.get("name")
        if not name:
            continue
        kind = (el.get("type") or "").lower()
        if el.tag == "select":
            opts = [o.get("value", o.text_content()) for o in el.iter("option")]
            options[name].update(opts)
            chosen = [o.get("value", o.text_content()) for o in el.iter("option")
                      if o.get("selected") is not None] or opts[:1]
            values[name].extend(chosen[:1] if el.get("multiple") is None else chosen)
        elif el.tag == "textarea":
            values[name].append(el.text or "")
        elif kind == "file":
            files.add(name)
        elif kind in ("checkbox", "radio"):
            options[name].add(el.get("value", "on"))
            if el.get("checked") is not None:
                values[name].append(el.get("value", "on"))
        elif el.tag == "button" or kind == "submit":
            options[name].add(el.get("value", ""))
        else:
            values[name].append(el.get("value", ""))
    return dict(values), options, files


def read_targets(html: str, targets: dict[str, Target], own: str) -> None:
    """Record what this page (the endpoint `own`) sends where: forms (a form without action
    posts to its own page), hx-post/hx-get elements, links with a query string."""
    if not html.strip():
        return
    try:
        doc = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - an empty fragment
        return
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, method in (("hx-post", "POST"), ("hx-get", "GET"), ("action", None)):
            url = el.get(attr)
            if attr == "action" and el.tag == "form" and not url and not (
                    el.get("hx-post") or el.get("hx-get")):
                url = "?"
            if not url:
                continue
            name = own if url.startswith("?") else _url_name(url)
            if name is None:
                continue
            if method is None:
                method = (el.get("method") or "GET").upper()
            t = targets[name]
            t.methods.add(method)
            form = el if el.tag == "form" else next(
                (a for a in el.iterancestors() if a.tag == "form"), None)
            values, options, files = _form_fields(form) if form is not None else ({}, {}, set())
            if form is None and el.get("name"):
                values = {el.get("name"): [el.get("value", "")]}
            if el.get("hx-vals"):
                with contextlib.suppress(ValueError):
                    values.update({k: [str(v)] for k, v in json.loads(el.get("hx-vals")).items()})
            values.update({k: [v] for k, v in parse_qsl(urlsplit(url).query)})
            if not t.baseline:
                t.baseline = values
            for k, v in values.items():
                t.options[k].update(v)
            for k, v in options.items():
                t.options[k].update(v)
            t.files |= files
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if "?" in href and (name := own if href.startswith("?") else _url_name(href)):
            t = targets[name]
            t.methods.add("GET")
            for k, v in parse_qsl(urlsplit(href).query):
                t.options[k].add(v)


# --- the database fingerprint -------------------------------------------------------------------


def fingerprint_sql() -> str:
    tables = sorted(
        m._meta.db_table for app in ("ekinerja", "skp", "matriks", "penilaian", "progres",
                                     "monitoring")
        for m in apps.get_app_config(app).get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.db_table not in VOLATILE_TABLES)
    parts = [f"SELECT '{t}', count(*), coalesce(sum(hashtext(x::text)::bigint), 0) FROM {t} x"
             for t in tables]
    return " UNION ALL ".join(parts)


def fingerprint(sql: str) -> dict[str, tuple[int, int]]:
    with connection.cursor() as cur:
        cur.execute(sql)
        return {t: (n, h) for t, n, h in cur.fetchall()}


# --- the examples -------------------------------------------------------------------------------

MUTATION = st.sampled_from(["keep", "keep", "hostile", "hostile", "drop", "repeat", "option",
                            "file"])


@st.composite
def requests_for(draw: st.DrawFn, target: Target) -> tuple[str, dict[str, Any], bool]:
    methods = sorted(target.methods) or ["GET", "POST"]
    method = draw(st.sampled_from(methods))
    data: dict[str, Any] = {}
    names = sorted(set(target.baseline) | set(target.options) | target.files)
    for name in names:
        base = target.baseline.get(name, [])
        how = draw(MUTATION)
        if how == "keep":
            if base:
                data[name] = base
        elif how == "hostile":
            data[name] = draw(VALUE)
        elif how == "repeat":
            data[name] = draw(st.lists(VALUE, min_size=2, max_size=3)) + base
        elif how == "option" and target.options.get(name):
            data[name] = draw(st.sampled_from(sorted(target.options[name])))
        elif how == "file":
            data[name] = "FILE"
    for extra in draw(st.lists(st.sampled_from(["pk", "id", "page", "next", "versi", "q",
                                                "tanggal", "x\x00y", "a" * 300]),
                               max_size=2, unique=True)):
        data.setdefault(extra, draw(VALUE))
    if not names and not data:
        data["q"] = draw(VALUE)
    htmx = draw(st.booleans())
    return method, data, htmx


def _materialise(data: dict[str, Any], method: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        vals = v if isinstance(v, list) else [v]
        files = [SimpleUploadedFile("x.txt", b"\x00\x01 not what you think", "text/plain")
                 for x in vals if x == "FILE"]
        rest = [x for x in vals if x != "FILE"]
        if method == "GET":
            rest += ["x.txt"] * len(files)
            files = []
        all_vals = rest + files
        out[k] = all_vals if len(all_vals) != 1 else all_vals[0]
    return out


class Fuzz(TestCase):
    """One Hypothesis test per endpoint; the scenario and the page reading happen once."""

    scenario: ClassVar[Sc]
    targets: ClassVar[dict[str, Target]]
    sessions: ClassVar[dict[str, str]]
    sql: ClassVar[str]
    stats: ClassVar[dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(int))

    @classmethod
    def setUpClass(cls) -> None:
        cls._travel = time_machine.travel(NOW, tick=True)
        cls._travel.start()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._travel.stop()
        if path := os.environ.get("FUZZ_STATS"):  # the figures in docs/security.md
            with open(path, "a") as out:
                out.write(json.dumps({k: dict(v) for k, v in cls.stats.items()}) + "\n")

    @classmethod
    def setUpTestData(cls) -> None:
        cls.scenario = s = build_scenario()
        cls.sessions = {}
        for actor in {a for a, _ in ENDPOINTS.values() if a}:
            c = Client()
            c.force_login(getattr(s, actor))
            cls.sessions[actor] = c.cookies[settings.SESSION_COOKIE_NAME].value
        cls.targets = defaultdict(Target)
        get_allowed: dict[str, bool] = {}
        for name, (actor, kwargs) in ENDPOINTS.items():
            c = cls.client_for(actor)
            url = reverse(name, kwargs=kwargs(s))
            for headers in ({}, {"HX-Request": "true"}):
                response = c.get(url, headers=headers)
                get_allowed[name] = response.status_code != 405
                if response.get("Content-Type", "").startswith("text/html"):
                    read_targets(response.content.decode(), cls.targets, name)
        for name in ENDPOINTS:  # no page sends anything there: its own GET, or else a POST
            if not cls.targets[name].methods:
                cls.targets[name].methods.add("GET" if get_allowed[name] else "POST")
        cls.sql = fingerprint_sql()
        if path := os.environ.get("FUZZ_TARGETS"):
            with open(path, "w") as out:
                for name in ENDPOINTS:
                    t = cls.targets[name]
                    fields = sorted(set(t.baseline) | set(t.options))
                    out.write(f"{name} {sorted(t.methods)} {fields} files={sorted(t.files)}\n")

    @classmethod
    def client_for(cls, actor: str | None) -> Client:
        c = Client(raise_request_exception=False)
        if actor:
            c.cookies[settings.SESSION_COOKIE_NAME] = cls.sessions[actor]
        return c

    def fuzz(self, name: str, example: tuple[str, dict[str, Any], bool]) -> None:
        actor, kwargs = ENDPOINTS[name]
        method, data, htmx = example
        url = reverse(name, kwargs=kwargs(self.scenario))
        before = fingerprint(self.sql)
        c = self.client_for(actor)
        headers = {"HX-Request": "true"} if htmx else {}
        payload = _materialise(data, method)
        if method == "GET":
            response = c.get(url, payload, headers=headers)
        else:
            response = c.post(url, payload, headers=headers)
        status = response.status_code
        Fuzz.stats[name]["examples"] += 1
        Fuzz.stats[name][str(status)] += 1
        assert status < 500, (name, method, data, status)
        body = response.content.decode(errors="replace") if response.get(
            "Content-Type", "").startswith("text/html") else ""
        refused = 400 <= status < 500 or (status == 200 and method == "POST" and (
            'class="errorlist"' in body or 'class="form-error"' in body))
        if refused:
            assert fingerprint(self.sql) == before, (name, method, data, status)
        for english in ENGLISH:
            assert english not in body, (name, english)

    def test_every_form_answers_bad_input_with_the_one_error_pattern(self) -> None:
        """Issue 12 item 3, on this class's scenario (building it once saves ~30 s of CI)."""
        from tests.pola_kesalahan import jelajahi

        jelajahi(self)

    def test_the_light_endpoints_are_exactly_those_without_fields(self) -> None:
        without = {name for name in ENDPOINTS if not self.targets[name].files
                   and not (set(self.targets[name].baseline) | set(self.targets[name].options))
                   - TOKENS}
        assert without == LIGHT


def _make_test(name: str) -> Any:
    @hypothesis_settings(max_examples=LIGHT_EXAMPLES if name in LIGHT else HEAVY_EXAMPLES)
    @given(example=st.deferred(lambda: requests_for(Fuzz.targets[name])))
    def test(self: Fuzz, example: tuple[str, dict[str, Any], bool]) -> None:
        self.fuzz(name, example)

    test.__name__ = "test_it_never_answers_500__" + re.sub(r"\W", "_", name)
    return test


for _name in ENDPOINTS:
    _t = _make_test(_name)
    setattr(Fuzz, _t.__name__, _t)


def test_every_url_pattern_is_fuzzed_or_says_why_not():
    names = set(url_names())
    assert names - set(ENDPOINTS) - set(NOT_FUZZED) == set()
    assert set(ENDPOINTS) - names == set() and set(NOT_FUZZED) - names == set()


# --- representative forms: the message beside the field, what was typed kept, nothing saved -----


def _beside(html: str, field: str) -> str:
    """The error list rendered beside `field` (templates/partials/field.html)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert match, f"no error beside {field}"
    return re.sub(r"<[^>]+>", " ", match[1]).strip()


def _indonesian(message: str) -> None:
    assert message and not any(e in message for e in ENGLISH), message


def test_tambah_skp_refuses_impossible_dates_beside_the_field_and_keeps_them(client, org):
    from skp.models import Skp

    client.force_login(org.pegawai)
    for awal in ("2026-02-30", "0000-01-01", "99999-12-31", "٢٠٢٦-٠١-٠١", "2026-01-01\x00"):
        response = client.post(reverse("skp:tambah"), {
            "periode_awal": awal, "periode_akhir": "2026-12-31", "pendekatan": "kuantitatif"})
        html = response.content.decode()
        assert response.status_code == 200
        message = _beside(html, "periode_awal")
        _indonesian(message)
        assert "tanggal" in message.lower()
        assert f'value="{awal}"' in html  # what was typed stays in the field
    assert not Skp.objects.filter(pegawai=org.pegawai).exists()


def test_tambah_rhk_refuses_nul_and_overlong_text_beside_the_field_and_keeps_it(client, org):
    from skp.models import HasilKerja

    skp = make_skp(org.pegawai)
    client.force_login(org.pegawai)
    url = reverse("skp:rhk_tambah", args=[skp.pk])
    for teks, words in (("Menyusun\x00laporan", "null"), ("مرحبا " * 1_700, "2000")):
        response = client.post(url, {"jenis": "utama", "teks": teks}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html
        message = _beside(html, "teks")
        _indonesian(message)
        assert words in message
        assert f">{teks.strip()}</textarea>" in html or f">\n{teks}</textarea>" in html
    assert not HasilKerja.objects.filter(skp=skp).exists()


def test_periode_form_refuses_impossible_dates_and_script_without_saving(client, org):
    client.force_login(org.admin)
    before = PeriodePenilaian.objects.count()
    data = {"nama": "<script>alert(1)</script>", "awal": "2025-02-30", "akhir": "99999-01-01",
            "batas_pengisian": "-1", "jenis": "bulanan"}
    response = client.post(reverse("penilaian:periode"), data)
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("awal", "akhir", "batas_pengisian"):
        _indonesian(_beside(html, name))
    assert 'value="2025-02-30"' in html and 'value="99999-01-01"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert PeriodePenilaian.objects.count() == before

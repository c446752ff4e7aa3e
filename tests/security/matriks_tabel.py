"""The table of the authorization matrix: for every URL pattern of the resolver, how to build
its arguments from the scenario (skenario.py) and who may use it, for GET and for POST.

Each expectation is eight characters, one per actor in this order:

    owner  penilai  atasan  rekan  luar  admin  admin_luar  anonim

`+` allowed: 2xx, or a redirect that is not to a login page; a 400 too (the request got past
the access check and its input was refused). `-` refused: 403, 404, 405 or a redirect to a
login page (for the Django admin also its "no such object" redirect to the admin index).

owner       the pegawai whose SKP, eviden, progres ... the URL names (skenario.py)
penilai     their pejabat penilai (the Direktur, head of their unit)
atasan      the atasan pejabat penilai (the Deputi, head of the unit above)
rekan       a colleague in the owner's unit
luar        a pegawai of another instansi
admin       the admin of the owner's instansi (in another unit, rates nobody)
admin_luar  the admin of another instansi
anonim      not signed in
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.skenario import HARI_PROGRES, Skenario

SEMUA = "++++++++"
MASUK = "+++++++-"  # any signed-in user: their own page
TIDAK = "--------"


@dataclass(frozen=True)
class Pola:
    kunci: str  # the URL name ("skp:detail"), or the route when the pattern has none
    nama: str | None
    rute: str


@dataclass(frozen=True)
class Baris:
    kwargs: Callable[[Skenario], dict[str, Any]]
    get: str
    post: str
    alasan: str = ""
    # The POST body (default: empty) where an empty one would be refused as bad input.
    data: Callable[[Skenario], dict[str, Any]] | None = None
    # Redirects to these paths are refusals too (the Django admin's "no such object").
    tolak_ke: tuple[str, ...] = ()

    def harapan(self, metode: str) -> str:
        return self.get if metode == "GET" else self.post


def semua_pola() -> list[Pola]:
    """Every URL pattern the project serves, from the resolver itself (never a hand list)."""
    out: list[Pola] = []

    def jalan(resolver: URLResolver, awalan: str, ns: str | None) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                sub = ":".join(x for x in (ns, p.namespace) if x) if p.namespace else ns
                jalan(p, awalan + str(p.pattern), sub)
            elif isinstance(p, URLPattern):
                nama = f"{ns}:{p.name}" if ns and p.name else p.name
                rute = awalan + str(p.pattern)
                out.append(Pola(kunci=nama or rute, nama=nama, rute=rute))

    jalan(get_resolver(), "", None)
    return out


def _k(**fields: Callable[[Skenario], Any]) -> Callable[[Skenario], dict[str, Any]]:
    return lambda s: {k: f(s) for k, f in fields.items()}


NONE: Callable[[Skenario], dict[str, Any]] = lambda s: {}  # noqa: E731
SKP = _k(pk=lambda s: s.skp.pk)
DRAFT = _k(pk=lambda s: s.skp_draft.pk)
SKP_JUNI = _k(pk=lambda s: s.skp.pk, periode=lambda s: s.juni.pk)
SKP_FINAL = _k(pk=lambda s: s.skp.pk, periode=lambda s: s.final.pk)
IND_JUNI = _k(indikator=lambda s: s.indikator.pk, periode=lambda s: s.juni.pk)
JUNI = _k(periode=lambda s: s.juni.pk)
PROGRES = _k(id=lambda s: s.progres.id, tanggal=lambda s: s.progres.tanggal)
MATRIKS = _k(pk=lambda s: s.skp_penilai.pk)
BARIS = _k(pk=lambda s: s.skp_penilai.pk, baris_pk=lambda s: s.baris.pk)

# owner penilai atasan rekan luar admin admin_luar anonim
TABEL: dict[str, Baris] = {
    # --- public ------------------------------------------------------------------------------
    "login": Baris(NONE, SEMUA, SEMUA, "the login page (a signed-in user is sent on)"),
    "cetak:verifikasi": Baris(NONE, SEMUA, TIDAK, "document verification is public"),
    "cetak:verifikasi_kode": Baris(_k(kode=lambda s: s.dokumen.kode), SEMUA, TIDAK,
                                   "document verification is public"),
    # --- one's own pages (every signed-in user) ------------------------------------------------
    "logout": Baris(NONE, TIDAK, MASUK, "POST only; its success is the login page"),
    "sesi_perpanjang": Baris(NONE, TIDAK, MASUK, "POST only"),
    "profil": Baris(NONE, MASUK, TIDAK),
    "akses_data": Baris(NONE, MASUK, TIDAK),
    "profil_pengingat": Baris(NONE, TIDAK, MASUK),
    "ganti_bahasa": Baris(NONE, TIDAK, SEMUA, "POST only; anyone may choose the language, signed in or not"),
    "notifikasi": Baris(NONE, MASUK, TIDAK),
    "notifikasi_buka": Baris(_k(pk=lambda s: s.notifikasi.pk), TIDAK, "+-------",
                             "the owner's notification"),
    "notifikasi_baca_semua": Baris(NONE, TIDAK, MASUK),
    "home": Baris(NONE, SEMUA, TIDAK, "the public landing page (Gambar 1); a signed-in user is "
                  "sent on to Daftar SKP; GET only"),
    "skp:daftar": Baris(NONE, MASUK, TIDAK),
    "skp:tambah": Baris(NONE, MASUK, MASUK),
    "penilaian:index": Baris(NONE, MASUK, TIDAK),
    "penilaian:rekan": Baris(NONE, MASUK, TIDAK),
    "progres:index": Baris(NONE, MASUK, TIDAK),
    "progres:tambah": Baris(NONE, MASUK, MASUK),
    "progres:salin": Baris(NONE, TIDAK, MASUK),
    "progres:bulan": Baris(NONE, MASUK, TIDAK),
    # --- Cetak -------------------------------------------------------------------------------
    "cetak:skp": Baris(SKP, "++------", "--------", "owner and rater (Skp.visible_to)"),
    "cetak:lampiran": Baris(SKP, "++------", "--------"),
    "cetak:umpan_balik": Baris(SKP_FINAL, "++------", "--------"),
    "cetak:evaluasi": Baris(SKP_FINAL, "++------", "--------"),
    "cetak:dokumen_evaluasi": Baris(SKP_FINAL, "+++-----", "--------",
                                    "the atasan only where a keberatan of that period exists"),
    "cetak:laporan_progres": Baris(
        _k(pegawai=lambda s: s.pegawai["owner"].pk, tahun=lambda s: HARI_PROGRES.year,
           bulan=lambda s: HARI_PROGRES.month), "++------", "--------"),
    "cetak:bundel": Baris(NONE, "-++-----", "-++-----", "raters of at least one SKP"),
    "cetak:bundel_status": Baris(_k(pk=lambda s: s.bundel.pk), "-+------", TIDAK,
                                 "the requester's own ZIP"),
    "cetak:bundel_unduh": Baris(_k(pk=lambda s: s.bundel.pk), "-+------", TIDAK,
                                "the requester's own (not ready yet: back to its status)"),
    # --- SIASN (admins) ----------------------------------------------------------------------
    "siasn:sinkron": Baris(NONE, "-----++-", "-----++-"),
    "siasn:sinkron_laporan": Baris(_k(pk=lambda s: s.sinkron.pk), "-----+--", "--------"),
    "siasn:sinkron_lanjutkan": Baris(_k(pk=lambda s: s.sinkron.pk), TIDAK, "-----+--"),
    "siasn:sinkron_batalkan": Baris(_k(pk=lambda s: s.sinkron.pk), TIDAK, "-----+--"),
    "siasn:hasil": Baris(NONE, "-----++-", "--------"),
    "siasn:hasil_periksa": Baris(NONE, TIDAK, "-----++-"),
    "siasn:hasil_kirim_ulang": Baris(NONE, TIDAK, "-----++-"),
    # --- SKP ---------------------------------------------------------------------------------
    "skp:bawahan": Baris(NONE, MASUK, TIDAK, "own scope: only the SKPs the user rates"),
    "skp:bawahan_setujui": Baris(NONE, TIDAK, MASUK, "own scope: only SKPs the user rates"),
    "skp:detail": Baris(SKP, "++------", "--------", "owner; the rater reads"),
    "skp:edit": Baris(DRAFT, "+-------", "+-------"),
    "skp:hapus": Baris(DRAFT, "+-------", "+-------"),
    "skp:ajukan": Baris(DRAFT, "+-------", "+-------"),
    "skp:edit_status": Baris(SKP, "-+------", "-+------", "the rater"),
    "skp:muat_ulang": Baris(_k(pk=lambda s: s.skp_draft.pk, pihak=lambda s: "penilai"),
                            TIDAK, "+-------"),
    "skp:ganti_penilai": Baris(DRAFT, "+-------", "+-------"),
    "skp:rhk_tambah": Baris(DRAFT, "+-------", "+-------"),
    "skp:rhk_edit": Baris(_k(pk=lambda s: s.skp_draft.pk, rhk_pk=lambda s: s.rhk_draft.pk),
                          "+-------", "+-------"),
    "skp:rhk_hapus": Baris(_k(pk=lambda s: s.skp_draft.pk, rhk_pk=lambda s: s.rhk_draft.pk),
                           "+-------", "+-------"),
    "skp:rhk_pindah": Baris(_k(pk=lambda s: s.skp_draft.pk, rhk_pk=lambda s: s.rhk_draft.pk,
                               arah=lambda s: "naik"), TIDAK, "+-------"),
    "skp:indikator_tambah": Baris(
        _k(pk=lambda s: s.skp_draft.pk, rhk_pk=lambda s: s.rhk_draft.pk), "+-------", "+-------"),
    "skp:indikator_edit": Baris(
        _k(pk=lambda s: s.skp_draft.pk, ind_pk=lambda s: s.indikator_draft.pk),
        "+-------", "+-------"),
    "skp:indikator_hapus": Baris(
        _k(pk=lambda s: s.skp_draft.pk, ind_pk=lambda s: s.indikator_draft.pk),
        "+-------", "+-------"),
    "skp:indikator_pindah": Baris(
        _k(pk=lambda s: s.skp_draft.pk, ind_pk=lambda s: s.indikator_draft.pk,
           arah=lambda s: "naik"), TIDAK, "+-------"),
    "skp:ekspektasi": Baris(
        _k(pk=lambda s: s.skp_draft.pk, perilaku_pk=lambda s: s.perilaku.pk),
        "-+------", "-+------", "the rater writes the ekspektasi"),
    "skp:lampiran_tambah": Baris(
        _k(pk=lambda s: s.skp_draft.pk, jenis=lambda s: "dukungan_sumber_daya"),
        "+-------", "+-------"),
    "skp:lampiran_edit": Baris(
        _k(pk=lambda s: s.skp_draft.pk, item_pk=lambda s: s.lampiran_draft.pk),
        "+-------", "+-------"),
    "skp:lampiran_hapus": Baris(
        _k(pk=lambda s: s.skp_draft.pk, item_pk=lambda s: s.lampiran_draft.pk),
        "+-------", "+-------"),
    "skp:lampiran_pindah": Baris(
        _k(pk=lambda s: s.skp_draft.pk, item_pk=lambda s: s.lampiran_draft.pk,
           arah=lambda s: "naik"), TIDAK, "+-------"),
    # --- Matriks (the Direktur's own SKP) ------------------------------------------------------
    "matriks:skp": Baris(MATRIKS, "-+------", "--------", "the leader's own matriks"),
    "matriks:sinkronisasi": Baris(MATRIKS, TIDAK, "-+------"),
    "matriks:tambah_pegawai": Baris(MATRIKS, "-+------", "-+------"),
    "matriks:hapus_baris": Baris(BARIS, "-+------", "-+------"),
    "matriks:lihat_skp": Baris(BARIS, "-+------", "--------"),
    "matriks:tambah_rhk": Baris(
        _k(pk=lambda s: s.skp_penilai.pk, baris_pk=lambda s: s.baris.pk,
           rhk_pk=lambda s: s.rhk_penilai.pk), "-+------", "-+------"),
    # --- Penilaian ---------------------------------------------------------------------------
    "penilaian:skp": Baris(SKP, "++------", "--------"),
    "penilaian:eviden": Baris(SKP_JUNI, "+-------", "--------", "the owner fills eviden"),
    "penilaian:eviden_tambah": Baris(IND_JUNI, "+-------", "+-------"),
    "penilaian:eviden_kolom": Baris(IND_JUNI, "+-------", "--------"),
    "penilaian:eviden_ubah": Baris(_k(pk=lambda s: s.eviden.pk), "+-------", "+-------"),
    "penilaian:eviden_hapus": Baris(_k(pk=lambda s: s.eviden.pk), TIDAK, "+-------"),
    "penilaian:realisasi": Baris(IND_JUNI, "+-------", "+-------"),
    "penilaian:realisasi_saran": Baris(IND_JUNI, TIDAK, "+-------"),
    "penilaian:eviden_progres": Baris(IND_JUNI, "+-------", "+-------"),
    "penilaian:rencana_aksi": Baris(
        _k(rhk=lambda s: s.rhk.pk, periode=lambda s: s.juni.pk), "+-------", "+-------"),
    "penilaian:rencana_aksi_hapus": Baris(_k(pk=lambda s: s.rencana_aksi.pk), TIDAK,
                                          "+-------"),
    "penilaian:bawahan": Baris(JUNI, "++++-+--", TIDAK,
                               "own scope: the SKPs the user rates in a period of their instansi"),
    "penilaian:kurva": Baris(JUNI, "-+------", TIDAK,
                             "raters of an approved SKP (the Deputi's one is a draft)"),
    "penilaian:capaian": Baris(JUNI, "--+-----", "--+-----",
                               "the head of a unit with units below it",
                               data=lambda s: {"unit": s.unit.pk, "capaian": "BAIK"}),
    "penilaian:nilai": Baris(SKP_JUNI, "-+------", "--------", "the rater"),
    "penilaian:rating": Baris(_k(pk=lambda s: s.skp.pk, periode=lambda s: s.juni.pk,
                                 jenis=lambda s: "hasil"), TIDAK, "-+------"),
    "penilaian:distribusi": Baris(SKP_JUNI, "-+------", "--------"),
    "penilaian:predikat": Baris(SKP_JUNI, TIDAK, "-+------"),
    "penilaian:feedback_indikator": Baris(
        _k(pk=lambda s: s.skp.pk, periode=lambda s: s.juni.pk,
           indikator=lambda s: s.indikator.pk), TIDAK, "-+------"),
    "penilaian:feedback_perilaku": Baris(
        _k(pk=lambda s: s.skp.pk, periode=lambda s: s.juni.pk,
           perilaku=lambda s: s.perilaku.pk), "-+------", "-+------"),
    "penilaian:keberatan_ajukan": Baris(SKP_FINAL, "+-------", "+-------"),
    "penilaian:keberatan": Baris(_k(pk=lambda s: s.keberatan.pk), "+++-----", "-+------",
                                 "pegawai, rater and atasan read; the rater answers",
                                 data=lambda s: {"aksi": "jawab", "penjelasan": "Belum"}),
    "penilaian:rekan_skp": Baris(SKP, "-+++-+--", "-+++-+--",
                                 "colleagues of the same instansi, never the owner"),
    "penilaian:umpan_balik_ubah": Baris(_k(pk=lambda s: s.umpan_balik_rekan.pk), "---+----",
                                        "---+----", "only the author"),
    "penilaian:umpan_balik_hapus": Baris(_k(pk=lambda s: s.umpan_balik_rekan.pk), TIDAK,
                                         "---+----", "only the author"),
    "penilaian:periode": Baris(NONE, "-----++-", "-----++-", "each admin, their instansi"),
    "penilaian:periode_ubah": Baris(_k(pk=lambda s: s.juni.pk), "-----+--", "-----+--"),
    # --- Progres Harian ----------------------------------------------------------------------
    "progres:ubah": Baris(PROGRES, "+-------", "+-------"),
    "progres:hapus": Baris(PROGRES, TIDAK, "+-------"),
    "progres:bukti": Baris(PROGRES, "++------", "--------", "owner and rater"),
    "progres:review": Baris(NONE, MASUK, TIDAK, "own scope: entries the user rates"),
    "progres:review_setujui": Baris(NONE, TIDAK, MASUK, "own scope"),
    "progres:review_kembalikan": Baris(PROGRES, "-+------", "-+------"),
    "progres:bawahan": Baris(NONE, MASUK, TIDAK, "own scope: the people the user rates"),
    "progres:bulan_bawahan": Baris(_k(pegawai=lambda s: s.pegawai["owner"].pk), "-+------",
                                   "--------"),
    "progres:pengaturan": Baris(NONE, MASUK, MASUK, "one's own settings"),
    "progres:laporan_unit": Baris(NONE, "-----++-", TIDAK, "the admins"),
    # --- Monitoring (admins and unit leaders, each their own scope) ----------------------------
    "monitoring:pengisian": Baris(NONE, "-++--++-", "--------"),
    "monitoring:pegawai": Baris(NONE, "-++--++-", "--------"),
    "monitoring:pengingat": Baris(NONE, "-++--++-", "--------"),
    "monitoring:pengingat_kirim": Baris(NONE, TIDAK, "-++--++-"),
    "monitoring:kurva": Baris(NONE, "-++--++-", "--------"),
    "monitoring:laporan": Baris(NONE, "-++--++-", "-++--++-"),
    "monitoring:laporan_status": Baris(_k(pk=lambda s: s.laporan.pk), "-----+--", "--------",
                                       "the requester's own"),
    "monitoring:laporan_unduh": Baris(_k(pk=lambda s: s.laporan.pk), "-----+--", TIDAK,
                                      "the requester's own (not ready: back to its status)"),
    "monitoring:periode": Baris(NONE, "-----++-", "-----++-"),
    "monitoring:perpanjang": Baris(_k(pk=lambda s: s.juni.pk), "-----+--", "-----+--"),
    # --- Django admin: the site's own pages ---------------------------------------------------
    "admin:index": Baris(NONE, "-----++-", "-----++-"),
    "admin:login": Baris(NONE, SEMUA, SEMUA, "the admin's login page"),
    "admin:logout": Baris(NONE, TIDAK, "-----++-", "POST only; others are sent to the index",
                         tolak_ke=("/admin/",)),
    "admin:password_change": Baris(NONE, "-----++-", "-----++-",
                                   "one's own password (no identity service: local accounts)"),
    "admin:password_change_done": Baris(NONE, "-----++-", TIDAK),
    "admin:autocomplete": Baris(NONE, TIDAK, TIDAK, "403 without its parameters"),
    "admin:jsi18n": Baris(NONE, "-----++-", TIDAK),
    "admin:view_on_site": Baris(
        _k(content_type_id=lambda s: ContentType.objects.get_for_model(s.skp).pk,
           object_id=lambda s: s.skp.pk), "-----++-", "-----++-",
        "a redirect to the object's own page, which checks access"),
    "admin:app_list": Baris(_k(app_label=lambda s: "ekinerja"), "-----++-", "-----++-"),
    "admin:auth_user_password_change": Baris(
        _k(id=lambda s: s.pegawai["owner"].pk), TIDAK, TIDAK,
        "setting a password: the national admin only"),
    "admin/(?P<url>.*)$": Baris(_k(url=lambda s: "tidak-ada/"), TIDAK, TIDAK,
                                "the admin's catch-all"),
}

# --- Django admin: each registered model's pages, by rule ------------------------------------
# How each model's admin treats the two instansi admins (superusers are not among the actors).
#   lingkup     scoped to the admin's instansi: list/add/change/delete/history of their own
#   lingkup_ro  scoped, read only (reminders sent)
#   baca        national data every admin reads (holidays)
#   nasional    the national admin's only (history, login events, notifications, jobs, groups)
ATURAN_MODEL = {
    "ekinerja.instansi": "lingkup_instansi",
    "ekinerja.unitorganisasi": "lingkup",
    "ekinerja.pegawai": "lingkup",
    "ekinerja.penugasan": "lingkup",
    "penilaian.periodepenilaian": "lingkup",
    "progres.pengingatprogres": "lingkup_ro",
    "monitoring.pengingat": "lingkup_ro",
    "progres.harilibur": "baca",
    "ekinerja.riwayat": "nasional",
    "ekinerja.loginevent": "nasional",
    "ekinerja.notifikasi": "nasional",
    "monitoring.jadwalrun": "nasional",
    "auth.group": "nasional",
    "django_tasks_database.dbtaskresult": "nasional",
}

# Per rule and admin page: (same-instansi admin, other instansi's admin) for GET, then POST.
# The object of a page is always Badan Matriks's (or national data).
_ADMIN_HAK: dict[str, dict[str, tuple[str, str]]] = {
    "lingkup": {"changelist": ("++", "++"), "add": ("++", "++"), "change": ("+-", "+-"),
                "delete": ("+-", "+-"), "history": ("+-", "+-")},
    "lingkup_instansi": {"changelist": ("++", "++"), "add": ("--", "--"),
                         "change": ("+-", "+-"), "delete": ("--", "--"),
                         "history": ("+-", "+-")},
    "lingkup_ro": {"changelist": ("++", "++"), "add": ("--", "--"), "change": ("+-", "--"),
                   "delete": ("--", "--"), "history": ("+-", "+-")},
    "baca": {"changelist": ("++", "++"), "add": ("--", "--"), "change": ("++", "--"),
             "delete": ("--", "--"), "history": ("++", "++")},
    "nasional": dict.fromkeys(("changelist", "add", "change", "delete", "history"), ("--", "--")),
}
_ADMIN_NAMA = re.compile(r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_"
                         r"(?P<aksi>changelist|add|change|delete|history)$")
_ADMIN_LAMA = re.compile(r"^admin/(?P<app>[a-z_]+)/(?P<model>[a-z]+)/<path:object_id>/$")


def _admin_kwargs(label: str, aksi: str) -> Callable[[Skenario], dict[str, Any]]:
    if aksi in ("changelist", "add"):
        return NONE
    return lambda s: {"object_id": s.extra[label].pk}


def _sel_admin(get2: str, post2: str) -> tuple[str, str]:
    """Only the two admins may enter the admin at all."""
    return "-----" + get2 + "-", "-----" + post2 + "-"


def baris_untuk(pola: Pola) -> Baris | None:
    if pola.kunci in TABEL:
        return TABEL[pola.kunci]
    m = _ADMIN_NAMA.match(pola.kunci)
    if m:
        label = f"{m['app']}.{m['model']}"
        if label not in ATURAN_MODEL:
            return None
        get2, post2 = _ADMIN_HAK[ATURAN_MODEL[label]][m["aksi"]]
        get, post = _sel_admin(get2, post2)
        return Baris(_admin_kwargs(label, m["aksi"]), get, post, ATURAN_MODEL[label],
                     tolak_ke=("/admin/",))
    m = _ADMIN_LAMA.match(pola.kunci)
    if m and f"{m['app']}.{m['model']}" in ATURAN_MODEL:
        label = f"{m['app']}.{m['model']}"
        get, post = _sel_admin("++", "++")
        return Baris(lambda s: {"object_id": s.extra[label].pk}, get, post,
                     "Django's old object URL: a redirect to its change page, which checks")
    return None


def url_untuk(pola: Pola, baris: Baris, s: Skenario) -> str:
    kwargs = baris.kwargs(s)
    if pola.nama:
        return reverse(pola.nama, kwargs=kwargs)
    path = pola.rute
    for k, v in kwargs.items():
        path = re.sub(rf"<(?:[a-z]+:)?{k}>", str(v), path)
        path = re.sub(rf"\(\?P<{k}>[^)]*\)", str(v), path)
    return "/" + path.rstrip("$").lstrip("^")


def hasil(response: Any, baris: Baris) -> str:
    """`+` allowed or `-` refused, as the module docstring defines them."""
    status = response.status_code
    if status in (403, 404, 405):
        return "-"
    if 300 <= status < 400:
        jalur, _q, query = response.get("Location", "").partition("?")
        if jalur in ("/login/", "/admin/login/") and "next=" in query:
            return "-"  # sent to sign in first
        if jalur in baris.tolak_ke:
            return "-"
    return "+"

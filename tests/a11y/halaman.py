"""The page catalogue: every page of every journey, with the data to open it (issue 12).

Other browser checks (axe, 360 px overflow, page weight) walk the same list, so a page added here
is checked by all of them.

Interface (keep it stable; other test modules import it)
--------------------------------------------------------
- ``HALAMAN``: ``list[Halaman]``, one entry per page. ``Halaman.nama`` is a short stable id
  ("skp-daftar", "penilaian-eviden", ...), ``Halaman.judul`` what it is, ``Halaman.keadaan`` a
  dict from state to ``Keadaan``. The states are ``"kosong"`` (empty: nothing filed yet),
  ``"terisi"`` (filled: data on it) and ``"galat"`` (error: the page's form sent with bad input and
  shown again with its messages); an entry has the ones that apply to it.
- ``Keadaan(pengguna, url, aksi=None)``: ``pengguna`` is a persona key of ``Data.orang``
  (``"anonim"`` = not logged in); ``url(data) -> str`` the path (from the data built once);
  ``aksi(page, data)``, when given, runs after the page loaded (opens a dialog, sends the form
  with bad input) and leaves the page in that state.
- ``KASUS``: ``list[tuple[str, str]]`` of (halaman.nama, keadaan) pairs, for
  ``@pytest.mark.parametrize("nama,keadaan", KASUS)``; ``kasus_params()`` gives them as
  ``pytest.param`` with ids "nama-keadaan".
- The ``katalog`` fixture (package-scoped in tests/a11y/conftest.py; build your own scope with
  ``mulai_katalog``/``Katalog.tutup`` if you need one elsewhere) builds the data once, commits it,
  serves the app on its own live server and gives a ``Katalog``:
  ``katalog.buka(nama, keadaan, lebar=1280) -> playwright Page`` returns a page, logged in as
  that state's user (one browser context and one login per user, reused), at that width, showing
  the page in that state. ``katalog.base`` is the server's URL, ``katalog.data`` the ``Data``.
  The page belongs to the catalogue: do not close it; ``buka`` again navigates it afresh.
  When the package's tests end the data are flushed (as a transactional test does).

Put tests that use it in tests/a11y/ so the whole package shares one data set and one server.
Mark their module ``pytestmark = [pytest.mark.e2e, pytest.mark.django_db]``: e2e as every browser
test, and django_db because pytest-django creates the test database only when a collected test
carries it (the test's own transaction stays empty and harmless).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

WIB = dt.timezone(dt.timedelta(hours=7))
LEBAR = (1280, 360)


@dataclass
class Data:
    """Everything the pages are opened with: people by persona key and the objects of their
    journeys. Built once by ``bangun_data``."""

    orang: dict[str, Any] = field(default_factory=dict)
    obj: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.obj[name]
        except KeyError:
            raise AttributeError(name) from None


Aksi = Callable[[Any, Data], None]


@dataclass(frozen=True)
class Keadaan:
    pengguna: str
    url: Callable[[Data], str]
    aksi: Aksi | None = None


@dataclass(frozen=True)
class Halaman:
    nama: str
    judul: str
    keadaan: dict[str, Keadaan]


# --- actions run on an opened page ---------------------------------------------------------------

def tenang(page: Any) -> None:
    """Loaded, and htmx idle (no request, swap or settle under way)."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => window.htmx === undefined || !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def buka_dialog(tombol: str, *, exact: bool = True, nth: int = 0) -> Aksi:
    """Click the link or button named `tombol` and wait until the dialog shows its form."""
    def aksi(page: Any, data: Data) -> None:
        page.get_by_role("link", name=tombol, exact=exact).or_(
            page.get_by_role("button", name=tombol, exact=exact)).nth(nth).click()
        page.locator("#skp-dialog[open] form").first.wait_for()
        tenang(page)
    return aksi


def dialog(selector: str) -> Aksi:
    """Click the first element matching the CSS `selector` (an htmx link that loads a form
    into the dialog) and wait until the dialog shows it."""
    def aksi(page: Any, data: Data) -> None:
        page.locator(selector).first.click()
        page.locator("#skp-dialog[open] form").first.wait_for()
        tenang(page)
    return aksi


def buka_detail(selector: str) -> Aksi:
    """Open a <details> by its summary."""
    def aksi(page: Any, data: Data) -> None:
        page.locator(f"{selector} > summary").first.click()
    return aksi


def pilih(label: str, nilai: str, dalam: str = "main") -> Aksi:
    """Choose the option `nilai` (its value) in the list labelled `label`."""
    def aksi(page: Any, data: Data) -> None:
        page.locator(dalam).last.get_by_label(label).first.select_option(nilai)
    return aksi


def kirim(tombol: str | None = None, *, isi: dict[str, str] | None = None,
          dalam: str = "main", tunggu: str = ".errorlist, .form-error, [role=alert]:not([hidden])") -> Aksi:
    """Fill the fields labelled as in `isi` (empty = clear), press `tombol` (default: the page
    form's submit button) inside `dalam`, and wait for an error to show."""
    def aksi(page: Any, data: Data) -> None:
        scope = page.locator(dalam).last
        for label, nilai in (isi or {}).items():
            scope.get_by_label(label).first.fill(nilai)
        if tombol is None:
            scope.locator("form.skp-form button[type=submit]").first.click()
        else:
            scope.get_by_role("button", name=tombol, exact=True).first.click()
        page.locator(tunggu).filter(visible=True).first.wait_for()
        tenang(page)
    return aksi


def lalu(*aksi: Aksi) -> Aksi:
    def semua(page: Any, data: Data) -> None:
        for a in aksi:
            a(page, data)
    return semua


def u(name: str, *args: Any, **query: Any) -> str:
    url = reverse(name, args=args)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def k(pengguna: str, url: Callable[[Data], str], aksi: Aksi | None = None) -> Keadaan:
    return Keadaan(pengguna, url, aksi)


# --- the data, built once ------------------------------------------------------------------------

def _berakhlak() -> None:
    from django.apps import apps

    from skp.models import PerilakuKerja

    if not PerilakuKerja.objects.exists():
        importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)


def bangun_data() -> Data:
    """One instansi with every journey walked: a Direktur (JPT) rating two staff, a pegawai with
    an approved non-JPT SKP, filled eviden, ratings and a keberatan, a colleague's feedback, a
    newcomer with nothing yet (the empty pages) and an admin instansi."""
    from ekinerja.models import KelasJabatan
    from matriks import actions as mx
    from penilaian.models import (
        CapaianIndikator,
        Eviden,
        Keberatan,
        Penilaian,
        PeriodePenilaian,
        UmpanBalikPerilaku,
    )
    from skp.models import HasilKerja, Pendekatan, PerilakuKerja, Skp
    from tests.factories import lead, make_instansi, make_pegawai, make_unit

    _berakhlak()
    d = Data()
    tahun = dt.date.today().year
    instansi = make_instansi("Badan Aksesibilitas")
    badan = make_unit(instansi, "Badan Aksesibilitas")
    deputi_unit = make_unit(instansi, "Deputi Bidang Layanan", parent=badan)
    direktorat = make_unit(instansi, "Direktorat Sistem Informasi", parent=deputi_unit)
    kepala = make_pegawai(badan, nama="KEPALA BADAN", kelas=KelasJabatan.JPT_UTAMA,
                          jabatan="Kepala Badan")
    deputi = make_pegawai(deputi_unit, nama="DEPUTI LAYANAN", kelas=KelasJabatan.JPT_MADYA,
                          jabatan="Deputi Bidang Layanan")
    direktur = make_pegawai(direktorat, nama="DIREKTUR SISTEM", kelas=KelasJabatan.JPT_PRATAMA,
                            jabatan="Direktur Sistem Informasi", golongan="IV/c",
                            pangkat="Pembina Utama Muda")
    lead(badan, kepala)
    lead(deputi_unit, deputi)
    lead(direktorat, direktur)
    pegawai = make_pegawai(direktorat, nama="SITI AMINAH", kelas=KelasJabatan.FUNGSIONAL,
                           jabatan="Pranata Komputer Ahli Muda")
    rekan = make_pegawai(direktorat, nama="BUDI SANTOSO", jabatan="Pengolah Data")
    baru = make_pegawai(direktorat, nama="DEWI BARU", jabatan="Pengolah Data")
    ani = make_pegawai(direktorat, nama="ANI LESTARI", jabatan="Analis Data")
    admin = make_pegawai(direktorat, nama="ADMIN INSTANSI", is_admin_instansi=True)
    d.orang.update(kepala=kepala, deputi=deputi, direktur=direktur, pegawai=pegawai,
                   rekan=rekan, baru=baru, ani=ani, admin=admin, anonim=None)

    awal, akhir = dt.date(tahun, 1, 1), dt.date(tahun, 12, 31)

    def skp_baru(orang: Any) -> Skp:
        return Skp.create_for(orang, periode_awal=awal, periode_akhir=akhir,
                              pendekatan=Pendekatan.KUANTITATIF, aktor=orang)

    # The Direktur's JPT SKP: two RHK, approved by the Deputi.
    skp_jpt = skp_baru(direktur)
    rhk_jpt = []
    for i, teks in enumerate(["Meningkatnya kualitas layanan sistem informasi",
                              "Tersusunnya regulasi teknis tata kelola TIK"]):
        rhk = skp_jpt.add_rhk(aktor=direktur, jenis=HasilKerja.Jenis.UTAMA, teks=teks,
                              klasifikasi=HasilKerja.Klasifikasi.INDIVIDU)
        rhk.add_indikator(aktor=direktur, teks=f"Indeks kepuasan pengguna {i + 1}",
                          target_teks="92", perspektif="penerima_layanan")
        rhk_jpt.append(rhk)
    skp_jpt.add_lampiran(jenis="dukungan_sumber_daya", teks="Anggaran pengembangan sistem", aktor=direktur)
    skp_jpt.submit(aktor=direktur)
    skp_jpt.approve(aktor=deputi)

    # The pegawai's non-JPT SKP intervenes the Direktur's RHK; approved.
    skp_pegawai = skp_baru(pegawai)
    for i, atasan in enumerate(rhk_jpt):
        rhk = skp_pegawai.add_rhk(aktor=pegawai, jenis=HasilKerja.Jenis.UTAMA,
                                  teks=f"Terselenggaranya layanan aplikasi {i + 1}",
                                  rhk_atasan=atasan)
        rhk.add_indikator(aktor=pegawai, teks=f"Jumlah aplikasi yang dipelihara {i + 1}",
                          aspek="kuantitas", target_teks="12 aplikasi")
    skp_pegawai.add_lampiran(jenis="dukungan_sumber_daya", teks="Server pengembangan", aktor=pegawai)
    skp_pegawai.submit(aktor=pegawai)
    skp_pegawai.approve(aktor=direktur)
    skp_pegawai.refresh_from_db()

    # The colleague's SKP: submitted, waiting in SKP Bawahan.
    skp_rekan = skp_baru(rekan)
    rhk = skp_rekan.add_rhk(aktor=rekan, jenis=HasilKerja.Jenis.UTAMA,
                            teks="Tersedianya data kepegawaian", rhk_atasan=rhk_jpt[0])
    rhk.add_indikator(aktor=rekan, teks="Persentase data mutakhir", aspek="kualitas",
                      target_teks="95 %")
    skp_rekan.submit(aktor=rekan)

    # The newcomer's draft: no RHK yet (the SKP page, empty).
    skp_kosong = skp_baru(baru)
    skp_deputi = skp_baru(deputi)  # a JPT draft with nothing yet
    # Drafts with content, for the dialogs of each format: Ani (non-JPT), the Kepala (JPT).
    skp_draf = skp_baru(ani)
    rhk_draf = skp_draf.add_rhk(aktor=ani, jenis=HasilKerja.Jenis.UTAMA,
                                teks="Tersusunnya analisis data kinerja", rhk_atasan=rhk_jpt[1])
    ind_draf = rhk_draf.add_indikator(aktor=ani, teks="Jumlah laporan analisis",
                                      aspek="kuantitas", target_teks="4 laporan")
    lampiran_draf = skp_draf.add_lampiran(jenis="konsekuensi", teks="Teguran tertulis",
                                          aktor=ani)
    skp_kepala = skp_baru(kepala)
    rhk_kepala = skp_kepala.add_rhk(aktor=kepala, jenis=HasilKerja.Jenis.UTAMA,
                                    teks="Meningkatnya kinerja badan",
                                    klasifikasi=HasilKerja.Klasifikasi.INDIVIDU)

    # Matriks: the Direktur's with both staff rows.
    mx.sync_bawahan(aktor=direktur, skp_atasan=skp_jpt)

    # Penilaian: the period that holds today, eviden and realisasi filled, feedback, ratings.
    periode = (PeriodePenilaian.objects.filter(instansi=instansi, awal__lte=dt.date.today(),
                                               akhir__gte=dt.date.today())
               .exclude(jenis="final").order_by("awal").first())
    final = PeriodePenilaian.objects.get(instansi=instansi, awal__year=tahun, jenis="final")
    indikator = list(skp_pegawai.hasil_kerja.order_by("urutan").first().indikator.all())
    for ind in indikator:
        Eviden.tambah(ind, periode, nama="Laporan pemeliharaan aplikasi",
                      tautan="https://contoh.go.id/laporan.pdf", aktor=pegawai)
        CapaianIndikator.set_realisasi(ind, periode, realisasi="10 aplikasi",
                                       sumber_data="Catatan layanan", aktor=pegawai)
        CapaianIndikator.set_feedback(ind, periode, teks="Pertahankan kualitas layanan.",
                                      aktor=direktur)
    perilaku = PerilakuKerja.objects.filter(versi=skp_pegawai.perilaku_versi).order_by("pk")
    nilai = Penilaian.untuk(skp_pegawai, periode)
    nilai.set_rating("hasil", "SESUAI", aktor=direktur)
    nilai.set_rating("perilaku", "ATAS", aktor=direktur)
    akhir_nilai = Penilaian.untuk(skp_pegawai, final)
    akhir_nilai.set_rating("hasil", "SESUAI", aktor=direktur)
    akhir_nilai.set_rating("perilaku", "SESUAI", aktor=direktur)
    akhir_nilai.refresh_from_db()
    keberatan = Keberatan.ajukan(akhir_nilai, alasan="Realisasi triwulan belum dihitung.",
                                 aktor=pegawai)
    umpan = UmpanBalikPerilaku.tambah(skp_pegawai, perilaku.first(), teks="Selalu membantu.",
                                      jempol=True, aktor=rekan)

    _progres(pegawai, skp_pegawai.hasil_kerja.order_by("urutan").first())
    perilaku_pertama = perilaku.first()
    d.obj.update(skp_draf=skp_draf, rhk_draf=rhk_draf, ind_draf=ind_draf,
                 lampiran_draf=lampiran_draf, skp_kepala=skp_kepala, rhk_kepala=rhk_kepala,
                 perilaku=perilaku_pertama)
    d.obj.update(instansi=instansi, direktorat=direktorat, skp_jpt=skp_jpt,
                 skp_pegawai=skp_pegawai, skp_rekan=skp_rekan, skp_kosong=skp_kosong,
                 skp_deputi=skp_deputi, rhk_jpt=rhk_jpt, periode=periode, final=final,
                 indikator=indikator, keberatan=keberatan, umpan=umpan,
                 baris=skp_jpt.matriks_bawahan.order_by("pk").first())
    return d


def _progres(pegawai: Any, rhk: Any) -> None:
    """Two Progres Harian entries (waiting for review) on the latest working days that may still
    be logged: the days depend on today, so each candidate the rules refuse (a weekend, a
    holiday) is skipped."""
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from ekinerja.exceptions import Ditolak
    from progres import actions as progres

    dicatat = 0
    for mundur in range(progres.hari_mundur() + 1):
        tanggal = progres.hari_ini() - dt.timedelta(days=mundur)
        try:
            progres.catat_progres(aktor=pegawai, isian=progres.Isian(
                tanggal=tanggal, rhk_id=rhk.pk, uraian="Memperbarui aplikasi layanan",
                volume=Decimal(2), satuan="modul", bukti_tautan="https://contoh.go.id/bukti"))
        except (ValidationError, Ditolak):
            continue
        dicatat += 1
        if dicatat == 2:
            return
    raise AssertionError("no working day to log Progres Harian on")


# --- the catalogue -------------------------------------------------------------------------------

def _skp(attr: str, name: str = "skp:detail") -> Callable[[Data], str]:
    return lambda d: u(name, d.obj[attr].pk)


HALAMAN: list[Halaman] = [
    Halaman("login", "Login", {
        "kosong": k("anonim", lambda d: u("login")),
        "galat": k("anonim", lambda d: u("login"), kirim("Login", isi={"NIP": "123"})),
    }),
    Halaman("skp-daftar", "Daftar SKP", {
        "kosong": k("baru", lambda d: u("skp:daftar")),
        "terisi": k("pegawai", lambda d: u("skp:daftar")),
    }),
    Halaman("skp-tambah", "Tambah SKP (dialog)", {
        "kosong": k("baru", lambda d: u("skp:daftar"), buka_dialog("Tambah SKP")),
        "galat": k("baru", lambda d: u("skp:daftar"),
                   lalu(buka_dialog("Tambah SKP"), kirim(dalam="#skp-dialog"))),
    }),
    Halaman("skp-detail-jpt", "SKP, format JPT", {
        "kosong": k("deputi", _skp("skp_deputi")),
        "terisi": k("direktur", _skp("skp_jpt")),
    }),
    Halaman("skp-detail", "SKP, format non-JPT", {
        "kosong": k("baru", _skp("skp_kosong")),
        "terisi": k("pegawai", _skp("skp_pegawai")),
    }),
    Halaman("skp-edit", "Edit SKP (dialog)", {
        "terisi": k("ani", lambda d: u("skp:daftar"), dialog('a[hx-get$="/edit/"]')),
        "galat": k("ani", lambda d: u("skp:daftar"), lalu(
            dialog('a[hx-get$="/edit/"]'),
            kirim(isi={"Periode Awal": "2099-12-31"}, dalam="#skp-dialog"))),
    }),
    Halaman("skp-hapus", "Hapus SKP (dialog)", {
        "terisi": k("ani", lambda d: u("skp:daftar"), dialog('a[hx-get$="/hapus/"]')),
    }),
    Halaman("rhk-tambah", "Tambah RHK, non-JPT (dialog)", {
        "kosong": k("ani", _skp("skp_draf"), dialog('a[hx-get$="/rhk/tambah/"]')),
        "galat": k("ani", _skp("skp_draf"), lalu(dialog('a[hx-get$="/rhk/tambah/"]'),
                                                 kirim(dalam="#skp-dialog"))),
    }),
    Halaman("rhk-tambah-jpt", "Tambah RHK, JPT (dialog)", {
        "kosong": k("deputi", _skp("skp_deputi"), dialog('a[hx-get$="/rhk/tambah/"]')),
        "galat": k("deputi", _skp("skp_deputi"), lalu(dialog('a[hx-get$="/rhk/tambah/"]'),
                                                     kirim(dalam="#skp-dialog"))),
    }),
    Halaman("rhk-edit", "Edit RHK (dialog)", {
        "terisi": k("ani", _skp("skp_draf"), dialog('#hasil-kerja a[hx-get$="/edit/"]')),
    }),
    Halaman("rhk-hapus", "Hapus RHK (dialog)", {
        "terisi": k("ani", _skp("skp_draf"), dialog('#hasil-kerja a[hx-get$="/hapus/"]')),
    }),
    Halaman("indikator-tambah", "Tambah Indikator, non-JPT (dialog)", {
        "kosong": k("ani", _skp("skp_draf"), dialog('a[hx-get*="/indikator/tambah/"]')),
        "galat": k("ani", _skp("skp_draf"), lalu(dialog('a[hx-get*="/indikator/tambah/"]'),
                                                 kirim(dalam="#skp-dialog"))),
    }),
    Halaman("indikator-tambah-jpt", "Tambah Indikator, JPT (dialog)", {
        "kosong": k("kepala", _skp("skp_kepala"), dialog('a[hx-get*="/indikator/tambah/"]')),
        "galat": k("kepala", _skp("skp_kepala"), lalu(dialog('a[hx-get*="/indikator/tambah/"]'),
                                                     kirim(dalam="#skp-dialog"))),
    }),
    Halaman("lampiran-tambah", "Tambah Lampiran (dialog)", {
        "kosong": k("ani", _skp("skp_draf"), dialog('a[hx-get*="/lampiran/tambah/"]')),
        "galat": k("ani", _skp("skp_draf"), lalu(dialog('a[hx-get*="/lampiran/tambah/"]'),
                                                 kirim(dalam="#skp-dialog"))),
    }),
    Halaman("penilai-ganti", "Ganti pejabat penilai (dialog)", {
        "kosong": k("ani", _skp("skp_draf"), dialog('a[hx-get$="/pejabat-penilai/"]')),
        "galat": k("ani", _skp("skp_draf"), lalu(
            dialog('a[hx-get$="/pejabat-penilai/"]'),
            kirim(isi={"NIP Pejabat Penilai": "12345"}, dalam="#skp-dialog"))),
    }),
    Halaman("skp-ajukan", "Ajukan SKP (dialog)", {
        "terisi": k("ani", _skp("skp_draf"), dialog('a[hx-get$="/ajukan/"]')),
        "galat": k("baru", _skp("skp_kosong"), dialog('a[hx-get$="/ajukan/"]')),
    }),
    Halaman("skp-edit-status", "Edit Status (dialog)", {
        "terisi": k("direktur", _skp("skp_rekan"), dialog('a[hx-get$="/status/"]')),
        # Back to Draft without the reason it needs (never a change that succeeds: the data
        # are shared by every later test).
        "galat": k("direktur", _skp("skp_rekan"), lalu(
            dialog('a[hx-get$="/status/"]'), pilih("Status", "draft", "#skp-dialog"),
            kirim(isi={"Alasan pengembalian": ""}, dalam="#skp-dialog"))),
    }),
    Halaman("ekspektasi", "Ekspektasi Khusus Pimpinan (dialog)", {
        "kosong": k("direktur", _skp("skp_rekan"), dialog('a[hx-get*="/ekspektasi/"]')),
    }),
    Halaman("skp-bawahan", "SKP Bawahan", {
        "kosong": k("pegawai", lambda d: u("skp:bawahan")),
        "terisi": k("direktur", lambda d: u("skp:bawahan")),
    }),
    Halaman("matriks", "Matriks Pembagian Peran Hasil", {
        "kosong": k("deputi", _skp("skp_deputi", "matriks:skp")),
        "terisi": k("direktur", _skp("skp_jpt", "matriks:skp")),
    }),
    Halaman("matriks-tambah-pegawai", "Tambah Pegawai (dialog)", {
        "kosong": k("direktur", _skp("skp_jpt", "matriks:skp"),
                    dialog('a[hx-get$="/tambah-pegawai/"]')),
        "galat": k("direktur", _skp("skp_jpt", "matriks:skp"), lalu(
            dialog('a[hx-get$="/tambah-pegawai/"]'),
            kirim("Cari Pegawai", isi={"NIP Pegawai": "123"}, dalam="#skp-dialog"))),
    }),
    Halaman("matriks-tambah-rhk", "Tambah RHK dari Matriks (dialog)", {
        "kosong": k("direktur", _skp("skp_jpt", "matriks:skp"),
                    dialog('a[hx-get*="/rhk/"][hx-get$="/tambah/"]')),
        "galat": k("direktur", _skp("skp_jpt", "matriks:skp"), lalu(
            dialog('a[hx-get*="/rhk/"][hx-get$="/tambah/"]'), kirim(dalam="#skp-dialog"))),
    }),
    Halaman("matriks-lihat-skp", "Lihat SKP (Matriks)", {
        "terisi": k("direktur", lambda d: u("matriks:lihat_skp", d.skp_jpt.pk, d.baris.pk)),
    }),
    Halaman("penilaian-index", "Penilaian (daftar SKP)", {
        "kosong": k("baru", lambda d: u("penilaian:index")),
        "terisi": k("pegawai", lambda d: u("penilaian:index")),
    }),
    Halaman("penilaian-skp", "Penilaian SKP (periode)", {
        "terisi": k("pegawai", _skp("skp_pegawai", "penilaian:skp")),
    }),
    Halaman("penilaian-eviden", "Pengisian Eviden", {
        "kosong": k("ani", lambda d: u("penilaian:eviden", d.skp_pegawai.pk, d.periode.pk)),
        "terisi": k("pegawai", lambda d: u("penilaian:eviden", d.skp_pegawai.pk, d.periode.pk)),
    }),
    Halaman("eviden-tambah", "Tambah Eviden", {
        "kosong": k("pegawai", lambda d: u("penilaian:eviden_tambah", d.indikator[0].pk,
                                           d.periode.pk)),
        "galat": k("pegawai", lambda d: u("penilaian:eviden_tambah", d.indikator[0].pk,
                                          d.periode.pk),
                   kirim(isi={"Bukti Eviden": "bukan tautan"})),
    }),
    Halaman("realisasi", "Realisasi", {
        "terisi": k("pegawai", lambda d: u("penilaian:realisasi", d.indikator[0].pk,
                                           d.periode.pk)),
        "galat": k("pegawai", lambda d: u("penilaian:realisasi", d.indikator[0].pk,
                                          d.periode.pk), kirim(isi={"Realisasi": ""})),
    }),
    Halaman("penilaian-nilai", "Penilaian Bawahan (satu pegawai)", {
        "terisi": k("direktur", lambda d: u("penilaian:nilai", d.skp_pegawai.pk, d.periode.pk)),
    }),
    Halaman("penilaian-nilai-ubah", "Penilaian Bawahan: Ubah tanpa rating", {
        "galat": k("direktur", lambda d: u("penilaian:nilai", d.skp_pegawai.pk, d.periode.pk),
                   lalu(pilih("HASIL PENILAIAN KINERJA", ""),
                        kirim("Ubah", dalam="form.pn-rating:has(#id_hasil-nilai)"))),
    }),
    Halaman("predikat", "Tetapkan predikat lain", {
        "kosong": k("direktur", lambda d: u("penilaian:nilai", d.skp_pegawai.pk, d.periode.pk),
                    buka_detail("details:has(#id_predikat)")),
        "galat": k("direktur", lambda d: u("penilaian:nilai", d.skp_pegawai.pk, d.periode.pk),
                   lalu(buka_detail("details:has(#id_predikat)"),
                        pilih("Predikat yang ditetapkan", "SANGAT_BAIK", "form:has(#id_predikat)"),
                        kirim("OK", dalam="form:has(#id_predikat)"))),
    }),
    Halaman("penilaian-bawahan", "Penilaian Bawahan", {
        "kosong": k("pegawai", lambda d: u("penilaian:bawahan", d.periode.pk)),
        "terisi": k("direktur", lambda d: u("penilaian:bawahan", d.periode.pk)),
    }),
    Halaman("kurva", "Kurva", {
        "kosong": k("pegawai", lambda d: u("penilaian:kurva", d.periode.pk)),
        "terisi": k("direktur", lambda d: u("penilaian:kurva", d.periode.pk)),
    }),
    Halaman("capaian", "Capaian kinerja organisasi", {
        "kosong": k("deputi", lambda d: u("penilaian:capaian", d.periode.pk)),
    }),
    Halaman("rekan", "Feedback Rekan Kerja (cari)", {
        "kosong": k("rekan", lambda d: u("penilaian:rekan")),
        "terisi": k("rekan", lambda d: u("penilaian:rekan", nip=d.orang["pegawai"].nip)),
        "galat": k("rekan", lambda d: u("penilaian:rekan", nip="12345")),
    }),
    Halaman("rekan-skp", "Feedback Rekan Kerja (SKP)", {
        "kosong": k("ani", lambda d: u("penilaian:rekan_skp", d.skp_pegawai.pk)),
        "terisi": k("rekan", lambda d: u("penilaian:rekan_skp", d.skp_pegawai.pk)),
    }),
    Halaman("keberatan", "Keberatan", {
        "terisi": k("direktur", lambda d: u("penilaian:keberatan", d.keberatan.pk)),
        "galat": k("direktur", lambda d: u("penilaian:keberatan", d.keberatan.pk),
                   kirim("Kirim Penjelasan")),
    }),
    Halaman("periode", "Manajemen Periode", {
        "terisi": k("admin", lambda d: u("penilaian:periode")),
    }),
    Halaman("periode-ubah", "Ubah Periode", {
        "terisi": k("admin", lambda d: u("penilaian:periode_ubah", d.periode.pk)),
        "galat": k("admin", lambda d: u("penilaian:periode_ubah", d.periode.pk),
                   kirim(isi={"Awal": "2099-01-01"})),
    }),
    Halaman("progres", "Progres Harian", {
        "kosong": k("baru", lambda d: u("progres:index")),
        "terisi": k("pegawai", lambda d: u("progres:index")),
        "galat": k("pegawai", lambda d: u("progres:index"), kirim("Simpan Progres")),
    }),
    Halaman("progres-bulan", "Progres Harian, Kalender Bulanan", {
        "terisi": k("pegawai", lambda d: u("progres:bulan")),
    }),
    Halaman("progres-review", "Progres Harian, Review Bawahan", {
        "kosong": k("pegawai", lambda d: u("progres:review")),
        "terisi": k("direktur", lambda d: u("progres:review")),
    }),
    Halaman("progres-bawahan", "Progres Harian, Bulan Bawahan", {
        "terisi": k("direktur", lambda d: u("progres:bawahan")),
    }),
    Halaman("progres-bulan-bawahan", "Progres Harian, bulan seorang bawahan", {
        "terisi": k("direktur", lambda d: u("progres:bulan_bawahan", d.orang["pegawai"].pk)),
    }),
    Halaman("progres-pengaturan", "Progres Harian, Pengaturan", {
        "terisi": k("pegawai", lambda d: u("progres:pengaturan")),
    }),
    Halaman("progres-laporan-unit", "Progres Harian, Laporan Unit", {
        "terisi": k("admin", lambda d: u("progres:laporan_unit")),
    }),
    Halaman("monitoring", "Monitoring Pengisian", {
        "terisi": k("admin", lambda d: u("monitoring:pengisian")),
    }),
    Halaman("monitoring-pegawai", "Monitoring, Daftar Pegawai", {
        "terisi": k("admin", lambda d: u("monitoring:pegawai")),
    }),
    Halaman("monitoring-pengingat", "Monitoring, Pengingat Terkirim", {
        "kosong": k("admin", lambda d: u("monitoring:pengingat")),
    }),
    Halaman("monitoring-kurva", "Monitoring Kurva", {
        "terisi": k("admin", lambda d: u("monitoring:kurva")),
    }),
    Halaman("monitoring-laporan", "Monitoring, Laporan", {
        "kosong": k("admin", lambda d: u("monitoring:laporan")),
    }),
    Halaman("monitoring-periode", "Monitoring, Periode & Batas", {
        "terisi": k("admin", lambda d: u("monitoring:periode")),
    }),
    Halaman("monitoring-perpanjang", "Monitoring, Perpanjang batas", {
        "kosong": k("admin", lambda d: u("monitoring:perpanjang", d.periode.pk)),
        "galat": k("admin", lambda d: u("monitoring:perpanjang", d.periode.pk),
                   kirim("Perpanjang")),
    }),
    Halaman("cetak-verifikasi", "Verifikasi dokumen", {
        "kosong": k("anonim", lambda d: u("cetak:verifikasi")),
        "galat": k("anonim", lambda d: u("cetak:verifikasi_kode", "TIDAKADA")),
    }),
    Halaman("cetak-bundel", "Cetak SKP Bawahan", {
        "kosong": k("direktur", lambda d: u("cetak:bundel")),
    }),
    Halaman("siasn-sinkron", "Sinkron SIASN", {
        "kosong": k("admin", lambda d: u("siasn:sinkron")),
    }),
    Halaman("siasn-hasil", "Kirim hasil ke SIASN", {
        "kosong": k("admin", lambda d: u("siasn:hasil")),
    }),
    Halaman("akses-data", "Profil, Akses data", {
        "terisi": k("pegawai", lambda d: u("akses_data")),
    }),
    Halaman("admin", "Admin instansi (Django admin)", {
        "terisi": k("admin", lambda d: "/admin/"),
    }),
    Halaman("admin-pegawai", "Admin, daftar Pegawai", {
        "terisi": k("admin", lambda d: "/admin/ekinerja/pegawai/"),
    }),
    Halaman("admin-pegawai-ubah", "Admin, ubah Pegawai", {
        "terisi": k("admin", lambda d: f"/admin/ekinerja/pegawai/{d.orang['ani'].pk}/change/"),
    }),
    Halaman("admin-unit", "Admin, daftar Unit", {
        "terisi": k("admin", lambda d: "/admin/ekinerja/unitorganisasi/"),
    }),
    Halaman("notifikasi", "Notifikasi", {
        "kosong": k("baru", lambda d: u("notifikasi")),
        "terisi": k("direktur", lambda d: u("notifikasi")),
    }),
    Halaman("profil", "Profil", {
        "terisi": k("pegawai", lambda d: u("profil")),
    }),
    Halaman("galat-404", "Halaman tidak ditemukan (404)", {
        "kosong": k("pegawai", lambda d: "/tidak-ada/"),
    }),
    Halaman("galat-403", "Akses ditolak (403)", {
        "kosong": k("pegawai", lambda d: u("monitoring:pengisian")),
    }),
]


def kasus() -> list[tuple[str, str]]:
    return [(h.nama, s) for h in HALAMAN for s in h.keadaan]


KASUS = kasus()


def kasus_params() -> list[Any]:
    return [pytest.param(n, s, id=f"{n}-{s}") for n, s in KASUS]


def cari(nama: str) -> Halaman:
    for h in HALAMAN:
        if h.nama == nama:
            return h
    raise KeyError(nama)


# --- the server, the browser contexts and the logins ---------------------------------------------

class Katalog:
    """The built data, a live server and one logged-in browser context per user."""

    def __init__(self, browser: Any, data: Data, server: Any) -> None:
        self.browser, self.data, self.server = browser, data, server
        self.base: str = server.url
        self._halaman: dict[str, Any] = {}

    def page_untuk(self, pengguna: str) -> Any:
        """The one page of this user's context (logged in on first use)."""
        if pengguna not in self._halaman:
            from tests.factories import PASSWORD

            ctx = self.browser.new_context(viewport={"width": 1280, "height": 800},
                                           locale="id-ID")
            page = ctx.new_page()
            page.set_default_timeout(10_000)
            orang = self.data.orang[pengguna]
            if orang is not None:
                page.goto(f"{self.base}/login/")
                page.get_by_label("NIP").fill(orang.nip)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Login").click()
                page.wait_for_url(lambda url: "/login/" not in url)
            self._halaman[pengguna] = page
        return self._halaman[pengguna]

    def buka(self, nama: str, keadaan: str, lebar: int = 1280) -> Any:
        st = cari(nama).keadaan[keadaan]
        page = self.page_untuk(st.pengguna)
        page.set_viewport_size({"width": lebar, "height": 800})
        page.goto(self.base + st.url(self.data))
        tenang(page)
        if st.aksi is not None:
            st.aksi(page, self.data)
        return page

    def tutup(self) -> None:
        for page in self._halaman.values():
            page.context.close()
        self._halaman.clear()


def mulai_katalog(browser: Any, django_db_blocker: Any) -> Iterator[Katalog]:
    """Build the data, start a live server, yield the Katalog; flush the database at the end.

    The database stays unblocked for the whole scope: the server thread queries it while the
    tests (which hold no database fixture) drive the browser."""
    from django.core.management import call_command
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}):
        try:
            data = bangun_data()
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            katalog = Katalog(browser, data, server)
            try:
                yield katalog
            finally:
                katalog.tutup()
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)
            _berakhlak()

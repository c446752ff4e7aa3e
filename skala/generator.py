"""Realistic data at national scale, for measuring (issue 16): `manage.py generate_scale_data`.

N pegawai in instansi of skewed sizes (Zipf-like, as the 644 real ones: a few very large, many
small), each with a five-level unit tree (JPT Utama, Madya, Pratama, Administrator, Pengawas)
whose every unit has a head, and staff (fungsional, pelaksana) spread unevenly over the lowest
units. NIPs are valid PNS NIPs (ekinerja.nip: birth date, TMT, gender digit, sequence) and unique.
Everyone gets one SKP for the year (about 85 % approved, the rest submitted or draft) with 3–8
RHK of 1–3 indicators each; every RHK of someone with a rater in the app intervenes one of that
rater's RHK (a real foreign key), and every subordinate SKP is a row of its rater's matrix. In the
last `periode_terisi` monthly periods that have begun, most approved SKPs have eviden,
realisasi (some with the rater's feedback) and a rating with its predikat. Notifications and
history rows are written as the app writes them.

The rows go in with PostgreSQL COPY (psycopg 3 `cursor.copy`), in flushes of about
`FLUSH_ROWS` rows, each committed. By default the load runs with `session_replication_role =
replica` (superuser only), which switches off triggers and foreign-key checks for this session:
the generator builds consistent rows itself, as pg_restore --disable-triggers does. `pemicu=True`
keeps every check on (the test does, so the database itself vouches for the shape).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from ekinerja.models import (
    Instansi,
    JenisPegawai,
    KelasJabatan,
    Notifikasi,
    Pegawai,
    Riwayat,
    UnitOrganisasi,
)
from matriks.models import BarisMatriks
from penilaian.models import (
    CapaianIndikator,
    Eviden,
    JenisPeriode,
    Penilaian,
    PeriodePenilaian,
)
from penilaian.rules import MATRIKS, Rating
from skp.models import PERILAKU_VERSI, HasilKerja, Indikator, LampiranItem, Skp

PASSWORD = "skala-rahasia-2026"  # every generated pegawai's (documented in the README)
FLUSH_ROWS = 200_000
ORANG_PER_INSTANSI = 6_000  # 4.7 million ASN in 644 instansi: about 7,300 on average
LEVEL_KELAS = [KelasJabatan.JPT_UTAMA, KelasJabatan.JPT_MADYA, KelasJabatan.JPT_PRATAMA,
               KelasJabatan.ADMINISTRATOR, KelasJabatan.PENGAWAS]
LEVEL_NAMA = ["", "Deputi Bidang", "Direktorat", "Bagian", "Subbagian"]
LEVEL_GOL = [("IV/e", "Pembina Utama"), ("IV/d", "Pembina Utama Madya"),
             ("IV/c", "Pembina Utama Muda"), ("IV/a", "Pembina"), ("III/d", "Penata Tingkat I")]
STAF_GOL = [("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"), ("III/c", "Penata"),
            ("II/c", "Pengatur"), ("II/d", "Pengatur Tingkat I")]
JABATAN_STAF = [("Analis Kebijakan Ahli Muda", KelasJabatan.FUNGSIONAL),
                ("Pranata Komputer Ahli Pertama", KelasJabatan.FUNGSIONAL),
                ("Analis SDM Aparatur Ahli Muda", KelasJabatan.FUNGSIONAL),
                ("Pengolah Data", KelasJabatan.PELAKSANA),
                ("Pengadministrasi Umum", KelasJabatan.PELAKSANA)]
RHK_TEKS = ["Tersusunnya laporan kinerja", "Terlaksananya layanan administrasi kepegawaian",
            "Tersedianya data yang mutakhir", "Terselenggaranya rapat koordinasi",
            "Terselesaikannya dokumen perencanaan", "Meningkatnya kualitas layanan publik",
            "Terlaksananya monitoring dan evaluasi", "Tersusunnya rancangan kebijakan"]
SATUAN = ["dokumen", "laporan", "kegiatan", "%", "berkas"]
ASPEK = [Indikator.Aspek.KUANTITAS, Indikator.Aspek.KUALITAS, Indikator.Aspek.WAKTU]
PERSPEKTIF = [p.value for p in Indikator.Perspektif]
RATINGS = list(MATRIKS)


def nip_ke(i: int) -> str:
    """The i-th generated NIP (i >= 0): a valid PNS NIP, unique for every i below 10 million.
    Birth date from 1960 on, TMT CPNS 22–31 years later, gender digit, sequence 001–999."""
    seq = i % 999 + 1
    gender = (i // 999) % 2 + 1
    k = i // 1998
    lahir = dt.date(1960, 1, 1) + dt.timedelta(days=k)
    tmt_tahun = lahir.year + 22 + k % 10
    return f"{lahir:%Y%m%d}{tmt_tahun:04d}{k % 12 + 1:02d}{gender}{seq:03d}"


def _teks(v: Any) -> str:
    return "\\N" if v is None else str(v)


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Tabel:
    """One table's pending rows and its next id; COPY with the columns given."""

    model: type[models.Model]
    kolom: list[str]
    rows: list[tuple] = field(default_factory=list)
    berikut: int = 0
    jumlah: int = 0

    def __post_init__(self) -> None:
        wajib = {f.column for f in self.model._meta.concrete_fields
                 if not f.null and not f.has_db_default()}
        if missing := wajib - set(self.kolom):  # a new NOT NULL column: say so, never guess
            raise RuntimeError(f"generate_scale_data: {self.model._meta.db_table} has new "
                               f"columns {sorted(missing)}; add them to skala/generator.py")

    def id(self) -> int:
        self.berikut += 1
        return self.berikut

    def tulis(self, cursor: Any) -> int:
        """COPY the pending rows in PostgreSQL's text format, joined here in one pass (several
        times faster than a write_row per row). The values never hold a tab, newline or
        backslash (generated text, JSON without escapes), so none needs escaping."""
        if not self.rows:
            return 0
        table = self.model._meta.db_table
        text = "\n".join("\t".join(map(_teks, row)) for row in self.rows) + "\n"
        with cursor.copy(f'COPY "{table}" ({", ".join(self.kolom)}) FROM STDIN') as cp:
            cp.write(text)
        n = len(self.rows)
        self.jumlah += n
        self.rows.clear()
        return n


KOLOM: dict[type[models.Model], str] = {
    Instansi: "id nama siasn_id timezone pola_periode batas_pengisian_hari batas_final_hari"
              " pengingat_skp_bulan pengingat_skp_tanggal pengingat_realisasi_hari"
              " pengingat_pengajuan_hari pengingat_penilaian_hari",
    PeriodePenilaian: "id instansi_id nama awal akhir batas_pengisian jenis",
    UnitOrganisasi: "id instansi_id parent_id nama nama_jabatan_pimpinan eselon kepala_id siasn_id"
                    " pemimpin_siasn_id penilai_non_asn_nama penilai_non_asn_nip_nrp"
                    " penilai_non_asn_jabatan",
    Pegawai: "id password last_login is_superuser nip nama gelar_depan gelar_belakang golongan"
             " pangkat jabatan kelas_jabatan pimpinan_unit jenis_pegawai email instansi_id unit_id"
             " is_active is_staff is_admin_instansi email_pengingat siasn_synced_at siasn_pns_id"
             " date_joined bahasa",
    Skp: "id pegawai_id instansi_id unit_id periode_awal periode_akhir pendekatan format status"
         " pejabat_penilai_id snapshot_pegawai snapshot_penilai snapshot_atasan_penilai"
         " penilai_berubah_sejak penilai_baru perilaku_versi keterangan dibuat diubah",
    HasilKerja: "id urutan skp_id jenis klasifikasi teks penugasan_dari rhk_atasan_id instansi_id",
    Indikator: "id urutan rhk_id teks aspek perspektif target_teks target_nilai target_satuan"
               " instansi_id",
    LampiranItem: "id urutan skp_id jenis teks instansi_id",
    BarisMatriks: "id skp_atasan_id skp_bawahan_id sumber ditambahkan_oleh_id dibuat instansi_id",
    Eviden: "id indikator_id periode_id nama tautan dibuat instansi_id",
    CapaianIndikator: "id indikator_id periode_id realisasi sumber_data feedback feedback_oleh_id"
                      " instansi_id",
    Penilaian: "id skp_id periode_id rating_hasil rating_perilaku predikat_matriks"
               " predikat_override alasan_override predikat_keberatan dinilai_oleh_id dinilai_pada"
               " versi instansi_id",
    Notifikasi: "id penerima_id aktor_id pesan url dibuat dibaca instansi_id",
    Riwayat: "id aktor_id aktor_nip aktor_nama pemilik_id waktu objek_tipe_id objek_id aksi sebelum"
             " sesudah alasan instansi_id",
}


def ukuran_instansi(n: int, rng: random.Random) -> list[int]:
    """Instansi sizes summing to n, skewed like the real ones (weights 1/rank^0.9)."""
    k = 1 if n < 100 else max(2, round(n / ORANG_PER_INSTANSI))
    weights = [1 / r ** 0.9 for r in range(1, k + 1)]
    total = sum(weights)
    sizes = [max(30, int(n * w / total)) for w in weights]
    while sum(sizes) > n and len(sizes) > 1:
        sizes.pop()
    sizes[0] += n - sum(sizes)
    rng.shuffle(sizes)
    return sizes


@dataclass
class Unit:
    id: int
    parent: Unit | None
    level: int
    nama: str
    kode: str = ""
    kepala: int = 0


class Generator:
    def __init__(self, n_pegawai: int, *, tahun: int | None = None, periode_terisi: int = 2,
                 seed: int = 16, pemicu: bool = False, out: TextIO | None = None,
                 hari_ini: dt.date | None = None) -> None:
        self.n = n_pegawai
        self.rng = random.Random(seed)
        self._r = self.rng.random
        self.hari_ini = hari_ini or timezone.localdate()
        self.tahun = tahun or self.hari_ini.year
        self.periode_terisi = periode_terisi
        self.pemicu = pemicu
        self.out = out or sys.stderr
        self.now = timezone.now()
        self.password = make_password(PASSWORD)
        # Parents before children: COPY runs in this order.
        self.t = {m: Tabel(m, KOLOM[m].split()) for m in KOLOM}
        self.ct = {m: ContentType.objects.get_for_model(m).pk for m in (Skp, Penilaian)}
        self.url_skp = reverse("skp:detail", args=[999999999]).replace("999999999", "{}")
        self.url_nilai = reverse("penilaian:skp", args=[999999999]).replace("999999999", "{}")
        faker_names = _nama_pool(self.rng)
        self.depan, self.belakang = faker_names
        self.nip_awal = 0
        self.selesai = 0
        self.mulai = 0.0

    # -- helpers

    def _ri(self, a: int, b: int) -> int:
        """random.randint without its overhead (it is called tens of millions of times)."""
        return a + int(self._r() * (b - a + 1))

    def _nama(self) -> str:
        return f"{self.rng.choice(self.depan)} {self.rng.choice(self.belakang)}".upper()

    def _total(self) -> int:
        return sum(t.jumlah + len(t.rows) for t in self.t.values())

    def _pending(self) -> int:
        return sum(len(t.rows) for t in self.t.values())

    def _flush(self) -> None:
        with transaction.atomic(), connection.cursor() as c:
            raw = c.cursor
            if not self.pemicu:
                raw.execute("SET LOCAL session_replication_role = replica")
            for tabel in self.t.values():  # parents before children: the dict's order
                tabel.tulis(raw)
        self._progres()

    def _progres(self, akhir: bool = False) -> None:
        took = time.perf_counter() - self.mulai
        rows = sum(t.jumlah for t in self.t.values())
        done = self.selesai
        width = 30
        bar = "#" * int(width * done / max(self.n, 1))
        self.out.write(f"\r[{bar:<{width}}] {done:,}/{self.n:,} pegawai  {rows:,} baris  "
                       f"{rows / max(took, 1e-9):,.0f} baris/s  {took:,.0f} s")
        if akhir:
            self.out.write("\n")
        self.out.flush()

    # -- the run

    def run(self) -> dict[str, Any]:
        self.mulai = time.perf_counter()
        with connection.cursor() as c:
            for tabel in self.t.values():
                c.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{tabel.model._meta.db_table}"')  # noqa: S608
                tabel.berikut = c.fetchone()[0]
            c.execute('SELECT COUNT(*) FROM "ekinerja_pegawai"')
            self.nip_awal = 7_000_000 + c.fetchone()[0]  # clear of factories' and demo NIPs
        for nomor, ukuran in enumerate(ukuran_instansi(self.n, self.rng), 1):
            self._instansi(nomor, ukuran)
        self._flush()
        with connection.cursor() as c:
            for tabel in self.t.values():
                name = tabel.model._meta.db_table
                c.execute(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "  # noqa: S608
                          f'(SELECT COALESCE(MAX(id), 1) FROM "{name}"))')
            if not connection.in_atomic_block:
                c.execute("ANALYZE")
        self._progres(akhir=True)
        took = time.perf_counter() - self.mulai
        rows = {t.model._meta.db_table: t.jumlah for t in self.t.values()}
        return {"pegawai": self.n, "rows": rows, "total": sum(rows.values()),
                "seconds": took, "rows_per_s": sum(rows.values()) / max(took, 1e-9)}

    def _instansi(self, nomor: int, ukuran: int) -> None:
        rng = self.rng
        iid = self.t[Instansi].id()
        nama = f"Kementerian Skala {nomor}" if ukuran > 20_000 else f"Pemerintah Kabupaten Skala {nomor}"
        self.t[Instansi].rows.append(
            (iid, nama, None, "Asia/Jakarta", "bulanan", 5, 10, 1, 31, 3, 7, 2))
        inst = Instansi(pk=iid, nama=nama)
        periods = PeriodePenilaian.susun(inst, self.tahun)
        started = sorted((p for p in periods if p.jenis == JenisPeriode.BULANAN
                          and p.awal <= self.hari_ini), key=lambda p: p.awal)
        terisi = started[-self.periode_terisi:] if self.periode_terisi else []
        for p in periods:
            p.pk = self.t[PeriodePenilaian].id()
            self.t[PeriodePenilaian].rows.append(
                (p.pk, iid, p.nama, p.awal, p.akhir, p.batas_pengisian, p.jenis))

        # The unit tree: branching b per level so that the lowest level has ~14 people a unit.
        b = max(1, round((ukuran / 14) ** 0.25))
        while b > 1 and 1.34 * b ** 4 > ukuran / 2:
            b -= 1
        units: list[Unit] = []
        top = Unit(self.t[UnitOrganisasi].id(), None, 0, nama)
        units.append(top)
        frontier = [top]
        for level in range(1, 5):
            nxt = []
            for parent in frontier:
                for k in range(b):
                    kode = f"{parent.kode}.{k + 1}" if parent.kode else f"{nomor}.{k + 1}"
                    u = Unit(self.t[UnitOrganisasi].id(), parent, level,
                             f"{LEVEL_NAMA[level]} {kode}", kode)
                    units.append(u)
                    nxt.append(u)
            frontier = nxt
        leaves = frontier
        # People: the heads first, top down (a rater's SKP is made before their staff's).
        orang: list[tuple[int, Unit, bool]] = []  # (pegawai id, unit, is head)
        for u in units:
            u.kepala = self.t[Pegawai].id()
            orang.append((u.kepala, u, True))
        weights = [rng.uniform(0.4, 1.6) for _ in leaves]
        staf = max(0, ukuran - len(units))
        for u in rng.choices(leaves, weights, k=staf):
            orang.append((self.t[Pegawai].id(), u, False))
        admin = orang[len(units)][0] if staf else 0  # the first staff member: admin instansi
        for u in units:
            self.t[UnitOrganisasi].rows.append((
                u.id, iid, u.parent.id if u.parent else None, u.nama,
                f"Kepala {u.nama}" if u.level else f"Kepala {nama}",
                ["I.a", "I.b", "II.a", "III.a", "IV.a"][u.level], u.kepala, None, "",
                "MENTERI SKALA" if u.level == 0 else "", "", "Menteri" if u.level == 0 else ""))

        # Every pegawai row of the instansi first (units and SKPs point at them), then the SKPs.
        info: dict[int, tuple[str, str, str, str, str]] = {}  # id -> nama, nip, gol, jabatan, unit
        kelas_of: dict[int, str] = {}
        for pid, u, head in orang:
            nip = nip_ke(self.nip_awal)
            self.nip_awal += 1
            nm = self._nama()
            if head:
                kelas = LEVEL_KELAS[u.level]
                jabatan = f"Kepala {u.nama}" if u.level else f"Kepala {nama}"
                gol, pangkat = LEVEL_GOL[u.level]
            else:
                jabatan, kelas = rng.choice(JABATAN_STAF)
                gol, pangkat = rng.choice(STAF_GOL)
            jenis = JenisPegawai.PPPK if not head and rng.random() < 0.1 else JenisPegawai.PNS
            self.t[Pegawai].rows.append((
                pid, self.password, None, False, nip, nm, "", "", gol, pangkat, jabatan, kelas,
                False, jenis, "", iid, u.id, True, False, not head and pid == admin, True, None,
                None, self.now, ""))
            info[pid] = (nm, nip, f"{pangkat}, {gol}", jabatan, u.nama)
            kelas_of[pid] = kelas
        skp_of: dict[int, int] = {}
        rhk_of: dict[int, list[int]] = {}
        for pid, u, head in orang:
            kelas = kelas_of[pid]
            rater = (u.parent.kepala if u.parent else None) if head else u.kepala
            self._skp(iid, pid, u, kelas, rater, info, skp_of, rhk_of, head, terisi)
            self.selesai += 1
            if self._pending() >= FLUSH_ROWS:
                self._flush()

    def _skp(self, iid: int, pid: int, u: Unit, kelas: str, rater: int | None,
             info: dict, skp_of: dict[int, int], rhk_of: dict[int, list[int]], head: bool,
             terisi: list[PeriodePenilaian]) -> None:
        rng, now, t = self.rng, self.now, self.t
        roll = rng.random()
        status = ("persetujuan" if roll < (0.95 if head else 0.85) else
                  "pengajuan" if roll < (0.98 if head else 0.93) else "draft")
        jpt = kelas in (KelasJabatan.JPT_UTAMA, KelasJabatan.JPT_MADYA, KelasJabatan.JPT_PRATAMA)
        sid = t[Skp].id()

        def snap(p: int | None) -> str:
            if p is None:
                return _json({"nama": "MENTERI SKALA", "nip_nrp": "", "pangkat_golongan": "",
                                   "jabatan": "Menteri", "unit_kerja": "", "status": "NON ASN"})
            nm, nip, pg, jab, unit = info[p]
            return _json({"nama": nm, "nip_nrp": nip, "pangkat_golongan": pg, "jabatan": jab,
                               "unit_kerja": unit, "status": "ASN"})

        atasan = u.parent.parent.kepala if head and u.parent and u.parent.parent else (
            u.parent.kepala if not head and u.parent else None)
        t[Skp].rows.append((
            sid, pid, iid, u.id, dt.date(self.tahun, 1, 1), dt.date(self.tahun, 12, 31),
            "kuantitatif", "JPT" if jpt else "NON_JPT", status, rater, snap(pid), snap(rater),
            snap(atasan) if atasan else "{}", None, "{}", PERILAKU_VERSI, "", now, now))
        skp_of[pid] = sid
        leader = rhk_of.get(rater, []) if rater else []
        mine: list[int] = []
        indikator: list[int] = []
        n_rhk = self._ri(3, 8)
        n_utama = max(1, n_rhk - self._ri(0, 2))
        for r in range(n_rhk):
            rid = t[HasilKerja].id()
            mine.append(rid)
            atas = rng.choice(leader) if leader else None
            jenis = "utama" if r < n_utama else "tambahan"
            t[HasilKerja].rows.append((
                rid, r + 1, sid, jenis,
                ("individu" if atas else "organisasi") if jpt else "",
                f"{rng.choice(RHK_TEKS)} {r + 1}",
                info[rater][3] if jpt and atas and rater else "", atas, iid))
            for k in range(self._ri(1, 3)):
                ind = t[Indikator].id()
                indikator.append(ind)
                n, sat = self._ri(1, 24), rng.choice(SATUAN)
                t[Indikator].rows.append((
                    ind, k + 1, rid, f"Jumlah {sat} yang diselesaikan ({r + 1}.{k + 1})",
                    "" if jpt else ASPEK[k % 3], PERSPEKTIF[k % 4] if jpt else "",
                    f"{n} {sat}", Decimal(n), sat, iid))
        if head:
            rhk_of[pid] = mine
        t[LampiranItem].rows.append((t[LampiranItem].id(), 1, sid, "konsekuensi",
                                     "Sesuai ketentuan peraturan perundang-undangan", iid))
        if rater and rater in skp_of:
            t[BarisMatriks].rows.append((t[BarisMatriks].id(), skp_of[rater], sid, "sinkron",
                                         rater, now, iid))
        nm, nip = info[pid][0], info[pid][1]
        riwayat = t[Riwayat].rows
        ct_skp = self.ct[Skp]
        riwayat.append((t[Riwayat].id(), pid, nip, nm, pid, now, ct_skp, str(sid), "skp.tambah",
                        None, _json({"status": "draft"}), "", iid))
        if status != "draft":
            riwayat.append((t[Riwayat].id(), pid, nip, nm, pid, now, ct_skp, str(sid),
                            "skp.diajukan", _json({"status": "draft"}),
                            _json({"status": "pengajuan"}), "", iid))
        if status != "persetujuan":
            return
        r_nm, r_nip = (info[rater][0], info[rater][1]) if rater else ("", "")
        riwayat.append((t[Riwayat].id(), rater, r_nip, r_nm, pid, now, ct_skp, str(sid),
                        "skp.disetujui", _json({"status": "pengajuan"}),
                        _json({"status": "persetujuan"}), "", iid))
        t[Notifikasi].rows.append((t[Notifikasi].id(), pid, rater, "SKP Anda telah disetujui.",
                                   self.url_skp.format(sid), now, None, iid))
        for p in terisi:
            for ind in indikator:
                if rng.random() < 0.8:
                    t[Eviden].rows.append((t[Eviden].id(), ind, p.pk, "Laporan kegiatan",
                                           f"https://drive.example.go.id/{sid}/{ind}", now, iid))
                if rng.random() < 0.85:
                    fb = rater is not None and rng.random() < 0.5
                    t[CapaianIndikator].rows.append((
                        t[CapaianIndikator].id(), ind, p.pk, f"{self._ri(1, 24)}",
                        "Aplikasi e-Kinerja", "Sesuai target" if fb else "",
                        rater if fb else None, iid))
            if rater is None or rng.random() >= 0.75:
                continue
            h, b = (Rating.SESUAI, Rating.SESUAI) if rng.random() < 0.7 else rng.choice(RATINGS)
            pred = MATRIKS[(h, b)]
            pn = t[Penilaian].id()
            t[Penilaian].rows.append((pn, sid, p.pk, h, b, pred, "", "", "", rater, now, 2, iid))
            riwayat.append((t[Riwayat].id(), rater, r_nip, r_nm, pid, now, self.ct[Penilaian],
                            str(pn), "penilaian.rating_perilaku", _json({"rating_hasil": h}),
                            _json({"rating_hasil": h, "rating_perilaku": b,
                                        "predikat_matriks": pred}), "", iid))
            t[Notifikasi].rows.append((
                t[Notifikasi].id(), pid, rater,
                f"Penilaian periode {p.nama} TAHUN {p.awal.year}: predikat {pred}.",
                self.url_nilai.format(sid), now, None, iid))


def _nama_pool(rng: random.Random) -> tuple[list[str], list[str]]:
    """Invented Indonesian names (Faker id_ID, seeded): first and last name pools."""
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(rng.randint(0, 10**9))
    return ([fake.first_name() for _ in range(400)], [fake.last_name() for _ in range(400)])


def generate(n_pegawai: int, **kw: Any) -> dict[str, Any]:
    """Write the data; returns the counts and the rate (see Generator)."""
    return Generator(n_pegawai, **kw).run()


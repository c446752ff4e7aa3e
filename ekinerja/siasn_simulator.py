"""A SIASN simulator: a small, real HTTP server that speaks issue 14's contract.

For development, the tests and the demo. It serves, on one port:

* the identity service (Keycloak-style): `POST /auth/realms/<realm>/protocol/openid-connect/token`
  (client credentials, and the password grant for the seeded people) and `.../userinfo`;
* the API gateway token: `POST /oauth2/token` (HTTP Basic consumer key and secret);
* SIASN under `/apisiasn/1.0`: `GET /referensi/ref-unor`, `GET /pns/data-utama/<nip>`,
  `POST /upload-dok` (multipart), `POST /kinerjaperiodik/save` and `POST /skp22/save`.

It holds a seeded instansi (buat_data: a unit tree, heads, staff, and a few malformed rows) and has
knobs that make it misbehave like the real link: slow replies, forced 429 (with Retry-After) and
5xx answers, revoked tokens (401), SIASN refusing a save, random trouble, and a mode that dies
halfway through a sync (the listening socket and every open connection close at once).

    sim = SiasnSimulator(buat_data(2000)).start()
    settings.SIASN_BASE_URL = sim.siasn_url ...   # sim.pengaturan() lists them all
    sim.stop()

`manage.py siasn_simulator --port 8765` runs it for the demo (README, "SIASN simulator").
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import email.parser
import email.policy
import json
import random
import secrets
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_PREFIX = "/apisiasn/1.0"
NAMESPACE = uuid.UUID("6f1c2a4e-14e1-4b8a-9c6d-5153494153e4")

GOLONGAN = [
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"), ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"), ("III/d", "Penata Tingkat I"), ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"), ("IV/d", "Pembina Utama Madya"),
]
JABATAN_STAF = [
    ("Analis Kebijakan Ahli Muda", "Jabatan Fungsional Tertentu"),
    ("Pranata Komputer Ahli Pertama", "Jabatan Fungsional Tertentu"),
    ("Perencana Ahli Pertama", "Jabatan Fungsional Tertentu"),
    ("Pengolah Data dan Informasi", "Jabatan Fungsional Umum"),
    ("Pengadministrasi Perkantoran", "Jabatan Fungsional Umum"),
    ("Penata Laporan Keuangan", "Jabatan Fungsional Umum"),
]
DEPAN = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko",
         "Kartika", "Lestari", "Made", "Nur", "Oktavia", "Putu", "Rina", "Sari", "Teguh", "Wahyu",
         "Yusuf", "Zahra", "Andi", "Bayu", "Dian", "Fajar", "Hendra", "Intan", "Ketut", "Rizky"]
BELAKANG = ["Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat", "Pratama", "Kusuma",
            "Nugroho", "Setiawan", "Rahmawati", "Siregar", "Nasution", "Harahap", "Wibowo",
            "Purnama", "Gunawan", "Susanto", "Halim", "Firmansyah", "Utami"]
DINAS = ["Dinas Pendidikan", "Dinas Kesehatan", "Dinas Pekerjaan Umum", "Dinas Sosial",
         "Dinas Perhubungan", "Dinas Pertanian", "Badan Keuangan Daerah",
         "Badan Kepegawaian dan Pengembangan SDM", "Dinas Kependudukan", "Dinas Pariwisata",
         "Dinas Lingkungan Hidup", "Badan Perencanaan Pembangunan Daerah"]
BIDANG = ["Sekretariat", "Bidang Perencanaan", "Bidang Pelayanan", "Bidang Pengembangan",
          "Bidang Pengendalian", "Bidang Data dan Informasi"]
SEKSI = ["Subbagian Umum", "Seksi Program", "Seksi Evaluasi", "Seksi Layanan", "Seksi Teknis",
         "Subbagian Keuangan"]


# --- the data ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Orang:
    """One person in SIASN; data_utama() is the record `pns/data-utama/{nip}` answers."""

    nip: str
    pns_id: str
    nama: str
    gelar_belakang: str
    golongan: str
    pangkat: str
    jabatan: str
    jenis_jabatan: str
    eselon: str
    unor_id: str
    jenis_pegawai: str = "PNS"
    kedudukan: str = "Aktif"
    email: str = ""

    def data_utama(self, data: DataSiasn) -> dict[str, Any]:
        unor = data.unor_by_id.get(self.unor_id, {})
        induk = data.unor_by_id.get(str(unor.get("DiatasanId") or ""), {})
        return {
            "id": self.pns_id,
            "nipBaru": self.nip,
            "nipLama": "",
            "nama": self.nama,
            "gelarDepan": None,
            "gelarBelakang": self.gelar_belakang or None,
            "tglLahir": f"{self.nip[6:8]}-{self.nip[4:6]}-{self.nip[0:4]}",
            "jenisKelamin": "M" if self.nip[14] == "1" else "F",
            "email": None,
            "emailGov": self.email or None,
            "jenisPegawaiNama": self.jenis_pegawai,
            "kedudukanPnsNama": self.kedudukan,
            "statusPegawai": "PNS",
            "golRuangAkhir": self.golongan,
            "pangkatAkhir": self.pangkat,
            "jenisJabatan": self.jenis_jabatan,
            "jabatanNama": self.jabatan,
            "eselon": self.eselon or None,
            "unorId": self.unor_id,
            "unorNama": unor.get("NamaUnor", ""),
            "unorIndukId": unor.get("DiatasanId"),
            "unorIndukNama": induk.get("NamaUnor"),
            "instansiKerjaId": data.instansi_id,
            "instansiKerjaNama": data.instansi_nama,
            "instansiIndukId": data.instansi_id,
            "instansiIndukNama": data.instansi_nama,
        }


@dataclass
class DataSiasn:
    """What the simulated SIASN knows: one instansi's units and people (plus planted faults)."""

    instansi_id: str
    instansi_nama: str
    unor: list[Any] = field(default_factory=list)  # ref-unor rows as served (may be malformed)
    orang: dict[str, Orang] = field(default_factory=dict)
    # Per NIP: (HTTP status, body) served instead of the record: malformed answers.
    mentah: dict[str, tuple[int, str]] = field(default_factory=dict)
    tidak_dikenal: list[str] = field(default_factory=list)  # NIPs SIASN answers 404 for
    nip_tertukar: set[str] = field(default_factory=set)  # answered with another nipBaru
    cacat_unor: dict[str, str] = field(default_factory=dict)  # planted unit faults: Id -> what
    cacat_orang: dict[str, str] = field(default_factory=dict)  # planted person faults: NIP -> what

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.unor_by_id: dict[str, dict[str, Any]] = {
            str(r["Id"]): r for r in self.unor if isinstance(r, dict) and r.get("Id")
        }
        self.by_pns_id = {o.pns_id: o for o in self.orang.values()}

    def daftar_nip(self) -> list[str]:
        """The NIP list an admin would upload: everyone, the malformed and the unknown too."""
        return [*self.orang, *(n for n in self.mentah if n not in self.orang), *self.tidak_dikenal]

    def tulis_xlsx(self, path: str) -> None:
        """The NIP list as a spreadsheet (a text column, so no digit is lost)."""
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Daftar NIP"
        ws.append(["NIP", "Nama"])
        for nip in self.daftar_nip():
            cell_nama = self.orang[nip].nama if nip in self.orang else ""
            ws.append([nip, cell_nama])
        for row in ws.iter_rows(min_row=2, max_col=1):
            for cell in row:
                cell.number_format = "@"
        wb.save(path)

    def pindahkan_pemimpin(self, unor_id: str, nip: str) -> None:
        """Make `nip` the head of unit `unor_id` (as SIASN would after a correction)."""
        self.unor_by_id[unor_id]["PemimpinPnsId"] = self.orang[nip].pns_id


def pns_id_for(nip: str) -> str:
    """A stable SIASN PNS id (32 hex digits, as SIASN's) for a NIP."""
    return uuid.uuid5(NAMESPACE, nip).hex.upper()


class _NipMaker:
    """Valid, invented PNS NIPs (birth date, TMT CPNS, gender, sequence), never the same twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, senior: bool = False) -> str:
        while True:
            year = self.rng.randint(1966, 1976) if senior else self.rng.randint(1970, 1998)
            born = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            tmt = min(born.year + self.rng.randint(21, 30), 2023)
            nip = (f"{born:%Y%m%d}{tmt}{self.rng.randint(1, 12):02d}{self.rng.choice('12')}"
                   f"{self.rng.randint(1, 999):03d}")
            if nip not in self.used:
                self.used.add(nip)
                return nip


def buat_data(jumlah: int, *, instansi_id: str = "SIM-KAB-01",
              instansi_nama: str = "Pemerintah Kabupaten Simulasi", seed: int = 14,
              cacat: bool = True) -> DataSiasn:
    """A seeded instansi of `jumlah` people: Sekretariat Daerah > dinas > bidang > seksi, each
    unit with a head (every tenth seksi vacant), the staff spread over the seksi. The same
    arguments give the same data. With `cacat`, also malformed units and people (see cacat_*)."""
    rng = random.Random(seed)
    make_nip = _NipMaker(rng)
    n_seksi = max(1, -(-max(jumlah - 1, 1) // 25))
    n_bidang = max(1, -(-n_seksi // 3))
    n_dinas = max(1, -(-n_bidang // 4))
    units: list[dict[str, Any]] = []
    people: dict[str, Orang] = {}

    def unor(uid: str, nama: str, parent: str | None, eselon: str, jabatan: str,
             jenis: str) -> dict[str, Any]:
        row = {"Id": uid, "InstansiId": instansi_id, "DiatasanId": parent, "EselonId": eselon,
               "NamaUnor": nama, "NamaJabatan": jabatan, "IndukUnorId": units[0]["Id"] if units
               else uid, "PemimpinPnsId": None, "JenisUnorId": jenis}
        units.append(row)
        return row

    def person(unit: dict[str, Any], jabatan: str, jenis: str, eselon: str, gol_min: int,
               senior: bool = False) -> Orang:
        nip = make_nip(senior)
        gol, pangkat = GOLONGAN[rng.randint(gol_min, min(gol_min + 3, len(GOLONGAN) - 1))]
        nama = f"{rng.choice(DEPAN)} {rng.choice(BELAKANG)}".upper()
        o = Orang(nip=nip, pns_id=pns_id_for(nip), nama=nama,
                  gelar_belakang=rng.choice(["S.E.", "S.Kom.", "S.T.", "M.Si.", ""]),
                  golongan=gol, pangkat=pangkat, jabatan=jabatan, jenis_jabatan=jenis,
                  eselon=eselon, unor_id=unit["Id"], email=f"{nip}@simulasi.go.id")
        people[nip] = o
        return o

    def head(unit: dict[str, Any], eselon: str, gol_min: int) -> None:
        o = person(unit, unit["NamaJabatan"], "Jabatan Struktural", eselon, gol_min, senior=True)
        unit["PemimpinPnsId"] = o.pns_id

    root = unor(f"{instansi_id}-U0000", "Sekretariat Daerah", None, "21",
                "Sekretaris Daerah", "1")
    head(root, "II.a", 9)
    bidang_list: list[dict[str, Any]] = []
    seksi_list: list[dict[str, Any]] = []
    n = 1

    def uid() -> str:
        nonlocal n
        n += 1
        return f"{instansi_id}-U{n - 1:04d}"

    def anak(induk: dict[str, Any], jenis: Sequence[str], berapa: int,
             daftar: list[dict[str, Any]], batas: int, eselon: str) -> Iterator[dict[str, Any]]:
        """Up to `berapa` units under `induk`, named by `jenis`, while `daftar` is short of `batas`."""
        for k in range(berapa):
            if len(daftar) >= batas:
                return
            nama = f"{jenis[k % len(jenis)]} {induk['NamaUnor']}"
            yield unor(uid(), nama, induk["Id"], eselon, f"Kepala {nama}", "2")

    for d in range(n_dinas):
        nama_dinas = DINAS[d % len(DINAS)] + (f" {d // len(DINAS) + 1}" if d >= len(DINAS) else "")
        dinas = unor(uid(), nama_dinas, root["Id"], "22", f"Kepala {nama_dinas}", "2")
        head(dinas, "II.b", 8)
        for bidang in anak(dinas, BIDANG, 4, bidang_list, n_bidang, "31"):
            bidang_list.append(bidang)
            head(bidang, "III.a", 6)
            for seksi in anak(bidang, SEKSI, 3, seksi_list, n_seksi, "41"):
                if len(seksi_list) % 10 != 9:  # every tenth seksi has no head
                    head(seksi, "IV.a", 5)
                seksi_list.append(seksi)
    if not seksi_list:  # a tiny instansi: staff sit with the top
        seksi_list.append(root)
    i = 0
    while len(people) < jumlah:
        jabatan, jenis = JABATAN_STAF[rng.randrange(len(JABATAN_STAF))]
        person(seksi_list[i % len(seksi_list)], jabatan, jenis, "", 0)
        i += 1
    data = DataSiasn(instansi_id, instansi_nama, unor=units, orang=people)
    if cacat:
        _tanam_cacat(data, make_nip, rng)
    data.reindex()
    return data


# e-Kinerja's kelas jabatan back to what SIASN would hold (kelas_from_profile reads these).
ESELON_KELAS = {"JPT_UTAMA": "10", "JPT_MADYA": "11", "JPT_PRATAMA": "21",
                "ADMINISTRATOR": "31", "PENGAWAS": "41"}


def dari_instansi(siasn_id: str, *, tambah: int = 200, seed: int = 14,
                  perubahan: bool = True) -> DataSiasn:
    """What SIASN would hold for an instansi already in e-Kinerja's database (the demo's):
    its units and people as they are, plus, with `perubahan`, what a real SIASN would say
    differently: `tambah` new staff, a new definitive head for a unit led by a Plt, one person
    moved to another unit (a mutation: their rater changes), two promotions, one retirement,
    and the malformed rows of buat_data."""
    from ekinerja.models import Instansi, Pegawai, UnitOrganisasi

    instansi = Instansi.objects.get(siasn_id=siasn_id)
    units = list(UnitOrganisasi.objects.filter(instansi=instansi).select_related("kepala")
                 .order_by("pk"))
    ids: dict[int, str] = {u.pk: u.siasn_id or f"{siasn_id}-U{u.pk:05d}" for u in units}
    people = list(Pegawai.objects.filter(instansi=instansi, is_active=True, unit__isnull=False)
                  .order_by("nip"))
    pns = {p.pk: p.siasn_pns_id or pns_id_for(p.nip) for p in people}
    rows: list[dict[str, Any]] = [{
        "Id": ids[u.pk], "InstansiId": siasn_id,
        "DiatasanId": ids.get(u.parent_id) if u.parent_id else None,
        "EselonId": u.eselon, "NamaUnor": u.nama, "NamaJabatan": u.nama_jabatan_pimpinan,
        "IndukUnorId": ids[units[0].pk],
        "PemimpinPnsId": pns.get(u.kepala_id) if u.kepala_id else None,
        "JenisUnorId": "1",
    } for u in units]
    orang: dict[str, Orang] = {}
    for p in people:
        jenis = ("Jabatan Fungsional Tertentu" if p.kelas_jabatan == "FUNGSIONAL" else
                 "Jabatan Struktural" if p.kelas_jabatan in ESELON_KELAS else
                 "Jabatan Fungsional Umum")
        orang[p.nip] = Orang(p.nip, pns[p.pk], p.nama, p.gelar_belakang, p.golongan, p.pangkat,
                             p.jabatan, jenis, ESELON_KELAS.get(p.kelas_jabatan, ""),
                             ids[p.unit_id or 0], p.jenis_pegawai, "Aktif", p.email)
    data = DataSiasn(siasn_id, instansi.nama, unor=rows, orang=orang)
    if not perubahan:
        return data
    rng = random.Random(seed)
    make_nip = _NipMaker(rng)
    make_nip.used.update(orang)
    staff_units = [r for r in rows if r["DiatasanId"]] or rows
    for i in range(tambah):
        unit = staff_units[i % len(staff_units)]
        nip = make_nip()
        gol, pangkat = GOLONGAN[rng.randint(0, 7)]
        jabatan, jenis = JABATAN_STAF[rng.randrange(len(JABATAN_STAF))]
        orang[nip] = Orang(nip, pns_id_for(nip), f"{rng.choice(DEPAN)} {rng.choice(BELAKANG)}"
                           .upper(), rng.choice(["S.E.", "S.Kom.", ""]), gol, pangkat, jabatan,
                           jenis, "", unit["Id"], email=f"{nip}@simulasi.go.id")
    vacant = next((r for r in rows if not r["PemimpinPnsId"] and r["DiatasanId"]), None)
    if vacant is not None:  # SIASN has a definitive head where e-Kinerja has a Plt
        nip = make_nip(senior=True)
        orang[nip] = Orang(nip, pns_id_for(nip), "KEPALA DEFINITIF BARU", "M.Si.", "III/d",
                           "Penata Tingkat I", vacant["NamaJabatan"] or f"Kepala {vacant['NamaUnor']}",
                           "Jabatan Struktural", "31", vacant["Id"], email=f"{nip}@simulasi.go.id")
        vacant["PemimpinPnsId"] = orang[nip].pns_id
    heads = {r["PemimpinPnsId"] for r in rows}
    led = [r for r in rows if r["PemimpinPnsId"] and r["DiatasanId"]]
    if len(led) >= 2:  # a mutation: the first staff member (by NIP) of the largest unit moves
        size = Counter(o.unor_id for o in orang.values())
        src = max(led, key=lambda r: size[r["Id"]])
        dst = min((r for r in led if r is not src), key=lambda r: size[r["Id"]])
        movers = [o for o in orang.values() if o.unor_id == src["Id"] and o.pns_id not in heads]
        if movers:
            movers[0].unor_id = dst["Id"]
    regular = [o for o in orang.values() if o.pns_id not in heads and o.nip in
               {p.nip for p in people}]
    for o in regular[-3:-1]:  # two promotions
        index = next((i for i, (g, _p) in enumerate(GOLONGAN) if g == o.golongan), 4)
        o.golongan, o.pangkat = GOLONGAN[min(index + 1, len(GOLONGAN) - 1)]
    if regular:
        regular[-1].kedudukan = "Pensiun"  # one retirement
    _tanam_cacat(data, make_nip, rng)
    data.reindex()
    return data


def _tanam_cacat(data: DataSiasn, make_nip: _NipMaker, rng: random.Random) -> None:
    """Malformed rows, as a real feed has them: the sync must report each and go on."""
    root = data.unor[0]["Id"]
    base = {"InstansiId": data.instansi_id, "EselonId": "41", "NamaJabatan": "Kepala",
            "IndukUnorId": root, "PemimpinPnsId": None, "JenisUnorId": "2"}
    bad = [
        {**base, "Id": f"{data.instansi_id}-X-TANPA-NAMA", "DiatasanId": root, "NamaUnor": ""},
        {**base, "Id": f"{data.instansi_id}-X-YATIM", "DiatasanId": "UNOR-YANG-TIDAK-ADA",
         "NamaUnor": "Unit Tanpa Induk"},
        {**base, "Id": f"{data.instansi_id}-X-LINGKAR-A", "DiatasanId":
         f"{data.instansi_id}-X-LINGKAR-B", "NamaUnor": "Unit Lingkar A"},
        {**base, "Id": f"{data.instansi_id}-X-LINGKAR-B", "DiatasanId":
         f"{data.instansi_id}-X-LINGKAR-A", "NamaUnor": "Unit Lingkar B"},
    ]
    data.unor.extend(bad)
    data.unor.append("baris rusak")  # not even an object
    data.unor.append({"Id": "UNOR-INSTANSI-LAIN", "InstansiId": "INSTANSI-LAIN",
                      "DiatasanId": None, "NamaUnor": "Unit Instansi Lain"})  # not ours: ignored
    data.cacat_unor = {
        bad[0]["Id"]: "NamaUnor kosong", bad[1]["Id"]: "DiatasanId tidak dikenal",
        bad[2]["Id"]: "lingkaran", bad[3]["Id"]: "lingkaran", "baris rusak": "bukan objek",
    }
    seksi = next(r["Id"] for r in data.unor if isinstance(r, dict) and r.get("EselonId") == "41")
    planted = {
        make_nip(): (200, "<html><body>502 Bad Gateway</body></html>", "bukan JSON"),
        make_nip(): (200, json.dumps({"success": True, "data": "Data tidak lengkap"}),
                     "data bukan objek"),
    }
    for nip, (status, body, what) in planted.items():
        data.mentah[nip] = (status, body)
        data.cacat_orang[nip] = what
    salah = make_nip()
    data.orang[salah] = Orang(salah, pns_id_for(salah), "NIP TERTUKAR", "", "III/a", "Penata Muda",
                              "Pengolah Data", "Jabatan Fungsional Umum", "", seksi)
    data.nip_tertukar.add(salah)
    data.cacat_orang[salah] = "nipBaru lain"
    tanpa_nama = make_nip()
    data.orang[tanpa_nama] = Orang(tanpa_nama, pns_id_for(tanpa_nama), "", "", "III/a",
                                   "Penata Muda", "Pengolah Data", "Jabatan Fungsional Umum", "",
                                   seksi)
    data.cacat_orang[tanpa_nama] = "nama kosong"
    hilang = make_nip()
    data.orang[hilang] = Orang(hilang, pns_id_for(hilang), "UNIT HILANG", "", "III/a",
                               "Penata Muda", "Pengolah Data", "Jabatan Fungsional Umum", "",
                               "UNOR-YANG-TIDAK-ADA")
    data.cacat_orang[hilang] = "unorId tidak dikenal"
    data.tidak_dikenal = [make_nip()]
    pensiun = make_nip(senior=True)
    data.orang[pensiun] = Orang(pensiun, pns_id_for(pensiun), "PURNA BAKTI", "", "IV/a", "Pembina",
                                "Analis Kebijakan Ahli Madya", "Jabatan Fungsional Tertentu", "",
                                seksi, kedudukan="Pensiun")
    data.cacat_orang[pensiun] = "pensiun"


# --- the server -----------------------------------------------------------------------------------


@dataclass
class Paksa:
    """Answer the next `kali` requests whose path contains `jalur` with `status`."""

    jalur: str
    status: int
    kali: int = 1
    retry_after: str | None = None
    body: str = ""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a timeout, the die() mode) is normal here: no traceback."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | OSError):
            return
        super().handle_error(request, client_address)


class SiasnSimulator:
    """The simulated SIASN + identity service + API gateway, on 127.0.0.1:<port>."""

    def __init__(self, data: DataSiasn, *, host: str = "127.0.0.1", port: int = 0,
                 realm: str = "sim-siasn", client_id: str = "ekinerja-sim",
                 client_secret: str = "rahasia-sim",  # noqa: S107 (the simulator's own)
                 consumer_key: str = "konsumen-sim",
                 consumer_secret: str = "rahasia-konsumen",  # noqa: S107
                 sandi: str | None = None, umur_token: int = 3600, catat: bool = True) -> None:
        self.data = data
        self.host, self.port = host, port
        self.realm, self.client_id, self.client_secret = realm, client_id, client_secret
        self.consumer_key, self.consumer_secret = consumer_key, consumer_secret
        self.sandi = sandi
        self.umur_token = umur_token
        self.catat = catat
        # knobs
        self.latensi = 0.0
        self.lambat: dict[str, float] = {}
        self.paksa: list[Paksa] = []
        self.mati_setelah: int | None = None
        self.tolak_simpan: str | None = None
        self.gangguan = 0.0  # share of SIASN API calls answered 500 or 429 at random
        self.wajib_gateway = False  # refuse calls without a gateway token (the WSO mode)
        # state
        self.requests: list[dict[str, Any]] = []
        self.hitung: Counter[str] = Counter()
        self.token_sso: set[str] = set()
        self.token_user: dict[str, str] = {}
        self.token_gateway: set[str] = set()
        self.dokumen: dict[str, dict[str, Any]] = {}
        self.periodik: dict[str, dict[str, Any]] = {}
        self.skp22: dict[str, dict[str, Any]] = {}
        self.mati = False
        self._lock = threading.Lock()
        self._rng = random.Random(7)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._conns: set[socket.socket] = set()

    # lifecycle

    def start(self) -> SiasnSimulator:
        handler = type("Handler", (_Handler,), {"sim": self})
        self._server = _Server((self.host, self.port), handler)
        self.port = self._server.server_address[1]
        self.mati = False
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        with self._lock:
            conns, self._conns = list(self._conns), set()
        for conn in conns:
            _drop(conn)

    def die(self) -> None:
        """Die now: stop listening and cut every open connection (from any thread)."""
        self.mati = True
        threading.Thread(target=self.stop, daemon=True).start()

    def hidupkan(self) -> SiasnSimulator:
        """Come back on the same port (after die())."""
        deadline = time.monotonic() + 5
        while self._server is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        self.mati_setelah = None
        return self.start()

    def __enter__(self) -> SiasnSimulator:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # addresses

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def siasn_url(self) -> str:
        return f"{self.url}{API_PREFIX}"

    def pengaturan(self, *, gateway: bool = True) -> dict[str, str]:
        """The settings (and environment variables) that point e-Kinerja at this simulator."""
        out = {
            "MYSAPK_BASE_URL": f"{self.url}/auth", "MYSAPK_REALM": self.realm,
            "MYSAPK_CLIENT_ID": self.client_id, "MYSAPK_CLIENT_SECRET": self.client_secret,
            "SIASN_BASE_URL": self.siasn_url,
        }
        if gateway:
            out.update(SIASN_WSO_TOKEN_URL=f"{self.url}/oauth2/token",
                       SIASN_CONSUMER_KEY=self.consumer_key,
                       SIASN_CONSUMER_SECRET=self.consumer_secret)
        return out

    # knobs

    def cabut_token(self) -> None:
        """Revoke every token issued so far: the next SIASN call with one gets a 401."""
        with self._lock:
            self.token_sso.clear()
            self.token_user.clear()
            self.token_gateway.clear()

    def paksakan(self, jalur: str, status: int, kali: int = 1, *,
                 retry_after: str | None = None, body: str = "") -> None:
        with self._lock:
            self.paksa.append(Paksa(jalur, status, kali, retry_after, body))

    def endpoint_requests(self, endpoint: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["endpoint"] == endpoint]

    def _forced(self, path: str) -> Paksa | None:
        with self._lock:
            for p in self.paksa:
                if p.jalur in path and p.kali > 0:
                    p.kali -= 1
                    return p
        return None

    def _record(self, entry: dict[str, Any]) -> int:
        with self._lock:
            self.hitung[entry["endpoint"]] += 1
            if self.catat:
                self.requests.append(entry)
            return self.hitung[entry["endpoint"]]

    def _new_token(self, bag: set[str] | None = None, nip: str = "") -> str:
        value = secrets.token_urlsafe(18)
        with self._lock:
            if nip:
                self.token_user[value] = nip
            elif bag is not None:
                bag.add(value)
        return value

    # the contract's checks

    def sso_valid(self, value: str) -> bool:
        return value in self.token_sso or value in self.token_user

    def authorised(self, headers: Any) -> bool:
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return False
        bearer = auth.removeprefix("Bearer ")
        second = headers.get("Auth", "")
        if second:
            # Gateway mode: Authorization carries the gateway token, Auth the SSO token.
            return (bearer in self.token_gateway and second.startswith("bearer ")
                    and self.sso_valid(second.removeprefix("bearer ")))
        return not self.wajib_gateway and self.sso_valid(bearer)

    def _validate_result(self, body: dict[str, Any], annual: bool) -> str:
        """SIASN's own checks on a result (its messages are Indonesian)."""
        required = ["pnsDinilaiId", "hasilKinerjaNilai", "perilakuKerjaNilai",
                    "kuadranKinerjaNilai", "penilaiNipNrp", "penilaiNama", "penilaiJabatan",
                    "penilaiUnorNama", "statusPenilai", "path"]
        required += ["tahun"] if annual else [
            "bulanMulaiPenilaian", "bulanSelesaiPenilaian", "tahunMulaiPenilaian",
            "tahunSelesaiPenilaian", "periodikId"]
        missing = [k for k in required if body.get(k) in (None, "", [])]
        if "id" not in body:
            missing.insert(0, "id")
        if missing:
            return "Field wajib tidak diisi: " + ", ".join(missing)
        if body["pnsDinilaiId"] not in self.data.by_pns_id:
            return "PNS dinilai tidak ditemukan"
        for key, allowed in [("hasilKinerjaNilai", {1, 2, 3}), ("perilakuKerjaNilai", {1, 2, 3}),
                             ("kuadranKinerjaNilai", {1, 2, 3, 4, 5})]:
            if body[key] not in allowed:
                return f"{key} tidak valid"
        if not annual and body["periodikId"] not in (1, 2):
            return "periodikId tidak valid"
        if body["statusPenilai"] not in ("ASN", "NON ASN"):
            return "statusPenilai harus ASN atau NON ASN"
        path = body["path"]
        if not isinstance(path, list) or not all(
            isinstance(p, dict) and p.get("dok_id") in self.dokumen for p in path
        ):
            return "Dokumen tidak ditemukan; unggah dokumen terlebih dahulu"
        if body["id"] is not None:
            store = self.skp22 if annual else self.periodik
            old = store.get(str(body["id"]))
            if old is None:
                return "Riwayat yang akan diubah tidak ditemukan"
            if old["pnsDinilaiId"] != body["pnsDinilaiId"]:
                return "Riwayat milik PNS lain"
        return ""


def _drop(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        conn.close()


class _Handler(BaseHTTPRequestHandler):
    sim: SiasnSimulator
    protocol_version = "HTTP/1.1"
    server_version = "SiasnSimulator/1.0"

    def setup(self) -> None:
        super().setup()
        # One packet per answer, sent at once (no Nagle/delayed-ACK stalls on keep-alive).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.sim._lock:
            self.sim._conns.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.sim._lock:
                self.sim._conns.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (BaseHTTPRequestHandler's name)
        return

    # plumbing

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, payload: Any = None, *, raw: str | None = None,
              headers: dict[str, str] | None = None) -> None:
        body = (raw if raw is not None else json.dumps(payload)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        # http.server keeps the pending header lines here; typeshed does not declare it.
        buffer: list[bytes] = self._headers_buffer  # type: ignore[attr-defined]  # see above
        buffer.extend([b"\r\n", body])  # headers and body in one write
        self.flush_headers()

    def do_GET(self) -> None:  # noqa: N802 (BaseHTTPRequestHandler's name)
        self._route("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def _route(self, method: str) -> None:
        path = urlsplit(self.path).path
        body = self._body() if method == "POST" else b""
        sim = self.sim
        oidc = f"/auth/realms/{sim.realm}/protocol/openid-connect/"
        if method == "POST" and path == oidc + "token":
            return self._sso_token(body)
        if method == "GET" and path == oidc + "userinfo":
            return self._userinfo()
        if method == "POST" and path == "/oauth2/token":
            return self._gateway_token(body)
        if path.startswith(API_PREFIX + "/"):
            return self._api(method, path.removeprefix(API_PREFIX), body)
        self._send(404, {"message": "not found"})

    # identity service and gateway

    def _sso_token(self, body: bytes) -> None:
        sim = self.sim
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        sim._record({"endpoint": "sso-token", "grant_type": form.get("grant_type")})
        if form.get("client_id") != sim.client_id or form.get("client_secret") != sim.client_secret:
            return self._send(401, {"error": "unauthorized_client"})
        if form.get("grant_type") == "client_credentials":
            value = sim._new_token(sim.token_sso)
            return self._send(200, {"access_token": value, "token_type": "Bearer",
                                    "expires_in": sim.umur_token})
        nip = form.get("username", "")
        if (form.get("grant_type") == "password" and sim.sandi is not None
                and nip in sim.data.orang and form.get("password") == sim.sandi):
            value = sim._new_token(nip=nip)
            return self._send(200, {"access_token": value, "token_type": "Bearer",
                                    "expires_in": sim.umur_token})
        self._send(401, {"error": "invalid_grant", "error_description": "Invalid user credentials"})

    def _userinfo(self) -> None:
        sim = self.sim
        value = self.headers.get("Authorization", "").removeprefix("Bearer ")
        sim._record({"endpoint": "userinfo"})
        nip = sim.token_user.get(value)
        if nip is None:
            return self._send(401, {"error": "invalid_token"})
        self._send(200, {"sub": pns_id_for(nip), "preferred_username": nip})

    def _gateway_token(self, body: bytes) -> None:
        sim = self.sim
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        sim._record({"endpoint": "gateway-token"})
        expected = base64.b64encode(f"{sim.consumer_key}:{sim.consumer_secret}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}" \
                or form.get("grant_type") != "client_credentials":
            return self._send(401, {"error": "invalid_client"})
        value = sim._new_token(sim.token_gateway)
        self._send(200, {"access_token": value, "scope": "default", "token_type": "Bearer",
                         "expires_in": sim.umur_token})

    # SIASN

    def _api(self, method: str, path: str, body: bytes) -> None:
        sim = self.sim
        endpoint = path.split("/")[1] if path.count("/") >= 1 else path
        if path.startswith("/pns/data-utama/"):
            endpoint = "data-utama"
        entry: dict[str, Any] = {"endpoint": endpoint, "method": method, "path": path,
                                 "authorization": self.headers.get("Authorization"),
                                 "auth": self.headers.get("Auth"), "waktu": time.time()}
        if method == "POST" and endpoint != "upload-dok":
            try:
                entry["json"] = json.loads(body or b"null")
            except ValueError:
                entry["json"] = None
        count = sim._record(entry)
        if endpoint == "data-utama" and sim.mati_setelah is not None and count > sim.mati_setelah:
            sim.die()
            _drop(self.connection)
            self.close_connection = True
            return
        if not sim.authorised(self.headers):
            return self._send(401, {"message": "Invalid Credentials"})
        delay = sim.latensi + sim.lambat.get(path.rsplit("/", 1)[-1], 0.0)
        if delay:
            time.sleep(delay)
        forced = sim._forced(path)
        if forced is not None:
            headers = {"Retry-After": forced.retry_after} if forced.retry_after else None
            return self._send(forced.status, raw=forced.body or json.dumps(
                {"success": False, "message": f"Simulasi: status {forced.status}"}),
                headers=headers)
        if sim.gangguan and sim._rng.random() < sim.gangguan:
            if sim._rng.random() < 0.5:
                return self._send(429, {"message": "Too Many Requests"}, headers={"Retry-After": "1"})
            return self._send(500, {"message": "Internal Server Error"})
        if method == "GET" and path == "/referensi/ref-unor":
            return self._send(200, {"success": True, "data": sim.data.unor})
        if method == "GET" and endpoint == "data-utama":
            return self._data_utama(path.rsplit("/", 1)[-1])
        if method == "POST" and path == "/upload-dok":
            return self._upload(body)
        if method == "POST" and path in ("/kinerjaperiodik/save", "/skp22/save"):
            return self._save(entry.get("json"), annual=path == "/skp22/save")
        self._send(404, {"success": False, "message": "Endpoint tidak dikenal"})

    def _data_utama(self, nip: str) -> None:
        data = self.sim.data
        raw = data.mentah.get(nip)
        if raw is not None:
            return self._send(raw[0], raw=raw[1])
        orang = data.orang.get(nip)
        if orang is None:
            return self._send(404, {"success": False, "data": "Data tidak ditemukan"})
        record = orang.data_utama(data)
        if nip in data.nip_tertukar:
            record["nipBaru"] = nip[:-3] + f"{(int(nip[-3:]) % 999) + 1:03d}"
        self._send(200, {"success": True, "data": record})

    def _upload(self, body: bytes) -> None:
        sim = self.sim
        ctype = self.headers.get("Content-Type", "")
        message = email.parser.BytesParser(policy=email.policy.default).parsebytes(
            f"Content-Type: {ctype}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body
        )
        fields: dict[str, Any] = {}
        if message.is_multipart():
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if name:
                    fields[str(name)] = (part.get_filename(), part.get_payload(decode=True))
        file = fields.get("file")
        ref = fields.get("id_ref_dokumen")
        if not file or not file[1] or not ref:
            return self._send(400, {"success": False,
                                    "message": "file dan id_ref_dokumen wajib diisi"})
        content = file[1]
        if not content.startswith(b"%PDF"):
            return self._send(400, {"success": False, "message": "Dokumen harus PDF"})
        dok_id = uuid.uuid4().hex
        slug = f"{ref[1].decode()}_{dok_id[:12]}"
        record = {"dok_id": dok_id, "dok_nama": file[0] or "dokumen.pdf",
                  "dok_uri": f"peremajaan/usulan/{slug}.pdf", "object": f"{slug}.pdf",
                  "slug": ref[1].decode()}
        with sim._lock:
            sim.dokumen[dok_id] = {**record, "ukuran": len(content), "id_ref": ref[1].decode(),
                                   **({"isi": content} if sim.catat else {})}
        self._send(200, {"success": True, "data": record})

    def _save(self, body: Any, *, annual: bool) -> None:
        sim = self.sim
        if not isinstance(body, dict):
            return self._send(400, {"success": False, "message": "Body harus JSON"})
        if sim.tolak_simpan:
            return self._send(200, {"success": False, "message": sim.tolak_simpan})
        problem = sim._validate_result(body, annual)
        if problem:
            return self._send(200, {"success": False, "message": problem})
        store = sim.skp22 if annual else sim.periodik
        with sim._lock:
            rid = str(body["id"]) if body["id"] is not None else uuid.uuid4().hex
            store[rid] = body
        key = "rwSkp22Id" if annual else "rwKinerjaPeriodikId"
        self._send(200, {"success": True, "message": "success", "mapData": {key: rid}})

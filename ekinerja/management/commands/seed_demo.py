"""Demo data: one invented instansi shaped like the manual's example, big enough to monitor.

A Kepala Badan (rated by a non-ASN minister), a Deputi, a Direktur (JPT Pratama) with about 20
fungsional and pelaksana staff, a second directorate, and a Bagian Umum led by a Plt. Around them,
so that Monitoring Pengisian and Monitoring Kurva show something real (issue 13): a Sekretariat
Utama with two Biro and four Kantor Regional, each with Bagian/Bidang and their staff, about 300
pegawai in all. Invented people only (Faker id_ID), valid NIPs, one password. Running it again
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from faker import Faker

from ekinerja.actions import get_or_create_instansi
from ekinerja.models import KelasJabatan, Pegawai, Penugasan, UnitOrganisasi
from ekinerja.nip import parse_pns_nip

DEMO_PASSWORD = "ekinerja-demo-2022"
SEED = 2022
K = KelasJabatan

FUNGSIONAL = [
    ("Pranata Komputer Ahli Madya", "IV/a", "Pembina"),
    ("Pranata Komputer Ahli Madya", "IV/a", "Pembina"),
    ("Pranata Komputer Ahli Muda", "III/d", "Penata Tingkat I"),
    ("Pranata Komputer Ahli Muda", "III/c", "Penata"),
    ("Pranata Komputer Ahli Muda", "III/c", "Penata"),
    ("Pranata Komputer Ahli Pertama", "III/b", "Penata Muda Tingkat I"),
    ("Pranata Komputer Ahli Pertama", "III/a", "Penata Muda"),
    ("Pranata Komputer Ahli Pertama", "III/a", "Penata Muda"),
    ("Analis Sumber Daya Manusia Aparatur Ahli Muda", "III/d", "Penata Tingkat I"),
    ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "III/b", "Penata Muda Tingkat I"),
    ("Perencana Ahli Muda", "III/c", "Penata"),
    ("Statistisi Ahli Pertama", "III/a", "Penata Muda"),
    ("Pranata Komputer Terampil", "II/d", "Pengatur Tingkat I"),
]
PELAKSANA = [
    ("Pengelola Sistem Informasi", "III/a", "Penata Muda"),
    ("Pengelola Sistem Informasi", "II/c", "Pengatur"),
    ("Pengolah Data dan Informasi", "II/c", "Pengatur"),
    ("Pengolah Data dan Informasi", "II/b", "Pengatur Muda Tingkat I"),
    ("Penyusun Rencana Kegiatan dan Anggaran", "III/a", "Penata Muda"),
    ("Pengadministrasi Perkantoran", "II/a", "Pengatur Muda"),
    ("Pengadministrasi Perkantoran", "II/b", "Pengatur Muda Tingkat I"),
]


class NipMaker:
    """Valid, invented PNS NIPs from a fixed seed (the same list every run)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, gender: str, senior: bool) -> str:
        while True:
            year = self.rng.randint(1966, 1975) if senior else self.rng.randint(1976, 1998)
            born = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            tmt_year = min(born.year + self.rng.randint(22, 30), 2021)
            nip = (
                f"{born:%Y%m%d}{tmt_year}{self.rng.randint(1, 12):02d}"
                f"{'1' if gender == 'L' else '2'}{self.rng.randint(1, 9):03d}"
            )
            if nip not in self.used:
                parse_pns_nip(nip)  # fail loudly if the maker ever produced an impossible NIP
                self.used.add(nip)
                return nip


class Command(BaseCommand):
    help = "Create the demo instansi, units and pegawai (idempotent)."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        rng = random.Random(SEED)
        fake = Faker("id_ID")
        fake.seed_instance(SEED)
        make_nip = NipMaker(rng)
        created: list[Pegawai] = []
        hashed = make_password(DEMO_PASSWORD)  # one hash for all: ~300 people, demo only

        def person(unit: UnitOrganisasi, jabatan: str, kelas: str, golongan: str, pangkat: str,
                   *, senior: bool = False, **extra: Any) -> Pegawai:
            gender = rng.choice("LP")
            nama = (fake.first_name_male() if gender == "L" else fake.first_name_female())
            nama = f"{nama} {fake.last_name()}".upper()
            nip = make_nip(gender, senior)
            pegawai: Pegawai
            pegawai, new = Pegawai.objects.get_or_create(
                nip=nip,
                defaults={
                    "nama": nama, "jabatan": jabatan, "kelas_jabatan": kelas,
                    "golongan": golongan, "pangkat": pangkat, "instansi": instansi,
                    "unit": unit, "gelar_belakang": rng.choice(["S.Kom.", "S.T.", "M.T.", "S.E.", ""]),
                    **extra,
                },
            )
            if new:
                pegawai.password = hashed
                pegawai.save(update_fields=["password"])
                created.append(pegawai)
            return pegawai

        def unit(nama: str, parent: UnitOrganisasi | None, eselon: str, jabatan_pimpinan: str,
                 **extra: Any) -> UnitOrganisasi:
            obj, _new = UnitOrganisasi.objects.get_or_create(
                instansi=instansi, nama=nama,
                defaults={"parent": parent, "eselon": eselon,
                          "nama_jabatan_pimpinan": jabatan_pimpinan, **extra},
            )
            return obj

        def lead(u: UnitOrganisasi, head: Pegawai) -> None:
            if u.kepala_id is None:
                u.kepala = head
                u.save(update_fields=["kepala"])

        instansi, _new = get_or_create_instansi(
            aktor=None, siasn_id="DEMO-BKNUS",
            defaults={"nama": "Badan Kepegawaian Nusantara (Demo)"},
        )
        badan = unit("Badan Kepegawaian Nusantara", None, "I.a", "Kepala Badan",
                     penilai_non_asn_nama="Menteri Pendayagunaan Aparatur Negara (Demo)",
                     penilai_non_asn_jabatan="Menteri")
        deputi_u = unit("Deputi Bidang Sistem Informasi Kepegawaian", badan, "I.a",
                        "Deputi Bidang Sistem Informasi Kepegawaian")
        dit1 = unit("Direktorat Pembangunan dan Pengembangan Sistem Informasi ASN", deputi_u,
                    "II.a", "Direktur Pembangunan dan Pengembangan Sistem Informasi ASN")
        dit2 = unit("Direktorat Pengolahan Data dan Penyajian Informasi ASN", deputi_u, "II.a",
                    "Direktur Pengolahan Data dan Penyajian Informasi ASN")
        umum = unit("Bagian Umum Kedeputian Sistem Informasi Kepegawaian", deputi_u, "III.a",
                    "Kepala Bagian Umum")

        kepala = person(badan, "Kepala Badan Kepegawaian Nusantara", K.JPT_UTAMA, "IV/e",
                        "Pembina Utama", senior=True)
        lead(badan, kepala)
        deputi = person(deputi_u, "Deputi Bidang Sistem Informasi Kepegawaian", K.JPT_MADYA,
                        "IV/e", "Pembina Utama", senior=True)
        lead(deputi_u, deputi)
        direktur = person(dit1, "Direktur Pembangunan dan Pengembangan Sistem Informasi ASN",
                          K.JPT_PRATAMA, "IV/c", "Pembina Utama Muda", senior=True)
        lead(dit1, direktur)
        staff1 = [person(dit1, j, K.FUNGSIONAL, g, p) for j, g, p in FUNGSIONAL]
        staff1 += [person(dit1, j, K.PELAKSANA, g, p) for j, g, p in PELAKSANA]
        direktur2 = person(dit2, "Direktur Pengolahan Data dan Penyajian Informasi ASN",
                           K.JPT_PRATAMA, "IV/c", "Pembina Utama Muda", senior=True)
        lead(dit2, direktur2)
        [person(dit2, j, K.FUNGSIONAL, g, p) for j, g, p in FUNGSIONAL[2:6]]
        [person(dit2, j, K.PELAKSANA, g, p) for j, g, p in PELAKSANA[:2]]
        staff_umum = [person(umum, j, K.PELAKSANA, g, p) for j, g, p in PELAKSANA[4:7]]
        admin = staff_umum[0]
        if not admin.is_admin_instansi:
            admin.is_admin_instansi = True
            admin.save(update_fields=["is_admin_instansi"])
        Penugasan.objects.get_or_create(
            unit=umum, jenis=Penugasan.Jenis.PLT,
            defaults={"pegawai": direktur2, "mulai": dt.date(2022, 1, 1)},
        )

        # The rest of the Badan: Sekretariat Utama with two Biro, and four Kantor Regional.
        sestama_u = unit("Sekretariat Utama", badan, "I.b", "Sekretaris Utama")
        lead(sestama_u, person(sestama_u, "Sekretaris Utama", K.JPT_MADYA, "IV/e",
                               "Pembina Utama", senior=True))
        wilayah = [(f"Biro {nama}", sestama_u, f"Kepala Biro {nama}", "Bagian", 12)
                   for nama in ("Sumber Daya Manusia", "Keuangan")]
        wilayah += [(f"Kantor Regional {n}", badan, f"Kepala Kantor Regional {n}", "Bidang", 20)
                    for n in ("I", "II", "III", "IV")]
        for nama, parent, jabatan, sub, n_staff in wilayah:
            u = unit(nama, parent, "II.a", jabatan)
            lead(u, person(u, jabatan, K.JPT_PRATAMA, "IV/c", "Pembina Utama Muda", senior=True))
            for k, bidang in enumerate(("Pelayanan", "Informasi") if sub == "Bidang"
                                       else ("Perencanaan", "Pengelolaan")):
                b = unit(f"{sub} {bidang} {nama}", u, "III.a", f"Kepala {sub} {bidang}")
                lead(b, person(b, f"Kepala {sub} {bidang}", K.ADMINISTRATOR, "IV/a", "Pembina",
                               senior=True))
                for i in range(n_staff):
                    j, g, p = (FUNGSIONAL + PELAKSANA)[(i + k) % (len(FUNGSIONAL) + len(PELAKSANA))]
                    extra: dict[str, Any] = {"jenis_pegawai": "PPPK"} if i % 9 == 8 else {}
                    person(b, j, K.FUNGSIONAL if (j, g, p) in FUNGSIONAL else K.PELAKSANA, g, p,
                           **extra)

        total = Pegawai.objects.filter(instansi=instansi).count()
        self.stdout.write(
            f"Instansi demo: {instansi.nama}: {total} pegawai ({len(created)} baru dibuat)."
        )
        self.stdout.write(f"Semua akun demo memakai password: {DEMO_PASSWORD}")
        for label, orang in [
            ("Kepala Badan (JPT Utama, dinilai Menteri non-ASN)", kepala),
            ("Deputi (JPT Madya)", deputi),
            ("Direktur (JPT Pratama, ~20 bawahan)", direktur),
            ("Pegawai fungsional", staff1[0]),
            ("Pegawai pelaksana", staff1[len(FUNGSIONAL)]),
            ("Direktur kedua (juga Plt Kepala Bagian Umum)", direktur2),
            ("Admin instansi", admin),
            ("Pegawai bagian umum (dinilai Plt)", staff_umum[1]),
        ]:
            self.stdout.write(f"  {label:48} NIP {orang.nip}  {orang.nama}")

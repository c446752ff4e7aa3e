"""Sinkron SIASN against the simulator over real HTTP: units then people, malformed rows,
idempotence, crash and resume, people who left, and a corrected head changing the raters."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from ekinerja import sinkron
from ekinerja.models import (
    Pegawai,
    PenilaiBerubah,
    Riwayat,
    Sinkron,
    SinkronItem,
    UnitOrganisasi,
    derive_pejabat_penilai,
    penilai_massal,
)
from ekinerja.siasn_simulator import buat_data
from skp.models import Skp
from tests.factories import make_pegawai, make_unit

pytestmark = pytest.mark.django_db

Hasil = SinkronItem.Hasil


def sync(instansi, nips=(), *, semua=False, aktor=None):
    job = sinkron.mulai_sinkron(instansi=instansi, aktor=aktor, nips=nips, semua_dikenal=semua)
    return sinkron.jalankan(job.pk)


def reasons(job, jenis):
    return dict(SinkronItem.objects.filter(sinkron=job, jenis=jenis, hasil__in=[
        Hasil.GAGAL, Hasil.KELUAR]).values_list("kunci", "alasan"))


def test_a_first_sync_loads_the_tree_heads_and_people(sim, instansi_sim):
    data = sim.data
    job = sync(instansi_sim, data.daftar_nip())
    job.refresh_from_db()

    assert job.status == Sinkron.Status.SELESAI and job.tahap == Sinkron.Tahap.SELESAI
    good_units = [u for u in data.unor if isinstance(u, dict) and u["Id"] in data.unor_by_id
                  and u["Id"] not in data.cacat_unor and u["InstansiId"] == data.instansi_id]
    assert job.unit_ditambah == len(good_units) == UnitOrganisasi.objects.filter(
        instansi=instansi_sim).count()
    # Every good unit hangs under its DiatasanId and is led by its PemimpinPnsId.
    for row in good_units:
        unit = UnitOrganisasi.objects.select_related("parent", "kepala").get(siasn_id=row["Id"])
        assert (unit.parent.siasn_id if unit.parent else None) == row["DiatasanId"]
        assert (unit.kepala.siasn_pns_id if unit.kepala else None) == row["PemimpinPnsId"]
        assert unit.nama == row["NamaUnor"] and unit.nama_jabatan_pimpinan == row["NamaJabatan"]
    good_people = [o for nip, o in data.orang.items() if nip not in data.cacat_orang]
    assert job.ditambah == len(good_people)
    for orang in good_people:
        p = Pegawai.objects.select_related("unit").get(nip=orang.nip)
        assert (p.nama, p.golongan, p.jabatan, p.unit.siasn_id, p.siasn_pns_id) == (
            orang.nama, orang.golongan, orang.jabatan, orang.unor_id, orang.pns_id)
        assert p.instansi == instansi_sim and p.is_active and not p.has_usable_password()
    assert job.diproses == job.jumlah == len(data.daftar_nip())
    assert job.ditambah + job.diubah + job.tetap + job.gagal + job.keluar == job.jumlah
    assert Riwayat.objects.filter(aksi="pegawai.dibuat_dari_siasn").count() == job.ditambah


def test_malformed_units_and_people_are_reported_with_the_reason_and_skipped(sim, instansi_sim):
    data = sim.data
    job = sync(instansi_sim, data.daftar_nip())
    job.refresh_from_db()

    units = reasons(job, "unit")
    prefix = data.instansi_id
    assert "NamaUnor" in units[f"{prefix}-X-TANPA-NAMA"]
    assert "UNOR-YANG-TIDAK-ADA" in units[f"{prefix}-X-YATIM"]
    assert "lingkaran" in units[f"{prefix}-X-LINGKAR-A"]
    assert "lingkaran" in units[f"{prefix}-X-LINGKAR-B"]
    assert any("bukan data unit" in r for r in units.values())
    assert "UNOR-INSTANSI-LAIN" not in units  # another instansi's row is not ours to judge
    assert job.unit_gagal == len(units) == 5
    assert not UnitOrganisasi.objects.filter(siasn_id__contains="-X-").exists()

    people = reasons(job, "pegawai")
    why = {data.cacat_orang.get(nip, "404"): people[nip] for nip in people}
    assert "tidak dapat dibaca" in why["bukan JSON"]
    assert "tidak dapat dibaca" in why["data bukan objek"]
    assert "NIP lain" in why["nipBaru lain"]
    assert "Nama pegawai kosong" in why["nama kosong"]
    assert "UNOR-YANG-TIDAK-ADA" in why["unorId tidak dikenal"]
    assert "tidak ditemukan di SIASN" in why["404"]
    assert "Pensiun" in why["pensiun"]
    assert (job.gagal, job.keluar) == (6, 1)
    assert not Pegawai.objects.filter(nip__in=list(data.cacat_orang)).exists()


def test_an_instansi_of_two_thousand_syncs_and_a_second_run_changes_nothing(buat_sim):
    from ekinerja.models import Instansi

    sim = buat_sim(buat_data(2000), catat=False)
    instansi_sim = Instansi.objects.create(nama=sim.data.instansi_nama,
                                           siasn_id=sim.data.instansi_id)
    first = sync(instansi_sim, sim.data.daftar_nip())
    first.refresh_from_db()
    before = list(Pegawai.objects.order_by("nip").values(
        "nip", "nama", "golongan", "jabatan", "unit_id", "instansi_id", "is_active",
        "siasn_pns_id", "kelas_jabatan"))
    units_before = list(UnitOrganisasi.objects.order_by("pk").values())
    history = Riwayat.objects.count()

    second = sync(instansi_sim, sim.data.daftar_nip(), semua=True)
    second.refresh_from_db()
    assert first.status == Sinkron.Status.SELESAI and first.ditambah >= 2000

    assert second.status == Sinkron.Status.SELESAI
    assert (second.ditambah, second.diubah, second.unit_ditambah, second.unit_diubah) == (0, 0, 0, 0)
    assert second.tetap == first.ditambah
    assert second.penilai_berubah == 0
    assert list(Pegawai.objects.order_by("nip").values(
        "nip", "nama", "golongan", "jabatan", "unit_id", "instansi_id", "is_active",
        "siasn_pns_id", "kelas_jabatan")) == before
    assert list(UnitOrganisasi.objects.order_by("pk").values()) == units_before
    # Only the job's own start and end are recorded: no pegawai or unit history.
    assert set(Riwayat.objects.order_by("pk")[history:].values_list("aksi", flat=True)) == {
        "siasn.sinkron_diminta", "siasn.sinkron_selesai"}


def test_a_sync_that_dies_halfway_resumes_and_completes_without_duplicates(buat_sim, settings):
    data = buat_data(400)
    sim = buat_sim(data)
    from ekinerja.models import Instansi

    instansi = Instansi.objects.create(nama=data.instansi_nama, siasn_id=data.instansi_id)
    settings.SIASN_MAX_RETRIES = 1
    sim.mati_setelah = 230  # SIASN goes down in the middle of the people
    job = sinkron.mulai_sinkron(instansi=instansi, aktor=None, nips=data.daftar_nip())
    sinkron.jalankan(job.pk)
    job.refresh_from_db()

    assert job.status == Sinkron.Status.TERHENTI and job.tahap == Sinkron.Tahap.PEGAWAI
    assert "tidak dapat dihubungi" in job.pesan
    done = job.diproses
    assert 0 < done < job.jumlah
    assert SinkronItem.objects.filter(sinkron=job, jenis="pegawai", hasil=Hasil.MENUNGGU).count() \
        == job.jumlah - done
    assert Pegawai.objects.filter(instansi=instansi).count() == job.ditambah

    sim.hidupkan()
    arahkan_lagi = sim.pengaturan()
    for key, value in arahkan_lagi.items():
        setattr(settings, key, value)
    with pytest.raises(sinkron.SinkronDitolak):  # one unfinished sync per instansi
        sinkron.mulai_sinkron(instansi=instansi, aktor=None, nips=data.daftar_nip())
    sinkron.lanjutkan(job, aktor=None)
    sinkron.jalankan(job.pk)
    job.refresh_from_db()

    assert job.status == Sinkron.Status.SELESAI
    assert job.diproses == job.jumlah
    good = [n for n in data.orang if n not in data.cacat_orang]
    assert job.ditambah == len(good) == Pegawai.objects.filter(instansi=instansi).count()
    assert Riwayat.objects.filter(aksi="pegawai.dibuat_dari_siasn").count() == len(good)
    # Each NIP was fetched once before the crash or once after it (plus the one in flight).
    fetched = [r["path"].rsplit("/", 1)[1] for r in sim.endpoint_requests("data-utama")]
    assert len(fetched) - len(set(fetched)) <= settings.SIASN_SINKRON_BATCH


def test_people_who_left_are_made_inactive_and_keep_their_history(sim, instansi_sim):
    data = sim.data
    sync(instansi_sim, data.daftar_nip())
    leaver, mover = [n for n in data.orang if n not in data.cacat_orang][-2:]
    del data.orang[leaver]  # SIASN no longer knows them
    data.orang[mover].kedudukan = "Diberhentikan"
    data.reindex()
    job = sync(instansi_sim, semua=True)
    job.refresh_from_db()

    assert job.keluar == 2
    for nip in (leaver, mover):
        p = Pegawai.objects.get(nip=nip)
        assert not p.is_active
        assert Riwayat.untuk(p).filter(aksi="pegawai.dibuat_dari_siasn").exists()
        assert Riwayat.untuk(p).filter(aksi="pegawai.dinonaktifkan_siasn").exists()
    assert "tidak ditemukan lagi" in reasons(job, "pegawai")[leaver]
    assert "Diberhentikan" in reasons(job, "pegawai")[mover]


def test_a_corrected_head_in_siasn_changes_the_derived_rater_and_flags_open_skps(sim,
                                                                                instansi_sim):
    data = sim.data
    sync(instansi_sim, data.daftar_nip())
    seksi = next(u for u in data.unor if isinstance(u, dict) and u.get("EselonId") == "41"
                 and u.get("PemimpinPnsId"))
    staff = [o for o in data.orang.values() if o.unor_id == seksi["Id"]
             and o.pns_id != seksi["PemimpinPnsId"] and o.nip not in data.cacat_orang]
    old_head = data.by_pns_id[seksi["PemimpinPnsId"]]
    new_head, subordinate = staff[0], staff[1]
    pegawai = Pegawai.objects.get(nip=subordinate.nip)
    assert derive_pejabat_penilai(pegawai).nip_nrp == old_head.nip
    today = dt.date.today()
    skp = Skp.create_for(pegawai, periode_awal=today.replace(month=1, day=1),
                         periode_akhir=today.replace(month=12, day=31), pendekatan="kuantitatif",
                         aktor=pegawai)
    assert skp.pejabat_penilai.nip == old_head.nip

    data.pindahkan_pemimpin(seksi["Id"], new_head.nip)  # SIASN corrects the head
    job = sync(instansi_sim, semua=True)
    job.refresh_from_db()

    assert derive_pejabat_penilai(pegawai).nip_nrp == new_head.nip
    changed = {b.pegawai.nip: b for b in PenilaiBerubah.objects.filter(sinkron=job)}
    assert subordinate.nip in changed
    assert changed[subordinate.nip].sebelum["nip_nrp"] == old_head.nip
    assert changed[subordinate.nip].sesudah["nip_nrp"] == new_head.nip
    assert job.penilai_berubah == len(changed)
    skp.refresh_from_db()
    assert skp.penilai_berubah_sejak is not None
    assert skp.penilai_baru["nip_nrp"] == new_head.nip
    assert Riwayat.untuk(skp).filter(aksi="skp.penilai_berubah").exists()

    # One click: Muat ulang takes the new rater and clears the flag.
    assert skp.muat_ulang_penilai(aktor=pegawai) == ""
    skp.refresh_from_db()
    assert skp.pejabat_penilai.nip == new_head.nip
    assert skp.penilai_berubah_sejak is None and skp.penilai_baru == {}


def test_a_hand_made_unit_of_the_same_name_is_adopted_not_duplicated(sim, instansi_sim):
    root = sim.data.unor[0]
    mine = make_unit(instansi_sim, root["NamaUnor"])
    sync(instansi_sim, sim.data.daftar_nip())
    mine.refresh_from_db()
    assert mine.siasn_id == root["Id"]
    assert UnitOrganisasi.objects.filter(instansi=instansi_sim, nama=root["NamaUnor"]).count() == 1


def test_the_bulk_rater_derivation_agrees_with_derive_pejabat_penilai(sim, instansi_sim):
    sync(instansi_sim, sim.data.daftar_nip())
    # Add a Plt over a vacant seksi and an inactive head, so every rule is exercised.
    from ekinerja.models import Penugasan

    vacant = UnitOrganisasi.objects.filter(instansi=instansi_sim, kepala__isnull=True,
                                           parent__isnull=False).first()
    plt = Pegawai.objects.filter(instansi=instansi_sim).exclude(unit=vacant).first()
    if vacant is not None:
        Penugasan.objects.create(pegawai=plt, unit=vacant, jenis="PLT", mulai=dt.date(2020, 1, 1))
    head = UnitOrganisasi.objects.filter(instansi=instansi_sim, kepala__isnull=False,
                                         parent__isnull=False).last().kepala
    Pegawai.objects.filter(pk=head.pk).update(is_active=False)
    root = UnitOrganisasi.objects.get(instansi=instansi_sim, parent__isnull=True)
    root.penilai_non_asn_nama = "BUPATI SIMULASI"
    root.save()
    bulk = penilai_massal(instansi_sim.pk)
    for p in Pegawai.objects.filter(instansi=instansi_sim):
        try:
            one = derive_pejabat_penilai(p)
        except Exception:
            assert bulk[p.pk] == ""
            continue
        if one.pegawai is None:
            assert bulk[p.pk].startswith("N")
        else:
            pid, via, _unit = bulk[p.pk][1:].split(":")
            assert (int(pid), via) == (one.pegawai.pk, one.via)


def test_someone_moved_to_another_instansi_is_reported_as_left(sim, instansi_sim):
    data = sim.data
    nip = next(n for n in data.orang if n not in data.cacat_orang)
    sync(instansi_sim, [nip])
    original = data.orang[nip].data_utama

    def moved(d):
        record = original(d)
        record.update(instansiKerjaId="INSTANSI-BARU", instansiKerjaNama="Kota Baru",
                      unorId="UNOR-BARU", unorNama="Dinas Baru")
        return record

    data.orang[nip] = _Moved(data.orang[nip], moved)
    job = sync(instansi_sim, [nip])
    assert "Kota Baru" in reasons(job, "pegawai")[nip]
    p = Pegawai.objects.select_related("instansi", "unit").get(nip=nip)
    assert p.instansi.siasn_id == "INSTANSI-BARU" and p.unit.siasn_id == "UNOR-BARU"


class _Moved:
    """A person whose data utama says they now work elsewhere."""

    def __init__(self, orang, record):
        self._orang, self._record = orang, record
        self.pns_id, self.nip = orang.pns_id, orang.nip

    def data_utama(self, data):
        return self._record(data)


# --- the NIP list -----------------------------------------------------------------------------------


def xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_nip_list_is_read_from_xlsx_and_csv():
    a, b = "199012072022031003", "198501012010011002"
    assert sinkron.baca_daftar_nip("daftar.xlsx", xlsx([["Nama", "NIP"], ["X", a], ["Y", b],
                                                         ["Z", a]])) == [a, b]
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows([["NIP"], [a], [f" {b[:6]} {b[6:]} "], [""]])
    assert sinkron.baca_daftar_nip("daftar.csv", text.getvalue().encode()) == [a, b]


def test_the_nip_list_refuses_numbers_short_nips_and_other_files():
    with pytest.raises(ValidationError) as exc:
        sinkron.baca_daftar_nip("daftar.xlsx", xlsx([["NIP"], [199012072022031003], ["12345"]]))
    text = " ".join(exc.value.messages)
    assert "Baris 2" in text and "sebagai angka" in text
    assert "Baris 3" in text and "bukan NIP 18 angka" in text
    with pytest.raises(ValidationError):
        sinkron.baca_daftar_nip("daftar.pdf", b"%PDF")
    with pytest.raises(ValidationError):
        sinkron.baca_daftar_nip("daftar.xlsx", b"not a spreadsheet")
    with pytest.raises(ValidationError):
        sinkron.baca_daftar_nip("kosong.csv", b"NIP\n")


def test_a_sync_needs_the_instansi_siasn_id_and_some_nips(db):
    from ekinerja.models import Instansi

    tanpa = Instansi.objects.create(nama="Tanpa ID")
    with pytest.raises(sinkron.SinkronDitolak):
        sinkron.mulai_sinkron(instansi=tanpa, aktor=None, nips=["199012072022031003"])
    dengan = Instansi.objects.create(nama="Dengan ID", siasn_id="X-1")
    with pytest.raises(sinkron.SinkronDitolak):
        sinkron.mulai_sinkron(instansi=dengan, aktor=None, nips=[], semua_dikenal=True)


def test_everyone_known_is_synced_with_the_uploaded_list(sim, instansi_sim):
    unit = make_unit(instansi_sim, "Unit Lama")
    known = make_pegawai(unit, nama="PEGAWAI LAMA")
    job = sinkron.mulai_sinkron(instansi=instansi_sim, aktor=None,
                                nips=[next(iter(sim.data.orang))], semua_dikenal=True)
    assert set(SinkronItem.objects.filter(sinkron=job).values_list("kunci", flat=True)) == {
        next(iter(sim.data.orang)), known.nip}


def test_a_sync_without_progress_is_taken_for_crashed_and_resumed(sim, instansi_sim):
    from django.utils import timezone

    job = sinkron.mulai_sinkron(instansi=instansi_sim, aktor=None, nips=sim.data.daftar_nip())
    Sinkron.objects.filter(pk=job.pk).update(status=Sinkron.Status.BERJALAN,
                                             detak=timezone.now())
    job.refresh_from_db()
    assert not sinkron.boleh_dilanjutkan(job)  # a live worker has it
    assert sinkron.jalankan(job.pk) is None  # and nobody else may take it
    with pytest.raises(sinkron.SinkronDitolak):
        sinkron.lanjutkan(job, aktor=None)
    Sinkron.objects.filter(pk=job.pk).update(detak=timezone.now() - dt.timedelta(minutes=10))
    job.refresh_from_db()
    assert sinkron.macet(job) and sinkron.boleh_dilanjutkan(job)
    assert sinkron.jalankan(job.pk).status == Sinkron.Status.SELESAI


def test_login_adopts_a_hand_made_unit_instead_of_duplicating_it(client, identity, org):
    from tests.identity_server import siasn_profile

    instansi = org.direktorat.instansi
    instansi.siasn_id = "INST-1"
    instansi.save(update_fields=["siasn_id"])
    identity.add(org.rekan.nip, "sandi", siasn_profile(
        org.rekan.nip, nama="REKAN UJI", unorId="UNOR-DIT-1", unorNama="Direktorat Uji",
        instansiKerjaId="INST-1"))
    units = UnitOrganisasi.objects.count()
    assert client.post("/login/", {"nip": org.rekan.nip, "password": "sandi"}).status_code == 302
    org.direktorat.refresh_from_db()
    assert org.direktorat.siasn_id == "UNOR-DIT-1"
    assert UnitOrganisasi.objects.count() == units
    assert Pegawai.objects.get(pk=org.rekan.pk).unit == org.direktorat


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_sync_is_resumed_by_a_rerun_without_duplicates(buat_sim, tmp_path):
    """A real crash: `manage.py sinkron_siasn` is killed (SIGKILL) halfway, then run again."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.conf import settings as django_settings

    from ekinerja.models import Instansi

    data = buat_data(600, cacat=False)
    sim = buat_sim(data, catat=False)
    Instansi.objects.create(nama=data.instansi_nama, siasn_id=data.instansi_id)
    daftar = tmp_path / "daftar.xlsx"
    data.tulis_xlsx(str(daftar))
    db = django_settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(sim.pengaturan(), SIASN_RATE_PER_SECOND="150", SIASN_SINKRON_BATCH="50",
               DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                            f"{db['PORT'] or 5432}/{db['NAME']}")
    cmd = [sys.executable, "manage.py", "sinkron_siasn", "--instansi", data.instansi_id]
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([*cmd, "--nip", str(daftar)], cwd=root, env=env,  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = Sinkron.objects.first()
        if job is not None and job.diproses >= 150:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    job.refresh_from_db()
    assert job.status == Sinkron.Status.BERJALAN and 150 <= job.diproses < job.jumlah
    assert Pegawai.objects.count() == job.ditambah  # what was written is whole batches

    # Three minutes without progress later, the run is taken for crashed and resumed.
    Sinkron.objects.filter(pk=job.pk).update(
        detak=job.detak - sinkron.DETAK_BASI - dt.timedelta(seconds=1))
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Melanjutkan sinkron" in done.stdout
    job.refresh_from_db()
    assert job.status == Sinkron.Status.SELESAI and job.diproses == job.jumlah == 600
    assert Pegawai.objects.count() == job.ditambah == 600
    assert Riwayat.objects.filter(aksi="pegawai.dibuat_dari_siasn").count() == 600

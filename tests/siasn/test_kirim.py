"""Results to SIASN over real HTTP: what is final, the payload to the letter, the PDF, the stored
id on corrections, never twice, failures, retries and the admin's resend."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from pypdf import PdfReader

from ekinerja.siasn_simulator import Orang, pns_id_for
from penilaian import siasn
from penilaian.models import HasilSiasn, JenisPeriode, Keberatan, KirimanSiasn, Penilaian
from tests.penilaian.conftest import approved_skp, periode_of

pytestmark = pytest.mark.django_db

K = KirimanSiasn.Status


@pytest.fixture(autouse=True)
def _reference(berakhlak_rows, periods_2025_rows):
    """BerAKHLAK rows and the 2025 periods (as in tests/penilaian)."""


@pytest.fixture
def berakhlak_rows(db):
    import importlib

    from django.apps import apps

    importlib.import_module("skp.migrations.0002_perilaku_berakhlak").load(apps, None)


@pytest.fixture
def periods_2025_rows(org):
    from penilaian.models import PeriodePenilaian

    PeriodePenilaian.buat_default(org.badan.instansi, 2025)


def daftarkan(sim, pegawai):
    """Make `pegawai` known to the simulated SIASN (and to us by its SIASN PNS id)."""
    pns_id = pns_id_for(pegawai.nip)
    sim.data.orang[pegawai.nip] = Orang(pegawai.nip, pns_id, pegawai.nama, "", "III/c", "Penata",
                                        pegawai.jabatan, "Jabatan Fungsional Tertentu", "",
                                        sim.data.unor[0]["Id"])
    sim.data.reindex()
    pegawai.siasn_pns_id = pns_id
    pegawai.save(update_fields=["siasn_pns_id"])


@pytest.fixture
def skp(org, sim):
    daftarkan(sim, org.pegawai)
    return approved_skp(org.pegawai)


def nilai(skp, periode, hasil="ATAS", perilaku="SESUAI", capture=None):
    pn = Penilaian.untuk(skp, periode)
    with capture(execute=True):
        pn.set_rating("hasil", hasil, aktor=skp.pejabat_penilai)
    pn.refresh_from_db()
    with capture(execute=True):
        pn.set_rating("perilaku", perilaku, aktor=skp.pejabat_penilai)
    pn.refresh_from_db()
    return pn


def test_a_rated_monthly_period_is_sent_with_its_pdf_exactly_as_the_contract_says(
        sim, org, skp, django_capture_on_commit_callbacks):
    juni = periode_of(skp)
    pn = nilai(skp, juni, capture=django_capture_on_commit_callbacks)

    hasil = HasilSiasn.objects.get(pegawai=org.pegawai, periode=juni)
    assert hasil.status == HasilSiasn.Status.TERKIRIM and hasil.terkirim_pada is not None
    (rid, body), = sim.periodik.items()
    assert hasil.siasn_id == rid
    dok = sim.endpoint_requests("upload-dok")
    assert len(dok) == 1
    (stored,) = sim.dokumen.values()
    assert stored["id_ref"] == "890"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(stored["isi"])).pages)
    assert "EVALUASI KINERJA" in text.upper() and org.pegawai.nama in text
    assert body == {
        "id": None,
        "pnsDinilaiId": org.pegawai.siasn_pns_id,
        "bulanMulaiPenilaian": 6, "bulanSelesaiPenilaian": 7,
        "tahunMulaiPenilaian": 2025, "tahunSelesaiPenilaian": 2025,
        "periodikId": 1,
        "hasilKinerjaNilai": 1, "perilakuKerjaNilai": 2, "kuadranKinerjaNilai": 2,
        "penilaiNipNrp": org.direktur.nip, "penilaiNama": org.direktur.nama,
        "penilaiGolongan": "IV/c", "penilaiJabatan": "Direktur Uji",
        "penilaiUnorNama": "Direktorat Uji", "statusPenilai": "ASN",
        "path": [{k: stored[k] for k in ("dok_id", "dok_nama", "dok_uri", "object", "slug")}],
    }
    assert pn.predikat == "BAIK"
    save = sim.endpoint_requests("kinerjaperiodik")[0]
    assert save["auth"].startswith("bearer ") and save["authorization"].startswith("Bearer ")


def test_a_correction_sends_the_stored_id_and_nothing_is_sent_twice(
        sim, org, skp, django_capture_on_commit_callbacks):
    juni = periode_of(skp)
    pn = nilai(skp, juni, capture=django_capture_on_commit_callbacks)
    hasil = HasilSiasn.objects.get(pegawai=org.pegawai, periode=juni)
    first_id = hasil.siasn_id

    assert siasn.jadwalkan(pn.pk) is None  # same content: nothing new to send
    with django_capture_on_commit_callbacks(execute=True):
        pn.set_rating("perilaku", "ATAS", aktor=org.direktur)  # the rater corrects it

    hasil.refresh_from_db()
    saves = [r["json"] for r in sim.endpoint_requests("kinerjaperiodik")]
    assert [s["id"] for s in saves] == [None, first_id]
    assert saves[1]["kuadranKinerjaNilai"] == 1  # Sangat Baik
    assert list(sim.periodik) == [first_id] and hasil.siasn_id == first_id
    assert list(hasil.kiriman.order_by("versi").values_list("versi", "status")) == [
        (1, K.TERKIRIM), (2, K.TERKIRIM)]
    with pytest.raises(IntegrityError):  # the database refuses a second row for a version
        KirimanSiasn.objects.create(hasil=hasil, versi=2, penilaian=pn, penilaian_versi=0,
                                    sidik="x", payload={})


def test_a_failing_link_is_retried_later_with_backoff(sim, org, skp, settings,
                                                      django_capture_on_commit_callbacks):
    juni = periode_of(skp)
    sim.paksakan("kinerjaperiodik/save", 503, kali=1 + settings.SIASN_MAX_RETRIES)
    nilai(skp, juni, capture=django_capture_on_commit_callbacks)

    hasil = HasilSiasn.objects.get(pegawai=org.pegawai, periode=juni)
    kiriman = hasil.kiriman.get()
    assert hasil.status == HasilSiasn.Status.MENUNGGU
    assert "tidak dapat dihubungi" in hasil.pesan and "503" in hasil.pesan
    assert kiriman.status == K.MENUNGGU and kiriman.percobaan == 1
    assert kiriman.coba_lagi_pada is not None
    # Not yet due: the periodic check leaves it.
    with django_capture_on_commit_callbacks(execute=True):
        siasn.periksa(org.badan.instansi_id)
    assert len(sim.endpoint_requests("kinerjaperiodik")) == 1 + settings.SIASN_MAX_RETRIES
    with time_machine.travel(kiriman.coba_lagi_pada + dt.timedelta(seconds=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert siasn.periksa(org.badan.instansi_id)["diantrekan"] == 1
    hasil.refresh_from_db()
    kiriman.refresh_from_db()
    assert (hasil.status, kiriman.status, kiriman.percobaan) == (
        HasilSiasn.Status.TERKIRIM, K.TERKIRIM, 2)
    assert len(sim.endpoint_requests("upload-dok")) == 1  # the PDF went once
    assert len(sim.periodik) == 1


def test_retries_give_up_after_the_configured_attempts(sim, org, skp, settings,
                                                      django_capture_on_commit_callbacks):
    settings.SIASN_KIRIM_MAX_PERCOBAAN = 2
    settings.SIASN_MAX_RETRIES = 0
    juni = periode_of(skp)
    sim.paksakan("kinerjaperiodik/save", 500, kali=5)
    nilai(skp, juni, capture=django_capture_on_commit_callbacks)
    kiriman = KirimanSiasn.objects.get()
    with time_machine.travel(kiriman.coba_lagi_pada + dt.timedelta(seconds=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        siasn.periksa()
    kiriman.refresh_from_db()
    assert kiriman.status == K.GAGAL and "setelah 2 percobaan" in kiriman.pesan
    assert HasilSiasn.objects.get().status == HasilSiasn.Status.GAGAL


def test_siasn_refusing_fails_with_its_message_until_the_admin_resends(
        sim, org, skp, client, django_capture_on_commit_callbacks):
    juni = periode_of(skp)
    sim.tolak_simpan = "Periode penilaian sudah dikunci"
    nilai(skp, juni, capture=django_capture_on_commit_callbacks)
    hasil = HasilSiasn.objects.get()
    assert hasil.status == HasilSiasn.Status.GAGAL
    assert hasil.pesan == "SIASN menolak: Periode penilaian sudah dikunci"
    assert len(sim.endpoint_requests("kinerjaperiodik")) == 1  # a refusal is not retried

    sim.tolak_simpan = None
    client.force_login(org.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("siasn:hasil_kirim_ulang"), {"hasil": [hasil.pk]},
                               follow=True)
    assert "1 hasil dijadwalkan untuk dikirim ulang" in response.content.decode()
    hasil.refresh_from_db()
    assert hasil.status == HasilSiasn.Status.TERKIRIM
    assert hasil.kiriman.get().diminta_oleh == org.admin
    # A sent result is not sent again by a resend.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("siasn:hasil_kirim_ulang"), {"hasil": [hasil.pk]},
                               follow=True)
    assert "hanya hasil berstatus gagal" in response.content.decode()
    assert len(sim.periodik) == 1


def test_a_new_result_whose_save_timed_out_is_not_repeated(sim, org, skp, settings,
                                                          django_capture_on_commit_callbacks):
    settings.SIASN_TIMEOUT = (1.0, 0.4)
    juni = periode_of(skp)
    sim.lambat["save"] = 0.8
    nilai(skp, juni, capture=django_capture_on_commit_callbacks)
    hasil = HasilSiasn.objects.get()
    assert hasil.status == HasilSiasn.Status.GAGAL
    assert "Tidak pasti" in hasil.pesan
    assert len(sim.endpoint_requests("kinerjaperiodik")) == 1


def test_the_final_period_waits_for_the_keberatan_window(sim, org, skp, settings,
                                                        django_capture_on_commit_callbacks):
    settings.KEBERATAN_HARI = 14
    final = periode_of(skp, "Final")
    rated = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(rated, tick=False):
        pn = nilai(skp, final, capture=django_capture_on_commit_callbacks)
        assert siasn.status_final(pn)[1] == "Masa keberatan berakhir 2026-01-19."
    assert not HasilSiasn.objects.exists()
    with time_machine.travel(dt.datetime(2026, 1, 19, 16, 0, tzinfo=dt.UTC), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert siasn.periksa()["baru"] == 0  # 23:00 WIB on the last day: still open
    with time_machine.travel(dt.datetime(2026, 1, 19, 17, 30, tzinfo=dt.UTC), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert siasn.periksa()["baru"] == 1  # 00:30 WIB the next day
    (body,) = sim.skp22.values()
    assert body["tahun"] == 2025 and "periodikId" not in body and "bulanMulaiPenilaian" not in body
    assert {d["id_ref"] for d in sim.dokumen.values()} == {"873"}
    hasil = HasilSiasn.objects.get()
    assert hasil.status == HasilSiasn.Status.TERKIRIM and hasil.siasn_id in sim.skp22


def test_a_decided_keberatan_makes_the_final_result_final_at_once(
        sim, org, skp, django_capture_on_commit_callbacks):
    final = periode_of(skp, "Final")
    pn = nilai(skp, final, hasil="BAWAH", perilaku="SESUAI",
               capture=django_capture_on_commit_callbacks)
    k = Keberatan.ajukan(pn, alasan="Kinerja saya sesuai target.", aktor=org.pegawai)
    assert siasn.status_final(pn)[1] == "Menunggu keputusan keberatan."
    k.jawab(penjelasan="Sudah dinilai sesuai bukti.", aktor=org.direktur)
    atasan = org.deputi  # the direktur's rater: the atasan pejabat penilai
    with django_capture_on_commit_callbacks(execute=True):
        k.putuskan(keputusan="diterima", catatan="Diterima sebagian.", predikat="BAIK",
                   aktor=atasan)
    (body,) = sim.skp22.values()
    assert body["kuadranKinerjaNilai"] == 2  # the decided predikat, Baik
    assert HasilSiasn.objects.get().status == HasilSiasn.Status.TERKIRIM


def test_a_pegawai_without_a_siasn_pns_id_fails_with_a_clear_message(
        sim, org, skp, django_capture_on_commit_callbacks):
    org.pegawai.siasn_pns_id = None
    org.pegawai.save(update_fields=["siasn_pns_id"])
    nilai(skp, periode_of(skp), capture=django_capture_on_commit_callbacks)
    hasil = HasilSiasn.objects.get()
    assert hasil.status == HasilSiasn.Status.GAGAL and "Sinkron SIASN" in hasil.pesan
    assert sim.endpoint_requests("kinerjaperiodik") == []


def test_only_sendable_period_kinds_and_rated_results_are_final(org, skp):
    juni = periode_of(skp)
    pn = Penilaian.untuk(skp, juni)
    assert siasn.status_final(pn) == (False, "Belum dinilai.")
    juni.jenis = JenisPeriode.SEMESTERAN
    pn.rating_hasil, pn.rating_perilaku, pn.predikat_matriks = "ATAS", "ATAS", "SANGAT_BAIK"
    assert "bulanan, triwulan" in siasn.status_final(pn)[1]
    juni.jenis = JenisPeriode.TRIWULANAN
    assert siasn.status_final(pn) == (True, "")
    assert siasn.payload(pn)["periodikId"] == 2


def test_nothing_is_queued_without_siasn(org, settings, django_capture_on_commit_callbacks):
    settings.SIASN_BASE_URL = ""
    skp = approved_skp(org.pegawai)
    nilai(skp, periode_of(skp), capture=django_capture_on_commit_callbacks)
    assert not HasilSiasn.objects.exists() and not siasn.aktif()


def test_the_scheduler_queues_a_final_result_once_its_keberatan_window_closed(
        sim, org, skp, django_capture_on_commit_callbacks):
    from monitoring.jadwal import TUGAS, jalankan_semua

    final = periode_of(skp, "Final")
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        nilai(skp, final, capture=django_capture_on_commit_callbacks)
    job = [t for t in TUGAS if t.nama == "hasil_siasn"]
    with time_machine.travel(dt.datetime(2026, 1, 25, 9, 0, tzinfo=dt.UTC), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        (hasil,) = jalankan_semua(tugas=job)
        assert (hasil.kunci, hasil.status) == ("2026-01-25T16", "selesai")
        assert "1 hasil baru diantrekan" in hasil.pesan
        assert jalankan_semua(tugas=job)[0].status == "sudah"  # once per hour
    assert HasilSiasn.objects.get().status == HasilSiasn.Status.TERKIRIM

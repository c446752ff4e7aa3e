"""SKP transitions: Ajukan, approve, return to draft (model level; issue 4)."""

from __future__ import annotations

import random
import time
from functools import partial

import pytest

from ekinerja.exceptions import Ditolak, Konflik
from ekinerja.hooks import refuse_skp_return_to_draft
from ekinerja.models import Notifikasi, Riwayat
from skp.models import (
    Indikator,
    Skp,
    SkpBelumLengkap,
    SkpTerkunci,
    StatusSkp,
)
from tests.race import race as shared_race
from tests.skp.conftest import add_indikator, add_rhk, make_skp


@pytest.fixture
def lengkap(org):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp, "Tersedianya aplikasi layanan"))
    return skp


def test_an_empty_skp_cannot_be_submitted_and_says_why(org):
    skp = make_skp(org.pegawai)
    with pytest.raises(SkpBelumLengkap) as exc:
        skp.submit(aktor=org.pegawai)
    assert exc.value.missing == ["Belum ada RHK utama yang memiliki indikator."]
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.DRAFT


def test_it_lists_every_rhk_without_an_indicator(lengkap, org):
    add_rhk(lengkap, "RHK utama kedua")
    add_rhk(lengkap, "RHK tanpa indikator", jenis="tambahan")
    with pytest.raises(SkpBelumLengkap) as exc:
        lengkap.submit(aktor=org.pegawai)
    assert exc.value.missing == [
        "RHK utama no. 2 belum memiliki indikator.",
        "RHK tambahan no. 1 belum memiliki indikator.",
    ]


def test_the_owner_submits_and_the_rater_is_notified(lengkap, org):
    lengkap.submit(aktor=org.pegawai)

    assert Skp.objects.get(pk=lengkap.pk).status == StatusSkp.PENGAJUAN
    log = Riwayat.untuk(lengkap).filter(aksi="skp.diajukan").get()
    assert (log.aktor, log.sebelum, log.sesudah) == (
        org.pegawai, {"status": "draft"}, {"status": "pengajuan"}
    )
    notice = Notifikasi.objects.get(penerima=org.direktur)
    assert "PEGAWAI UJI mengajukan SKP" in notice.pesan
    assert notice.url == f"/skp/{lengkap.pk}/"


def test_only_the_owner_submits(lengkap, org):
    with pytest.raises(Ditolak):
        lengkap.submit(aktor=org.direktur)


def test_the_rater_approves_and_the_pegawai_is_notified(lengkap, org):
    lengkap.submit(aktor=org.pegawai)
    lengkap.approve(aktor=org.direktur)
    assert Skp.objects.get(pk=lengkap.pk).status == StatusSkp.PERSETUJUAN
    assert Notifikasi.objects.filter(penerima=org.pegawai, pesan__contains="disetujui").exists()


@pytest.mark.parametrize("who", ["pegawai", "rekan", "outsider", "deputi"])
def test_nobody_but_the_rater_approves(lengkap, org, who):
    lengkap.submit(aktor=org.pegawai)
    with pytest.raises(Ditolak):
        lengkap.approve(aktor=getattr(org, who))
    assert Skp.objects.get(pk=lengkap.pk).status == StatusSkp.PENGAJUAN


def test_a_draft_cannot_be_approved_directly(lengkap, org):
    with pytest.raises(Ditolak, match="DRAFT ke PERSETUJUAN"):
        lengkap.approve(aktor=org.direktur)


def test_returning_needs_a_reason_that_is_recorded(lengkap, org):
    lengkap.submit(aktor=org.pegawai)
    with pytest.raises(Ditolak, match="alasan"):
        lengkap.return_to_draft(aktor=org.direktur, alasan="  ")
    lengkap.return_to_draft(aktor=org.direktur, alasan="Target indikator terlalu rendah.")
    log = Riwayat.untuk(lengkap).filter(aksi="skp.dikembalikan").get()
    assert log.alasan == "Target indikator terlalu rendah."
    assert Notifikasi.objects.filter(penerima=org.pegawai,
                                     pesan__contains="Target indikator terlalu rendah.").exists()


def test_an_approved_skp_goes_back_only_while_no_period_is_rated(lengkap, org):
    lengkap.submit(aktor=org.pegawai)
    lengkap.approve(aktor=org.direktur)
    with (
        refuse_skp_return_to_draft.replaced(lambda skp: "Periode Januari sudah dinilai."),
        pytest.raises(Ditolak, match="Periode Januari sudah dinilai."),
    ):
        lengkap.return_to_draft(aktor=org.direktur, alasan="Revisi")
    assert Skp.objects.get(pk=lengkap.pk).status == StatusSkp.PERSETUJUAN
    with refuse_skp_return_to_draft.replaced(lambda skp: None):
        lengkap.return_to_draft(aktor=org.direktur, alasan="Revisi")
    assert Skp.objects.get(pk=lengkap.pk).status == StatusSkp.DRAFT


def test_a_stale_page_gets_a_conflict_and_changes_nothing(lengkap, org):
    lengkap.submit(aktor=org.pegawai)
    seen_by_rater = Skp.objects.get(pk=lengkap.pk)
    Skp.objects.get(pk=lengkap.pk).approve(aktor=org.direktur)  # another tab approves first
    with pytest.raises(Konflik, match="muat ulang halaman"):
        seen_by_rater.return_to_draft(aktor=org.direktur, alasan="Revisi",
                                      expected=StatusSkp.PENGAJUAN)
    assert Skp.objects.get(pk=lengkap.pk).status == StatusSkp.PERSETUJUAN
    assert Riwayat.untuk(lengkap).filter(aksi="skp.dikembalikan").count() == 0


# --- two real connections at once -------------------------------------------------------------

ROUNDS = 100


def race(*actions):
    """tests.race.race, with "ok" for an action that returned (what these tests count)."""
    return [r if isinstance(r, Exception) else "ok" for r in shared_race(*actions)]


@pytest.mark.django_db(transaction=True)
def test_approve_against_return_exactly_one_wins(org):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    outcomes = {"approve": 0, "return": 0}
    for _ in range(ROUNDS):
        skp.submit(aktor=org.pegawai)
        results = race(
            lambda: Skp.objects.get(pk=skp.pk).approve(aktor=org.direktur,
                                                        expected=StatusSkp.PENGAJUAN),
            lambda: Skp.objects.get(pk=skp.pk).return_to_draft(
                aktor=org.direktur, alasan="Revisi", expected=StatusSkp.PENGAJUAN),
        )
        assert sorted(r == "ok" for r in results) == [False, True], results
        loser = next(r for r in results if r != "ok")
        assert isinstance(loser, Konflik)
        skp.refresh_from_db()
        winner = "approve" if results[0] == "ok" else "return"
        outcomes[winner] += 1
        assert skp.status == (StatusSkp.PERSETUJUAN if winner == "approve" else StatusSkp.DRAFT)
        if skp.status == StatusSkp.PERSETUJUAN:
            skp.return_to_draft(aktor=org.direktur, alasan="Ulang")
    # Both logs agree with what happened: one record per winning action.
    assert Riwayat.untuk(skp).filter(aksi="skp.disetujui").count() == outcomes["approve"]
    assert Riwayat.untuk(skp).filter(aksi="skp.diajukan").count() == ROUNDS


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_submit_once(org):
    skp = make_skp(org.pegawai)
    add_indikator(add_rhk(skp))
    for _ in range(ROUNDS):
        results = race(
            lambda: Skp.objects.get(pk=skp.pk).submit(aktor=org.pegawai, expected=StatusSkp.DRAFT),
            lambda: Skp.objects.get(pk=skp.pk).submit(aktor=org.pegawai, expected=StatusSkp.DRAFT),
        )
        assert sorted(r == "ok" for r in results) == [False, True], results
        skp.refresh_from_db()
        assert skp.status == StatusSkp.PENGAJUAN
        skp.return_to_draft(aktor=org.direktur, alasan="Ulang")
    assert Riwayat.untuk(skp).filter(aksi="skp.diajukan").count() == ROUNDS
    assert Notifikasi.objects.filter(penerima=org.direktur, pesan__contains="mengajukan").count() \
        == ROUNDS


def _late_edit(n, rhk, skp, pegawai, delay):
    time.sleep(delay)
    if n % 3 == 0:
        rhk.add_indikator(aktor=pegawai, teks=f"IKI {n}", aspek="kuantitas", target_teks="5")
    elif n % 3 == 1:
        rhk.update(aktor=pegawai, teks=f"RHK versi {n}")
    else:
        skp.add_lampiran(jenis="konsekuensi", teks=f"K {n}", aktor=pegawai)


@pytest.mark.django_db(transaction=True)
def test_an_edit_racing_the_approval_lands_before_it_or_not_at_all(org):
    """The pegawai's tab was loaded while the SKP was a draft; meanwhile it is submitted and the
    superior approves. The edit either commits before the submission (and is part of what was
    approved) or is refused; it never slips into the submitted or approved SKP."""
    skp = make_skp(org.pegawai)
    rhk = add_rhk(skp)
    add_indikator(rhk)
    content_actions = ("indikator.tambah", "rhk.ubah", "lampiran.tambah")
    outcomes = {"edit first": 0, "refused": 0}
    for n in range(ROUNDS):
        stale_rhk = type(rhk).objects.select_related("skp").get(pk=rhk.pk)  # the open tab
        stale_skp = Skp.objects.get(pk=skp.pk)
        edit = partial(_late_edit, n, stale_rhk, stale_skp, org.pegawai,
                       random.uniform(0, 0.02))  # the edit request arrives earlier or later

        def submit_and_approve():
            fresh = Skp.objects.get(pk=skp.pk)
            fresh.submit(aktor=org.pegawai, expected=StatusSkp.DRAFT)
            fresh.approve(aktor=org.direktur, expected=StatusSkp.PENGAJUAN)

        results = race(edit, submit_and_approve)
        assert results[1] == "ok", results
        assert results[0] == "ok" or isinstance(results[0], SkpTerkunci), results
        outcomes["edit first" if results[0] == "ok" else "refused"] += 1
        # Riwayat ids follow insertion order: the last content change precedes the submission.
        log = list(Riwayat.untuk(skp).order_by("-pk").values_list("aksi", flat=True)[:3])
        assert log[:2] == ["skp.disetujui", "skp.diajukan"], log
        if results[0] == "ok":
            assert log[2] in content_actions
        Skp.objects.get(pk=skp.pk).return_to_draft(aktor=org.direktur, alasan="Ulang")
    iki = Indikator.objects.filter(rhk=rhk, teks__startswith="IKI ").count()
    assert iki == Riwayat.untuk(skp).filter(aksi="indikator.tambah").count() - 1
    assert skp.lampiran.count() == Riwayat.untuk(skp).filter(aksi="lampiran.tambah").count()
    assert sum(outcomes.values()) == ROUNDS
    assert outcomes["edit first"] and outcomes["refused"], outcomes  # both orders happened


@pytest.mark.django_db(transaction=True)
def test_deleting_the_last_indicator_while_submitting_never_submits_an_empty_skp(org):
    skp = make_skp(org.pegawai)
    rhk = add_rhk(skp)
    for n in range(ROUNDS):
        ind = add_indikator(rhk, f"IKI {n}")
        stale = Indikator.objects.select_related("rhk__skp").get(pk=ind.pk)
        results = race(
            partial(stale.hapus, aktor=org.pegawai),
            lambda: Skp.objects.get(pk=skp.pk).submit(aktor=org.pegawai, expected=StatusSkp.DRAFT),
        )
        skp.refresh_from_db()
        if results[0] == "ok":  # the deletion won: the submission saw an incomplete SKP
            assert isinstance(results[1], SkpBelumLengkap), results
            assert skp.status == StatusSkp.DRAFT
        else:  # the submission won: the deletion was refused and the indicator is still there
            assert results[1] == "ok" and isinstance(results[0], SkpTerkunci), results
            assert skp.status == StatusSkp.PENGAJUAN
            assert Indikator.objects.filter(pk=ind.pk).exists()
            skp.return_to_draft(aktor=org.direktur, alasan="Ulang")
            Indikator.objects.get(pk=ind.pk).hapus(aktor=org.pegawai)

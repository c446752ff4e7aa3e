"""The no-overlap rule for a pegawai's SKPs holds when two tabs act at once (issue 10, item 3).

Measured on main before the database constraint: Tambah SKP twice at once created two
overlapping SKPs. Real threads, each with its own database connection, released by one barrier.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from ekinerja.db import violated_constraint
from skp.models import SKP_NO_OVERLAP, Pendekatan, Skp
from tests.race import race as shared_race
from tests.skp.conftest import make_skp

ROUNDS = 100
OVERLAP = "tumpang tindih"


def race(*actions):
    """tests.race.race, with "ok" for an action that returned (what these tests count)."""
    return [r if isinstance(r, Exception) else "ok" for r in shared_race(*actions)]


def loser_message(results) -> str:
    loser = next(r for r in results if r != "ok")
    return " ".join(loser.message_dict.get("periode_awal", []))


def day(n: int) -> dt.date:
    return dt.date(2025, 1, 1) + dt.timedelta(days=n)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_adding_the_same_skp_period_create_one(org):
    pegawai = org.pegawai
    for n in range(ROUNDS):
        awal, akhir = day(3 * n), day(3 * n + 1)

        def tambah(awal=awal, akhir=akhir):
            Skp.create_for(pegawai, periode_awal=awal, periode_akhir=akhir,
                           pendekatan=Pendekatan.KUANTITATIF, aktor=pegawai)

        results = race(tambah, tambah)
        created = Skp.objects.filter(pegawai=pegawai, periode_awal=awal).count()
        assert created == 1, f"round {n}: {created} overlapping SKPs"
        assert sorted(r == "ok" for r in results) == [False, True], results
        assert OVERLAP in loser_message(results)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_moving_two_skps_onto_one_period_move_one(org):
    pegawai = org.pegawai
    a = make_skp(pegawai, awal=dt.date(2025, 1, 1), akhir=dt.date(2025, 1, 2))
    b = make_skp(pegawai, awal=dt.date(2025, 1, 3), akhir=dt.date(2025, 1, 4))
    for n in range(ROUNDS):
        awal, akhir = day(10 + 3 * n), day(11 + 3 * n)

        def pindah(pk, awal=awal, akhir=akhir):
            Skp.objects.get(pk=pk).update_header(
                periode_awal=awal, periode_akhir=akhir,
                pendekatan=Pendekatan.KUANTITATIF, aktor=pegawai,
            )

        results = race(lambda: pindah(a.pk), lambda: pindah(b.pk))
        moved = Skp.objects.filter(pegawai=pegawai, periode_awal=awal).count()
        assert moved == 1, f"round {n}: {moved} SKPs on one period"
        assert sorted(r == "ok" for r in results) == [False, True], results
        assert OVERLAP in loser_message(results)


# --- the database's own guard ---------------------------------------------------------------


def test_the_database_refuses_an_overlapping_skp_written_past_the_model(org):
    make_skp(org.pegawai, awal=dt.date(2025, 1, 1), akhir=dt.date(2025, 6, 30))
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Skp.objects.create(pegawai=org.pegawai, periode_awal=dt.date(2025, 6, 30),
                           periode_akhir=dt.date(2025, 12, 31), pendekatan="kuantitatif",
                           format="NON_JPT")
    assert violated_constraint(exc.value) == SKP_NO_OVERLAP
    # Touching ends are an overlap ('[]' bounds); the next day is not. Other people are free.
    Skp.objects.create(pegawai=org.pegawai, periode_awal=dt.date(2025, 7, 1),
                       periode_akhir=dt.date(2025, 12, 31), pendekatan="kuantitatif",
                       format="NON_JPT")
    make_skp(org.rekan, awal=dt.date(2025, 1, 1), akhir=dt.date(2025, 12, 31))


def _wait_until_blocked(conn, pid: int) -> None:
    """Poll (from another connection) until backend `pid` waits for a lock."""
    for _ in range(500):
        with conn.cursor() as cur:
            cur.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cur.fetchone()
        if row and row[0] == "Lock":
            return
        time.sleep(0.01)
    raise AssertionError("the second writer never waited for the first")


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_slips_past_the_check_gets_the_overlap_message_beside_the_field(org):
    """Another writer (not taking the pegawai's lock) inserts an overlapping SKP after our check
    and commits while our INSERT waits on it: the constraint refuses ours, and the model turns
    that into the ordinary message naming the other SKP."""
    pegawai = org.pegawai
    ours: dict = {}
    inserted, done = threading.Event(), threading.Event()

    def other_writer():
        try:
            with transaction.atomic():
                Skp.objects.create(pegawai=pegawai, periode_awal=dt.date(2025, 3, 1),
                                   periode_akhir=dt.date(2025, 3, 31), pendekatan="kuantitatif",
                                   format="NON_JPT")
                inserted.set()
                done.wait(10)
                _wait_until_blocked(connection, ours["pid"])
        finally:
            connection.close()

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        ours["pid"] = cur.fetchone()[0]
    writer = threading.Thread(target=other_writer)
    writer.start()
    inserted.wait(10)
    done.set()
    with pytest.raises(ValidationError) as exc:
        Skp.create_for(pegawai, periode_awal=dt.date(2025, 3, 15), periode_akhir=dt.date(2025, 4, 15),
                       pendekatan=Pendekatan.KUANTITATIF, aktor=pegawai)
    writer.join()
    assert exc.value.message_dict["periode_awal"] == [
        "Periode ini tumpang tindih dengan SKP Anda yang lain (2025-03-01 sampai 2025-03-31)."
    ]
    assert Skp.objects.filter(pegawai=pegawai).count() == 1

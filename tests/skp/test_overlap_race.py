"""The no-overlap rule for a pegawai's SKPs holds when two tabs act at once (issue 10, item 3).

Measured on main before the database constraint: Tambah SKP twice at once created two
overlapping SKPs. Real threads, each with its own database connection, released by one barrier.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from skp.models import Pendekatan, Skp
from tests.skp.conftest import make_skp

ROUNDS = 100
OVERLAP = "tumpang tindih"


def race(*actions):
    """Run the actions in threads (each with its own connection) released by one barrier."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            action()
            results[i] = "ok"
        except ValidationError as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


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

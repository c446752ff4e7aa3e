"""The SIASN simulator (ekinerja/siasn_simulator.py) on a free loopback port, wired into settings.

Nothing is mocked: the app's own requests code talks HTTP to a real server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ekinerja.models import Instansi
from ekinerja.siasn_simulator import DataSiasn, SiasnSimulator, buat_data


def arahkan(settings: Any, sim: SiasnSimulator, *, gateway: bool = True) -> None:
    """Point the app at `sim`, with quick retries (tests never wait for real backoff)."""
    for key, value in sim.pengaturan(gateway=gateway).items():
        setattr(settings, key, value)
    if not gateway:
        settings.SIASN_WSO_TOKEN_URL = ""
    settings.IDENTITY_TIMEOUT = (2.0, 2.0)
    settings.SIASN_TIMEOUT = (2.0, 2.0)
    settings.SIASN_RATE_PER_SECOND = 0
    settings.SIASN_MAX_RETRIES = 3
    settings.SIASN_BACKOFF_SECONDS = 0.01
    settings.SIASN_BACKOFF_MAX_SECONDS = 0.05
    settings.SIASN_CONCURRENCY = 4
    settings.SIASN_SINKRON_BATCH = 50


@pytest.fixture
def buat_sim(settings: Any) -> Iterator[Callable[..., SiasnSimulator]]:
    started: list[SiasnSimulator] = []

    def make(data: DataSiasn | None = None, *, gateway: bool = True,
             **kwargs: Any) -> SiasnSimulator:
        sim = SiasnSimulator(data or buat_data(30), **kwargs).start()
        arahkan(settings, sim, gateway=gateway)
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(buat_sim: Callable[..., SiasnSimulator]) -> SiasnSimulator:
    """A small seeded instansi (30 people and the planted faults), gateway mode on."""
    return buat_sim()


@pytest.fixture
def instansi_sim(db: None, sim: SiasnSimulator) -> Instansi:
    return Instansi.objects.create(nama=sim.data.instansi_nama, siasn_id=sim.data.instansi_id)


@pytest.fixture
def instansi(org: Any, sim: SiasnSimulator) -> Instansi:
    """The test org's instansi, known to the simulated SIASN by its id."""
    inst = org.badan.instansi
    inst.siasn_id = sim.data.instansi_id
    inst.save(update_fields=["siasn_id"])
    return inst

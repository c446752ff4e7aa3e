"""Login throttling under concurrent bursts (issue 10, item 4).

Measured on main: 12 wrong passwords sent at once for one NIP were all checked against the
identity service (limit 5), and the per-IP limit then locked out an innocent user with the right
password from the same address. Real threads, each with its own client and database connection;
the identity service is the loopback server of tests/identity_server.py, which counts requests.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from ekinerja.models import LoginEvent
from tests.factories import make_nip
from tests.identity_server import siasn_profile

LOGIN = "/login/"
BURST = 12


def burst(n: int, action) -> list:
    """Run `action(i)` in n threads released together; each thread has its own DB connection."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = action(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def token_calls(identity, nip: str | None = None) -> int:
    return sum(1 for r in identity.requests if r["endpoint"] == "token"
               and (nip is None or r["form"].get("username") == nip))


def post(nip: str, password: str, **extra) -> int:
    return Client(**extra).post(LOGIN, {"nip": nip, "password": password}).status_code


@pytest.fixture
def korban(identity):
    nip = make_nip()
    return identity.add(nip, "benar-123", siasn_profile(nip))


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_wrong_passwords_for_one_nip_checks_at_most_the_limit(identity, korban,
                                                                         settings):
    settings.LOGIN_MAX_FAILURES_PER_NIP = 5

    statuses = burst(BURST, lambda i: post(korban.nip, f"tebakan-{i}"))

    assert statuses == [200] * BURST
    assert token_calls(identity, korban.nip) == 5  # exactly the limit, never more
    # Every attempt is logged, the refused ones too.
    assert LoginEvent.objects.filter(nip=korban.nip).count() == BURST
    assert LoginEvent.objects.filter(nip=korban.nip, alasan="rate_limited").count() == (
        BURST - token_calls(identity, korban.nip)
    )


@pytest.mark.django_db(transaction=True)
def test_an_innocent_user_at_the_attackers_address_still_gets_in(identity, korban, settings):
    settings.LOGIN_MAX_FAILURES_PER_NIP = 5
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    settings.LOGIN_IP_DELAY_SECONDS = 0.01
    settings.LOGIN_IP_DELAY_MAX_SECONDS = 0.05
    # The attacker sprays wrong passwords over many NIPs and one NIP from 203.0.113.9.
    burst(BURST, lambda i: post(make_nip(), "tebakan", REMOTE_ADDR="203.0.113.9"))
    burst(BURST, lambda i: post(korban.nip, f"tebakan-{i}", REMOTE_ADDR="203.0.113.9"))
    rekan = make_nip()
    identity.add(rekan, "rekan-benar", siasn_profile(rekan))

    # A colleague behind the same address, with the right password, gets in.
    client = Client(REMOTE_ADDR="203.0.113.9")
    response = client.post(LOGIN, {"nip": rekan, "password": "rekan-benar"})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# --- the real client address ------------------------------------------------------------------


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, identity, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    client.post(LOGIN, {"nip": make_nip(), "password": "x"}, REMOTE_ADDR="10.0.0.5",
                HTTP_X_FORWARDED_FOR="198.51.100.20, 203.0.113.7, 10.0.0.4")
    assert LoginEvent.objects.get().ip == "203.0.113.7"


def test_an_untrusted_peer_cannot_choose_its_address(client, identity, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    client.post(LOGIN, {"nip": make_nip(), "password": "x"}, REMOTE_ADDR="198.51.100.9",
                HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert LoginEvent.objects.get().ip == "198.51.100.9"


def test_an_ipv6_client_is_counted_by_its_64(client, identity, settings, monkeypatch):
    from ekinerja import throttle

    settings.LOGIN_MAX_FAILURES_PER_IP = 2
    waits: list[float] = []
    monkeypatch.setattr(throttle, "sleep", waits.append)
    for host in range(1, 5):  # four addresses of one /64
        client.post(LOGIN, {"nip": make_nip(), "password": "x"},
                    REMOTE_ADDR=f"2001:db8:1:2::{host}")
    assert len(waits) == 2


def test_an_outage_gives_the_nip_its_slot_back(client, identity, korban, settings):
    settings.LOGIN_MAX_FAILURES_PER_NIP = 2
    identity.token_status = 503
    for _ in range(5):
        client.post(LOGIN, {"nip": korban.nip, "password": "benar-123"})
    assert token_calls(identity, korban.nip) == 5  # each outage was asked, none counted
    identity.token_status = None
    assert client.post(LOGIN, {"nip": korban.nip, "password": "benar-123"}).status_code == 302


def test_a_counter_starts_again_once_its_window_has_passed(db, monkeypatch):
    from ekinerja import throttle

    clock = [1_000_000.0]
    monkeypatch.setattr(throttle, "now", lambda: clock[0])
    assert [throttle.hit("nip:uji", 900).jumlah for _ in range(3)] == [1, 2, 3]
    clock[0] += 899
    assert throttle.hit("nip:uji", 900).jumlah == 4
    assert throttle.peek("nip:uji", 900) == 4
    clock[0] += 2  # the window (from the first count) has passed
    assert throttle.peek("nip:uji", 900) == 0
    count = throttle.hit("nip:uji", 900)
    assert (count.jumlah, count.mulai) == (1, clock[0])

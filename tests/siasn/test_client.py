"""The SIASN client over real HTTP: the contract's tokens and headers, caching, 401, retries,
Retry-After, timeouts and the request rate."""

from __future__ import annotations

import pytest
import time_machine

from ekinerja import siasn_client
from ekinerja.auth import IdentityError, refresh_pegawai, request_profile
from ekinerja.siasn_client import Policy, RateLimiter, SiasnClient, SiasnError

pytestmark = pytest.mark.django_db


def nip_of(sim):
    return next(iter(sim.data.orang))


def test_it_sends_the_gateway_token_and_the_sso_token_as_the_contract_says(sim):
    nip = nip_of(sim)
    with SiasnClient() as client:
        assert client.data_utama(nip)["nipBaru"] == nip
        client.ref_unor()

    gateway_calls = sim.endpoint_requests("gateway-token")
    assert len(gateway_calls) == 1 and len(sim.endpoint_requests("sso-token")) == 1
    for call in [*sim.endpoint_requests("data-utama"), *sim.endpoint_requests("referensi")]:
        gateway = call["authorization"].removeprefix("Bearer ")
        assert gateway in sim.token_gateway
        assert call["auth"].startswith("bearer ")
        assert call["auth"].removeprefix("bearer ") in sim.token_sso
    assert sim.requests[0] == {"endpoint": "sso-token", "grant_type": "client_credentials"}


def test_without_a_gateway_only_the_sso_token_is_sent(buat_sim):
    sim = buat_sim(gateway=False)
    with SiasnClient() as client:
        client.data_utama(nip_of(sim))
    call = sim.endpoint_requests("data-utama")[0]
    assert call["auth"] is None
    assert call["authorization"].removeprefix("Bearer ") in sim.token_sso
    assert sim.endpoint_requests("gateway-token") == []


def test_tokens_are_cached_across_clients_until_shortly_before_expiry(buat_sim, settings):
    sim = buat_sim(umur_token=600)
    settings.SIASN_TOKEN_MARGIN_SECONDS = 60
    with time_machine.travel("2025-03-01 08:00 +0700", tick=False) as clock:
        for _ in range(3):
            with SiasnClient() as client:
                client.data_utama(nip_of(sim))
        assert len(sim.endpoint_requests("sso-token")) == 1
        assert len(sim.endpoint_requests("gateway-token")) == 1
        clock.shift(600 - 61)  # still fresh
        with SiasnClient() as client:
            client.data_utama(nip_of(sim))
        assert len(sim.endpoint_requests("sso-token")) == 1
        clock.shift(2)  # within the margin: both are fetched again
        with SiasnClient() as client:
            client.data_utama(nip_of(sim))
    assert len(sim.endpoint_requests("sso-token")) == 2
    assert len(sim.endpoint_requests("gateway-token")) == 2


def test_a_401_refreshes_the_tokens_once_and_the_call_succeeds(sim):
    with SiasnClient() as client:
        client.data_utama(nip_of(sim))
        sim.cabut_token()  # SIASN forgot every token it issued
        assert client.data_utama(nip_of(sim))["nipBaru"] == nip_of(sim)
    assert len(sim.endpoint_requests("sso-token")) == 2
    assert len(sim.endpoint_requests("gateway-token")) == 2
    assert len(sim.endpoint_requests("data-utama")) == 3  # ok, 401, ok


def test_a_second_401_is_not_retried_again(buat_sim, settings):
    sim = buat_sim(gateway=False)
    sim.wajib_gateway = True  # SIASN wants a gateway token the app does not send
    with SiasnClient() as client, pytest.raises(SiasnError) as exc:
        client.data_utama(nip_of(sim))
    assert exc.value.code == SiasnError.UNAUTHORIZED
    assert len(sim.endpoint_requests("data-utama")) == 2
    assert len(sim.endpoint_requests("sso-token")) == 2


def test_a_429_is_retried_after_the_retry_after_it_names(sim):
    sim.paksakan("data-utama", 429, kali=2, retry_after="3")
    waits: list[float] = []
    with SiasnClient(sleep=waits.append) as client:
        assert client.data_utama(nip_of(sim))["nipBaru"] == nip_of(sim)
    assert len(sim.endpoint_requests("data-utama")) == 3
    assert waits[:2] == [3.0, 3.0]


def test_5xx_is_retried_with_growing_backoff_then_given_up(sim, settings):
    settings.SIASN_BACKOFF_SECONDS = 1.0
    settings.SIASN_BACKOFF_MAX_SECONDS = 30.0
    sim.paksakan("data-utama", 503, kali=10)
    waits: list[float] = []
    with SiasnClient(sleep=waits.append) as client, pytest.raises(SiasnError) as exc:
        client.data_utama(nip_of(sim))
    assert exc.value.code == SiasnError.UNREACHABLE and exc.value.status == 503
    assert len(sim.endpoint_requests("data-utama")) == 1 + settings.SIASN_MAX_RETRIES
    assert len(waits) == settings.SIASN_MAX_RETRIES
    # full jitter between half and all of 1, 2, 4 seconds
    for attempt, wait in enumerate(waits):
        assert 0.5 * 2 ** attempt <= wait <= 2 ** attempt


def test_a_500_then_success_is_transparent(sim):
    sim.paksakan("referensi", 500, kali=2)
    with SiasnClient() as client:
        assert client.ref_unor()
    assert len(sim.endpoint_requests("referensi")) == 3


def test_a_slow_read_is_retried_but_a_slow_new_save_is_not_repeated(sim, settings):
    settings.SIASN_TIMEOUT = (1.0, 0.3)
    nip = nip_of(sim)
    sim.lambat[nip] = 0.6
    with SiasnClient() as client, pytest.raises(SiasnError) as exc:
        client.data_utama(nip)
    assert exc.value.code == SiasnError.TIMEOUT
    assert len(sim.endpoint_requests("data-utama")) == 1 + settings.SIASN_MAX_RETRIES

    sim.latensi = 0.6
    with SiasnClient() as client, pytest.raises(SiasnError) as exc:
        client.save("/kinerjaperiodik/save", {"id": None})
    assert exc.value.code == SiasnError.TIMEOUT and exc.value.pasti is False
    assert len(sim.endpoint_requests("kinerjaperiodik")) == 1  # SIASN may have stored it


def test_a_refused_connection_is_retried_even_for_a_new_save(sim, settings):
    sim.die()
    settings.SIASN_MAX_RETRIES = 2
    with SiasnClient() as client, pytest.raises(SiasnError) as exc:
        client.save("/kinerjaperiodik/save", {"id": None})
    assert exc.value.code == SiasnError.UNREACHABLE and exc.value.pasti is True


def test_the_rate_limiter_spaces_calls_evenly():
    waits: list[float] = []
    limiter = RateLimiter(rate=20.0)
    for _ in range(5):
        limiter.wait(sleep=waits.append)
    # no clock passes (the sleeps are recorded, not slept): the slots are 0.05 s apart
    assert len(waits) == 4
    assert waits == pytest.approx([0.05, 0.10, 0.15, 0.20], abs=0.01)
    unlimited: list[float] = []
    RateLimiter(rate=0).wait(sleep=unlimited.append)
    assert unlimited == []


def test_the_configured_rate_paces_real_calls(sim, settings):
    settings.SIASN_RATE_PER_SECOND = 20.0
    with SiasnClient() as client:
        for nip in list(sim.data.orang)[:6]:
            client.data_utama(nip)
    times = [c["waktu"] for c in sim.endpoint_requests("data-utama")]
    # Six calls at 20 per second: the server saw them spread over at least 5 intervals.
    # (A lower bound on spacing, the behaviour asked for; no upper bound on speed.)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert sum(gaps) >= 5 / 20.0 * 0.9
    assert min(gaps) >= 1 / 20.0 * 0.5


def test_the_client_refuses_to_start_without_configuration(settings, db):
    settings.SIASN_BASE_URL = ""
    with pytest.raises(SiasnError) as exc:
        SiasnClient()
    assert exc.value.code == SiasnError.NOT_CONFIGURED


# --- login and Muat ulang share the header logic -------------------------------------------------


def test_login_fetches_the_profile_with_the_gateway_headers(buat_sim, client, db):
    sim = buat_sim(sandi="sandi-sim")
    nip = nip_of(sim)
    # The profile's unit must exist for apply_profile to place the person; login creates it.
    response = client.post("/login/", {"nip": nip, "password": "sandi-sim"})
    assert response.status_code == 302, response.content.decode()[:500]
    call = sim.endpoint_requests("data-utama")[0]
    assert call["authorization"].removeprefix("Bearer ") in sim.token_gateway
    assert call["auth"].removeprefix("bearer ") in sim.token_user  # the person's own token


def test_login_profile_fetch_refreshes_a_refused_gateway_token_once(buat_sim, db):
    sim = buat_sim(sandi="sandi-sim")
    nip = nip_of(sim)
    token, _ = siasn_client.fetch_sso_token()  # any SSO token will do here
    headers = siasn_client.headers_for(token)
    sim.token_gateway.clear()  # the gateway forgot its token
    assert request_profile(nip, token)["nipBaru"] == nip
    assert len(sim.endpoint_requests("gateway-token")) == 2
    assert headers["Authorization"] != sim.endpoint_requests("data-utama")[-1]["authorization"]


def test_muat_ulang_uses_the_cached_service_token_and_the_gateway(sim, org):
    nip = nip_of(sim)
    org.pegawai.nip = nip
    org.pegawai.save(update_fields=["nip"])
    for _ in range(2):
        pegawai = refresh_pegawai(org.pegawai, aktor=org.pegawai)
    assert pegawai.siasn_pns_id == sim.data.orang[nip].pns_id
    assert len(sim.endpoint_requests("sso-token")) == 1
    assert all(c["auth"] for c in sim.endpoint_requests("data-utama"))


def test_muat_ulang_does_not_retry_while_someone_waits(sim, org):
    sim.paksakan("data-utama", 503, kali=5)
    with pytest.raises(IdentityError) as exc:
        refresh_pegawai(org.pegawai, aktor=org.pegawai)
    assert exc.value.code == "unreachable"
    assert len(sim.endpoint_requests("data-utama")) == 1


def test_policy_background_reads_the_settings(settings):
    settings.SIASN_MAX_RETRIES = 7
    settings.SIASN_RATE_PER_SECOND = 3.5
    policy = Policy.background()
    assert (policy.retries, policy.rate) == (7, 3.5)
    assert Policy.interactive().retries == 0

from __future__ import annotations

import json
import socket
import time

import pytest
from django.urls import reverse

from ekinerja import throttle
from ekinerja.auth import IdentityError, refresh_pegawai
from ekinerja.models import Instansi, LoginEvent, Pegawai, Riwayat, UnitOrganisasi
from tests.factories import PASSWORD, make_nip, make_pegawai
from tests.identity_server import CLIENT_ID, CLIENT_SECRET, siasn_profile

LOGIN = "/login/"


def post_login(client, nip, password="benar-123", **extra):
    return client.post(LOGIN, {"nip": nip, "password": password, **extra})


def error_text(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


@pytest.fixture
def akun(identity):
    nip = make_nip("2")
    return identity.add(nip, "benar-123", siasn_profile(nip))


# --- the page -----------------------------------------------------------------------------------


def test_it_shows_the_manuals_login_page(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    for label in ["silahkan login dengan user MySAPK", ">NIP", ">Password", ">Login<"]:
        assert label in html
    assert 'lang="id"' in html


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get("/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/profil/")


# --- MySAPK identity service over loopback HTTP -------------------------------------------------


def test_it_signs_in_through_the_identity_service_and_creates_the_pegawai(client, identity, akun):
    response = post_login(client, akun.nip)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    pegawai = Pegawai.objects.get(nip=akun.nip)
    assert pegawai.nama == "SITI RAHAYU"
    assert pegawai.golongan == "III/c"
    assert pegawai.jabatan == "Pranata Komputer Ahli Muda"
    assert pegawai.kelas_jabatan == "FUNGSIONAL"
    assert pegawai.unit.nama == "Direktorat Sistem Informasi"
    assert pegawai.instansi == Instansi.objects.get(siasn_id="INST-1")
    assert not pegawai.has_usable_password()  # no password is ever stored
    assert int(client.session["_auth_user_id"]) == pegawai.pk
    token_call = identity.requests[0]["form"]
    assert token_call == {
        "grant_type": "password", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "username": akun.nip, "password": "benar-123", "scope": "openid",
    }
    assert [r["endpoint"] for r in identity.requests] == ["token", "userinfo", "profile"]
    assert identity.requests[2]["auth"] == f"Bearer token-{akun.nip}"
    assert LoginEvent.objects.get(nip=akun.nip).berhasil


def test_it_updates_an_existing_pegawai_on_login_and_records_the_change(client, identity, akun):
    post_login(client, akun.nip)
    client.logout()
    akun.profile.update(jabatanNama="Pranata Komputer Ahli Madya", golRuangAkhir="IV/a")

    post_login(client, akun.nip)

    pegawai = Pegawai.objects.get(nip=akun.nip)
    assert (pegawai.jabatan, pegawai.golongan) == ("Pranata Komputer Ahli Madya", "IV/a")
    last = Riwayat.untuk(pegawai).first()
    assert last.aksi == "pegawai.dimuat_ulang"
    assert last.sebelum == {"golongan": "III/c", "jabatan": "Pranata Komputer Ahli Muda"}
    assert last.sesudah == {"golongan": "IV/a", "jabatan": "Pranata Komputer Ahli Madya"}


def test_it_maps_eselon_to_the_jpt_class(client, identity):
    nip = make_nip()
    identity.add(nip, "benar-123", siasn_profile(nip, eselon="II.a", jenisJabatan="Struktural"))
    post_login(client, nip)
    assert Pegawai.objects.get(nip=nip).kelas_jabatan == "JPT_PRATAMA"


def test_it_tolerates_missing_and_null_profile_fields(client, identity):
    nip = make_nip()
    identity.add(nip, "benar-123", {"nipBaru": nip, "nama": "TANPA DATA", "golRuangAkhir": None})
    response = post_login(client, nip)
    assert response.status_code == 302
    pegawai = Pegawai.objects.get(nip=nip)
    assert (pegawai.golongan, pegawai.unit, pegawai.instansi) == ("", None, None)


# decisions.md (revised): a wrong password and an unknown NIP share one message, which also tells
# a first-time user how to activate MySAPK, so NIPs cannot be enumerated.
WRONG = "NIP atau password salah"
ACTIVATE = "aktivasi akun MySAPK"


def test_it_says_the_nip_or_password_is_wrong(client, identity, akun):
    response = post_login(client, akun.nip, "salah")
    assert response.status_code == 200
    assert WRONG in error_text(response) and ACTIVATE in error_text(response)
    assert akun.nip in response.content.decode()  # what the user typed stays
    assert not Pegawai.objects.filter(nip=akun.nip).exists()


def test_an_unknown_nip_gets_the_same_message_as_a_wrong_password(client, identity, akun):
    wrong_password = error_text(post_login(client, akun.nip, "salah"))
    identity.token_status = 401
    identity.token_body = json.dumps(
        {"error": "invalid_grant", "error_description": "User not found"}
    )
    unknown = error_text(post_login(client, make_nip()))
    assert unknown == wrong_password
    assert WRONG in unknown and "tidak terdaftar" not in unknown


def test_it_says_when_siasn_has_no_profile(client, identity):
    nip = make_nip()
    identity.add(nip, "benar-123", None)
    response = post_login(client, nip)
    assert "tidak ditemukan di SIASN" in error_text(response)
    assert not Pegawai.objects.filter(nip=nip).exists()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_it_says_when_the_identity_service_is_unreachable(client, identity, akun, settings):
    settings.MYSAPK_BASE_URL = f"http://127.0.0.1:{closed_port()}/auth"
    response = post_login(client, akun.nip)
    assert response.status_code == 200
    assert "tidak dapat dihubungi" in error_text(response)


def test_it_says_when_the_identity_service_is_too_slow(client, identity, akun):
    identity.delay = 1.2  # read timeout in tests is 0.5 s
    started = time.monotonic()
    response = post_login(client, akun.nip)
    elapsed = time.monotonic() - started
    assert "tidak menjawab tepat waktu" in error_text(response)
    # Answered at the read timeout, not when the service finally replies (1.2 s).
    assert elapsed < 1.0, elapsed
    assert LoginEvent.objects.get(nip=akun.nip).alasan == "timeout"
    time.sleep(1.3 - elapsed)  # let the (single-threaded) loopback service finish its reply


def test_it_says_when_the_identity_service_accepts_but_never_answers(client, identity, akun,
                                                                    settings):
    """A service that takes the connection and then hangs (a stuck load balancer)."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)  # the kernel accepts connections; nobody ever reads or answers
        settings.MYSAPK_BASE_URL = f"http://127.0.0.1:{hung.getsockname()[1]}/auth"
        started = time.monotonic()
        response = post_login(client, akun.nip)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "tidak menjawab tepat waktu" in error_text(response)
    assert elapsed < 1.5, elapsed  # settings.IDENTITY_TIMEOUT read part is 0.5 s in tests


@pytest.mark.parametrize("status", [500, 502, 503])
def test_it_treats_a_server_error_as_unreachable(client, identity, akun, status):
    identity.token_status = status
    identity.token_body = "<html>Internal error</html>"
    response = post_login(client, akun.nip)
    assert response.status_code == 200
    assert "tidak dapat dihubungi" in error_text(response)


@pytest.mark.parametrize(
    ("knob", "value"),
    [
        ("token_body", "{not json"),
        ("token_body", json.dumps({"token_type": "Bearer"})),  # no access_token
        ("token_body", json.dumps(["a", "list"])),
        ("profile_body", "<<garbage>>"),
        ("profile_body", json.dumps({"data": "not an object"})),
        ("userinfo_nip", "199001012015011001"),  # token for someone else
    ],
)
def test_it_says_when_the_reply_is_garbled(client, identity, akun, knob, value):
    setattr(identity, knob, value)
    response = post_login(client, akun.nip)
    assert response.status_code == 200
    assert "tidak dapat dibaca" in error_text(response)
    assert not Pegawai.objects.filter(nip=akun.nip).exists()


def test_it_treats_a_siasn_server_error_as_unreachable(client, identity, akun):
    identity.profile_status = 500
    response = post_login(client, akun.nip)
    assert "tidak dapat dihubungi" in error_text(response)


def test_it_refuses_a_malformed_nip_beside_the_field_without_calling_the_service(
    client, identity
):
    response = post_login(client, "1234abc")
    assert response.context["form"].errors["nip"] == ["NIP harus terdiri dari 18 angka."]
    assert 'value="1234abc"' in response.content.decode()
    assert identity.requests == []


def test_it_refuses_an_inactive_pegawai(client, identity, akun):
    make_pegawai(None, nip=akun.nip, is_active=False)
    response = post_login(client, akun.nip)
    assert "dinonaktifkan" in error_text(response)


# --- rate limit -----------------------------------------------------------------------------------


def test_it_rate_limits_failed_attempts_per_nip(client, identity, akun, settings):
    settings.LOGIN_MAX_FAILURES_PER_NIP = 3
    for _ in range(3):
        assert WRONG in error_text(post_login(client, akun.nip, "salah"))
    calls = len(identity.requests)

    response = post_login(client, akun.nip)  # even the right password is refused now

    assert "Terlalu banyak percobaan" in error_text(response)
    assert "15 menit" in error_text(response)
    assert len(identity.requests) == calls  # the service was not asked
    assert "_auth_user_id" not in client.session
    # Another NIP from elsewhere is not affected.
    other = make_nip()
    identity.add(other, "x-benar", siasn_profile(other))
    assert post_login(client, other, "x-benar", REMOTE_ADDR="10.0.0.2").status_code == 302


def test_past_the_per_ip_limit_an_address_is_slowed_not_locked_out(client, identity, settings,
                                                                  monkeypatch):
    """Was: the per-IP limit refused even the right password (a lockout of everyone behind one
    address). Now each further attempt from there waits, doubling up to a cap, and is checked."""
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    settings.LOGIN_IP_DELAY_SECONDS = 0.5
    settings.LOGIN_IP_DELAY_MAX_SECONDS = 2
    waits: list[float] = []
    monkeypatch.setattr(throttle, "sleep", waits.append)
    for _ in range(6):
        post_login(client, make_nip(), "tebak")
    nip = make_nip()
    identity.add(nip, "benar-123", siasn_profile(nip))

    assert post_login(client, nip).status_code == 302  # the right password gets in

    assert waits == [0.5, 1.0, 2.0, 2.0]
    other_client = client.__class__(REMOTE_ADDR="192.0.2.7")
    other_client.post(LOGIN, {"nip": make_nip(), "password": "x"})
    assert len(waits) == 4  # another address is not slowed


def test_a_successful_login_resets_the_count_for_that_nip(client, identity, akun, settings):
    settings.LOGIN_MAX_FAILURES_PER_NIP = 3
    settings.LOGIN_MAX_FAILURES_PER_IP = 100
    post_login(client, akun.nip, "salah")
    post_login(client, akun.nip, "salah")
    assert post_login(client, akun.nip).status_code == 302
    client.logout()
    post_login(client, akun.nip, "salah")
    post_login(client, akun.nip, "salah")
    assert post_login(client, akun.nip).status_code == 302


def test_outages_do_not_count_towards_the_limit(client, identity, akun, settings):
    settings.LOGIN_MAX_FAILURES_PER_NIP = 2
    identity.token_status = 503
    for _ in range(4):
        post_login(client, akun.nip)
    identity.token_status = None
    assert post_login(client, akun.nip).status_code == 302
    assert LoginEvent.objects.filter(nip=akun.nip, alasan="unreachable").count() == 4


# --- local accounts (no identity service configured) ---------------------------------------


def test_it_uses_local_accounts_when_no_identity_service_is_configured(client, org, settings):
    settings.MYSAPK_BASE_URL = ""
    response = post_login(client, org.pegawai.nip, PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == org.pegawai.pk


def test_local_accounts_give_one_message_for_wrong_password_and_unknown_nip(client, org,
                                                                            settings):
    settings.MYSAPK_BASE_URL = ""
    wrong_password = error_text(post_login(client, org.pegawai.nip, "salah"))
    unknown = error_text(post_login(client, make_nip(), "apa saja"))
    assert WRONG in wrong_password
    assert unknown == wrong_password


def test_local_passwords_are_ignored_once_an_identity_service_is_configured(
    client, org, identity
):
    response = post_login(client, org.pegawai.nip, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- around the login ------------------------------------------------------------------------


def test_it_follows_a_safe_next_url_and_ignores_an_outside_one(client, org, settings):
    settings.MYSAPK_BASE_URL = ""
    response = post_login(client, org.pegawai.nip, PASSWORD, next="/profil/")
    assert response["Location"] == "/profil/"
    client.logout()
    response = post_login(client, org.pegawai.nip, PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_logout_needs_a_post(client, org):
    client.force_login(org.pegawai)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


# --- Muat ulang ------------------------------------------------------------------------------------


def test_muat_ulang_refreshes_one_pegawai_from_siasn_with_a_service_token(identity, org):
    profile = siasn_profile(org.pegawai.nip, jabatanNama="Pranata Komputer Ahli Madya",
                            unorId="UNOR-X", unorNama="Unit Baru")
    identity.add(org.pegawai.nip, "x", profile)

    pegawai = refresh_pegawai(org.pegawai, aktor=org.direktur)

    assert pegawai.jabatan == "Pranata Komputer Ahli Madya"
    assert pegawai.unit == UnitOrganisasi.objects.get(siasn_id="UNOR-X")
    assert identity.requests[0]["form"]["grant_type"] == "client_credentials"
    assert identity.requests[1]["auth"] == "Bearer service-token"
    log = Riwayat.untuk(pegawai).first()
    assert (log.aksi, log.aktor) == ("pegawai.dimuat_ulang", org.direktur)


def test_muat_ulang_reports_a_failing_siasn(identity, org):
    identity.profile_status = 502
    with pytest.raises(IdentityError) as exc:
        refresh_pegawai(org.pegawai, aktor=org.pegawai)
    assert exc.value.code == "unreachable"


def test_muat_ulang_keeps_the_local_record_in_the_demo(org, settings):
    settings.MYSAPK_BASE_URL = ""
    assert refresh_pegawai(org.pegawai, aktor=org.pegawai) == org.pegawai

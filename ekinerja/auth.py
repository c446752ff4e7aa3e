"""Sign-in through a MySAPK-style identity service, and the SIASN profile ("data utama").

This module is the only caller of the identity API. The protocol (a contract, keep it to the
letter) is Keycloak-compatible OpenID Connect:

    POST {MYSAPK_BASE_URL}/realms/{MYSAPK_REALM}/protocol/openid-connect/token
         grant_type=password, client_id, client_secret, username=<NIP>, password, scope=openid
    GET  {MYSAPK_BASE_URL}/realms/{MYSAPK_REALM}/protocol/openid-connect/userinfo  (Bearer)
    GET  {SIASN_BASE_URL}/pns/data-utama/{nip}                                      (Bearer)

No password is stored. Every failure becomes an IdentityError with its own code; the login form
turns the code into an Indonesian message. With MYSAPK_BASE_URL unset, local Django accounts
are used instead (LocalAccountBackend), so the demo works offline.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import requests
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja import siasn_client, throttle
from ekinerja.actions import get_or_create_instansi
from ekinerja.models import Instansi, KelasJabatan, LoginEvent, Pegawai, Riwayat, UnitOrganisasi
from ekinerja.nip import NIP_RE
from ekinerja.proxies import address_key, client_ip

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

log = logging.getLogger("ekinerja.auth")


class Failure(StrEnum):
    WRONG_PASSWORD = "wrong_password"
    UNKNOWN_NIP = "unknown_nip"
    NO_PROFILE = "no_profile"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    GARBLED = "garbled"
    INACTIVE = "inactive"
    RATE_LIMITED = "rate_limited"


# decisions.md: a wrong password and an unknown NIP share one message (NIPs must not be
# enumerable), which also tells a first-time user how to activate MySAPK.
WRONG_CREDENTIALS = _(
    "NIP atau password salah. Periksa kembali NIP dan password MySAPK Anda. Baru pertama kali "
    "masuk? Lakukan aktivasi akun MySAPK terlebih dahulu melalui aplikasi MySAPK BKN, lalu "
    "login dengan NIP dan password akun tersebut."
)
MESSAGES = {
    Failure.WRONG_PASSWORD: WRONG_CREDENTIALS,
    Failure.UNKNOWN_NIP: WRONG_CREDENTIALS,
    Failure.NO_PROFILE: _(
        "Data kepegawaian NIP ini tidak ditemukan di SIASN, sehingga Anda belum dapat masuk. "
        "Hubungi Admin Instansi Anda."
    ),
    Failure.UNREACHABLE: _(
        "Layanan login MySAPK tidak dapat dihubungi saat ini. Silakan coba beberapa saat lagi."
    ),
    Failure.TIMEOUT: _(
        "Layanan login MySAPK tidak menjawab tepat waktu. Silakan coba beberapa saat lagi."
    ),
    Failure.GARBLED: _(
        "Layanan login MySAPK memberi jawaban yang tidak dapat dibaca. "
        "Silakan coba lagi; bila berulang, hubungi Admin Instansi."
    ),
    Failure.INACTIVE: _("Akun Anda dinonaktifkan di e-Kinerja. Hubungi Admin Instansi."),
    Failure.RATE_LIMITED: _(
        "Terlalu banyak percobaan login yang gagal. Tunggu %(menit)s menit lalu coba lagi."
    ),
}
# Failures that count towards the rate limit: guesses, not outages.
COUNTED_FAILURES = {Failure.WRONG_PASSWORD, Failure.UNKNOWN_NIP}


class IdentityError(Exception):
    def __init__(self, code: Failure, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else str(code))
        self.code = code
        self.detail = detail


def identity_configured() -> bool:
    return bool(settings.MYSAPK_BASE_URL)


def siasn_configured() -> bool:
    return bool(settings.SIASN_BASE_URL)


def _oidc_url(endpoint: str) -> str:
    return (
        f"{settings.MYSAPK_BASE_URL}/realms/{settings.MYSAPK_REALM}"
        f"/protocol/openid-connect/{endpoint}"
    )


def _call(method: str, url: str, **kwargs: Any) -> requests.Response:
    """One HTTP call with timeouts and TLS verification; transport failures become IdentityError."""
    try:
        return requests.request(method, url, timeout=settings.IDENTITY_TIMEOUT, verify=True, **kwargs)
    except requests.Timeout as exc:
        raise IdentityError(Failure.TIMEOUT, f"{method} {url}: {exc}") from exc
    except requests.RequestException as exc:
        raise IdentityError(Failure.UNREACHABLE, f"{method} {url}: {exc}") from exc


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as exc:
        raise IdentityError(Failure.GARBLED, f"{response.url}: not JSON") from exc
    if not isinstance(data, dict):
        raise IdentityError(Failure.GARBLED, f"{response.url}: JSON is not an object")
    return data


def request_token(nip: str, password: str) -> str:
    response = _call(
        "POST",
        _oidc_url("token"),
        data={
            "grant_type": "password",
            "client_id": settings.MYSAPK_CLIENT_ID,
            "client_secret": settings.MYSAPK_CLIENT_SECRET,
            "username": nip,
            "password": password,
            "scope": "openid",
        },
        headers={"Accept": "application/json"},
    )
    if response.status_code in (400, 401):
        data = _json(response)
        description = str(data.get("error_description", "")).lower()
        if data.get("error") == "invalid_grant":
            if "not found" in description or "tidak ditemukan" in description:
                raise IdentityError(Failure.UNKNOWN_NIP, description)
            if "disabled" in description:
                raise IdentityError(Failure.INACTIVE, description)
            raise IdentityError(Failure.WRONG_PASSWORD, description)
        raise IdentityError(Failure.GARBLED, f"token {response.status_code}: {data.get('error')}")
    if response.status_code != 200:
        raise IdentityError(Failure.UNREACHABLE, f"token endpoint answered {response.status_code}")
    token = _json(response).get("access_token")
    if not isinstance(token, str) or not token:
        raise IdentityError(Failure.GARBLED, "token reply has no access_token")
    return token


def request_service_token() -> str:
    """A token for the app itself (client credentials), used by Muat ulang outside a login.
    Cached until shortly before it expires (ekinerja/siasn_client.py)."""
    try:
        return siasn_client.token("sso")
    except siasn_client.SiasnError as exc:
        raise _identity_error(exc) from exc


def request_userinfo(token: str) -> str:
    """The NIP of the token's owner: the `nip` claim, else `preferred_username`."""
    response = _call("GET", _oidc_url("userinfo"), headers=_bearer(token))
    if response.status_code != 200:
        raise IdentityError(Failure.UNREACHABLE, f"userinfo answered {response.status_code}")
    data = _json(response)
    nip = data.get("nip") or data.get("preferred_username")
    if not isinstance(nip, str) or not NIP_RE.match(nip.strip()):
        raise IdentityError(Failure.GARBLED, "userinfo has no valid NIP")
    return nip.strip()


def request_profile(nip: str, token: str) -> dict[str, Any]:
    """SIASN data utama for `nip`; NO_PROFILE when SIASN does not know it. The headers follow
    the SIASN contract (the gateway token too, when configured; a 401 refreshes it once)."""
    if not siasn_configured():
        raise IdentityError(Failure.NO_PROFILE, "SIASN_BASE_URL is not set")
    url = f"{settings.SIASN_BASE_URL}/pns/data-utama/{nip}"
    headers = _siasn_headers(token)
    response = _call("GET", url, headers=headers)
    if response.status_code == 401 and siasn_client.gateway_configured():
        response = _call("GET", url, headers=_siasn_headers(
            token, stale_gateway=siasn_client.gateway_of(headers)))
    return _profile_data(nip, response)


def _siasn_headers(token: str, stale_gateway: str | None = None) -> dict[str, str]:
    try:
        return siasn_client.headers_for(token, stale_gateway=stale_gateway)
    except siasn_client.SiasnError as exc:
        raise _identity_error(exc) from exc


def _profile_data(nip: str, response: requests.Response) -> dict[str, Any]:
    if response.status_code == 404:
        raise IdentityError(Failure.NO_PROFILE, f"SIASN has no data for {nip}")
    if response.status_code != 200:
        raise IdentityError(Failure.UNREACHABLE, f"SIASN answered {response.status_code}")
    data = _json(response).get("data")
    if data is None:
        raise IdentityError(Failure.NO_PROFILE, f"SIASN has no data for {nip}")
    if not isinstance(data, dict):
        raise IdentityError(Failure.GARBLED, "SIASN data is not an object")
    if str(data.get("nipBaru") or nip).strip() != nip:
        raise IdentityError(Failure.GARBLED, "SIASN answered for another NIP")
    return data


def _identity_error(exc: siasn_client.SiasnError) -> IdentityError:
    """A SIASN client failure as the login/Muat ulang failure with the same meaning."""
    code = {
        siasn_client.SiasnError.TIMEOUT: Failure.TIMEOUT,
        siasn_client.SiasnError.GARBLED: Failure.GARBLED,
        siasn_client.SiasnError.NOT_FOUND: Failure.NO_PROFILE,
    }.get(exc.code, Failure.UNREACHABLE)
    return IdentityError(code, exc.detail)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


# --- SIASN profile → our records ----------------------------------------------------------------

ESELON_CLASSES = {
    "10": KelasJabatan.JPT_UTAMA,
    "11": KelasJabatan.JPT_MADYA,
    "12": KelasJabatan.JPT_MADYA,
    "I.A": KelasJabatan.JPT_MADYA,
    "I.B": KelasJabatan.JPT_MADYA,
    "21": KelasJabatan.JPT_PRATAMA,
    "22": KelasJabatan.JPT_PRATAMA,
    "II.A": KelasJabatan.JPT_PRATAMA,
    "II.B": KelasJabatan.JPT_PRATAMA,
    "31": KelasJabatan.ADMINISTRATOR,
    "32": KelasJabatan.ADMINISTRATOR,
    "III.A": KelasJabatan.ADMINISTRATOR,
    "III.B": KelasJabatan.ADMINISTRATOR,
    "41": KelasJabatan.PENGAWAS,
    "42": KelasJabatan.PENGAWAS,
    "IV.A": KelasJabatan.PENGAWAS,
    "IV.B": KelasJabatan.PENGAWAS,
    "51": KelasJabatan.PENGAWAS,
    "52": KelasJabatan.PENGAWAS,
    "V.A": KelasJabatan.PENGAWAS,
    "V.B": KelasJabatan.PENGAWAS,
}


def kelas_from_profile(data: dict[str, Any]) -> str:
    eselon = str(data.get("eselon") or "").strip().upper()
    if eselon in ESELON_CLASSES:
        return ESELON_CLASSES[eselon]
    jenis = str(data.get("jenisJabatan") or "").lower()
    if "fungsional tertentu" in jenis or jenis in {"2", "fungsional"}:
        return KelasJabatan.FUNGSIONAL
    return KelasJabatan.PELAKSANA


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


PROFILE_FIELDS = ["nama", "gelar_depan", "gelar_belakang", "golongan", "pangkat", "jabatan",
                  "kelas_jabatan", "jenis_pegawai", "email", "instansi_id", "unit_id"]


def profile_fields(data: dict[str, Any]) -> dict[str, str]:
    """The Pegawai fields a SIASN data-utama record sets (without instansi and unit). An empty
    email keeps the one on record (the caller decides)."""
    return {
        "nama": _text(data, "nama"),
        "gelar_depan": _text(data, "gelarDepan"),
        "gelar_belakang": _text(data, "gelarBelakang"),
        "golongan": _text(data, "golRuangAkhir"),
        "pangkat": _text(data, "pangkatAkhir"),
        "jabatan": _text(data, "jabatanNama"),
        "kelas_jabatan": kelas_from_profile(data),
        "email": _text(data, "emailGov") or _text(data, "email"),
        "jenis_pegawai": "PPPK" if "PPPK" in _text(data, "jenisPegawaiNama").upper() else "PNS",
    }


def _unit(instansi: Instansi, unor_id: str, nama: str) -> tuple[UnitOrganisasi, bool]:
    """The unit with this SIASN id; else the instansi's one unit of that exact name that has no
    SIASN id yet (a hand-made unit is adopted, not duplicated); else a new one."""
    unit = UnitOrganisasi.objects.filter(siasn_id=unor_id).first()
    if unit is not None:
        return unit, False
    same = list(UnitOrganisasi.objects.filter(instansi=instansi, siasn_id__isnull=True,
                                              nama__iexact=nama.strip())[:2]) if nama else []
    if len(same) == 1:
        UnitOrganisasi.objects.filter(pk=same[0].pk).update(siasn_id=unor_id)
        same[0].siasn_id = unor_id
        return same[0], False
    return UnitOrganisasi.objects.create(instansi=instansi, siasn_id=unor_id,
                                         nama=nama or unor_id), True


@transaction.atomic
def apply_profile(data: dict[str, Any], *, aktor: Pegawai | None = None) -> Pegawai:
    """Create or update the Pegawai, its unit and instansi from a SIASN data-utama record."""
    nip = _text(data, "nipBaru")
    instansi = None
    if _text(data, "instansiKerjaId"):
        instansi, _created = get_or_create_instansi(
            aktor=aktor, siasn_id=_text(data, "instansiKerjaId"),
            defaults={"nama": _text(data, "instansiKerjaNama") or _text(data, "instansiKerjaId")},
        )
    unit = None
    if instansi and _text(data, "unorId"):
        unit, created = _unit(instansi, _text(data, "unorId"), _text(data, "unorNama"))
        induk_id = _text(data, "unorIndukId")
        if created and induk_id and induk_id != unit.siasn_id:
            unit.parent = UnitOrganisasi.objects.filter(siasn_id=induk_id, instansi=instansi).first()
            if unit.parent:
                unit.save(update_fields=["parent"])
    ada: Pegawai | None = Pegawai.objects.select_for_update().filter(nip=nip).first()
    created = ada is None
    pegawai = Pegawai(nip=nip) if ada is None else ada
    if created:
        pegawai.set_unusable_password()
    before = {f: str(getattr(pegawai, f) or "") for f in PROFILE_FIELDS}
    fields = profile_fields(data)
    fields["nama"] = fields["nama"] or pegawai.nama or nip
    fields["email"] = fields["email"] or pegawai.email
    for name, value in fields.items():
        setattr(pegawai, name, value)
    pegawai.instansi = instansi or pegawai.instansi
    pegawai.unit = unit or pegawai.unit
    pns_id = _text(data, "id")
    if pns_id and not Pegawai.objects.filter(siasn_pns_id=pns_id).exclude(nip=nip).exists():
        pegawai.siasn_pns_id = pns_id
    pegawai.siasn_synced_at = timezone.now()
    pegawai.save()
    after = {f: str(getattr(pegawai, f) or "") for f in PROFILE_FIELDS}
    changed = {f: after[f] for f in PROFILE_FIELDS if before[f] != after[f]}
    if changed:
        Riwayat.catat(
            pegawai,
            aktor=aktor,
            aksi="pegawai.dibuat_dari_siasn" if created else "pegawai.dimuat_ulang",
            sebelum=None if created else {f: before[f] for f in changed},
            sesudah=changed,
        )
    return pegawai


def refresh_pegawai(pegawai: Pegawai, *, aktor: Pegawai | None) -> Pegawai:
    """"Muat ulang": re-read one pegawai from SIASN. Without SIASN (demo), the local record stands.

    Raises IdentityError (with a code the caller can show) when SIASN fails.
    """
    if not (identity_configured() and siasn_configured()):
        return pegawai
    client = siasn_client.SiasnClient(siasn_client.Policy.interactive())
    try:
        with client:
            response = client.request("GET", f"/pns/data-utama/{pegawai.nip}")
    except siasn_client.SiasnError as exc:
        raise _identity_error(exc) from exc
    return apply_profile(_profile_data(pegawai.nip, response), aktor=aktor)


REFRESH_MESSAGES: dict[str, StrOrPromise] = {
    Failure.NO_PROFILE: _("Data NIP ini tidak ditemukan di SIASN. Data lama tetap dipakai."),
    Failure.UNREACHABLE: _(
        "SIASN tidak dapat dihubungi saat ini, sehingga data belum dimuat ulang. Data lama tetap "
        "dipakai; silakan coba beberapa saat lagi."
    ),
    Failure.TIMEOUT: _(
        "SIASN tidak menjawab tepat waktu, sehingga data belum dimuat ulang. Data lama tetap "
        "dipakai; silakan coba beberapa saat lagi."
    ),
    Failure.GARBLED: _(
        "Jawaban SIASN tidak dapat dibaca, sehingga data belum dimuat ulang. Data lama tetap "
        "dipakai."
    ),
}


def refresh_failure_message(code: str) -> str:
    """The message for a failed "Muat ulang" (the old snapshot stays)."""
    return str(REFRESH_MESSAGES.get(code, REFRESH_MESSAGES[Failure.UNREACHABLE]))


def failure_message(code: str, **params: Any) -> str:
    message = MESSAGES.get(Failure(code)) if code in Failure.__members__.values() else None
    text = str(message or MESSAGES[Failure.WRONG_PASSWORD])
    return text % params if params else text


class MySapkBackend(BaseBackend):
    """NIP + password checked by the identity service; profile loaded from SIASN."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> Pegawai | None:
        if not identity_configured() or not username or not password:
            return None
        try:
            token = request_token(username, password)
            nip = request_userinfo(token)
            if nip != username:
                raise IdentityError(Failure.GARBLED, "userinfo NIP differs from the login NIP")
            pegawai = apply_profile(request_profile(nip, token))
        except IdentityError as exc:
            log.warning("login failed nip=%s code=%s detail=%s", username, exc.code, exc.detail)
            if request is not None:
                request.login_failure = exc.code  # type: ignore[attr-defined]  # read back by attempt_login
            return None
        if not pegawai.is_active:
            if request is not None:
                request.login_failure = Failure.INACTIVE  # type: ignore[attr-defined]  # read back by attempt_login
            return None
        return pegawai

    def get_user(self, user_id: int) -> Pegawai | None:
        pegawai: Pegawai | None = Pegawai.objects.untuk_sesi().filter(pk=user_id).first()
        return pegawai


class LocalAccountBackend(ModelBackend):
    """Local passwords, used only when no identity service is configured (the offline demo)."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> Pegawai | None:
        if identity_configured():
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and request is not None:
            known = Pegawai.objects.filter(nip=username).first()
            # "Inactive" only to someone who knows the password: it tells that the NIP exists.
            request.login_failure = (  # type: ignore[attr-defined]  # read back by attempt_login
                Failure.UNKNOWN_NIP if known is None
                else Failure.INACTIVE if not known.is_active and known.check_password(password)
                else Failure.WRONG_PASSWORD
            )
        return user

    def get_user(self, user_id: int) -> Pegawai | None:
        """As ModelBackend's, with the unread notification count in the same query."""
        pegawai: Pegawai | None = Pegawai.objects.untuk_sesi().filter(pk=user_id).first()
        return pegawai


# --- One login attempt, throttled (the login view's only entry) ---------------------------------


@dataclass(frozen=True)
class LoginAttempt:
    user: Pegawai | None
    code: str = ""
    message: str = ""


def attempt_login(request: HttpRequest, nip: str, password: str) -> LoginAttempt:
    """Check NIP + password through the backends, inside the throttle (ekinerja/throttle.py).

    The NIP's slot is taken before the identity service is asked, so a burst for one NIP asks
    it at most LOGIN_MAX_FAILURES_PER_NIP times per window. Every attempt is logged (LoginEvent).
    """
    window = float(settings.LOGIN_FAILURE_WINDOW_SECONDS)
    ip = client_ip(request)
    per_ip = throttle.ip_key(address_key(ip))
    slot = throttle.hit(throttle.nip_key(nip), window)
    if slot.jumlah > settings.LOGIN_MAX_FAILURES_PER_NIP:
        menit = max(1, math.ceil(slot.seconds_left(window) / 60))
        _record(nip, ip, Failure.RATE_LIMITED)
        return LoginAttempt(None, Failure.RATE_LIMITED,
                            failure_message(Failure.RATE_LIMITED, menit=menit))
    delay = throttle.ip_delay(throttle.peek(per_ip, window))
    if delay:
        log.warning("login slowed nip=%s ip=%s delay=%.2fs", nip, ip, delay)
        throttle.sleep(delay)
    user = authenticate(request, username=nip, password=password)
    if user is not None:
        throttle.clear(throttle.nip_key(nip))
        _record(nip, ip, "", berhasil=True)
        return LoginAttempt(user)
    code = str(getattr(request, "login_failure", Failure.WRONG_PASSWORD))
    if code in COUNTED_FAILURES:
        throttle.hit(per_ip, window)
    else:  # an outage or a garbled reply is no guess: the NIP gets its slot back
        throttle.give_back(throttle.nip_key(nip))
    _record(nip, ip, code)
    return LoginAttempt(None, code, failure_message(code))


def _record(nip: str, ip: str | None, alasan: str, *, berhasil: bool = False) -> None:
    LoginEvent.objects.create(nip=nip, ip=ip, berhasil=berhasil, alasan=str(alasan))
    if berhasil:
        log.info("login ok nip=%s ip=%s", nip, ip)
    else:
        log.warning("login refused nip=%s ip=%s reason=%s", nip, ip, alasan)

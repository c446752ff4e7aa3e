"""The SIASN web-service client: tokens, headers, timeouts, retries, request rate (issue 14).

The contract, kept to the letter:

* SSO token: the identity service's client-credentials token,
  `POST {MYSAPK_BASE_URL}/realms/{MYSAPK_REALM}/protocol/openid-connect/token`
  (`grant_type=client_credentials`, `client_id`, `client_secret`).
* Gateway token, only when `SIASN_WSO_TOKEN_URL` is set: `POST {SIASN_WSO_TOKEN_URL}`, form
  `grant_type=client_credentials`, HTTP Basic `SIASN_CONSUMER_KEY:SIASN_CONSUMER_SECRET`
  → `{"access_token": "...", "expires_in": 3600}`.
* Every SIASN call then carries `Authorization: Bearer <gateway token>` and
  `Auth: bearer <SSO token>`; without a gateway, `Authorization: Bearer <SSO token>`.
* Both tokens are cached until shortly before they expire (in this process and in the Django
  cache, which several processes share once it is Redis) and fetched again once on a 401.

Calls made for background work (sinkron, kirim hasil) retry with exponential backoff and jitter
on connection failures, timeouts, 429 (honouring Retry-After) and 5xx, and are spaced to at most
`SIASN_RATE_PER_SECOND` per process. A timed-out POST that SIASN may already have stored (a new
result, without an id) is not repeated blindly: it fails as "not certain" for a person to check.
Interactive calls (login, Muat ulang) do not retry: the person waiting gets the message at once.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

log = logging.getLogger("ekinerja.siasn")

# A Retry-After longer than this is not waited for: the call fails and is retried later (tasks).
RETRY_AFTER_MAX = 300.0
DEFAULT_EXPIRES_IN = 300


class SiasnError(Exception):
    """A SIASN call that did not succeed. `code` is one of the codes below; `pesan` is SIASN's
    own message when it gave one; `pasti` is False when SIASN may have done it anyway."""

    UNREACHABLE = "unreachable"  # refused, dropped, or 5xx after the retries
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"  # 429 after the retries
    GARBLED = "garbled"  # not the JSON the contract promises
    NOT_FOUND = "no_profile"  # 404 (data utama: SIASN does not know the NIP)
    REJECTED = "rejected"  # SIASN answered, and said no ({"success": false, "message": ...})
    UNAUTHORIZED = "unauthorized"  # 401 again after fresh tokens, or a token endpoint refusing
    NOT_CONFIGURED = "not_configured"

    def __init__(self, code: str, detail: str = "", *, pesan: str = "", status: int | None = None,
                 pasti: bool = True) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.pesan = pesan
        self.status = status
        self.pasti = pasti


def configured() -> bool:
    """SIASN is used only with both the identity service (the SSO token) and SIASN set."""
    return bool(settings.MYSAPK_BASE_URL and settings.SIASN_BASE_URL)


def gateway_configured() -> bool:
    return bool(settings.SIASN_WSO_TOKEN_URL)


# --- tokens -------------------------------------------------------------------------------------

_memo: dict[str, tuple[str, float]] = {}  # cache key -> (token, fresh until, epoch seconds)
_memo_lock = threading.Lock()
_used_keys: set[str] = set()


def _key(kind: str) -> str:
    if kind == "gateway":
        source = f"{settings.SIASN_WSO_TOKEN_URL}|{settings.SIASN_CONSUMER_KEY}"
    else:
        source = f"{settings.MYSAPK_BASE_URL}|{settings.MYSAPK_REALM}|{settings.MYSAPK_CLIENT_ID}"
    return f"siasn-token:{kind}:{hashlib.sha256(source.encode()).hexdigest()[:24]}"


def _token_reply(response: requests.Response, what: str) -> tuple[str, int]:
    if response.status_code in (400, 401, 403):
        raise SiasnError(SiasnError.UNAUTHORIZED, f"{what} refused: {response.status_code}",
                         status=response.status_code)
    if response.status_code != 200:
        raise SiasnError(SiasnError.UNREACHABLE, f"{what} answered {response.status_code}",
                         status=response.status_code)
    try:
        data = response.json()
    except ValueError as exc:
        raise SiasnError(SiasnError.GARBLED, f"{what}: not JSON") from exc
    token = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise SiasnError(SiasnError.GARBLED, f"{what}: no access_token")
    try:
        expires_in = int(data.get("expires_in") or DEFAULT_EXPIRES_IN)
    except (TypeError, ValueError):
        expires_in = DEFAULT_EXPIRES_IN
    return token, max(expires_in, 1)


def _post_token(url: str, what: str, timeout: tuple[float, float], **kwargs: Any) -> tuple[str, int]:
    try:
        response = requests.post(url, timeout=timeout, headers={"Accept": "application/json"},
                                 **kwargs)
    except requests.Timeout as exc:
        raise SiasnError(SiasnError.TIMEOUT, f"{what}: {exc}") from exc
    except requests.RequestException as exc:
        raise SiasnError(SiasnError.UNREACHABLE, f"{what}: {exc}") from exc
    return _token_reply(response, what)


def fetch_sso_token(timeout: tuple[float, float] | None = None) -> tuple[str, int]:
    """The app's own client-credentials token at the identity service: (token, expires_in)."""
    url = (f"{settings.MYSAPK_BASE_URL}/realms/{settings.MYSAPK_REALM}"
           "/protocol/openid-connect/token")
    return _post_token(url, "SSO token", timeout or settings.IDENTITY_TIMEOUT, data={
        "grant_type": "client_credentials",
        "client_id": settings.MYSAPK_CLIENT_ID,
        "client_secret": settings.MYSAPK_CLIENT_SECRET,
    })


def fetch_gateway_token(timeout: tuple[float, float] | None = None) -> tuple[str, int]:
    """The API gateway's (WSO2) token for this app's consumer key: (token, expires_in)."""
    return _post_token(
        settings.SIASN_WSO_TOKEN_URL, "gateway token", timeout or settings.IDENTITY_TIMEOUT,
        data={"grant_type": "client_credentials"},
        auth=(settings.SIASN_CONSUMER_KEY, settings.SIASN_CONSUMER_SECRET),
    )


def token(kind: str, *, stale: str | None = None, timeout: tuple[float, float] | None = None) -> str:
    """The cached `kind` ("sso" or "gateway") token, fetched when missing or near expiry.

    `stale` is a token SIASN just refused (401): it is not returned again; a newer one another
    thread or process fetched meanwhile is, else a fresh one is fetched.
    """
    key = _key(kind)
    fetch = fetch_gateway_token if kind == "gateway" else fetch_sso_token
    with _memo_lock:
        now = time.time()
        memo = _memo.get(key)
        if memo and memo[0] != stale and memo[1] > now:
            return memo[0]
        shared = cache.get(key)
        if shared and shared[0] != stale and shared[1] > now:
            _memo[key] = shared
            return str(shared[0])
        value, expires_in = fetch(timeout)
        margin = min(settings.SIASN_TOKEN_MARGIN_SECONDS, expires_in // 2)
        entry = (value, now + expires_in - margin)
        _memo[key] = entry
        _used_keys.add(key)
        cache.set(key, entry, timeout=max(expires_in - margin, 1))
        return value


def forget_tokens() -> None:
    """Drop every cached token (tests; a changed configuration)."""
    with _memo_lock:
        _memo.clear()
        cache.delete_many(list(_used_keys))
        _used_keys.clear()


def headers_for(sso_token: str, *, timeout: tuple[float, float] | None = None,
                stale_gateway: str | None = None) -> dict[str, str]:
    """The contract's headers for one SIASN call, given the SSO (or the signed-in user's) token."""
    if gateway_configured():
        gateway = token("gateway", stale=stale_gateway, timeout=timeout)
        return {"Authorization": f"Bearer {gateway}", "Auth": f"bearer {sso_token}",
                "Accept": "application/json"}
    return {"Authorization": f"Bearer {sso_token}", "Accept": "application/json"}


def gateway_of(headers: dict[str, str]) -> str | None:
    """The gateway token these headers carry (None without a gateway)."""
    if "Auth" not in headers:
        return None
    return headers["Authorization"].removeprefix("Bearer ")


# --- request rate ------------------------------------------------------------------------------


class RateLimiter:
    """At most `rate` calls per second from this process, evenly spaced, shared by its threads.
    A rate of 0 (or less) means no limit."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = time.monotonic()
        self._lock = threading.Lock()

    def wait(self, sleep: Callable[[float], None] = time.sleep) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(self._next, now)
            self._next = slot + self.interval
        if slot > now:
            sleep(slot - now)


_limiters: dict[float, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter(rate: float) -> RateLimiter:
    with _limiters_lock:
        if rate not in _limiters:
            _limiters[rate] = RateLimiter(rate)
        return _limiters[rate]


# --- the client ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    timeout: tuple[float, float]
    retries: int
    backoff: float
    backoff_max: float
    rate: float

    @classmethod
    def background(cls) -> Policy:
        return cls(timeout=settings.SIASN_TIMEOUT, retries=settings.SIASN_MAX_RETRIES,
                   backoff=settings.SIASN_BACKOFF_SECONDS,
                   backoff_max=settings.SIASN_BACKOFF_MAX_SECONDS,
                   rate=settings.SIASN_RATE_PER_SECOND)

    @classmethod
    def interactive(cls) -> Policy:
        return cls(timeout=settings.IDENTITY_TIMEOUT, retries=0, backoff=0.0, backoff_max=0.0,
                   rate=0.0)


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached SIASN (no connection was made)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)


def retry_after(response: requests.Response) -> float | None:
    """Retry-After as seconds (a number, or an HTTP date); None when absent or unreadable."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        for key in ("message", "error_description", "error", "data"):
            if isinstance(data.get(key), str) and data[key]:
                return str(data[key])
    return ""


class SiasnClient:
    """One client per job (or per call): its own keep-alive sessions, one per thread."""

    def __init__(self, policy: Policy | None = None, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not configured():
            raise SiasnError(SiasnError.NOT_CONFIGURED,
                             "MYSAPK_BASE_URL and SIASN_BASE_URL must be set")
        self.policy = policy or Policy.background()
        self.sleep = sleep
        self.base = settings.SIASN_BASE_URL
        self.limiter = limiter(self.policy.rate)
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self.calls = 0

    # sessions

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def __enter__(self) -> SiasnClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the one request path

    def _headers(self, stale: dict[str, str] | None) -> dict[str, str]:
        stale_sso = stale_gw = None
        if stale is not None:
            auth = stale.get("Auth") or stale["Authorization"]
            stale_sso = auth.split(" ", 1)[1]
            stale_gw = gateway_of(stale)
        sso = token("sso", stale=stale_sso, timeout=self.policy.timeout)
        return headers_for(sso, timeout=self.policy.timeout, stale_gateway=stale_gw)

    def _delay(self, attempt: int) -> float:
        base = min(self.policy.backoff_max, self.policy.backoff * (2.0 ** attempt))
        return base * random.uniform(0.5, 1.0)

    def request(self, method: str, path: str, *, safe: bool | None = None,
                **kwargs: Any) -> requests.Response:
        """Send one call; retry what may be retried; return any answer that is not 401/429/5xx.

        `safe`: may a timed-out call be repeated? True for reads and for updates with an id.
        """
        safe = method.upper() == "GET" if safe is None else safe
        url = f"{self.base}{path}"
        attempt, refreshed, stale = 0, False, None
        while True:
            headers = self._retrying_tokens(self._headers, stale)
            stale = None
            self.limiter.wait(self.sleep)
            wait: float | None = None
            self.calls += 1
            try:
                response = self.session.request(method, url, headers=headers,
                                                timeout=self.policy.timeout, **kwargs)
            except requests.Timeout as exc:
                sent = not _never_sent(exc)
                error = SiasnError(SiasnError.TIMEOUT, f"{method} {path}: {exc}",
                                   pasti=safe or not sent)
                retryable = safe or not sent
            except requests.RequestException as exc:
                sent = not _never_sent(exc)
                error = SiasnError(SiasnError.UNREACHABLE, f"{method} {path}: {exc}",
                                   pasti=safe or not sent)
                retryable = safe or not sent
            else:
                status = response.status_code
                if status == 401 and not refreshed:
                    refreshed, stale = True, headers  # fetch fresh tokens once, and try again
                    continue
                if status == 401:
                    raise SiasnError(SiasnError.UNAUTHORIZED, f"{method} {path}: 401 twice",
                                     status=401, pesan=_message(response))
                if status != 429 and status < 500:
                    return response
                wait = retry_after(response)
                error = SiasnError(
                    SiasnError.RATE_LIMITED if status == 429 else SiasnError.UNREACHABLE,
                    f"{method} {path}: {status}", status=status, pesan=_message(response),
                )
                retryable = True
                response.close()
            if not retryable or attempt >= self.policy.retries:
                raise error
            delay = self._delay(attempt)
            if wait is not None:
                if wait > RETRY_AFTER_MAX:
                    raise error
                delay = max(delay, wait)
            log.info("SIASN %s %s: %s; retry %s in %.2fs", method, path, error.code,
                     attempt + 1, delay)
            self.sleep(delay)
            attempt += 1

    def _retrying_tokens(self, get: Callable[[dict[str, str] | None], dict[str, str]],
                         stale: dict[str, str] | None) -> dict[str, str]:
        """Token endpoints get the same retry policy for outages; a refusal is final."""
        attempt = 0
        while True:
            try:
                return get(stale)
            except SiasnError as exc:
                if exc.code not in (SiasnError.UNREACHABLE, SiasnError.TIMEOUT) \
                        or attempt >= self.policy.retries:
                    raise
            self.sleep(self._delay(attempt))
            attempt += 1

    # the contract's calls

    def _json(self, response: requests.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:
            raise SiasnError(SiasnError.GARBLED, f"{response.url}: not JSON",
                             status=response.status_code) from exc
        if not isinstance(data, dict):
            raise SiasnError(SiasnError.GARBLED, f"{response.url}: JSON is not an object",
                             status=response.status_code)
        return data

    def _ok(self, response: requests.Response) -> dict[str, Any]:
        if response.status_code >= 400:
            raise SiasnError(SiasnError.REJECTED, f"{response.url}: {response.status_code}",
                             status=response.status_code, pesan=_message(response))
        return self._json(response)

    def ref_unor(self) -> list[Any]:
        """`GET /referensi/ref-unor` → the rows of `data` (each checked by the caller)."""
        data = self._ok(self.request("GET", "/referensi/ref-unor")).get("data")
        if not isinstance(data, list):
            raise SiasnError(SiasnError.GARBLED, "ref-unor: data is not a list")
        return data

    def data_utama(self, nip: str) -> dict[str, Any]:
        """`GET /pns/data-utama/{nip}` → the `data` object. NOT_FOUND when SIASN does not
        know the NIP; GARBLED when the answer is not the contract's shape."""
        response = self.request("GET", f"/pns/data-utama/{nip}")
        if response.status_code == 404:
            raise SiasnError(SiasnError.NOT_FOUND, f"SIASN has no data for {nip}", status=404)
        body = self._ok(response)
        data = body.get("data")
        if data is None:
            raise SiasnError(SiasnError.NOT_FOUND, f"SIASN has no data for {nip}")
        if not isinstance(data, dict):
            raise SiasnError(SiasnError.GARBLED, "data utama is not an object")
        return data

    def upload_dok(self, content: bytes, filename: str, id_ref_dokumen: str) -> dict[str, Any]:
        """`POST /upload-dok`, multipart `file` + `id_ref_dokumen` → the `data` object (dok_id,
        dok_nama, dok_uri, object, slug). A repeated upload only leaves a spare copy, so safe."""
        response = self.request(
            "POST", "/upload-dok", safe=True,
            files={"file": (filename, content, "application/pdf")},
            data={"id_ref_dokumen": str(id_ref_dokumen)},
        )
        data = self._ok(response).get("data")
        if not isinstance(data, dict) or not data.get("dok_id"):
            raise SiasnError(SiasnError.GARBLED, "upload-dok: no data.dok_id")
        return data

    def save(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """`POST kinerjaperiodik/save` or `skp22/save` → `mapData`. An update (payload with an
        id) may be repeated after a timeout; a new record may not (SIASN could store it twice)."""
        response = self.request("POST", path, json=payload, safe=payload.get("id") is not None)
        if response.status_code >= 400:
            raise SiasnError(SiasnError.REJECTED, f"{path}: {response.status_code}",
                             status=response.status_code, pesan=_message(response))
        body = self._json(response)
        if body.get("success") is not True:
            raise SiasnError(SiasnError.REJECTED, f"{path}: success is not true",
                             status=response.status_code,
                             pesan=str(body.get("message") or _message(response) or ""))
        map_data = body.get("mapData")
        if not isinstance(map_data, dict):
            raise SiasnError(SiasnError.GARBLED, f"{path}: no mapData")
        return map_data

"""A loopback identity service speaking the MySAPK/Keycloak + SIASN protocol (the contract).

Tests drive the real `requests` code in ekinerja/auth.py against it; nothing is mocked.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

REALM = "uji-siasn"
CLIENT_ID = "ekinerja-uji"
CLIENT_SECRET = "rahasia-klien"


@dataclass
class Account:
    nip: str
    password: str
    profile: dict[str, Any] | None  # SIASN data utama; None = SIASN has no record


@dataclass
class IdentityServer:
    server: HTTPServer
    accounts: dict[str, Account] = field(default_factory=dict)
    # Knobs a test turns to make the service misbehave.
    token_status: int | None = None
    token_body: str | None = None
    delay: float = 0.0
    profile_status: int | None = None
    profile_body: str | None = None
    userinfo_nip: str | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/auth").rstrip("/")

    @property
    def siasn_url(self) -> str:
        return self.server.url_for("/siasn").rstrip("/")

    def add(self, nip: str, password: str, profile: dict[str, Any] | None) -> Account:
        account = Account(nip, password, profile)
        self.accounts[nip] = account
        return account

    def install(self) -> None:
        prefix = f"/auth/realms/{REALM}/protocol/openid-connect"
        self.server.expect_request(f"{prefix}/token", method="POST").respond_with_handler(
            self._token
        )
        self.server.expect_request(f"{prefix}/userinfo", method="GET").respond_with_handler(
            self._userinfo
        )
        self.server.expect_request(
            __import__("re").compile(r"^/siasn/pns/data-utama/\d+$"), method="GET"
        ).respond_with_handler(self._profile)

    # --- handlers ---------------------------------------------------------------------------

    def _json(self, data: Any, status: int = 200) -> Response:
        return Response(json.dumps(data), status=status, content_type="application/json")

    def _token(self, request: Request) -> Response:
        form = {k: v[0] for k, v in parse_qs(request.get_data(as_text=True)).items()}
        self.requests.append({"endpoint": "token", "form": form})
        if self.delay:
            time.sleep(self.delay)
        if self.token_status is not None:
            return Response(self.token_body or "", status=self.token_status,
                            content_type="application/json")
        if self.token_body is not None:
            return Response(self.token_body, status=200, content_type="application/json")
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self._json({"error": "unauthorized_client"}, 401)
        if form.get("grant_type") == "client_credentials":
            return self._json({"access_token": "service-token", "token_type": "Bearer"})
        account = self.accounts.get(form.get("username", ""))
        if (
            form.get("grant_type") != "password"
            or form.get("scope") != "openid"
            or account is None
            or account.password != form.get("password")
        ):
            return self._json(
                {"error": "invalid_grant", "error_description": "Invalid user credentials"}, 401
            )
        return self._json({"access_token": f"token-{account.nip}", "token_type": "Bearer",
                           "expires_in": 300})

    def _nip_from_bearer(self, request: Request) -> str | None:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        token = auth.removeprefix("Bearer ")
        if token == "service-token":
            return "service"
        return token.removeprefix("token-") if token.startswith("token-") else None

    def _userinfo(self, request: Request) -> Response:
        nip = self._nip_from_bearer(request)
        self.requests.append({"endpoint": "userinfo", "nip": nip})
        if nip is None:
            return self._json({"error": "invalid_token"}, 401)
        claims = {"sub": f"uuid-{nip}", "preferred_username": self.userinfo_nip or nip}
        return self._json(claims)

    def _profile(self, request: Request) -> Response:
        nip = request.path.rsplit("/", 1)[-1]
        self.requests.append({"endpoint": "profile", "nip": nip,
                              "auth": request.headers.get("Authorization")})
        if self._nip_from_bearer(request) is None:
            return self._json({"error": "invalid_token"}, 401)
        if self.profile_status is not None:
            return Response(self.profile_body or "", status=self.profile_status,
                            content_type="application/json")
        if self.profile_body is not None:
            return Response(self.profile_body, status=200, content_type="application/json")
        account = self.accounts.get(nip)
        if account is None or account.profile is None:
            return self._json({"success": False, "data": "Data tidak ditemukan"}, 404)
        return self._json({"success": True, "data": account.profile})


def siasn_profile(nip: str, **overrides: Any) -> dict[str, Any]:
    """A SIASN data-utama record with the fields the contract names."""
    data = {
        "nipBaru": nip,
        "nama": "SITI RAHAYU",
        "gelarDepan": None,
        "gelarBelakang": "S.Kom.",
        "golRuangAkhir": "III/c",
        "pangkatAkhir": "Penata",
        "jabatanNama": "Pranata Komputer Ahli Muda",
        "jenisJabatan": "Jabatan Fungsional Tertentu",
        "eselon": None,
        "unorId": "UNOR-DIT-1",
        "unorNama": "Direktorat Sistem Informasi",
        "unorIndukId": "UNOR-DEP-1",
        "instansiKerjaId": "INST-1",
        "instansiKerjaNama": "Badan Kepegawaian Contoh",
        "jenisPegawaiNama": "PNS",
    }
    data.update(overrides)
    return data

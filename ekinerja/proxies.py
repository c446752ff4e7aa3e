"""Who is really asking: the client address behind the reverse proxies we trust.

`X-Forwarded-For` (and an incoming `X-Request-ID`) is believed only when the direct peer
(REMOTE_ADDR) is one of settings.TRUSTED_PROXIES (addresses or networks, e.g. "10.0.0.0/8").
Anyone else could write any address there, so from anyone else the header is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def from_trusted_proxy(request: HttpRequest) -> bool:
    return _trusted(request.META.get("REMOTE_ADDR", ""))


def client_ip(request: HttpRequest) -> str | None:
    """The nearest address not ours: REMOTE_ADDR, or, when that is a trusted proxy, the
    right-most X-Forwarded-For entry that is not a trusted proxy itself."""
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _trusted(remote):
        return remote
    hops: list[str] = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a garbled chain: fall back to the proxy itself
        if not _trusted(hop):
            return hop
    return remote


def address_key(address: str | None) -> str:
    """The unit a per-address limit counts: the IPv4 address, or the IPv6 /64 (one subscriber
    usually holds a whole /64, so counting single IPv6 addresses would be no limit at all)."""
    if not address:
        return "-"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)

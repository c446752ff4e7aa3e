"""Login throttling counters: atomic, shared by every worker, on PostgreSQL and SQLite alike.

Each counter is one row changed by a single `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`
statement, so N concurrent requests get the values 1..N: there is no count-then-check race.
A counter's window starts at its first count and restarts once it has passed.

The policy (ekinerja/auth.py, attempt_login) uses two kinds of counter:
- `nip:<NIP>`: attempts for one NIP, taken *before* the identity service is asked; past
  LOGIN_MAX_FAILURES_PER_NIP the attempt is refused unasked. A success clears it; an outage
  gives its slot back.
- `ip:<address>`: failed guesses from one client address (IPv6: its /64). Past
  LOGIN_MAX_FAILURES_PER_IP every further attempt from there waits before it is answered,
  doubling per failure up to LOGIN_IP_DELAY_MAX_SECONDS: guessing slows down, but a right
  password from the same address (a colleague behind the same NAT or proxy) still gets in.

With Redis (REDIS_URL, ekinerja/redis_cadangan.py) the counters live there instead, one hash per
counter changed by one Lua script (atomic in Redis as the upsert is in PostgreSQL), expiring a
minute after its window. When Redis cannot be reached each call counts in the database as above:
the throttle never stops working, it only starts counting afresh in the other store.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from redis.exceptions import RedisError

from ekinerja import redis_cadangan
from ekinerja.models import LoginCounter

# The clock and the pause, as names tests can point at their own (tests never wait for real).
now = time.time
sleep = time.sleep


@dataclass(frozen=True)
class Count:
    jumlah: int
    mulai: float

    def seconds_left(self, window: float) -> float:
        return max(0.0, self.mulai + window - now())


def _table() -> str:
    return connection.ops.quote_name(LoginCounter._meta.db_table)


# KEYS[1] the counter's hash; ARGV now, window, expiry seconds. Returns {jumlah, mulai as text}.
_HIT = """
local mulai = tonumber(redis.call('HGET', KEYS[1], 'mulai'))
if mulai == nil or mulai < tonumber(ARGV[1]) - tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'jumlah', 1, 'mulai', ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return {1, ARGV[1]}
end
return {redis.call('HINCRBY', KEYS[1], 'jumlah', 1), redis.call('HGET', KEYS[1], 'mulai')}
"""
_GIVE_BACK = """
if tonumber(redis.call('HGET', KEYS[1], 'jumlah') or '0') > 0 then
  redis.call('HINCRBY', KEYS[1], 'jumlah', -1)
end
"""


def _redis_key(kunci: str) -> str:
    return redis_cadangan.kunci(f"throttle:{kunci}")


def hit(kunci: str, window: float) -> Count:
    """Add one to `kunci` (a fresh window once the old one has passed); the new count."""
    r = redis_cadangan.klien()
    if r is not None:
        try:
            jumlah, mulai = r.eval(_HIT, 1, _redis_key(kunci), repr(now()), repr(float(window)),
                                   int(window) + 60)
            return Count(int(jumlah), float(mulai))
        except RedisError as exc:
            redis_cadangan.gagal(exc)
    t, at = _table(), now()
    sql = (
        f"INSERT INTO {t} (kunci, jumlah, mulai) VALUES (%s, 1, %s) "  # noqa: S608 (table name)
        f"ON CONFLICT (kunci) DO UPDATE SET "
        f"jumlah = CASE WHEN {t}.mulai < %s THEN 1 ELSE {t}.jumlah + 1 END, "
        f"mulai = CASE WHEN {t}.mulai < %s THEN %s ELSE {t}.mulai END "
        f"RETURNING jumlah, mulai"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [kunci, at, at - window, at - window, at])
        jumlah, mulai = cursor.fetchone()
    return Count(int(jumlah), float(mulai))


def peek(kunci: str, window: float) -> int:
    """The current count of `kunci` inside its window (0 when none or passed)."""
    r = redis_cadangan.klien()
    if r is not None:
        try:
            jumlah, mulai = r.hmget(_redis_key(kunci), ["jumlah", "mulai"])
            return int(jumlah) if mulai is not None and float(mulai) >= now() - window else 0
        except RedisError as exc:
            redis_cadangan.gagal(exc)
    row = LoginCounter.objects.filter(kunci=kunci, mulai__gte=now() - window).values_list(
        "jumlah", flat=True).first()
    return int(row or 0)


def give_back(kunci: str) -> None:
    """Return one count (an attempt that turned out not to be a guess, e.g. an outage)."""
    r = redis_cadangan.klien()
    if r is not None:
        try:
            r.eval(_GIVE_BACK, 1, _redis_key(kunci))
            return
        except RedisError as exc:
            redis_cadangan.gagal(exc)
    LoginCounter.objects.filter(kunci=kunci, jumlah__gt=0).update(jumlah=F("jumlah") - 1)


def clear(kunci: str) -> None:
    r = redis_cadangan.klien()
    if r is not None:
        try:
            r.delete(_redis_key(kunci))
        except RedisError as exc:
            redis_cadangan.gagal(exc)
    # The database too: counts made there during an outage must not outlive a success.
    LoginCounter.objects.filter(kunci=kunci).delete()


def nip_key(nip: str) -> str:
    return f"nip:{nip}"


def ip_key(address: str) -> str:
    return f"ip:{address}"


def ip_delay(failures: int) -> float:
    """Seconds to wait before answering an address with `failures` failed guesses in its window."""
    excess = failures - settings.LOGIN_MAX_FAILURES_PER_IP
    if excess < 0:
        return 0.0
    return float(min(settings.LOGIN_IP_DELAY_MAX_SECONDS,
                     settings.LOGIN_IP_DELAY_SECONDS * (2 ** min(excess, 30))))

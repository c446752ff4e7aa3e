"""Parsing raw request values that no form field covers: ids, numbers, dates, the way back.

Every value a browser sends for an id, a page number or a date is plain ASCII. Anything else
(``"²³"`` passes ``str.isdigit()`` and fails ``int()``; ``"١٢٣"`` passes ``int()``; a 5000-digit
number fails ``int()``; ``2**70`` overflows a bigint) is "not given": the caller answers with
its ordinary message or a 404, never a 500.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# A primary key (BigAutoField) and any count the pages use fit in PostgreSQL's bigint.
BIGINT_MAX = 2**63 - 1

_INT = re.compile(r"-?[0-9]{1,19}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_int(value: object, *, minimum: int = -BIGINT_MAX, maximum: int = BIGINT_MAX) -> int | None:
    """ASCII decimal digits (an optional leading minus, surrounding spaces allowed) within
    [minimum, maximum]; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    match = _INT.fullmatch(str(value).strip())
    if match is None:
        return None
    number = int(match.group())
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A primary key as a browser sends it: a positive bigint in ASCII digits, else None."""
    return parse_int(value, minimum=1)


def parse_ids(values: Iterable[object]) -> list[int]:
    """The ids among `values`, in order, each once; the rest dropped."""
    ids = (parse_id(v) for v in values)
    return list(dict.fromkeys(i for i in ids if i is not None))


def parse_date(value: object) -> dt.date | None:
    """YYYY-MM-DD (what ``<input type="date">`` sends) as a real calendar date, else None."""
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:  # 2026-02-30, month 13, year 0
        return None


def parse_month(value: object, *, first_year: int = 1, last_year: int = 9999) -> tuple[int, int] | None:
    """YYYY-MM (what ``<input type="month">`` sends) as (year, month), else None."""
    match = _MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    return (year, month) if 1 <= month <= 12 and first_year <= year <= last_year else None


def parse_next(value: object, request: HttpRequest) -> str:
    """Where to go back to after a form ("next"): a path on this site ("/skp/12/"), else "".

    A bare word is not a path: Django's ``redirect("שלום")`` would look it up as a view name and
    fail with a 500; another host or scheme would be an open redirect.
    """
    if not isinstance(value, str) or not value.startswith("/"):
        return ""
    allowed = url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                              require_https=request.is_secure())
    return value if allowed else ""

"""A request id for every request: in each log record, in the `X-Request-ID` response header and
on the error pages, so a user can quote it and an operator can find the traceback.

An incoming `X-Request-ID` is kept only from a trusted proxy (settings.TRUSTED_PROXIES) and only
when it looks like an id; otherwise a new one is made.
"""

from __future__ import annotations

import contextvars
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from ekinerja.proxies import from_trusted_proxy

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{6,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current() -> str:
    """The id of the request this thread is serving ("-" outside a request)."""
    return _current.get()


def new_id() -> str:
    return secrets.token_hex(8)


class RequestIdMiddleware:
    """First in MIDDLEWARE, so everything below (views, other middleware, Django's own
    "Internal Server Error" log) runs with the id set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        rid = incoming if incoming and _VALID.match(incoming) and from_trusted_proxy(request) \
            else new_id()
        request.request_id = rid  # type: ignore[attr-defined]  # read by views and error pages
        token = _current.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = rid
        return response


_base_factory = logging.getLogRecordFactory()


def _record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    record.request_id = _current.get()
    return record


def install_log_records() -> None:
    """Every log record carries `request_id` (for the formatter and for tests reading records)."""
    if logging.getLogRecordFactory() is not _record_factory:
        logging.setLogRecordFactory(_record_factory)


class RequestIdFilter(logging.Filter):
    """For handlers: make sure `request_id` is there even on records made before set-up."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True

from __future__ import annotations

from collections.abc import Callable

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class HtmxMessagesMiddleware:
    """Append pending messages to htmx responses as an out-of-band swap of #messages.

    Full pages render messages from base.html; an htmx swap would otherwise leave them queued.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or "HX-Redirect" in response.headers:
            return response
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        if 300 <= response.status_code < 400:
            return response
        storage = get_messages(request)
        if not len(storage):  # noqa: PLC1802 (storage has no __bool__)
            return response
        response.content += render_to_string(
            "base.html#messages", {"messages": storage, "oob": True}, request=request
        ).encode(response.charset)
        return response

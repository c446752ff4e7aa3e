"""Responses shared by the SKP pages: dialog forms, fragment swaps, back to the SKP."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from skp.models import (
    Skp,
    SkpTerkunci,
)

# --- responses --------------------------------------------------------------------------------


def form_response(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    action: str,
    cancel_url: str,
    submit_label: str = "OK",
    intro: str = "",
    note: str = "",
    danger: bool = False,
    blocked: bool = False,
    lines: list[str] | None = None,
    missing: list[str] | None = None,
    warnings: list[str] | None = None,
) -> HttpResponse:
    """A form as a dialog body (htmx) or as a full page (no JavaScript)."""
    context = {
        "form": form,
        "title": title,
        "action": action,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        "intro": intro,
        "note": note,
        "danger": danger,
        "blocked": blocked,
        "lines": lines or [],
        "missing": missing or [],
        "warnings": warnings or [],
        "in_dialog": bool(request.htmx),
    }
    template = "skp/form.html#form" if request.htmx else "skp/form.html"
    return render(request, template, context)


def swap(
    request: HttpRequest, template: str, context: dict, target: str, fallback: str
) -> HttpResponse:
    """After a change: the changed fragment for htmx (and close the dialog), else a redirect."""
    if not request.htmx:
        return redirect(fallback)
    response = render(request, template, context)
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = "skp-dialog-close"
    return response


def back_to_detail(request: HttpRequest, skp: Skp | int, message: str) -> HttpResponse:
    messages.error(request, message)
    url = reverse("skp:detail", args=[getattr(skp, "pk", skp)])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def refused_when_locked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A plan change that found the SKP no longer a draft (it was submitted or approved while
    the form was open: the model's row lock decides) goes back to the SKP page with the reason."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except SkpTerkunci as exc:
            return back_to_detail(request, pk, str(exc))

    return wrapped



def detail_url(skp: Skp, anchor: str = "") -> str:
    return reverse("skp:detail", args=[skp.pk]) + (f"#{anchor}" if anchor else "")

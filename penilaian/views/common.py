"""What every penilaian page shares: method decorators, the form page and refusals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest

GET_POST = require_http_methods(["GET", "POST"])
GET = require_http_methods(["GET"])


def _done(request: AuthedHttpRequest, url: str) -> HttpResponse:
    """After a change without htmx: back to the page (POST/redirect/GET)."""
    return redirect(url)


def _form_page(request: AuthedHttpRequest, form: BaseForm, *, title: str, action: str, cancel: str,
               intro: str = "", status: int = 200, hx_target: str = "") -> HttpResponse:
    """The form as a page; for htmx only the form, posting back into `hx_target` (the inline
    container it was loaded into; Close restores that container from the `cancel` page)."""
    template = "penilaian/form.html#form" if request.htmx else "penilaian/form.html"
    return render(request, template, {
        "form": form, "title": title, "action": action, "cancel": cancel, "intro": intro,
        "hx_target": hx_target if request.htmx else "",
    }, status=status)


def _refused(request: AuthedHttpRequest, exc: Exception, url: str) -> HttpResponse:
    """A refusal (deadline passed, not allowed): the message, then the page again."""
    messages.error(request, str(exc))
    return _to(request, url)


def _to(request: AuthedHttpRequest, url: str) -> HttpResponse:
    """To another page: for htmx the browser goes there (HX-Redirect), else a redirect."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _show_errors(form: BaseForm, exc: Ditolak | ValidationError) -> None:
    """A refusal or the model's validation error on the form: each message beside its field
    when the form has that field, else above the form."""
    if isinstance(exc, ValidationError):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, str(exc))


def _first_error(form: BaseForm, exc: Ditolak | ValidationError) -> None:
    """A refusal or the model's validation error as one message above the form."""
    form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))

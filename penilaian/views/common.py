"""What every penilaian page shares: method decorators, the form page and refusals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from ekinerja.exceptions import Ditolak
from ekinerja.htmx import done, render_form
from ekinerja.http import AuthedHttpRequest

GET_POST = require_http_methods(["GET", "POST"])
GET = require_http_methods(["GET"])


def _done(request: AuthedHttpRequest, url: str) -> HttpResponse:
    """After a change without htmx: back to the page (POST/redirect/GET)."""
    return redirect(url)


def _form_page(request: AuthedHttpRequest, form: BaseForm, *, title: str, action: str,
               cancel: str, intro: str = "", hx_target: str = "") -> HttpResponse:
    """The shared form (ekinerja.htmx.render_form) with penilaian's head. For htmx only the form,
    posting back into `hx_target` (the inline container it was loaded into; Close restores it
    from the `cancel` page); without `hx_target` the bare form."""
    return render_form(request, form, title=title, action=action, cancel_url=cancel,
                       target=hx_target, head="penilaian/_head.html", intro=intro)


def _refused(request: AuthedHttpRequest, exc: Exception, url: str) -> HttpResponse:
    """A refusal (deadline passed, not allowed): the message, then the page again."""
    messages.error(request, str(exc))
    return done(request, url)



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

"""The form step every SKP edit view shares: validate, let the model act, answer."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse

from ekinerja import formulir, htmx
from ekinerja.http import AuthedHttpRequest
from skp.views._akses import HEAD


def save_form(
    request: AuthedHttpRequest,
    form: BaseForm,
    act: Callable[[], object],
    *,
    success: str,
    after: Callable[[], HttpResponse],
    once: bool = False,
) -> HttpResponse | None:
    """On a valid POST, `act` (a model method) runs: `success` is said and `after()` answers.
    None when the form is to be drawn (again): a GET, an invalid form, or a ValidationError
    from the model, which lands on the form. `once`: a create form, taken once
    (ekinerja.formulir); a repeated submission answers like the first without a second row."""
    if request.method != "POST" or not form.is_valid():
        return None
    guard: AbstractContextManager[object] = formulir.sekali(request) if once else nullcontext()
    try:
        with guard:
            act()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    except formulir.SudahDikirim:
        return after()
    messages.success(request, success)
    return after()


def render_form(request: AuthedHttpRequest, form: BaseForm, **context: Any) -> HttpResponse:
    """ekinerja.htmx.render_form with the SKP pages' head (stylesheet and dialog script)."""
    return htmx.render_form(request, form, head=HEAD, **context)

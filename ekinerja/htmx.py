"""The htmx answers every view gives, built on django-htmx's response helpers.

A form view does three things; each has one helper here:

    form = RhkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        skp.add_rhk(aktor=request.user, **form.cleaned_data)
        return swap(request, "skp/detail.html#rhk", context, target="#rhk", fallback=url)
    return render_form(request, form, title=_("Tambah RHK"), action=..., cancel_url=url,
                       head="skp/_head.html")

- `render_form`: the form in templates/partials/form.html; for htmx only its #form partial,
  posting back into the dialog of templates/partials/dialog.html (or an inline container).
  An invalid form comes back the same way, with its errors, status 200.
- `swap`: after a change, htmx gets the changed fragment put over `target` and the dialog
  closed; without JavaScript, a redirect (POST/redirect/GET).
- `done`: after a change that leaves the page, a client redirect for htmx, else a redirect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

if TYPE_CHECKING:
    from django.forms import BaseForm
    from django.http import HttpResponse

    from ekinerja.http import HtmxHttpRequest

FORM_TEMPLATE = "partials/form.html"
# The body of templates/partials/dialog.html, and the event static/js/skp.js closes it on.
DIALOG_BODY = "#skp-dialog-body"
DIALOG_CLOSE = "skp-dialog-close"


def render_form(
    request: HtmxHttpRequest,
    form: BaseForm,
    *,
    title: str,
    action: str,
    cancel_url: str,
    target: str = DIALOG_BODY,
    template: str = FORM_TEMPLATE,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """A form as a dialog body or inline block (htmx, posting back into `target`), else as a
    full page. `context` adds the template's optional keys (head, intro, lines, danger, ...)."""
    context.update(form=form, title=title, action=action, cancel_url=cancel_url)
    if request.htmx:
        context.update(hx_target=target, in_dialog=target == DIALOG_BODY)
        template = f"{template}#form"
    return render(request, template, context, status=status)


def swap(
    request: HtmxHttpRequest, template: str, context: dict[str, Any], *, target: str, fallback: str
) -> HttpResponse:
    """After a change: the changed fragment replaces `target` and the dialog closes (htmx),
    else a redirect to `fallback`."""
    if not request.htmx:
        return redirect(fallback)
    response = reswap(retarget(render(request, template, context), target), "outerHTML")
    # The plain event name, not trigger_client_event's JSON form: htmx reads both the same, and
    # the views' tests pin this header's text.
    response["HX-Trigger"] = DIALOG_CLOSE
    return response


def done(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """After a change that leaves this page: the browser goes to `url` (htmx or not)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)

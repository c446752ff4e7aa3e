"""Manajemen Periode (admin instansi)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.htmx import swap
from ekinerja.http import AuthedHttpRequest
from penilaian import forms as f
from penilaian.models import (
    PeriodePenilaian,
)
from penilaian.views.akses import _admin_instansi
from penilaian.views.common import GET_POST, _form_page


def _isi(instansi_id: int, form: f.PeriodeForm | None = None) -> dict[str, Any]:
    # Query: the periods of the admin's instansi.
    rows = PeriodePenilaian.objects.filter(instansi_id=instansi_id)
    return {"rows": rows, "form": form or f.PeriodeForm()}


def _periode_isi(request: AuthedHttpRequest, instansi_id: int,
                 form: f.PeriodeForm | None = None) -> HttpResponse:
    template = "penilaian/periode.html#isi" if request.htmx else "penilaian/periode.html"
    return render(request, template, _isi(instansi_id, form))


@vary_on_headers("HX-Request")
@GET_POST
def periode_list(request: AuthedHttpRequest) -> HttpResponse:
    instansi_id = _admin_instansi(request)
    form: f.PeriodeForm | None = f.PeriodeForm(request.POST or None)
    assert form is not None
    form.instance.instansi_id = instansi_id
    if request.method == "POST":
        try:
            formulir.periksa(request)  # before the form's overlap check
            if form.is_valid():
                with formulir.sekali(request):
                    PeriodePenilaian.simpan(form.instance, aktor=request.user)
            else:
                return _periode_isi(request, instansi_id, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim:
            if not request.htmx:
                return redirect(reverse("penilaian:periode"))
            form = None
        else:
            messages.success(request, _("Periode disimpan."))
            if not request.htmx:
                return redirect(reverse("penilaian:periode"))
            form = None
    return _periode_isi(request, instansi_id, form)


@vary_on_headers("HX-Request")
@GET_POST
def periode_ubah(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    instansi_id = _admin_instansi(request)
    obj = get_object_or_404(PeriodePenilaian, pk=pk, instansi_id=instansi_id)
    form = f.PeriodeForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            PeriodePenilaian.simpan(form.instance, aktor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode disimpan."))
            # The table changed: the whole section again (the inline form closes).
            return swap(request, "penilaian/periode.html#isi", _isi(instansi_id),
                        target="#periode-isi", fallback=reverse("penilaian:periode"))
    return _form_page(request, form, title=_("Ubah Periode"), cancel=reverse("penilaian:periode"),
                      action=reverse("penilaian:periode_ubah", args=[obj.pk]),
                      hx_target="#periode-dialog")

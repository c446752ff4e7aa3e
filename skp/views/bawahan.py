"""SKP Bawahan: the SKPs the user rates, and approving several at once."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja.db_router import baca_replika
from ekinerja.http import AuthedHttpRequest
from ekinerja.masukan import parse_ids, parse_int
from skp.forms import BawahanFilterForm
from skp.models import Skp

PER_HALAMAN = 25


def _bawahan_context(request: AuthedHttpRequest, params: QueryDict) -> dict[str, Any]:
    form = BawahanFilterForm(params)
    qs = Skp.objects.rated_by(request.user).select_related("pegawai")
    q, status = "", ""
    if form.is_valid():
        q, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    if status:
        qs = qs.filter(status=status)
    if q:
        nip = "".join(ch for ch in q if ch.isdigit())
        match = Q(pegawai__nama__icontains=q)
        if nip:
            match |= Q(pegawai__nip__contains=nip)
        qs = qs.filter(match)
    qs = qs.order_by("-periode_awal", "pegawai__nama", "pk")
    # Queries: the count for the paginator, then this page's SKPs with their pegawai.
    page = Paginator(qs, PER_HALAMAN).get_page(params.get("page"))
    filters = {k: v for k, v in {"q": q, "status": status}.items() if v}
    return {
        "filter_form": form,
        "page": page,
        "filters": filters,
        "filter_query": urlencode(filters),
        "ada_pengajuan": any(s.is_diajukan for s in page.object_list),
    }


@vary_on_headers("HX-Request")
@require_GET
@baca_replika
def bawahan(request: AuthedHttpRequest) -> HttpResponse:
    """Daftar SKP Bawahan (Gambar 22): the SKPs for which the user is pejabat penilai."""
    template = "skp/skp_bawahan.html#bawahan" if request.htmx else "skp/skp_bawahan.html"
    return render(request, template, _bawahan_context(request, request.GET))


def _back_to_list(request: AuthedHttpRequest) -> HttpResponse:
    """The list as it was (filters and page) after approving from it."""
    if request.htmx:
        return render(request, "skp/skp_bawahan.html#bawahan",
                      _bawahan_context(request, request.POST))
    form = BawahanFilterForm(request.POST)
    query = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page = parse_int(request.POST.get("page"), minimum=2)
    if page is not None:
        query["page"] = str(page)
    return redirect(reverse("skp:bawahan") + (f"?{urlencode(query)}" if query else ""))


@require_POST
def bawahan_setujui(request: AuthedHttpRequest) -> HttpResponse:
    """Approve the selected rows, each on its own: one refusal does not stop the others."""
    ids = parse_ids(request.POST.getlist("pilih"))
    hasil = Skp.objects.approve_each(
        ids, aktor=request.user, dilihat={pk: request.POST.get(f"dilihat_{pk}") for pk in ids}
    )
    if not ids:
        messages.warning(request, _("Pilih SKP yang akan disetujui."))
    if hasil.disetujui:
        messages.success(request, _("Disetujui (%(n)s): %(daftar)s.")
                         % {"n": len(hasil.disetujui), "daftar": ", ".join(hasil.disetujui)})
    for reason in hasil.gagal:
        messages.error(request, _("Tidak disetujui: %(alasan)s") % {"alasan": reason})
    return _back_to_list(request)

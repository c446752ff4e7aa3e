"""The identity blocks of an SKP: Muat ulang, Ganti pejabat penilai."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja.auth import IdentityError, refresh_failure_message, refresh_pegawai
from ekinerja.models import Pegawai
from ekinerja.nip import normalise_nip
from skp.forms import (
    PenilaiForm,
)
from skp.models import (
    Skp,
    SkpTerkunci,
)
from skp.views._akses import GET_POST, owned_skp
from skp.views._respons import back_to_detail, detail_url, form_response, refused_when_locked
from skp.views.detail import base_context


def _swap_identitas(request: HttpRequest, skp: Skp) -> HttpResponse:
    if not request.htmx:
        return redirect(detail_url(skp, "identitas"))
    skp.refresh_from_db()
    context = base_context(request, skp, True)
    response = render(request, "skp/skp_detail.html#identitas", context)
    response["HX-Retarget"] = "#identitas"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = "skp-dialog-close"
    return response


@require_POST
def muat_ulang(request: HttpRequest, pk: int, pihak: str) -> HttpResponse:
    """"Muat ulang": refresh the pegawai side from SIASN, or re-derive the pejabat penilai."""
    skp = owned_skp(request, pk)
    if pihak not in {"pegawai", "penilai"}:
        raise Http404
    try:
        pegawai = refresh_pegawai(skp.pegawai, aktor=request.user)
    except IdentityError as exc:
        messages.error(request, refresh_failure_message(exc.code))
        return _swap_identitas(request, skp)
    skp.pegawai = pegawai
    if pihak == "pegawai":
        skp.muat_ulang_pegawai(pegawai, aktor=request.user)
        messages.success(request, _("Data pegawai yang dinilai dimuat ulang."))
    else:
        error = skp.muat_ulang_penilai(aktor=request.user)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Data pejabat penilai dimuat ulang."))
    return _swap_identitas(request, skp)


@vary_on_headers("HX-Request")
@GET_POST
@refused_when_locked
def ganti_penilai(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a wrong pejabat penilai by finding them by NIP."""
    skp = owned_skp(request, pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = PenilaiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nip = normalise_nip(form.cleaned_data["nip"])
        penilai = Pegawai.objects.select_related("unit").filter(nip=nip).first()
        if penilai is None:
            form.add_error("nip", _("Pegawai dengan NIP %(nip)s tidak ditemukan.") % {"nip": nip})
        else:
            try:
                skp.ganti_penilai(penilai, aktor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Pejabat penilai diganti."))
                return _swap_identitas(request, skp)
    return form_response(
        request, form, title=_("Ganti Pejabat Penilai"),
        action=reverse("skp:ganti_penilai", args=[pk]), cancel_url=detail_url(skp),
        intro=_("Cari pejabat penilai yang benar dengan NIP-nya."),
    )

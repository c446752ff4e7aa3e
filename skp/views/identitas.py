"""The identity blocks of an SKP: Muat ulang, Ganti pejabat penilai."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekinerja.auth import IdentityError, refresh_failure_message, refresh_pegawai
from ekinerja.http import AuthedHttpRequest
from ekinerja.models import Pegawai
from skp.forms import PenilaiForm
from skp.models import Skp
from skp.views._akses import detail_url, dialog_view, get_draft_for_owner, get_skp_for_owner
from skp.views._form import render_form, save_form
from skp.views.detail import swap_identitas


@require_POST
def muat_ulang(request: AuthedHttpRequest, pk: int, pihak: str) -> HttpResponse:
    """"Muat ulang": refresh the pegawai side from SIASN, or re-derive the pejabat penilai."""
    skp = get_skp_for_owner(request, pk)
    if pihak not in {"pegawai", "penilai"}:
        raise Http404
    try:
        skp.pegawai = refresh_pegawai(skp.pegawai, aktor=request.user)
    except IdentityError as exc:
        messages.error(request, refresh_failure_message(exc.code))
        return swap_identitas(request, skp)
    if pihak == "pegawai":
        skp.muat_ulang_pegawai(skp.pegawai, aktor=request.user)
        messages.success(request, _("Data pegawai yang dinilai dimuat ulang."))
    elif error := skp.muat_ulang_penilai(aktor=request.user):
        messages.error(request, error)
    else:
        messages.success(request, _("Data pejabat penilai dimuat ulang."))
    return swap_identitas(request, skp)


def _ganti_penilai(skp: Skp, nip: str, aktor: Pegawai) -> None:
    penilai = Pegawai.objects.select_related("unit").filter(nip=nip).first()
    if penilai is None:
        raise ValidationError(
            {"nip": _("Pegawai dengan NIP %(nip)s tidak ditemukan.") % {"nip": nip}}
        )
    skp.ganti_penilai(penilai, aktor=aktor)


@dialog_view
def ganti_penilai(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Correct a wrong pejabat penilai by finding them by NIP."""
    skp = get_draft_for_owner(request, pk)
    form = PenilaiForm(request.POST or None)
    return save_form(
        request, form, lambda: _ganti_penilai(skp, form.cleaned_data["nip"], request.user),
        success=_("Pejabat penilai diganti."), after=lambda: swap_identitas(request, skp),
    ) or render_form(
        request, form, title=_("Ganti Pejabat Penilai"),
        action=reverse("skp:ganti_penilai", args=[pk]), cancel_url=detail_url(skp),
        intro=_("Cari pejabat penilai yang benar dengan NIP-nya."),
    )

"""Workflow: Ajukan SKP, Edit Status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from ekinerja.exceptions import Ditolak, Konflik
from skp.forms import (
    AjukanForm,
    EditStatusForm,
)
from skp.models import (
    SKP_DIUBAH,
    Skp,
    SkpBelumLengkap,
    SkpTerkunci,
    StatusSkp,
)
from skp.views._akses import GET_POST, get_skp_for_user, owned_skp
from skp.views._respons import back_to_detail, detail_url, form_response

# --- Workflow: Ajukan SKP, Edit Status --------------------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
def ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    """"Ajukan SKP" with the manual's confirmation (Gambar 13); the server checks completeness."""
    skp = owned_skp(request, pk)
    if not skp.is_editable:
        return back_to_detail(request, skp, str(SkpTerkunci(skp)))
    form = AjukanForm(request.POST or None, initial={"dilihat": skp.status})
    missing: list[str] = []
    if request.method == "POST":
        if not form.is_valid():
            return back_to_detail(request, skp, str(SKP_DIUBAH))
        try:
            skp.submit(aktor=request.user, expected=form.cleaned_data["dilihat"])
        except SkpBelumLengkap as exc:
            missing = exc.missing
        except Ditolak as exc:
            return back_to_detail(request, skp, str(exc))
        else:
            messages.success(request, _("SKP berhasil diajukan kepada pejabat penilai."))
            url = detail_url(skp)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    else:
        missing = skp.kelengkapan()
    if missing:
        return form_response(
            request, form, title=_("Pengajuan SKP"), action=reverse("skp:ajukan", args=[pk]),
            cancel_url=detail_url(skp), blocked=True,
            intro=_("SKP belum dapat diajukan. Lengkapi terlebih dahulu:"), missing=missing,
        )
    return form_response(
        request, form, title=_("Pengajuan SKP"), action=reverse("skp:ajukan", args=[pk]),
        cancel_url=detail_url(skp),
        intro=_("Apakah Anda yakin ingin mengajukan SKP ini?"),
        lines=[_("Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau.")],
        warnings=skp.peringatan_pengajuan(),
    )


def _penilai_skp(request: HttpRequest, pk: int) -> Skp:
    skp, _can_write = get_skp_for_user(request, pk)
    if request.user.pk != skp.pejabat_penilai_id:
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat mengubah status SKP."))
    return skp


@vary_on_headers("HX-Request")
@GET_POST
def edit_status(request: HttpRequest, pk: int) -> HttpResponse:
    """"Edit Status" (Gambar 20): Persetujuan approves; Draft returns with a reason."""
    skp = _penilai_skp(request, pk)
    form = EditStatusForm(request.POST or None,
                          initial={"status": skp.status, "dilihat": skp.status})
    if request.method == "POST" and form.is_valid():
        to, alasan = form.cleaned_data["status"], form.cleaned_data["alasan"]
        try:
            changed = skp.ubah_status(to, aktor=request.user, alasan=alasan,
                                      expected=form.cleaned_data["dilihat"])
        except Konflik as exc:
            return back_to_detail(request, skp, str(exc))
        except Ditolak as exc:
            field = "alasan" if to == StatusSkp.DRAFT and not alasan.strip() else None
            form.add_error(field, str(exc))
        else:
            if not changed:
                messages.info(request, _("Status SKP tidak berubah."))
            elif to == StatusSkp.PERSETUJUAN:
                messages.success(request, _("SKP %(nama)s disetujui.") % {"nama": skp.pegawai.nama})
            else:
                messages.success(request, _("SKP %(nama)s dikembalikan ke draft.")
                                 % {"nama": skp.pegawai.nama})
            url = detail_url(skp)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    elif request.method == "POST" and "dilihat" in form.errors:
        return back_to_detail(request, skp, str(SKP_DIUBAH))
    return form_response(
        request, form, title=_("Edit Status"), action=reverse("skp:edit_status", args=[pk]),
        cancel_url=detail_url(skp),
        intro=_("SKP %(nama)s, status saat ini: %(status)s.")
        % {"nama": skp.pegawai.nama, "status": skp.status.upper()},
    )

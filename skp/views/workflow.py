"""Workflow: Ajukan SKP (the owner), Edit Status (the pejabat penilai)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ekinerja import htmx
from ekinerja.exceptions import Ditolak, Konflik
from ekinerja.http import AuthedHttpRequest
from skp.forms import AjukanForm, EditStatusForm
from skp.models import SKP_DIUBAH, Skp, SkpBelumLengkap, StatusSkp
from skp.views._akses import (
    detail_url,
    dialog_view,
    get_draft_for_owner,
    get_skp_for_penilai,
)
from skp.views._form import render_form


def _ajukan_form(
    request: AuthedHttpRequest, skp: Skp, form: AjukanForm, missing: list[str]
) -> HttpResponse:
    """The confirmation (Gambar 13), or what is still missing (then no OK button)."""
    common = {"title": _("Pengajuan SKP"), "action": reverse("skp:ajukan", args=[skp.pk]),
              "cancel_url": detail_url(skp)}
    if missing:
        return render_form(
            request, form, **common, blocked=True, missing=missing,
            intro=_("SKP belum dapat diajukan. Lengkapi terlebih dahulu:"),
        )
    return render_form(
        request, form, **common, intro=_("Apakah Anda yakin ingin mengajukan SKP ini?"),
        lines=[_("Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau.")],
        warnings=skp.peringatan_pengajuan(),
    )


@dialog_view
def ajukan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """"Ajukan SKP" with the manual's confirmation; the server checks completeness."""
    skp = get_draft_for_owner(request, pk)
    form = AjukanForm(request.POST or None, initial={"dilihat": skp.status})
    if request.method != "POST":
        return _ajukan_form(request, skp, form, skp.kelengkapan())
    if not form.is_valid():
        raise Konflik(SKP_DIUBAH)
    try:
        skp.submit(aktor=request.user, expected=form.cleaned_data["dilihat"])
    except SkpBelumLengkap as exc:
        return _ajukan_form(request, skp, form, exc.missing)
    messages.success(request, _("SKP berhasil diajukan kepada pejabat penilai."))
    return htmx.done(request, detail_url(skp))


def _ubah_status(request: AuthedHttpRequest, skp: Skp, form: EditStatusForm) -> HttpResponse:
    to = form.cleaned_data["status"]
    changed = skp.ubah_status(to, aktor=request.user, alasan=form.cleaned_data["alasan"],
                              expected=form.cleaned_data["dilihat"])
    nama = {"nama": skp.pegawai.nama}
    if not changed:
        messages.info(request, _("Status SKP tidak berubah."))
    elif to == StatusSkp.PERSETUJUAN:
        messages.success(request, _("SKP %(nama)s disetujui.") % nama)
    else:
        messages.success(request, _("SKP %(nama)s dikembalikan ke draft.") % nama)
    return htmx.done(request, detail_url(skp))


@dialog_view
def edit_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """"Edit Status" (Gambar 20): Persetujuan approves; Draft returns with a reason."""
    skp = get_skp_for_penilai(
        request, pk, _("Hanya pejabat penilai yang dapat mengubah status SKP.")
    )
    form = EditStatusForm(request.POST or None,
                          initial={"status": skp.status, "dilihat": skp.status})
    if request.method == "POST" and "dilihat" in form.errors:
        raise Konflik(SKP_DIUBAH)  # the page showed a status that is not one
    if request.method == "POST" and form.is_valid():
        try:
            return _ubah_status(request, skp, form)
        except Konflik:
            raise  # someone acted first: back to the SKP page (shows_refusal)
        except Ditolak as exc:
            blank = form.cleaned_data["status"] == StatusSkp.DRAFT and not form.cleaned_data[
                "alasan"].strip()
            form.add_error("alasan" if blank else None, str(exc))
    return render_form(
        request, form, title=_("Edit Status"), action=reverse("skp:edit_status", args=[pk]),
        cancel_url=detail_url(skp), intro=_("SKP %(nama)s, status saat ini: %(status)s.")
        % {"nama": skp.pegawai.nama, "status": skp.status.upper()},
    )

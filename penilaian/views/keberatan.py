"""Keberatan: the pegawai objects, the pejabat penilai answers, the atasan decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from ekinerja import formulir
from penilaian import forms as f
from penilaian.models import (
    Ditolak,
    Keberatan,
    Penilaian,
)
from penilaian.views.akses import _own_skp, _periode
from penilaian.views.common import GET_POST, _form_page, _refused


@vary_on_headers("HX-Request")
@GET_POST
def keberatan_ajukan(request: HttpRequest, pk: int, periode: int) -> HttpResponse:
    skp = _own_skp(request, pk)
    per = _periode(skp, periode)
    pn = get_object_or_404(Penilaian, skp=skp, periode=per)
    pn.skp = skp
    back = reverse("penilaian:skp", args=[skp.pk])
    form = f.KeberatanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request) as kiriman:
                row = Keberatan.ajukan(pn, alasan=form.cleaned_data["alasan"],
                                       aktor=request.user)
                kiriman.hasil = reverse("penilaian:keberatan", args=[row.pk])
        except Ditolak as exc:
            return _refused(request, exc, back)
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim as exc:
            url = exc.hasil or back
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        else:
            messages.success(request, _("Keberatan diajukan."))
            url = reverse("penilaian:keberatan", args=[row.pk])
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    return _form_page(request, form, title=_("Ajukan Keberatan"), cancel=back,
                      action=reverse("penilaian:keberatan_ajukan", args=[skp.pk, per.pk]),
                      intro=_("Predikat final: %(p)s") % {"p": pn.get_predikat_display_final()},
                      hx_target="#keberatan-dialog")


@vary_on_headers("HX-Request")
@GET_POST
def keberatan(request: HttpRequest, pk: int) -> HttpResponse:
    """The pegawai, the pejabat penilai and the atasan pejabat penilai see it; the latter two act.
    """
    user = request.user
    row = get_object_or_404(
        Keberatan.objects.select_related("penilaian__skp__pegawai", "penilaian__periode"), pk=pk)
    skp = row.penilaian.skp
    is_owner, is_penilai = skp.pegawai_id == user.pk, skp.pejabat_penilai_id == user.pk
    is_atasan = bool(user.nip) and user.nip == Keberatan.atasan_penilai_nip(skp)
    if not (is_owner or is_penilai or is_atasan):
        raise Http404
    jawab_form = f.JawabForm(request.POST if request.POST.get("aksi") == "jawab" else None)
    putus_form = f.PutusForm(request.POST if request.POST.get("aksi") == "putus" else None)
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        form = jawab_form if aksi == "jawab" else putus_form if aksi == "putus" else None
        if form is None or (aksi == "jawab" and not is_penilai) or (
                aksi == "putus" and not is_atasan):
            raise Http404
        if form.is_valid():
            try:
                if aksi == "jawab":
                    row.jawab(aktor=user, **form.cleaned_data)
                else:
                    row.putuskan(aktor=user, **form.cleaned_data)
            except Ditolak as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("Tersimpan."))
                if not request.htmx:
                    return redirect(reverse("penilaian:keberatan", args=[row.pk]))
                # Query: the row as it now is (status, decision and the predikat in force).
                row = Keberatan.objects.select_related(
                    "penilaian__skp__pegawai", "penilaian__periode").get(pk=row.pk)
                jawab_form, putus_form = f.JawabForm(), f.PutusForm()
    template = "penilaian/keberatan.html#isi" if request.htmx else "penilaian/keberatan.html"
    return render(request, template, {
        "row": row, "skp": skp, "is_penilai": is_penilai, "is_atasan": is_atasan,
        "jawab_form": jawab_form, "putus_form": putus_form,
    })

"""Keberatan: the pegawai objects, the pejabat penilai answers, the atasan decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.exceptions import Ditolak
from ekinerja.htmx import done
from ekinerja.http import AuthedHttpRequest
from penilaian import forms as f
from penilaian.models import Keberatan, Penilaian
from penilaian.views.akses import _keberatan, _skp_periode
from penilaian.views.common import GET_POST, _form_page, _refused, _show_errors


@vary_on_headers("HX-Request")
@GET_POST
def keberatan_ajukan(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    skp, per = _skp_periode(request, pk, periode, sebagai="pegawai")
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
            return done(request, exc.hasil or back)
        else:
            messages.success(request, _("Keberatan diajukan."))
            return done(request, reverse("penilaian:keberatan", args=[row.pk]))
    return _form_page(request, form, title=_("Ajukan Keberatan"), cancel=back,
                      action=reverse("penilaian:keberatan_ajukan", args=[skp.pk, per.pk]),
                      intro=_("Predikat final: %(p)s") % {"p": pn.get_predikat_display_final()},
                      hx_target="#keberatan-dialog")


@vary_on_headers("HX-Request")
@GET_POST
def keberatan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The pegawai, the pejabat penilai and the atasan pejabat penilai see it; the latter two act
    (Keberatan.peran)."""
    row, peran = _keberatan(request, pk)
    aksi = request.POST.get("aksi")
    forms = {"jawab": f.JawabForm(request.POST if aksi == "jawab" else None),
             "putus": f.PutusForm(request.POST if aksi == "putus" else None)}
    if request.method == "POST":
        if not ((aksi == "jawab" and peran.penilai) or (aksi == "putus" and peran.atasan)):
            raise Http404
        form, act = forms[aksi], row.jawab if aksi == "jawab" else row.putuskan
        try:
            if form.is_valid():
                act(aktor=request.user, **form.cleaned_data)
                messages.success(request, _("Tersimpan."))
                if not request.htmx:
                    return redirect(reverse("penilaian:keberatan", args=[row.pk]))
                row, peran = _keberatan(request, pk)  # Query: the row as it now is.
                forms = {"jawab": f.JawabForm(), "putus": f.PutusForm()}
        except (Ditolak, ValidationError) as exc:
            _show_errors(form, exc)
    template = "penilaian/keberatan.html#isi" if request.htmx else "penilaian/keberatan.html"
    return render(request, template, {"row": row, "skp": row.penilaian.skp, "peran": peran,
                                      "jawab_form": forms["jawab"], "putus_form": forms["putus"],
                                      # "Kesalahan: " in the title (base.html).
                                      "kesalahan": any(x.errors for x in forms.values())})

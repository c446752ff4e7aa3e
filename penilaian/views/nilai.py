"""Penilaian by the pejabat penilai: ratings, predikat, pola distribusi, feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest
from penilaian import forms as f
from penilaian.kurva import kelompok
from penilaian.models import CapaianIndikator, Penilaian, PeriodePenilaian, UmpanBalikPerilaku
from penilaian.rules import (
    Predikat,
    Rating,
)
from penilaian.views.akses import _skp_periode
from penilaian.views.common import GET, GET_POST, _first_error, _form_page, _show_errors
from penilaian.views.tampil import BarisIndikator, _baris_perilaku, _nilai_url, _perilaku, _rhks
from skp.models import Indikator, PerilakuKerja, Skp


def _live(form: Form, field: str, skp: Skp, per: PeriodePenilaian) -> Form:
    """A rating/predikat select that asks for the pola distribusi as if its value were saved
    (htmx; nothing is saved). Without JavaScript the warnings show after Ubah, as before."""
    form.fields[field].widget.attrs.update({
        "hx-get": reverse("penilaian:distribusi", args=[skp.pk, per.pk]),
        "hx-trigger": "change", "hx-include": "#hasil-penilaian select",
        "hx-target": "#distribusi", "hx-swap": "outerHTML", "aria-controls": "distribusi",
        # A newer choice aborts the request still on its way (its swap would hit a replaced
        # #distribusi); the sync element is the section, which stays.
        "hx-sync": "#hasil-penilaian:replace",
    })
    return form


def _nilai_context(request: AuthedHttpRequest, skp: Skp, per: PeriodePenilaian) -> dict[str, Any]:
    pn = Penilaian.untuk(skp, per)  # Query (+ insert the first time): this period's row.
    pn.skp = skp
    return {
        "skp": skp, "periode": per, "pn": pn,
        "kelompok": kelompok(request.user, per, skp=skp),
        "mengikuti": pn.hasil_mengikuti_capaian(),  # Query when the pegawai heads a unit.
        "form_hasil": _live(f.RatingForm(initial={"nilai": pn.rating_hasil, "versi": pn.versi},
                                         prefix="hasil"), "nilai", skp, per),
        "form_perilaku": _live(f.RatingForm(initial={"nilai": pn.rating_perilaku,
                                                     "versi": pn.versi}, prefix="perilaku"),
                               "nilai", skp, per),
        "form_override": _live(f.OverrideForm(initial={"predikat": pn.predikat_override,
                                                        "alasan": pn.alasan_override,
                                                        "versi": pn.versi}),
                               "predikat", skp, per),
        "blank_form": f.FeedbackPerilakuForm(),
    }


@vary_on_headers("HX-Request")
@GET
def nilai(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    skp, per = _skp_periode(request, pk, periode, sebagai="penilai")
    return render(request, "penilaian/nilai.html",
                  _halaman(request, skp, per, _nilai_context(request, skp, per)))


def _halaman(request: AuthedHttpRequest, skp: Skp, per: PeriodePenilaian,
             context: dict[str, Any]) -> dict[str, Any]:
    """What the whole page adds to the rating section's context."""
    context["rhks"] = _rhks(skp, per)
    context["perilaku"] = _perilaku(request, skp, per)
    if per.is_final:
        # Query: the periodic ratings of this SKP, for the annual decision.
        context["riwayat"] = list(Penilaian.objects.filter(skp=skp).exclude(periode=per)
                                  .exclude(rating_hasil="", rating_perilaku="")
                                  .select_related("periode").order_by("periode__awal"))
    return context


@vary_on_headers("HX-Request")
@GET
def distribusi(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    """The pola distribusi warnings as if the chosen ratings (and predikat) were saved: the rating
    page's select values come in the query string; nothing is written."""
    skp, per = _skp_periode(request, pk, periode, sebagai="penilai")
    # Query: this period's row, if any (never created here).
    pn = Penilaian.objects.filter(skp=skp, periode=per).first() or Penilaian(skp=skp,
                                                                             periode=per)
    pn.skp = skp

    def pilih(name: str, allowed: list[str], saved: str) -> str:
        value = request.GET.get(name)
        return saved if value is None else value if value in allowed else ""

    hasil_baru = pn.predikat_seandainya(  # Query when the pegawai heads a unit.
        rating_hasil=pilih("hasil-nilai", Rating.values, pn.rating_hasil),
        rating_perilaku=pilih("perilaku-nilai", Rating.values, pn.rating_perilaku),
        predikat_override=pilih("predikat", Predikat.values, pn.predikat_override))
    return render(request, "penilaian/nilai.html#distribusi", {
        "skp": skp, "periode": per,
        "kelompok": kelompok(request.user, per, seandainya=(skp.pk, hasil_baru), skp=skp),
        "pratinjau_predikat": Predikat(hasil_baru).label if hasil_baru else "",
        "pratinjau_beda": hasil_baru != pn.predikat,
    })


@vary_on_headers("HX-Request")
@require_POST
def rating(request: AuthedHttpRequest, pk: int, periode: int, jenis: str) -> HttpResponse:
    skp, per = _skp_periode(request, pk, periode, sebagai="penilai")
    if jenis not in {"hasil", "perilaku"}:
        raise Http404
    form = f.RatingForm(request.POST, prefix=jenis)
    pn = Penilaian.untuk(skp, per)
    pn.skp = skp
    if form.is_valid():
        try:
            pn.set_rating(jenis, form.cleaned_data["nilai"], aktor=request.user,
                          versi=form.cleaned_data["versi"])
        except (Ditolak, ValidationError) as exc:
            _first_error(form, exc)
        else:
            messages.success(request, _("Penilaian disimpan."))
            if not request.htmx:
                return redirect(_nilai_url(skp, per, "hasil-penilaian"))
    return _hasil_penilaian(request, skp, per, form, f"form_{jenis}")


@vary_on_headers("HX-Request")
@require_POST
def predikat(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    skp, per = _skp_periode(request, pk, periode, sebagai="penilai")
    form = f.OverrideForm(request.POST)
    pn = Penilaian.untuk(skp, per)
    pn.skp = skp
    if form.is_valid():
        try:
            pn.set_override(form.cleaned_data["predikat"], form.cleaned_data["alasan"],
                            aktor=request.user, versi=form.cleaned_data["versi"])
        except (Ditolak, ValidationError) as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Predikat disimpan."))
            if not request.htmx:
                return redirect(_nilai_url(skp, per, "hasil-penilaian"))
    return _hasil_penilaian(request, skp, per, form, "form_override")


def _hasil_penilaian(request: AuthedHttpRequest, skp: Skp, per: PeriodePenilaian, form: Form,
                     name: str) -> HttpResponse:
    """The rating section after a POST (htmx), or the whole page when a form has errors (no
    JavaScript): the form as sent, its errors beside the field and in the summary above."""
    context = _nilai_context(request, skp, per)
    if form.errors:
        field = "predikat" if name == "form_override" else "nilai"
        context[name] = _live(form, field, skp, per)
        context["form_kesalahan"] = form
        context["kesalahan"] = True
    if request.htmx:
        return render(request, "penilaian/nilai.html#hasil-penilaian", context)
    return render(request, "penilaian/nilai.html", _halaman(request, skp, per, context))


@require_POST
def feedback_indikator(request: AuthedHttpRequest, pk: int, periode: int, indikator: int
                       ) -> HttpResponse:
    skp, per = _skp_periode(request, pk, periode, sebagai="penilai")
    ind = get_object_or_404(Indikator.objects.select_related("rhk"), pk=indikator,
                            rhk__skp=skp)
    ind.rhk.skp = skp
    form = f.FeedbackIndikatorForm(request.POST)
    form.is_valid()
    try:
        CapaianIndikator.set_feedback(ind, per, teks=form.cleaned_data.get("teks", ""),
                                      aktor=request.user)
    except Ditolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Feedback disimpan."))
    if request.htmx:
        # Query: the indicator's realisasi/feedback row.
        cap = CapaianIndikator.objects.filter(indikator=ind, periode=per).first()
        return render(request, "penilaian/_hasil_kerja.html#feedback-ind",
                      {"ind": ind, "i": BarisIndikator(ind, [], cap), "skp": skp,
                       "periode": per})
    return redirect(_nilai_url(skp, per, f"fb-{ind.pk}"))


@vary_on_headers("HX-Request")
@GET_POST
def feedback_perilaku(request: AuthedHttpRequest, pk: int, periode: int, perilaku: int
                      ) -> HttpResponse:
    """The pejabat penilai's feedback on one BerAKHLAK value in this period."""
    skp, per = _skp_periode(request, pk, periode, sebagai="penilai")
    value = get_object_or_404(PerilakuKerja, pk=perilaku, versi=skp.perilaku_versi)
    back = _nilai_url(skp, per, f"perilaku-{value.pk}")
    form = f.FeedbackPerilakuForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                UmpanBalikPerilaku.tambah(skp, value, teks=form.cleaned_data["teks"],
                                          jempol=form.jempol_bool, aktor=request.user,
                                          periode=per)
        except (Ditolak, ValidationError) as exc:
            _first_error(form, exc)
        except formulir.SudahDikirim:
            return _baris_perilaku(request, skp, per, value, "penilai", None) \
                if request.htmx else redirect(back)
        else:
            messages.success(request, _("Feedback ditambahkan."))
            return _baris_perilaku(request, skp, per, value, "penilai", None) \
                if request.htmx else redirect(back)
    if request.htmx and request.method == "POST":
        return _baris_perilaku(request, skp, per, value, "penilai", form)
    return _form_page(request, form, title=_("Tambah Feedback"), cancel=back,
                      action=reverse("penilaian:feedback_perilaku",
                                     args=[skp.pk, per.pk, value.pk]), intro=value.nama)

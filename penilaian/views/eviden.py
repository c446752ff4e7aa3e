"""Pengisian Eviden: eviden, realisasi and rencana aksi of the SKP owner in one period."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.exceptions import Ditolak
from ekinerja.http import AuthedHttpRequest
from penilaian import forms as f
from penilaian.models import CapaianIndikator, Eviden, PeriodePenilaian, RencanaAksi
from penilaian.progres import saran_progres
from penilaian.views.akses import _eviden_owned, _indikator_periode, _periode, _skp_periode
from penilaian.views.common import GET, GET_POST, _done, _form_page, _refused
from penilaian.views.tampil import BarisIndikator, _eviden_url, _perilaku, _rhks
from progres.models import saran_realisasi
from skp.models import HasilKerja, Indikator, StatusSkp


@vary_on_headers("HX-Request")
@GET
def eviden(request: AuthedHttpRequest, pk: int, periode: int) -> HttpResponse:
    skp, per = _skp_periode(request, pk, periode, sebagai="pegawai")
    return render(request, "penilaian/eviden.html", {
        "skp": skp, "periode": per, "rhks": _rhks(skp, per, saran=True),
        "terbuka": per.terbuka_untuk(skp),
        "perilaku": _perilaku(request, skp, per),
    })


def _cell(request: AuthedHttpRequest, ind: Indikator, per: PeriodePenilaian, kind: str,
          form: Form | None = None, edit: Eviden | None = None) -> HttpResponse:
    """The changed Eviden ("ev") or Realisasi ("re") cell of one indicator, for htmx; with an
    invalid form it comes back open, showing the errors beside the typed values. With `edit`,
    that eviden shows as an inline Ubah form (`form`) in its place."""
    # Query: the indicator's eviden; query: its realisasi row.
    ev = list(Eviden.objects.filter(indikator=ind, periode=per))
    cap = CapaianIndikator.objects.filter(indikator=ind, periode=per).first()
    saran = ""
    if kind == "re":  # Query: the approved Progres Harian total of its RHK (Saran realisasi).
        totals = saran_progres(ind.rhk.skp, per, [ind.rhk_id])
        saran = saran_realisasi(totals.get(ind.rhk_id, []), ind.target_satuan)
    context = {"ind": ind, "i": BarisIndikator(ind, ev, cap, saran), "periode": per,
               "skp": ind.rhk.skp,
               "terbuka": per.terbuka_untuk(ind.rhk.skp),
               "mode": "pegawai"}
    if edit is not None:
        context.update(edit_ev=edit.pk, edit_form=form)
    else:
        context[f"{kind}_form"] = form
    return render(request, f"penilaian/_hasil_kerja.html#kolom-{kind}", context)


@vary_on_headers("HX-Request")
@GET
def eviden_kolom(request: AuthedHttpRequest, indikator: int, periode: int) -> HttpResponse:
    """The Eviden cell as it is (Batal of an inline Ubah); without htmx, the page."""
    ind, _skp, per = _indikator_periode(request, indikator, periode)
    if not request.htmx:
        return redirect(_eviden_url(ind.rhk.skp, per, f"ev-{ind.pk}"))
    return _cell(request, ind, per, "ev")


def _refused_cell(request: AuthedHttpRequest, exc: Exception, url: str,
                  cell: tuple[Indikator, PeriodePenilaian, str]) -> HttpResponse:
    """A refusal of a cell's change: for htmx the cell comes back and the message rides along
    out of band (HtmxMessagesMiddleware); without htmx, the page again."""
    if not request.htmx:
        return _refused(request, exc, url)
    messages.error(request, str(exc))
    return _cell(request, *cell)


def _save_in_cell(request: AuthedHttpRequest, form: Form, save: Callable[..., object], *,
                  ind: Indikator, per: PeriodePenilaian, kind: str, back: str,
                  pesan: str, buat: bool = False) -> HttpResponse | None:
    """POST of an Eviden/Realisasi form: the response when it saved or was refused; None when
    the form should be shown again (not a POST, invalid, or a field error from the model).
    `buat`: a create form, taking effect once (ekinerja/formulir.py)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        with formulir.sekali(request) if buat else nullcontext():
            save(aktor=request.user, **form.cleaned_data)
    except Ditolak as exc:
        return _refused_cell(request, exc, back, (ind, per, kind))
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    except formulir.SudahDikirim:
        pass  # the first submission made it: answer as it was answered
    else:
        messages.success(request, pesan)
    return _cell(request, ind, per, kind) if request.htmx else _done(request, back)


def _cell_form(request: AuthedHttpRequest, form: Form, save: Callable[..., object], *,
               ind: Indikator, per: PeriodePenilaian, kind: str, back: str, pesan: str,
               title: str, action: str, buat: bool = False) -> HttpResponse:
    """A cell's form (Tambah Eviden, Edit Realisasi): saved or refused, the cell (htmx) or the
    page; an invalid POST over htmx, the cell open with the errors; else the form page."""
    done = _save_in_cell(request, form, save, ind=ind, per=per, kind=kind, back=back,
                         pesan=pesan, buat=buat)
    if done:
        return done
    if request.htmx and request.method == "POST":
        return _cell(request, ind, per, kind, form)
    return _form_page(request, form, title=title, cancel=back, action=action, intro=ind.teks)


@vary_on_headers("HX-Request")
@GET_POST
def eviden_tambah(request: AuthedHttpRequest, indikator: int, periode: int) -> HttpResponse:
    ind, skp, per = _indikator_periode(request, indikator, periode)
    back = _eviden_url(skp, per, f"ev-{ind.pk}")
    # The cell's own ids (_hasil_kerja.html: nama-<ind>), which the error summary links to.
    form = f.EvidenForm(request.POST or None, auto_id=f"%s-{ind.pk}")
    return _cell_form(request, form, lambda **kw: Eviden.tambah(ind, per, **kw), ind=ind,
                      per=per, kind="ev", back=back, pesan=_("Eviden ditambahkan."), buat=True,
                      title=_("Tambah Eviden"),
                      action=reverse("penilaian:eviden_tambah", args=[ind.pk, per.pk]))


@vary_on_headers("HX-Request")
@GET_POST
def eviden_ubah(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ev = _eviden_owned(request, pk)
    ind, per = ev.indikator, ev.periode
    back = _eviden_url(ind.rhk.skp, per, f"ev-{ind.pk}")
    form = f.EvidenForm(request.POST or None, initial={"nama": ev.nama, "tautan": ev.tautan},
                        auto_id=f"ubah-%s-{ev.pk}")
    done = _save_in_cell(request, form, ev.ubah, ind=ind, per=per, kind="ev", back=back,
                         pesan=_("Eviden diubah."))
    if done:
        return done
    if request.htmx:  # the Ubah form in place of that eviden, errors beside the typed values
        return _cell(request, ind, per, "ev", form, edit=ev)
    return _form_page(request, form, title=_("Ubah Eviden"), cancel=back,
                      action=reverse("penilaian:eviden_ubah", args=[ev.pk]), intro=ind.teks)


@require_POST
def eviden_hapus(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ev = _eviden_owned(request, pk)
    ind, per = ev.indikator, ev.periode
    back = _eviden_url(ind.rhk.skp, per, f"ev-{ind.pk}")
    try:
        ev.hapus(aktor=request.user)
    except Ditolak as exc:
        return _refused_cell(request, exc, back, (ind, per, "ev"))
    messages.success(request, _("Eviden dihapus."))
    return _cell(request, ind, per, "ev") if request.htmx else _done(request, back)


@vary_on_headers("HX-Request")
@GET_POST
def realisasi(request: AuthedHttpRequest, indikator: int, periode: int) -> HttpResponse:
    ind, skp, per = _indikator_periode(request, indikator, periode)
    back = _eviden_url(skp, per, f"re-{ind.pk}")
    current = CapaianIndikator.objects.filter(indikator=ind, periode=per).first()
    initial = {"realisasi": current.realisasi, "sumber_data": current.sumber_data} \
        if current else {}
    form = f.RealisasiForm(request.POST or None, initial=initial, auto_id=f"%s-{ind.pk}")
    return _cell_form(request, form,
                      lambda **kw: CapaianIndikator.set_realisasi(ind, per, **kw), ind=ind,
                      per=per, kind="re", back=back, pesan=_("Realisasi disimpan."),
                      title=_("Edit Realisasi"),
                      action=reverse("penilaian:realisasi", args=[ind.pk, per.pk]))


@GET_POST
def rencana_aksi(request: AuthedHttpRequest, rhk: int, periode: int) -> HttpResponse:
    obj = get_object_or_404(HasilKerja.objects.select_related("skp"), pk=rhk,
                            skp__pegawai=request.user, skp__status=StatusSkp.PERSETUJUAN)
    per = _periode(obj.skp, periode)
    back = _eviden_url(obj.skp, per, f"rhk-{obj.pk}")
    form = f.RencanaAksiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with formulir.sekali(request):
                RencanaAksi.tambah(obj, per, aktor=request.user, **form.cleaned_data)
        except Ditolak as exc:
            return _refused(request, exc, back)
        except ValidationError as exc:
            form.add_error(None, exc)
        except formulir.SudahDikirim:
            return redirect(back)
        else:
            messages.success(request, _("Rencana aksi ditambahkan."))
            return redirect(back)
    return _form_page(request, form, title=_("Tambah Rencana Aksi"), cancel=back,
                      action=reverse("penilaian:rencana_aksi", args=[obj.pk, per.pk]),
                      intro=obj.teks)


@require_POST
def rencana_aksi_hapus(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ra = get_object_or_404(RencanaAksi.objects.select_related("rhk__skp", "periode"), pk=pk,
                           rhk__skp__pegawai=request.user)
    back = _eviden_url(ra.rhk.skp, ra.periode, f"rhk-{ra.rhk_id}")
    try:
        ra.hapus(aktor=request.user)
    except Ditolak as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Rencana aksi dihapus."))
    return redirect(back)

"""Penilaian pages (manual §7). Every view checks access first; anyone else gets a 404."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from ekinerja import formulir
from ekinerja.akses import catat_akses
from ekinerja.models import Pegawai, UnitOrganisasi
from ekinerja.nip import normalise_nip
from penilaian import forms as f
from penilaian import rules, siasn
from penilaian.kurva import kelompok, kurva_svg
from penilaian.models import (
    CapaianIndikator,
    CapaianOrganisasi,
    Ditolak,
    Eviden,
    Keberatan,
    Penilaian,
    PeriodePenilaian,
    RencanaAksi,
    UmpanBalikPerilaku,
)
from penilaian.progres import saran_progres
from penilaian.rules import (
    CAPAIAN_KE_RATING,
    Capaian,
    Predikat,
    Rating,
)
from progres.models import saran_realisasi
from skp.models import HasilKerja, Indikator, PerilakuKerja, Skp, StatusSkp

GET_POST = require_http_methods(["GET", "POST"])
GET = require_http_methods(["GET"])


# --- access -----------------------------------------------------------------------------------


def _skp(request: HttpRequest, pk: int) -> Skp:
    """An approved SKP this user owns or rates (Skp.objects.visible_to); else 404."""
    skp = get_object_or_404(
        Skp.objects.visible_to(request.user).filter(status=StatusSkp.PERSETUJUAN)
        .select_related("pegawai", "unit"),
        pk=pk,
    )
    catat_akses(request, skp, "penilaian")
    return skp


def _own_skp(request: HttpRequest, pk: int) -> Skp:
    skp = _skp(request, pk)
    if skp.pegawai_id != request.user.pk:
        raise Http404
    return skp


def _rated_skp(request: HttpRequest, pk: int) -> Skp:
    """Only the pejabat penilai rates."""
    skp = _skp(request, pk)
    if skp.pejabat_penilai_id != request.user.pk:
        raise Http404
    return skp


def _periode(skp: Skp, pk: int) -> PeriodePenilaian:
    """A period of the SKP's instansi that intersects the SKP."""
    return get_object_or_404(PeriodePenilaian.objects.untuk_skp(skp), pk=pk)


def _my_periode(request: HttpRequest, pk: int) -> PeriodePenilaian:
    return get_object_or_404(PeriodePenilaian, pk=pk, instansi_id=request.user.instansi_id)


def _is_rater(user: Any) -> bool:
    # Query: is this user the pejabat penilai of any approved SKP?
    return Skp.objects.filter(pejabat_penilai=user, status=StatusSkp.PERSETUJUAN).exists()


def _done(request: HttpRequest, url: str) -> HttpResponse:
    """After a change without htmx: back to the page (POST/redirect/GET)."""
    return redirect(url)


def _form_page(request: HttpRequest, form: Form, *, title: str, action: str, cancel: str,
               intro: str = "", status: int = 200, hx_target: str = "") -> HttpResponse:
    """The form as a page; for htmx only the form, posting back into `hx_target` (the inline
    container it was loaded into; Close restores that container from the `cancel` page)."""
    template = "penilaian/form.html#form" if request.htmx else "penilaian/form.html"
    return render(request, template, {
        "form": form, "title": title, "action": action, "cancel": cancel, "intro": intro,
        "hx_target": hx_target if request.htmx else "",
    }, status=status)


# --- Penilaian (menu) and Penilaian SKP -------------------------------------------------------


def _memimpin_subunit(user: Any) -> bool:
    # Query: does this user head a unit that has sub-units (and so sets their capaian)?
    return UnitOrganisasi.objects.filter(parent__kepala=user).exists()


@GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Query: the user's approved SKPs.
    skps = list(Skp.objects.milik(user).filter(status=StatusSkp.PERSETUJUAN)
                .order_by("-periode_awal"))
    rater, pimpinan = _is_rater(user), _memimpin_subunit(user)  # 2 queries
    periode = []
    if rater or pimpinan:
        # Query: the years of the SKPs the user rates.
        years = set(Skp.objects.filter(pejabat_penilai=user, status=StatusSkp.PERSETUJUAN)
                    .values_list("periode_awal__year", flat=True))
        if pimpinan:  # also their own SKPs' years, and this year (a leader without an SKP)
            years |= {s.periode_awal.year for s in skps} | {timezone.localdate().year}
        # Query: the periods of the user's instansi in those years.
        periode = list(PeriodePenilaian.objects.filter(instansi_id=user.instansi_id,
                                                       awal__year__in=years))
    return render(request, "penilaian/index.html", {"skps": skps, "periode": periode,
                                                    "rater": rater, "pimpinan": pimpinan})


@GET
def skp_view(request: HttpRequest, pk: int) -> HttpResponse:
    skp = _skp(request, pk)
    periode = list(PeriodePenilaian.objects.untuk_skp(skp))
    hasil = {p.periode_id: p for p in Penilaian.objects.filter(skp=skp)}
    owner = skp.pegawai_id == request.user.pk
    keberatan = {k.penilaian.periode_id: k for k in
                 Keberatan.objects.filter(penilaian__skp=skp).select_related("penilaian")}
    for p in periode:
        p.hasil = hasil.get(p.pk)
        p.keberatan = keberatan.get(p.pk)
        p.boleh_keberatan = (owner and p.is_final and p.hasil is not None
                             and bool(p.hasil.predikat) and p.keberatan is None)
    siasn_aktif = siasn.aktif()
    if siasn_aktif:  # Query: this pegawai's SIASN statuses for these periods.
        status = siasn.status_untuk(skp, periode, hasil, keberatan)
        for p in periode:
            p.siasn = status[p.pk]
    return render(request, "penilaian/skp.html", {
        "skp": skp, "periode": periode, "owner": owner, "siasn_aktif": siasn_aktif,
        "is_rater": skp.pejabat_penilai_id == request.user.pk or _is_rater(request.user),
    })


# --- Pengisian Eviden -------------------------------------------------------------------------


def _rhks(skp: Skp, periode: PeriodePenilaian, *, saran: bool = False) -> list[HasilKerja]:
    """RHKs with indicators, eviden, realisasi/feedback and rencana aksi of one period: 5 queries;
    with `saran`, one more: the approved Progres Harian totals (Saran realisasi)."""
    # Query: the RHKs (utama first); query: their indicators (prefetch).
    rhks = sorted(
        skp.hasil_kerja.select_related("rhk_atasan").prefetch_related("indikator"),
        key=lambda r: (r.jenis != HasilKerja.Jenis.UTAMA, r.urutan, r.pk),
    )
    ind_ids = [i.pk for r in rhks for i in r.indikator.all()]
    eviden: dict[int, list[Eviden]] = {}
    # Query: the eviden of these indicators in this period.
    for ev in Eviden.objects.filter(periode=periode, indikator_id__in=ind_ids):
        eviden.setdefault(ev.indikator_id, []).append(ev)
    # Query: realisasi and superior feedback of these indicators in this period.
    capaian = {c.indikator_id: c for c in
               CapaianIndikator.objects.filter(periode=periode, indikator_id__in=ind_ids)}
    aksi: dict[int, list[RencanaAksi]] = {}
    # Query: the rencana aksi of these RHKs in this period.
    for ra in RencanaAksi.objects.filter(periode=periode, rhk__skp=skp):
        aksi.setdefault(ra.rhk_id, []).append(ra)
    totals = saran_progres(skp, periode, [r.pk for r in rhks]) if saran else {}
    for n, rhk in enumerate(rhks, 1):
        rhk.nomor = n
        rhk.aksi = aksi.get(rhk.pk, [])
        rhk.inds = list(rhk.indikator.all())
        for ind in rhk.inds:
            ind.rhk = rhk
            ind.ev = eviden.get(ind.pk, [])
            ind.cap = capaian.get(ind.pk)
            ind.saran = saran_realisasi(totals.get(rhk.pk, []), ind.target_satuan)
    return rhks


def _umpan_balik(request: HttpRequest, skp: Skp, periode: PeriodePenilaian | None, *,
                 rekan: bool = False) -> Any:
    """The feedback on this SKP the user may read (UmpanBalikPerilaku.objects.visible_to): on
    the peer page (`rekan`) peer feedback only; on a period's page that period's and the peer
    feedback."""
    qs = UmpanBalikPerilaku.objects.visible_to(request.user, skp).select_related("penulis")
    if rekan:
        return qs.filter(periode__isnull=True)
    if periode is not None:
        return qs.filter(Q(periode=periode) | Q(periode__isnull=True))
    return qs


def _perilaku(request: HttpRequest, skp: Skp, periode: PeriodePenilaian | None, *,
              rekan: bool = False) -> list[PerilakuKerja]:
    """The BerAKHLAK values with the feedback on this SKP that the user may read."""
    # Query: the SKP's BerAKHLAK values.
    values = list(PerilakuKerja.objects.filter(versi=skp.perilaku_versi))
    fb: dict[int, list[UmpanBalikPerilaku]] = {}
    # Query: the feedback with its authors.
    for row in _umpan_balik(request, skp, periode, rekan=rekan):
        fb.setdefault(row.perilaku_id, []).append(row)
    for v in values:
        v.umpan_balik = fb.get(v.pk, [])
    return values


@vary_on_headers("HX-Request")
@GET
def eviden(request: HttpRequest, pk: int, periode: int) -> HttpResponse:
    skp = _own_skp(request, pk)
    per = _periode(skp, periode)
    return render(request, "penilaian/eviden.html", {
        "skp": skp, "periode": per, "rhks": _rhks(skp, per, saran=True),
        "terbuka": per.terbuka_untuk(skp),
        "perilaku": _perilaku(request, skp, per),
    })


def _indikator_owned(request: HttpRequest, indikator: int) -> Indikator:
    """An indicator of an approved SKP the user owns; anybody else: 404."""
    return get_object_or_404(
        Indikator.objects.select_related("rhk__skp"),
        pk=indikator, rhk__skp__pegawai=request.user, rhk__skp__status=StatusSkp.PERSETUJUAN,
    )


def _eviden_url(skp: Skp, per: PeriodePenilaian, anchor: str = "") -> str:
    url = reverse("penilaian:eviden", args=[skp.pk, per.pk])
    return f"{url}#{anchor}" if anchor else url


def _cell(request: HttpRequest, ind: Indikator, per: PeriodePenilaian, kind: str,
          form: Form | None = None, edit: Eviden | None = None) -> HttpResponse:
    """The changed Eviden ("ev") or Realisasi ("re") cell of one indicator, for htmx; with an
    invalid form it comes back open, showing the errors beside the typed values. With `edit`,
    that eviden shows as an inline Ubah form (`form`) in its place."""
    # Query: the indicator's eviden; query: its realisasi row.
    ind.ev = list(Eviden.objects.filter(indikator=ind, periode=per))
    ind.cap = CapaianIndikator.objects.filter(indikator=ind, periode=per).first()
    if kind == "re":  # Query: the approved Progres Harian total of its RHK (Saran realisasi).
        totals = saran_progres(ind.rhk.skp, per, [ind.rhk_id])
        ind.saran = saran_realisasi(totals.get(ind.rhk_id, []), ind.target_satuan)
    context = {"ind": ind, "periode": per, "skp": ind.rhk.skp,
               "terbuka": per.terbuka_untuk(ind.rhk.skp),
               "mode": "pegawai"}
    if edit is not None:
        context.update(edit_ev=edit.pk, edit_form=form)
    else:
        context[f"{kind}_form"] = form
    return render(request, f"penilaian/_hasil_kerja.html#kolom-{kind}", context)


@vary_on_headers("HX-Request")
@GET
def eviden_kolom(request: HttpRequest, indikator: int, periode: int) -> HttpResponse:
    """The Eviden cell as it is (Batal of an inline Ubah); without htmx, the page."""
    ind = _indikator_owned(request, indikator)
    per = _periode(ind.rhk.skp, periode)
    if not request.htmx:
        return redirect(_eviden_url(ind.rhk.skp, per, f"ev-{ind.pk}"))
    return _cell(request, ind, per, "ev")


def _refused(request: HttpRequest, exc: Exception, url: str,
             cell: tuple[Indikator, PeriodePenilaian, str] | None = None) -> HttpResponse:
    """A refusal (deadline passed, not allowed): the message, then the page again. For htmx the
    changed cell comes back and the message rides along out of band (HtmxMessagesMiddleware)."""
    messages.error(request, str(exc))
    if request.htmx and cell is not None:
        return _cell(request, *cell)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _save_in_cell(request: HttpRequest, form: Form, save: Callable[..., object], *,
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
        return _refused(request, exc, back, (ind, per, kind))
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    except formulir.SudahDikirim:
        pass  # the first submission made it: answer as it was answered
    else:
        messages.success(request, pesan)
    return _cell(request, ind, per, kind) if request.htmx else _done(request, back)


@vary_on_headers("HX-Request")
@GET_POST
def eviden_tambah(request: HttpRequest, indikator: int, periode: int) -> HttpResponse:
    ind = _indikator_owned(request, indikator)
    skp = ind.rhk.skp
    per = _periode(skp, periode)
    back = _eviden_url(skp, per, f"ev-{ind.pk}")
    form = f.EvidenForm(request.POST or None)
    done = _save_in_cell(request, form, lambda **kw: Eviden.tambah(ind, per, **kw), ind=ind,
                         per=per, kind="ev", back=back, pesan=_("Eviden ditambahkan."), buat=True)
    if done:
        return done
    if request.htmx and request.method == "POST":
        return _cell(request, ind, per, "ev", form)
    return _form_page(request, form, title=_("Tambah Eviden"), cancel=back,
                      action=reverse("penilaian:eviden_tambah", args=[ind.pk, per.pk]),
                      intro=ind.teks)


def _eviden_owned(request: HttpRequest, pk: int) -> Eviden:
    """Nobody touches another's eviden: only the SKP owner's rows are found."""
    return get_object_or_404(
        Eviden.objects.select_related("indikator__rhk__skp", "periode"),
        pk=pk, indikator__rhk__skp__pegawai=request.user,
        indikator__rhk__skp__status=StatusSkp.PERSETUJUAN,
    )


@vary_on_headers("HX-Request")
@GET_POST
def eviden_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    ev = _eviden_owned(request, pk)
    ind, per = ev.indikator, ev.periode
    back = _eviden_url(ind.rhk.skp, per, f"ev-{ind.pk}")
    form = f.EvidenForm(request.POST or None, initial={"nama": ev.nama, "tautan": ev.tautan})
    done = _save_in_cell(request, form, ev.ubah, ind=ind, per=per, kind="ev", back=back,
                         pesan=_("Eviden diubah."))
    if done:
        return done
    if request.htmx:  # the Ubah form in place of that eviden, errors beside the typed values
        return _cell(request, ind, per, "ev", form, edit=ev)
    return _form_page(request, form, title=_("Ubah Eviden"), cancel=back,
                      action=reverse("penilaian:eviden_ubah", args=[ev.pk]), intro=ind.teks)


@require_POST
def eviden_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    ev = _eviden_owned(request, pk)
    ind, per = ev.indikator, ev.periode
    back = _eviden_url(ind.rhk.skp, per, f"ev-{ind.pk}")
    try:
        ev.hapus(aktor=request.user)
    except Ditolak as exc:
        return _refused(request, exc, back, (ind, per, "ev"))
    messages.success(request, _("Eviden dihapus."))
    return _cell(request, ind, per, "ev") if request.htmx else _done(request, back)


@vary_on_headers("HX-Request")
@GET_POST
def realisasi(request: HttpRequest, indikator: int, periode: int) -> HttpResponse:
    ind = _indikator_owned(request, indikator)
    skp = ind.rhk.skp
    per = _periode(skp, periode)
    back = _eviden_url(skp, per, f"re-{ind.pk}")
    current = CapaianIndikator.objects.filter(indikator=ind, periode=per).first()
    initial = {"realisasi": current.realisasi, "sumber_data": current.sumber_data} \
        if current else {}
    form = f.RealisasiForm(request.POST or None, initial=initial)
    done = _save_in_cell(request, form,
                         lambda **kw: CapaianIndikator.set_realisasi(ind, per, **kw), ind=ind,
                         per=per, kind="re", back=back, pesan=_("Realisasi disimpan."))
    if done:
        return done
    if request.htmx and request.method == "POST":
        return _cell(request, ind, per, "re", form)
    return _form_page(request, form, title=_("Edit Realisasi"), cancel=back,
                      action=reverse("penilaian:realisasi", args=[ind.pk, per.pk]),
                      intro=ind.teks)


@GET_POST
def rencana_aksi(request: HttpRequest, rhk: int, periode: int) -> HttpResponse:
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
def rencana_aksi_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    ra = get_object_or_404(RencanaAksi.objects.select_related("rhk__skp", "periode"), pk=pk,
                           rhk__skp__pegawai=request.user)
    back = _eviden_url(ra.rhk.skp, ra.periode, f"rhk-{ra.rhk_id}")
    try:
        ra.hapus(aktor=request.user)
    except Ditolak as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Rencana aksi dihapus."))
    return redirect(back)


# --- Penilaian Bawahan ------------------------------------------------------------------------


@GET
def bawahan(request: HttpRequest, periode: int) -> HttpResponse:
    per = _my_periode(request, periode)
    # Query: the approved SKPs this user rates that intersect the period, with their pegawai.
    skps = list(
        Skp.objects.filter(pejabat_penilai=request.user, status=StatusSkp.PERSETUJUAN,
                           periode_awal__lte=per.akhir, periode_akhir__gte=per.awal)
        .select_related("pegawai").order_by("pegawai__nama")
    )
    # Query: their ratings in this period.
    hasil = {p.skp_id: p for p in Penilaian.objects.filter(periode=per,
                                                          skp__in=[s.pk for s in skps])}
    for s in skps:
        s.hasil = hasil.get(s.pk)
    return render(request, "penilaian/bawahan.html", {"periode": per, "skps": skps})


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


def _nilai_context(request: HttpRequest, skp: Skp, per: PeriodePenilaian) -> dict[str, Any]:
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
def nilai(request: HttpRequest, pk: int, periode: int) -> HttpResponse:
    skp = _rated_skp(request, pk)
    per = _periode(skp, periode)
    context = _nilai_context(request, skp, per)
    context["rhks"] = _rhks(skp, per)
    context["perilaku"] = _perilaku(request, skp, per)
    if per.is_final:
        # Query: the periodic ratings of this SKP, for the annual decision.
        context["riwayat"] = list(Penilaian.objects.filter(skp=skp).exclude(periode=per)
                                  .exclude(rating_hasil="", rating_perilaku="")
                                  .select_related("periode").order_by("periode__awal"))
    return render(request, "penilaian/nilai.html", context)


@vary_on_headers("HX-Request")
@GET
def distribusi(request: HttpRequest, pk: int, periode: int) -> HttpResponse:
    """The pola distribusi warnings as if the chosen ratings (and predikat) were saved: the rating
    page's select values come in the query string; nothing is written."""
    skp = _rated_skp(request, pk)
    per = _periode(skp, periode)
    # Query: this period's row, if any (never created here).
    pn = Penilaian.objects.filter(skp=skp, periode=per).first() or Penilaian(skp=skp,
                                                                             periode=per)
    pn.skp = skp

    def pilih(name: str, allowed: list[str], saved: str) -> str:
        value = request.GET.get(name)
        return saved if value is None else value if value in allowed else ""

    hasil = pilih("hasil-nilai", Rating.values, pn.rating_hasil)
    mengikuti = pn.hasil_mengikuti_capaian()  # Query when the pegawai heads a unit.
    if mengikuti is not None:
        hasil = CAPAIAN_KE_RATING[mengikuti.capaian]
    perilaku = pilih("perilaku-nilai", Rating.values, pn.rating_perilaku)
    override = pilih("predikat", Predikat.values, pn.predikat_override)
    hasil_baru = rules.predikat(hasil, perilaku) or ""
    if pn.predikat_keberatan:
        hasil_baru = pn.predikat_keberatan
    elif override and hasil_baru:
        hasil_baru = override
    return render(request, "penilaian/nilai.html#distribusi", {
        "skp": skp, "periode": per,
        "kelompok": kelompok(request.user, per, seandainya=(skp.pk, hasil_baru), skp=skp),
        "pratinjau_predikat": Predikat(hasil_baru).label if hasil_baru else "",
        "pratinjau_beda": hasil_baru != pn.predikat,
    })


def _nilai_url(skp: Skp, per: PeriodePenilaian, anchor: str = "") -> str:
    url = reverse("penilaian:nilai", args=[skp.pk, per.pk])
    return f"{url}#{anchor}" if anchor else url


@vary_on_headers("HX-Request")
@require_POST
def rating(request: HttpRequest, pk: int, periode: int, jenis: str) -> HttpResponse:
    skp = _rated_skp(request, pk)
    per = _periode(skp, periode)
    if jenis not in {"hasil", "perilaku"}:
        raise Http404
    back = _nilai_url(skp, per, "hasil-penilaian")
    form = f.RatingForm(request.POST, prefix=jenis)
    pn = Penilaian.untuk(skp, per)
    pn.skp = skp
    error = ""
    if form.is_valid():
        try:
            pn.set_rating(jenis, form.cleaned_data["nilai"], aktor=request.user,
                          versi=form.cleaned_data["versi"])
        except (Ditolak, ValidationError) as exc:
            error = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        else:
            messages.success(request, _("Penilaian disimpan."))
    else:
        error = _("Pilih salah satu penilaian.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(back)
    context = _nilai_context(request, skp, per)
    context["error"] = error
    return render(request, "penilaian/nilai.html#hasil-penilaian", context)


@vary_on_headers("HX-Request")
@require_POST
def predikat(request: HttpRequest, pk: int, periode: int) -> HttpResponse:
    skp = _rated_skp(request, pk)
    per = _periode(skp, periode)
    form = f.OverrideForm(request.POST)
    pn = Penilaian.untuk(skp, per)
    pn.skp = skp
    if form.is_valid():
        try:
            pn.set_override(form.cleaned_data["predikat"], form.cleaned_data["alasan"],
                            aktor=request.user, versi=form.cleaned_data["versi"])
        except Ditolak as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Predikat disimpan."))
            if not request.htmx:
                return redirect(_nilai_url(skp, per, "hasil-penilaian"))
    context = _nilai_context(request, skp, per)
    if form.errors:
        context["form_override"] = form
    if request.htmx:
        return render(request, "penilaian/nilai.html#hasil-penilaian", context)
    context["rhks"] = _rhks(skp, per)
    context["perilaku"] = _perilaku(request, skp, per)
    return render(request, "penilaian/nilai.html", context)


@require_POST
def feedback_indikator(request: HttpRequest, pk: int, periode: int, indikator: int
                       ) -> HttpResponse:
    skp = _rated_skp(request, pk)
    per = _periode(skp, periode)
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
        ind.cap = CapaianIndikator.objects.filter(indikator=ind, periode=per).first()
        return render(request, "penilaian/_hasil_kerja.html#feedback-ind",
                      {"ind": ind, "skp": skp, "periode": per})
    return redirect(_nilai_url(skp, per, f"fb-{ind.pk}"))


def _baris_perilaku(request: HttpRequest, skp: Skp, per: PeriodePenilaian | None,
                    value: PerilakuKerja, mode: str, form: Form | None) -> HttpResponse:
    """One BerAKHLAK row of the Perilaku Kerja table (htmx): its feedback, and the Tambah form
    open with the errors beside the typed text when `form` is invalid."""
    # Query: this value's feedback (that the user may read) with its authors.
    value.umpan_balik = list(_umpan_balik(request, skp, per, rekan=mode == "rekan")
                             .filter(perilaku=value))
    return render(request, "penilaian/_perilaku.html#baris", {
        "v": value, "skp": skp, "periode": per, "mode": mode,
        "form": form, "form_for": value.pk if form is not None else None,
        "blank_form": f.FeedbackPerilakuForm(),
    })


@vary_on_headers("HX-Request")
@GET_POST
def feedback_perilaku(request: HttpRequest, pk: int, periode: int, perilaku: int
                      ) -> HttpResponse:
    """The pejabat penilai's feedback on one BerAKHLAK value in this period."""
    skp = _rated_skp(request, pk)
    per = _periode(skp, periode)
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
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError)
                           else str(exc))
        except formulir.SudahDikirim:
            if not request.htmx:
                return redirect(back)
            form = None
        else:
            messages.success(request, _("Feedback ditambahkan."))
            if not request.htmx:
                return redirect(back)
            form = None
    if request.htmx and request.method == "POST":
        return _baris_perilaku(request, skp, per, value, "penilai", form)
    return _form_page(request, form, title=_("Tambah Feedback"), cancel=back,
                      action=reverse("penilaian:feedback_perilaku",
                                     args=[skp.pk, per.pk, value.pk]), intro=value.nama)


# --- Kurva ------------------------------------------------------------------------------------

@GET
def kurva(request: HttpRequest, periode: int) -> HttpResponse:
    per = _my_periode(request, periode)
    if not _is_rater(request.user):
        raise Http404
    grup = kelompok(request.user, per)
    return render(request, "penilaian/kurva.html", {
        "periode": per, "k": grup, "svg": kurva_svg(grup["jumlah"]),
        "pimpinan": _memimpin_subunit(request.user),
    })


# --- Capaian kinerja organisasi ---------------------------------------------------------------


@GET_POST
def capaian(request: HttpRequest, periode: int) -> HttpResponse:
    """The leader of a unit sets the capaian of the units directly below it."""
    per = _my_periode(request, periode)
    # Query: the units directly below a unit this user heads.
    units = list(UnitOrganisasi.objects.filter(parent__kepala=request.user)
                 .select_related("parent", "kepala").order_by("nama"))
    if not units:
        raise Http404
    errors: dict[int, str] = {}
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise Http404
        form = f.CapaianForm(request.POST)
        if form.is_valid():
            try:
                CapaianOrganisasi.tetapkan(unit, per, capaian=form.cleaned_data["capaian"],
                                           aktor=request.user)
            except Ditolak as exc:
                errors[unit.pk] = str(exc)
            else:
                messages.success(request, _("Capaian kinerja organisasi %(unit)s disimpan.")
                                 % {"unit": unit.nama})
                return redirect(reverse("penilaian:capaian", args=[per.pk]))
        else:
            errors[unit.pk] = _("Pilih capaian kinerja organisasi.")
    # Query: the capaian already set for these units.
    current = {c.unit_id: c for c in CapaianOrganisasi.objects.filter(periode=per,
                                                                      unit__in=units)}
    for u in units:
        u.capaian = current.get(u.pk)
        u.error = errors.get(u.pk, "")
    return render(request, "penilaian/capaian.html", {
        "periode": per, "units": units, "choices": Capaian.choices,
    }, status=200)


# --- Feedback Perilaku Rekan Kerja ------------------------------------------------------------


@GET
def rekan(request: HttpRequest) -> HttpResponse:
    """NIP → Cari Pegawai → the colleague's SKPs (manual Gambar 31): a colleague of the user's
    own instansi only (Pegawai.objects.rekan_dari, Skp.objects.for_rekan)."""
    form = f.CariPegawaiForm(request.GET or None)
    found, skps = None, []
    if request.GET and form.is_valid():
        nip = normalise_nip(form.cleaned_data["nip"])
        # Query: the colleague with this NIP (same instansi, active, not oneself).
        found = Pegawai.objects.rekan_dari(request.user).filter(nip=nip).first()
        if found is None:
            form.add_error("nip", _("Pegawai dengan NIP ini tidak ditemukan."))
        else:
            # Query: that colleague's SKPs open to peer feedback.
            skps = list(Skp.objects.for_rekan(request.user).filter(pegawai=found)
                        .order_by("-periode_awal"))
            if not skps:
                form.add_error("nip", _("Pegawai ini belum memiliki SKP."))
    return render(request, "penilaian/rekan.html", {"form": form, "found": found, "skps": skps})


def _rekan_skp(request: HttpRequest, pk: int) -> Skp:
    """A colleague's SKP of the user's own instansi (Skp.objects.for_rekan); else 404."""
    skp = get_object_or_404(Skp.objects.for_rekan(request.user).select_related("pegawai"),
                            pk=pk)
    catat_akses(request, skp, "rekan")
    return skp


def _rekan_page(request: HttpRequest, skp: Skp, form: Form | None = None,
                form_for: int | None = None, status: int = 200) -> HttpResponse:
    # Query: the RHKs; query: their indicators (the plan, never its realisasi or ratings).
    rhks = list(skp.hasil_kerja.select_related("rhk_atasan").prefetch_related("indikator")
                .order_by("jenis", "urutan", "pk"))
    return render(request, "penilaian/rekan_skp.html", {
        "skp": skp, "rhks": rhks, "perilaku": _perilaku(request, skp, None, rekan=True),
        "form": form, "form_for": form_for, "blank_form": f.FeedbackPerilakuForm(),
        "galat_form": form if form is not None and form_for is None else None,
    }, status=status)


@vary_on_headers("HX-Request")
@GET_POST
def rekan_skp(request: HttpRequest, pk: int) -> HttpResponse:
    skp = _rekan_skp(request, pk)
    if request.method != "POST":
        return _rekan_page(request, skp)
    form = f.FeedbackRekanForm(request.POST, versi=skp.perilaku_versi)
    form.is_valid()
    value = form.cleaned_data.get("perilaku")
    if value is None:
        # A crafted row (its hidden field names no value of this SKP): no row to answer in.
        if request.htmx:  # the typed text stays in the browser; the message rides along
            messages.error(request, form.errors["perilaku"][0])
            return reswap(HttpResponse(""), "none")
        return _rekan_page(request, skp, form, status=400)
    if not form.errors:
        try:
            with formulir.sekali(request):
                UmpanBalikPerilaku.tambah(skp, value, teks=form.cleaned_data["teks"],
                                          jempol=form.jempol_bool, aktor=request.user)
        except (Ditolak, ValidationError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError)
                           else str(exc))
        except formulir.SudahDikirim:
            if not request.htmx:
                return redirect(reverse("penilaian:rekan_skp", args=[skp.pk])
                                + f"#perilaku-{value.pk}")
            return _baris_perilaku(request, skp, None, value, "rekan", None)
        else:
            messages.success(request, _("Feedback ditambahkan."))
            if not request.htmx:
                return redirect(reverse("penilaian:rekan_skp", args=[skp.pk])
                                + f"#perilaku-{value.pk}")
            return _baris_perilaku(request, skp, None, value, "rekan", None)
    if request.htmx:
        return _baris_perilaku(request, skp, None, value, "rekan", form)
    return _rekan_page(request, skp, form, value.pk)


def _umpan_balik_milik(request: HttpRequest, pk: int) -> UmpanBalikPerilaku:
    """Only its author edits or deletes a feedback."""
    return get_object_or_404(UmpanBalikPerilaku.objects.select_related("skp", "perilaku"),
                             pk=pk, penulis=request.user)


def _umpan_balik_back(ub: UmpanBalikPerilaku) -> str:
    if ub.periode_id:
        return _nilai_url(ub.skp, ub.periode, f"perilaku-{ub.perilaku_id}")
    return reverse("penilaian:rekan_skp", args=[ub.skp_id]) + f"#perilaku-{ub.perilaku_id}"


@GET_POST
def umpan_balik_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    ub = _umpan_balik_milik(request, pk)
    back = _umpan_balik_back(ub)
    form = f.FeedbackPerilakuForm(request.POST or None,
                                  initial={"teks": ub.teks, "jempol": "1" if ub.jempol else "0"})
    if request.method == "POST" and form.is_valid():
        try:
            ub.ubah(teks=form.cleaned_data["teks"], jempol=form.jempol_bool, aktor=request.user)
        except (Ditolak, ValidationError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError)
                           else str(exc))
        else:
            messages.success(request, _("Feedback diubah."))
            return redirect(back)
    return _form_page(request, form, title=_("Ubah Feedback"), cancel=back,
                      action=reverse("penilaian:umpan_balik_ubah", args=[ub.pk]),
                      intro=ub.perilaku.nama)


@require_POST
def umpan_balik_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    ub = _umpan_balik_milik(request, pk)
    back = _umpan_balik_back(ub)
    ub.hapus(aktor=request.user)
    messages.success(request, _("Feedback dihapus."))
    return redirect(back)


# --- Keberatan --------------------------------------------------------------------------------


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


# --- Manajemen Periode (admin instansi) -------------------------------------------------------


def _admin_instansi(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_admin_instansi and user.instansi_id):
        raise Http404


def _periode_isi(request: HttpRequest, form: Form | None = None) -> HttpResponse:
    # Query: the periods of the admin's instansi.
    rows = PeriodePenilaian.objects.filter(instansi_id=request.user.instansi_id)
    template = "penilaian/periode.html#isi" if request.htmx else "penilaian/periode.html"
    return render(request, template, {"rows": rows, "form": form or f.PeriodeForm()})


@vary_on_headers("HX-Request")
@GET_POST
def periode_list(request: HttpRequest) -> HttpResponse:
    _admin_instansi(request)
    form = f.PeriodeForm(request.POST or None)
    form.instance.instansi_id = request.user.instansi_id
    if request.method == "POST":
        try:
            formulir.periksa(request)  # before the form's overlap check
            if form.is_valid():
                with formulir.sekali(request):
                    PeriodePenilaian.simpan(form.instance, aktor=request.user)
            else:
                return _periode_isi(request, form)
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
    return _periode_isi(request, form)


@vary_on_headers("HX-Request")
@GET_POST
def periode_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_instansi(request)
    obj = get_object_or_404(PeriodePenilaian, pk=pk, instansi_id=request.user.instansi_id)
    form = f.PeriodeForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            PeriodePenilaian.simpan(form.instance, aktor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode disimpan."))
            if not request.htmx:
                return redirect(reverse("penilaian:periode"))
            # The table changed: the whole section again (the inline form closes).
            return reswap(retarget(_periode_isi(request), "#periode-isi"), "outerHTML")
    return _form_page(request, form, title=_("Ubah Periode"), cancel=reverse("penilaian:periode"),
                      action=reverse("penilaian:periode_ubah", args=[obj.pk]),
                      hx_target="#periode-dialog")

"""Progres Harian pages. Every view finds its objects through one access helper (below); anyone
else gets a 404. Forms work as plain POSTs; htmx swaps the changed part in place."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.exceptions import Ditolak
from ekinerja.masukan import parse_id, parse_int
from ekinerja.models import Pegawai, UnitOrganisasi
from progres import actions
from progres import bukti as b
from progres import kalender as k
from progres.forms import KembalikanForm, LaporanUnitForm, PengaturanForm, ProgresForm
from progres.models import (
    HariLibur,
    PengaturanProgres,
    ProgresHarian,
    StatusProgres,
    bukti_storage,
    format_volume,
    is_hari_kerja,
    rencana_aksi_pilihan,
    ringkasan_rhk,
)
from skp.models import HasilKerja, Skp, StatusSkp

GET = require_http_methods(["GET"])
GET_POST = require_http_methods(["GET", "POST"])
BATAS_ANTREAN = 300  # entries per review page; approving them brings the next ones
ANTREAN_HARI = 400  # the queue looks this far back (SKPs of this and last year)


# --- access -----------------------------------------------------------------------------------


def _entri_milik(request: HttpRequest, id: int, tanggal: dt.date) -> ProgresHarian:  # noqa: A002
    """One of the user's own entries (ProgresHarian.objects.milik)."""
    return get_object_or_404(
        ProgresHarian.objects.milik(request.user).kunci(id, tanggal).select_related("rhk"))


def _entri_dinilai(request: HttpRequest, id: int, tanggal: dt.date) -> ProgresHarian:  # noqa: A002
    """An entry of an SKP the user rates (ProgresHarian.objects.dinilai_oleh)."""
    return get_object_or_404(
        ProgresHarian.objects.dinilai_oleh(request.user).kunci(id, tanggal)
        .select_related("rhk__skp", "pegawai"))


def _entri_terlihat(request: HttpRequest, id: int, tanggal: dt.date) -> ProgresHarian:  # noqa: A002
    """The owner's or the rater's (ProgresHarian.objects.visible_to)."""
    return get_object_or_404(ProgresHarian.objects.visible_to(request.user).kunci(id, tanggal))


def _bawahan(request: HttpRequest, pegawai: int, awal: dt.date, akhir: dt.date) -> Pegawai:
    """A pegawai whose SKP for (part of) this range the user rates."""
    found = Pegawai.objects.filter(
        pk=pegawai,
        pk__in=Skp.objects.filter(pejabat_penilai=request.user, periode_awal__lte=akhir,
                                  periode_akhir__gte=awal).values("pegawai_id"),
    ).first()
    if found is None:
        raise Http404
    return found


def _rates_any_skp(user: Any) -> bool:
    # Query: is this user the pejabat penilai of any SKP?
    return Skp.objects.filter(pejabat_penilai=user).exists()


def _admin_instansi(user: Any) -> bool:
    return bool(user.is_superuser or (user.is_admin_instansi and user.instansi_id))


# --- the quick form and the week (Progres Harian, the home of this feature) -------------------


def _pilihan(skp: Skp | None, tanggal: dt.date) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """RHK choices of the SKP and the rencana aksi of the period of `tanggal`. Queries: 2."""
    if skp is None or skp.status != StatusSkp.PERSETUJUAN:
        return [], []
    rhks = sorted(HasilKerja.objects.filter(skp=skp),
                  key=lambda r: (r.jenis != HasilKerja.Jenis.UTAMA, r.urutan, r.pk))
    nomor: dict[str, int] = {}
    rhk_choices = []
    for r in rhks:
        nomor[r.jenis] = nomor.get(r.jenis, 0) + 1
        rhk_choices.append((r.pk, f"{r.get_jenis_display()} {nomor[r.jenis]}: {r.teks[:110]}"))
    label = dict(rhk_choices)
    ra = rencana_aksi_pilihan([r.pk for r in rhks], tanggal)
    ra_choices = [(ra_id, f"{label[rhk_id].split(':')[0]}: {teks[:100]}")
                  for rhk_id, rows in ra.items() for ra_id, teks in rows if rhk_id in label]
    return rhk_choices, ra_choices


def _form(request: HttpRequest, tanggal: dt.date, skp: Skp | None, *, data: Any = None,
          files: Any = None, entri: ProgresHarian | None = None,
          rhk_awal: int | None = None) -> ProgresForm:
    rhk_choices, ra_choices = _pilihan(skp, tanggal)
    initial: dict[str, Any] = {"tanggal": tanggal}
    if entri is not None:
        initial.update(rhk=entri.rhk_id, rencana_aksi=entri.rencana_aksi_id, uraian=entri.uraian,
                       volume=format_volume(entri.volume), satuan=entri.satuan,
                       bukti_tautan=entri.bukti_tautan)
    elif rhk_awal and any(pk == rhk_awal for pk, _l in rhk_choices):
        initial["rhk"] = rhk_awal
    elif len(rhk_choices) == 1:
        initial["rhk"] = rhk_choices[0][0]
    return ProgresForm(data, files, initial=initial, rhk_choices=rhk_choices,
                       ra_choices=ra_choices)


def _skp_minggu(user: Any, awal: dt.date, akhir: dt.date) -> list[Skp]:
    # Query: the user's SKPs that overlap the range (any status; the approved ones count).
    return list(Skp.objects.filter(pegawai=user, periode_awal__lte=akhir, periode_akhir__gte=awal)
                .order_by("periode_awal"))


def _rentang(skps: list[Skp]) -> list[tuple[dt.date, dt.date]]:
    return [(s.periode_awal, s.periode_akhir) for s in skps if s.status == StatusSkp.PERSETUJUAN]


def _skp_tanggal(skps: list[Skp], tanggal: dt.date) -> Skp | None:
    holding = [s for s in skps if s.periode_awal <= tanggal <= s.periode_akhir]
    holding.sort(key=lambda s: s.status != StatusSkp.PERSETUJUAN)
    return holding[0] if holding else None


def _halaman(request: HttpRequest, tanggal: dt.date, form: ProgresForm | None = None,
             status: int = 200, hari_kerja: bool = False) -> HttpResponse:
    """The quick form for `tanggal` and the week around it. Queries: the SKPs of the week, the
    RHKs, the rencana aksi, the preference, the week's holidays, the week's entries, is-rater.
    With `hari_kerja`, a weekend or holiday `tanggal` moves back to that week's last working day
    (on Saturday the form offers Friday)."""
    user = request.user
    awal = k.senin(tanggal)
    akhir = awal + dt.timedelta(days=6)
    libur = HariLibur.objects.antara(awal, akhir)  # Query: the week's holidays.
    if hari_kerja and not is_hari_kerja(tanggal, libur):
        kerja = [awal + dt.timedelta(days=i) for i in range((tanggal - awal).days + 1)]
        tanggal = max((d for d in kerja if is_hari_kerja(d, libur)), default=tanggal)
    skps = _skp_minggu(user, awal, akhir)
    skp = _skp_tanggal(skps, tanggal)
    if form is None:
        # Query: the RHK the quick form starts with.
        pengaturan = PengaturanProgres.objects.filter(pegawai=user).first()
        form = _form(request, tanggal, skp,
                     rhk_awal=pengaturan.rhk_terakhir_id if pengaturan else None)
    else:  # a bound form keeps its typed values; its choices follow its own date
        rhk_choices, ra_choices = _pilihan(skp, tanggal)
        form.fields["rhk"].widget.choices = [("", _("Pilih RHK")), *rhk_choices]
        form.fields["rencana_aksi"].widget.choices = [("", _("Tanpa rencana aksi")), *ra_choices]
    # Query: the week's entries with their RHK (index progres_pegawai_tanggal, one partition).
    entri = ProgresHarian.objects.milik(user).antara(awal, akhir).select_related("rhk")
    hari = k.hari_hari(awal, akhir, entri, libur, actions.hari_ini(), _rentang(skps))
    context = {
        "form": form, "tanggal": tanggal, "skp": skp, "hari": hari, "awal": awal, "akhir": akhir,
        "sebelum": awal - dt.timedelta(days=7), "sesudah": awal + dt.timedelta(days=7),
        "hari_ini": actions.hari_ini(), "is_rater": _rates_any_skp(user),
        "bisa_isi": skp is not None and skp.status == StatusSkp.PERSETUJUAN,
        "hari_mundur": actions.hari_mundur(),
    }
    template = "progres/index.html#isi" if request.htmx else "progres/index.html"
    return render(request, template, context, status=status)


@vary_on_headers("HX-Request")
@GET
def index(request: HttpRequest) -> HttpResponse:
    if request.GET.get("tanggal"):
        return _halaman(request, k.parse_tanggal(request.GET["tanggal"], actions.hari_ini()))
    return _halaman(request, actions.hari_ini(), hari_kerja=True)


def _terapkan_galat(form: Form, exc: ValidationError) -> None:
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


@vary_on_headers("HX-Request")
@GET_POST
def tambah(request: HttpRequest) -> HttpResponse:
    """POST: log a day. GET (htmx, the date changed): the form again with that date's RHKs."""
    tanggal = k.parse_tanggal(request.POST.get("tanggal") or request.GET.get("tanggal"),
                              actions.hari_ini())
    if request.method == "GET":
        if not request.htmx:
            return redirect(f"{reverse('progres:index')}?tanggal={tanggal.isoformat()}")
        skps = _skp_minggu(request.user, tanggal, tanggal)
        pengaturan = PengaturanProgres.objects.filter(pegawai=request.user).first()
        rhk_awal = parse_id(request.GET.get("rhk"))
        form = _form(request, tanggal, _skp_tanggal(skps, tanggal),
                     rhk_awal=rhk_awal if rhk_awal is not None else
                     (pengaturan.rhk_terakhir_id if pengaturan else None))
        # What was typed stays when only the date changed.
        form.initial.update({f: request.GET[f] for f in ("uraian", "volume", "satuan",
                                                         "bukti_tautan") if request.GET.get(f)})
        skp = _skp_tanggal(skps, tanggal)
        return render(request, "progres/index.html#form", {
            "form": form, "tanggal": tanggal, "skp": skp, "hari_ini": actions.hari_ini(),
            "bisa_isi": skp is not None and skp.status == StatusSkp.PERSETUJUAN,
            "hari_mundur": actions.hari_mundur()})
    form = ProgresForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with formulir.sekali(request) as kiriman:
                entri = actions.catat_progres(aktor=request.user, isian=form.isian())
                kiriman.hasil = f"{reverse('progres:index')}?tanggal={entri.tanggal.isoformat()}"
        except ValidationError as exc:
            _terapkan_galat(form, exc)
        except formulir.SudahDikirim as exc:  # a double click: the week of the first entry
            if not request.htmx:
                return redirect(exc.hasil or reverse("progres:index"))
            return _halaman(request, form.cleaned_data["tanggal"])
        else:
            messages.success(request, _("Progres %(hari)s tersimpan dan menunggu review.")
                             % {"hari": k.tanggal_panjang(entri.tanggal)})
            if not request.htmx:
                return redirect(f"{reverse('progres:index')}?tanggal={entri.tanggal.isoformat()}")
            return _halaman(request, entri.tanggal)
    return _halaman(request, tanggal, form)


@require_POST
def salin(request: HttpRequest) -> HttpResponse:
    tanggal = k.parse_tanggal(request.POST.get("tanggal"), actions.hari_ini())
    try:
        baru = actions.salin_kemarin(aktor=request.user, tanggal=tanggal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Ditolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ngettext(
            "%(n)s progres disalin dari hari kerja sebelumnya.",
            "%(n)s progres disalin dari hari kerja sebelumnya.", len(baru)) % {"n": len(baru)})
    if request.htmx:
        return _halaman(request, tanggal)
    return redirect(f"{reverse('progres:index')}?tanggal={tanggal.isoformat()}")


@GET_POST
def ubah(request: HttpRequest, id: int, tanggal: dt.date) -> HttpResponse:  # noqa: A002
    entri = _entri_milik(request, id, tanggal)
    if request.method == "POST":
        form = ProgresForm(request.POST, request.FILES)
        if not entri.bisa_diubah:
            messages.error(request, _("Progres yang sudah disetujui tidak dapat diubah."))
            return redirect(f"{reverse('progres:index')}?tanggal={entri.tanggal.isoformat()}")
        if form.is_valid():
            try:
                baru = actions.ubah_progres(aktor=request.user, entri=entri, isian=form.isian(),
                                            versi=parse_int(request.POST.get("versi")))
            except ValidationError as exc:
                _terapkan_galat(form, exc)
            except Ditolak as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Progres diubah dan menunggu review."))
                return redirect(f"{reverse('progres:index')}?tanggal={baru.tanggal.isoformat()}")
        skp = actions.skp_pada(request.user, form.cleaned_data.get("tanggal") or entri.tanggal)
        rhk_choices, ra_choices = _pilihan(skp, form.cleaned_data.get("tanggal") or entri.tanggal)
        form.fields["rhk"].widget.choices = [("", _("Pilih RHK")), *rhk_choices]
        form.fields["rencana_aksi"].widget.choices = [("", _("Tanpa rencana aksi")), *ra_choices]
    else:
        form = _form(request, entri.tanggal, actions.skp_pada(request.user, entri.tanggal),
                     entri=entri)
    return render(request, "progres/ubah.html", {
        "form": form, "entri": entri, "riwayat": actions.riwayat_entri(entri)[:20],
        "hari_ini": actions.hari_ini(),
    })


@require_POST
def hapus(request: HttpRequest, id: int, tanggal: dt.date) -> HttpResponse:  # noqa: A002
    entri = _entri_milik(request, id, tanggal)
    try:
        actions.hapus_progres(aktor=request.user, entri=entri)
    except Ditolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Progres dihapus."))
    if request.htmx:
        return _halaman(request, entri.tanggal)
    return redirect(f"{reverse('progres:index')}?tanggal={entri.tanggal.isoformat()}")


@GET
def bukti(request: HttpRequest, id: int, tanggal: dt.date) -> FileResponse:  # noqa: A002
    """The uploaded bukti, to its owner and the SKP's rater only, as a download (never shown
    inline, never sniffed)."""
    entri = _entri_terlihat(request, id, tanggal)
    if not entri.bukti_berkas:
        raise Http404
    jenis = entri.bukti_berkas.name.rsplit(".", 1)[-1]
    try:
        handle = bukti_storage().open(entri.bukti_berkas.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True,
                            filename=entri.bukti_nama or f"bukti.{jenis}",
                            content_type=b.CONTENT_TYPE.get(jenis, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


# --- month calendar and per-RHK summary -------------------------------------------------------


def _bulan(request: HttpRequest, pegawai: Pegawai, tahun: int, bulan: int, *, milik: bool
           ) -> HttpResponse:
    """Queries: the month's holidays, the pegawai's SKPs in the month, the month's entries
    (index progres_pegawai_tanggal, one partition), the per-RHK summary."""
    awal, akhir = k.batas_bulan(tahun, bulan)
    grid_awal, grid_akhir = k.rentang_kalender(tahun, bulan)
    libur = HariLibur.objects.antara(grid_awal, grid_akhir)
    skps = _skp_minggu(pegawai, awal, akhir)
    entri = ProgresHarian.objects.milik(pegawai).antara(awal, akhir).select_related("rhk")
    hari = k.hari_hari(grid_awal, grid_akhir, entri, libur, actions.hari_ini(), _rentang(skps),
                       bulan=bulan)
    ringkasan = ringkasan_rhk(ProgresHarian.objects.milik(pegawai).antara(awal, akhir))
    prev = awal - dt.timedelta(days=1)
    nxt = akhir + dt.timedelta(days=1)
    return render(request, "progres/bulan.html", {
        "pegawai": pegawai, "milik": milik, "minggu": k.minggu_minggu(tahun, bulan, hari),
        "judul_bulan": k.nama_bulan(tahun, bulan), "tahun": tahun, "bulan": bulan,
        "bulan_teks": f"{tahun:04d}-{bulan:02d}", "sebelum": f"{prev:%Y-%m}",
        "sesudah": f"{nxt:%Y-%m}", "ringkasan": ringkasan, "nama_hari": k.HARI,
        "kosong": sum(1 for h in hari if h.kosong),
        "jumlah": sum(len(h.entri) for h in hari),
        "is_rater": milik and _rates_any_skp(request.user),
    })


@GET
def bulan(request: HttpRequest) -> HttpResponse:
    tahun, bln = k.parse_bulan(request.GET.get("bulan"), actions.hari_ini())
    return _bulan(request, request.user, tahun, bln, milik=True)


@GET
def bulan_bawahan(request: HttpRequest, pegawai: int) -> HttpResponse:
    tahun, bln = k.parse_bulan(request.GET.get("bulan"), actions.hari_ini())
    awal, akhir = k.batas_bulan(tahun, bln)
    return _bulan(request, _bawahan(request, pegawai, awal, akhir), tahun, bln, milik=False)


# --- review by the pejabat penilai ------------------------------------------------------------


def _antrean(request: HttpRequest) -> dict[str, Any]:
    """Subordinates' entries waiting for review, oldest first, grouped by person and day.

    Queries: 3. The SKPs this user rates with their pegawai; the waiting entries by pegawai and
    date on the partial index progres_menunggu (no join: whatever the size of the RHK table, only
    the waiting rows are read); their RHKs by primary key. That each entry's SKP is one this user
    rates is checked on its RHK here, as ProgresQuerySet.dinilai_oleh does in SQL.
    """
    user = request.user
    today = actions.hari_ini()
    sejak = today - dt.timedelta(days=ANTREAN_HARI)
    skps = list(Skp.objects.filter(pejabat_penilai=user, periode_akhir__gte=sejak)
                .select_related("pegawai"))
    rows: list[ProgresHarian] = []
    if skps:
        mulai = max(sejak, min(s.periode_awal for s in skps))
        dinilai = {s.pk for s in skps}
        orang = {s.pegawai_id: s.pegawai for s in skps}
        rows = list(ProgresHarian.objects.filter(
            pegawai_id__in=orang, status=StatusProgres.DIAJUKAN, tanggal__gte=mulai,
            tanggal__lte=today).order_by("tanggal", "id")[:BATAS_ANTREAN + 1])
        rhk = HasilKerja.objects.in_bulk({r.rhk_id for r in rows})
        for r in rows:
            r.rhk, r.pegawai = rhk[r.rhk_id], orang[r.pegawai_id]
        rows = [r for r in rows if r.rhk.skp_id in dinilai]
    lebih = len(rows) > BATAS_ANTREAN
    rows = rows[:BATAS_ANTREAN]
    per_orang: dict[int, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: (r.pegawai.nama, r.pegawai_id, r.tanggal, r.id)):
        o = per_orang.setdefault(r.pegawai_id, {"pegawai": r.pegawai, "hari": defaultdict(list),
                                                "token": []})
        o["hari"][r.tanggal].append(r)
        o["token"].append(r.token)
    grup = [{"pegawai": o["pegawai"], "token": o["token"],
             "hari": [{"tanggal": d, "judul": k.tanggal_panjang(d), "entri": es}
                      for d, es in o["hari"].items()]} for o in per_orang.values()]
    return {"grup": grup, "jumlah": len(rows), "lebih": lebih, "batas": BATAS_ANTREAN}


@vary_on_headers("HX-Request")
@GET
def review(request: HttpRequest) -> HttpResponse:
    template = "progres/review.html#antrean" if request.htmx else "progres/review.html"
    return render(request, template, {**_antrean(request), "form_kembali": KembalikanForm()})


@require_POST
def review_setujui(request: HttpRequest) -> HttpResponse:
    semua = request.POST.get("semua", "")
    token = request.POST.getlist(f"t_{semua}") if semua.isdigit() else request.POST.getlist("entri")
    if not token:
        messages.error(request, _("Pilih progres yang akan disetujui."))
    else:
        hasil = actions.setujui_progres(aktor=request.user, token=token)
        if hasil.disetujui:
            messages.success(request, ngettext("%(n)s progres disetujui.",
                                               "%(n)s progres disetujui.", hasil.disetujui)
                             % {"n": hasil.disetujui})
        if hasil.berubah:
            messages.warning(request, ngettext(
                "%(n)s progres tidak disetujui karena sudah direview atau diubah pegawai sejak "
                "halaman dibuka; periksa lagi.",
                "%(n)s progres tidak disetujui karena sudah direview atau diubah pegawai sejak "
                "halaman dibuka; periksa lagi.", hasil.berubah) % {"n": hasil.berubah})
    if request.htmx:
        return render(request, "progres/review.html#antrean",
                      {**_antrean(request), "form_kembali": KembalikanForm()})
    return redirect("progres:review")


@vary_on_headers("HX-Request")
@GET_POST
def review_kembalikan(request: HttpRequest, id: int, tanggal: dt.date) -> HttpResponse:  # noqa: A002
    entri = _entri_dinilai(request, id, tanggal)
    # The row's own ids (review.html: catatan-<id>), which the error summary links to.
    form = KembalikanForm(request.POST or None, initial={"versi": entri.versi},
                          auto_id=f"%s-{entri.id}")
    if request.method == "POST" and form.is_valid():
        try:
            actions.kembalikan_progres(aktor=request.user, entri=entri,
                                       catatan=form.cleaned_data["catatan"],
                                       versi=form.cleaned_data.get("versi"))
        except ValidationError as exc:
            _terapkan_galat(form, exc)
        except Ditolak as exc:
            messages.error(request, str(exc))
            if request.htmx:
                return render(request, "progres/review.html#antrean",
                              {**_antrean(request), "form_kembali": KembalikanForm()})
            return redirect("progres:review")
        else:
            messages.success(request, _("Progres dikembalikan kepada %(nama)s dengan catatan.")
                             % {"nama": entri.pegawai.nama})
            if not request.htmx:
                return redirect("progres:review")
            return render(request, "progres/review.html#baris", {"e": entri})
    if request.htmx:
        return render(request, "progres/review.html#baris",
                      {"e": entri, "form": form, "buka": True})
    return render(request, "progres/kembalikan.html", {"e": entri, "form": form})


@GET
def bawahan(request: HttpRequest) -> HttpResponse:
    """Each subordinate's month at a glance: a row per person, a cell per day with the number of
    entries, coloured (and labelled) by their review state. Queries: the SKPs this user rates in
    the month with their pegawai, the month's holidays, one grouped count of the entries."""
    tahun, bln = k.parse_bulan(request.GET.get("bulan"), actions.hari_ini())
    awal, akhir = k.batas_bulan(tahun, bln)
    skps = list(Skp.objects.filter(pejabat_penilai=request.user, periode_awal__lte=akhir,
                                   periode_akhir__gte=awal)
                .select_related("pegawai").order_by("pegawai__nama", "periode_awal"))
    libur = HariLibur.objects.antara(awal, akhir)
    hitung: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(dict)
    pegawai_ids = {s.pegawai_id for s in skps}
    if pegawai_ids:
        for p, t, st, n in (
            ProgresHarian.objects.filter(pegawai_id__in=pegawai_ids, tanggal__gte=awal,
                                         tanggal__lte=akhir)
            .values_list("pegawai_id", "tanggal", "status").annotate(n=Count("id"))
            .order_by()
        ):
            hitung[(p, t)][st] = n
    today = actions.hari_ini()
    days = [awal + dt.timedelta(days=i) for i in range((akhir - awal).days + 1)]
    baris: dict[int, dict[str, Any]] = {}
    for s in skps:
        row = baris.setdefault(s.pegawai_id, {"pegawai": s.pegawai, "rentang": [], "sel": []})
        if s.status == StatusSkp.PERSETUJUAN:
            row["rentang"].append((s.periode_awal, s.periode_akhir))
    for row in baris.values():
        for d in days:
            c = hitung.get((row["pegawai"].pk, d), {})
            n = sum(c.values())
            if d.weekday() >= 5 or d in libur:
                kelas, label = "libur", libur.get(d, _("akhir pekan"))
            elif c.get(StatusProgres.DIKEMBALIKAN):
                kelas, label = "kembali", _("ada yang dikembalikan")
            elif c.get(StatusProgres.DIAJUKAN):
                kelas, label = "menunggu", _("menunggu review")
            elif n:
                kelas, label = "setuju", _("disetujui")
            elif d <= today and k.dalam_rentang(d, row["rentang"]):
                kelas, label = "kosong", _("belum diisi")
            else:
                kelas, label = "", ""
            row["sel"].append({"tanggal": d, "n": n, "kelas": kelas, "label": label})
        row["terisi"] = sum(1 for c in row["sel"] if c["n"])
        row["kosong"] = sum(1 for c in row["sel"] if c["kelas"] == "kosong")
    prev, nxt = awal - dt.timedelta(days=1), akhir + dt.timedelta(days=1)
    return render(request, "progres/bawahan.html", {
        "baris": list(baris.values()), "days": days, "judul_bulan": k.nama_bulan(tahun, bln),
        "bulan_teks": f"{tahun:04d}-{bln:02d}", "sebelum": f"{prev:%Y-%m}",
        "sesudah": f"{nxt:%Y-%m}", "singkat_hari": [h[:2] for h in k.HARI],
    })


# --- settings and the unit report -------------------------------------------------------------


@GET_POST
def pengaturan(request: HttpRequest) -> HttpResponse:
    row, _created = PengaturanProgres.objects.get_or_create(pegawai=request.user)
    form = PengaturanForm(request.POST or None, initial={"email_pengingat": row.email_pengingat})
    if request.method == "POST" and form.is_valid():
        row.email_pengingat = form.cleaned_data["email_pengingat"]
        row.save(update_fields=["email_pengingat"])
        messages.success(request, _("Pengaturan disimpan."))
        return redirect("progres:pengaturan")
    return render(request, "progres/pengaturan.html", {"form": form,
                                                       "punya_email": bool(request.user.email)})


def _unit_admin(request: HttpRequest) -> list[UnitOrganisasi]:
    """The units an admin instansi may report on: their own instansi's (a national admin: all)."""
    user = request.user
    if not _admin_instansi(user):
        raise Http404
    qs = UnitOrganisasi.objects.select_related("instansi").order_by("instansi__nama", "nama")
    if not user.is_superuser:
        qs = qs.filter(instansi_id=user.instansi_id)
    return list(qs)


@GET
def laporan_unit(request: HttpRequest) -> HttpResponse:
    """Laporan Progres Harian per unit and month as .xlsx, for the admin instansi."""
    units = _unit_admin(request)
    form = LaporanUnitForm(request.GET or None, units=[(u.pk, u.nama) for u in units])
    if request.GET and form.is_valid():
        from progres.laporan import laporan_unit_xlsx

        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        tahun, bln = form.cleaned_data["bulan"]
        data, nama = laporan_unit_xlsx(unit, tahun, bln)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{nama}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return render(request, "progres/laporan_unit.html", {"form": form})

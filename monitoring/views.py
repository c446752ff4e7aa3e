"""Monitoring pages (issue 13). Every view starts from monitoring.akses.cakupan (or
Laporan.objects.milik / Pegawai.objects.dipantau_oleh), so each page, export and action is
scoped to what the user's role covers."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja import formulir
from ekinerja.db_router import baca_replika
from ekinerja.masukan import BIGINT_MAX, parse_id, parse_ids, parse_int
from ekinerja.models import JenisPegawai, KelasJabatan, Pegawai, UnitOrganisasi
from monitoring import forms as f
from monitoring import pengingat, queries
from monitoring.akses import Cakupan, cakupan
from monitoring.models import Laporan, Pengingat
from monitoring.tasks import buat_laporan
from penilaian.actions import create_periods, extend_deadline
from penilaian.distribusi import unit_penilaian
from penilaian.kurva import kurva_svg
from penilaian.models import JenisPeriode, PeriodePenilaian, PerpanjanganBatas
from penilaian.rules import MIN_PEGAWAI_POLA, Capaian, Predikat, cek_distribusi_unit, distribusi_ideal
from skp.models import StatusSkp

PER_HALAMAN = 50




def _periode_tahun(c: Cakupan, data: Any) -> tuple[int, list[int], list[PeriodePenilaian],
                                                    PeriodePenilaian | None]:
    """(tahun, years with periods, that year's periods, the chosen period). Query: the
    instansi's periods."""
    today = timezone.localdate()
    semua = list(PeriodePenilaian.objects.filter(instansi=c.instansi).order_by("awal", "-akhir"))
    years = sorted({p.awal.year for p in semua} | {today.year}, reverse=True)
    tahun = parse_int(data.get("tahun")) or today.year
    if tahun not in years:
        tahun = today.year
    rows = [p for p in semua if p.awal.year == tahun]
    wanted = parse_id(data.get("periode"))
    chosen = next((p for p in rows if p.pk == wanted), None)
    if chosen is None:
        biasa = [p for p in rows if p.jenis != JenisPeriode.FINAL]
        chosen = (next((p for p in biasa if p.awal <= today <= p.akhir), None)
                  or next((p for p in reversed(biasa) if p.akhir < today), None)
                  or (biasa[0] if biasa else (rows[0] if rows else None)))
    return tahun, years, rows, chosen


def _saringan(c: Cakupan, data: Any) -> dict[str, Any]:
    tahun, years, rows, per = _periode_tahun(c, data)
    jenis = data.get("jenis_pegawai") if data.get("jenis_pegawai") in JenisPegawai.values else ""
    kelas = data.get("kelas_jabatan") if data.get("kelas_jabatan") in KelasJabatan.values else ""
    s = queries.Saringan(instansi_id=c.instansi.pk, tahun=tahun, periode=per,
                         jenis_pegawai=jenis, kelas_jabatan=kelas)
    return {"s": s, "tahun": tahun, "years": years, "periode_list": rows, "periode": per}


def _query(c: Cakupan, ctx: dict[str, Any], **extra: Any) -> str:
    """The current filters as a query string (links keep them)."""
    s: queries.Saringan = ctx["s"]
    params: dict[str, Any] = {"tahun": s.tahun}
    if c.daftar_instansi:
        params["instansi"] = c.instansi.pk
    if s.periode:
        params["periode"] = s.periode.pk
    if s.jenis_pegawai:
        params["jenis_pegawai"] = s.jenis_pegawai
    if s.kelas_jabatan:
        params["kelas_jabatan"] = s.kelas_jabatan
    if c.unit is not None:
        params["unit"] = c.unit.pk
    params.update(extra)
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _base_context(c: Cakupan, ctx: dict[str, Any]) -> dict[str, Any]:
    return {
        "c": c, **ctx, "pilihan_unit": c.pilihan_unit(), "jejak": c.jejak(),
        "jenis_choices": JenisPegawai.choices, "kelas_choices": KelasJabatan.choices,
        "q": _query(c, ctx), "q_root": _query(c, ctx, unit=None),
    }


# --- Monitoring Pengisian -----------------------------------------------------------------------


@vary_on_headers("HX-Request")
@require_GET
@baca_replika
def pengisian(request: HttpRequest) -> HttpResponse:
    """Per unit of the tree: SKP states, and the chosen period's eviden, realisasi, ratings,
    predikat and raters behind. Queries do not depend on the instansi's size."""
    c = cakupan(request)
    ctx = _saringan(c, request.GET)
    roots, langsung, tanpa = c.baris()
    data = queries.ringkasan_pengisian(ctx["s"], roots=roots, langsung=langsung,
                                       tanpa_unit=tanpa)
    baris = []
    if langsung is not None:
        baris.append({"unit": c.units[langsung], "langsung": True,
                      "q": _query(c, ctx, unit=langsung, langsung="1"),
                      "r": data.get(queries.LANGSUNG, queries.Ringkasan())})
    parents = {u.parent_id for u in c.units.values()}
    for rid in roots:
        baris.append({"unit": c.units[rid], "anak": rid in parents,
                      "q": _query(c, ctx, unit=rid), "q_unit": _query(c, ctx, unit=rid),
                      "r": data.get(rid, queries.Ringkasan())})
    if tanpa and queries.TANPA_UNIT in data:
        baris.append({"unit": None, "q": _query(c, ctx, unit=None, tanpa="1"),
                      "r": data[queries.TANPA_UNIT]})
    context = {**_base_context(c, ctx), "baris": baris,
               "total": queries.total(data, list(data))}
    template = "monitoring/pengisian.html#hasil" if request.htmx else "monitoring/pengisian.html"
    return render(request, template, context)


@vary_on_headers("HX-Request")
@require_GET
@baca_replika
def pegawai(request: HttpRequest) -> HttpResponse:
    """Drill-down: the people of the selected unit (and below), with status and rater."""
    c = cakupan(request)
    ctx = _saringan(c, request.GET)
    status = request.GET.get("status", "")
    if status not in queries.STATUS_FILTER:
        status = ""
    langsung_saja = request.GET.get("langsung") == "1" and c.unit is not None
    tanpa_saja = request.GET.get("tanpa") == "1" and c.unit is None and c.seluruh_instansi
    if tanpa_saja:
        roots, langsung, tanpa = [], None, True
    elif c.unit is not None:
        roots, langsung, tanpa = ([], c.unit.pk, False) if langsung_saja else ([c.unit.pk], None,
                                                                                False)
    else:
        roots, langsung, tanpa = c.akar, None, c.seluruh_instansi
    page_no = parse_int(request.GET.get("page"), minimum=1,
                        maximum=BIGINT_MAX // PER_HALAMAN) or 1
    count, rows = queries.daftar_pegawai(ctx["s"], roots=roots, langsung=langsung,
                                         tanpa_unit=tanpa, status=status, limit=PER_HALAMAN,
                                         offset=(page_no - 1) * PER_HALAMAN)
    pages = max(1, -(-count // PER_HALAMAN))
    for row in rows:
        row["status_label"] = StatusSkp(row["status"]).label if row["status"] else ""
        row["boleh_lihat"] = row["skp_id"] is not None and request.user.pk in (
            row["id"], row["penilai_id"])
    context = {
        **_base_context(c, ctx), "rows": rows, "count": count, "page_no": page_no,
        "pages": pages, "status": status, "langsung": langsung_saja,
        "status_choices": [
            ("", _("Semua")), ("belum_skp", _("Belum membuat SKP")), ("draft", _("SKP draft")),
            ("pengajuan", _("SKP pengajuan")), ("persetujuan", _("SKP persetujuan")),
            ("belum_eviden", _("Belum mengisi eviden")),
            ("belum_realisasi", _("Belum mengisi realisasi")),
            ("belum_dinilai", _("Belum mendapat predikat")),
        ],
        "alasan_choices": Pengingat.Alasan.choices,
        "tanpa": tanpa_saja,
        "q_status": _query(c, ctx, status=status, langsung="1" if langsung_saja else "",
                           tanpa="1" if tanpa_saja else ""),
    }
    template = "monitoring/pegawai.html#daftar" if request.htmx else "monitoring/pegawai.html"
    return render(request, template, context)


@require_POST
def pengingat_kirim(request: HttpRequest) -> HttpResponse:
    """Send a reminder to the chosen people (or their raters): only people the user may monitor,
    only where the reason holds, at most once per person, reason and period."""
    c = cakupan(request, request.POST)
    ctx = _saringan(c, request.POST)
    back = reverse("monitoring:pegawai") + "?" + _query(
        c, ctx, status=request.POST.get("status", ""),
        langsung="1" if request.POST.get("langsung") == "1" else "",
        tanpa="1" if request.POST.get("tanpa") == "1" else "")
    per = ctx["periode"]
    wanted = parse_ids(request.POST.getlist("pegawai"))
    # Query: which of the chosen people this user may monitor (in this instansi).
    mine = list(Pegawai.objects.dipantau_oleh(request.user)
                .filter(pk__in=wanted, instansi=c.instansi).values_list("pk", flat=True))
    # People outside the scope are left out (never reminded); none left is a clear error.
    data = request.POST.copy()
    data.setlist("pegawai", [str(i) for i in mine] if mine else request.POST.getlist("pegawai"))
    form = f.KirimPengingatForm(data, pegawai_ids=mine)
    if per is None:
        messages.error(request, _("Instansi ini belum memiliki periode penilaian tahun ini."))
        return redirect(back)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(back)
    sent, skipped = pengingat.manual(form.cleaned_data["alasan"], per,
                                     form.cleaned_data["pegawai"], pengirim=request.user)
    alasan = Pengingat.Alasan(form.cleaned_data["alasan"]).label
    if sent:
        messages.success(request, _("%(n)s pengingat dikirim (%(alasan)s).")
                         % {"n": sent, "alasan": alasan})
    if skipped:
        messages.info(request, _("%(n)s penerima sudah diingatkan untuk alasan dan periode ini.")
                      % {"n": skipped})
    if not sent and not skipped:
        messages.info(request, _("Tidak ada pengingat yang perlu dikirim: alasan \"%(alasan)s\" "
                                 "tidak berlaku bagi pegawai yang dipilih.") % {"alasan": alasan})
    return redirect(back)


@require_GET
def pengingat_list(request: HttpRequest) -> HttpResponse:
    """What was sent, to the people this user may monitor."""
    c = cakupan(request)
    ctx = _saringan(c, request.GET)
    qs = (Pengingat.objects.dipantau_oleh(request.user)
          .filter(periode__instansi=c.instansi).select_related("penerima", "periode", "pengirim"))
    if c.unit is not None:
        qs = qs.filter(penerima__unit__in=UnitOrganisasi.objects.subtree([c.unit.pk]))
    alasan = request.GET.get("alasan", "")
    if alasan in Pengingat.Alasan.values:
        qs = qs.filter(alasan=alasan)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    return render(request, "monitoring/pengingat.html", {
        **_base_context(c, ctx), "page": page, "alasan": alasan,
        "alasan_choices": Pengingat.Alasan.choices,
    })


# --- Monitoring Kurva ---------------------------------------------------------------------------


@require_GET
@baca_replika
def kurva(request: HttpRequest) -> HttpResponse:
    """The predikat distribution per period and per unit penilaian, against each unit's ideal,
    with the pola distribusi warnings and the list of units that break them."""
    c = cakupan(request)
    ctx = _saringan(c, request.GET)
    per = ctx["periode"]
    context = _base_context(c, ctx)
    if per is None:
        return render(request, "monitoring/kurva.html", {**context, "grup": []})
    roots = [c.unit.pk] if c.unit is not None else c.akar
    grup = queries.grup_kurva(c.instansi.pk, per, roots)  # one query
    rows = []
    for g in grup:
        capaian = g.capaian or Capaian.BAIK
        rows.append({"g": g, "capaian": Capaian(capaian), "ditetapkan": g.capaian is not None,
                     "peringatan": cek_distribusi_unit(capaian, g.jumlah),
                     "kecil": g.n < MIN_PEGAWAI_POLA, "is_root": g.id in roots,
                     "jumlah": [(Predikat(p), g.jumlah.get(p, 0)) for p in Predikat.values]})
    top = [r for r in rows if r["is_root"]]
    jumlah = dict.fromkeys(Predikat.values, 0)
    ideal = dict.fromkeys(Predikat.values, 0)
    for r in top:
        for p in Predikat.values:
            jumlah[p] += r["g"].jumlah.get(p, 0)
    selected_is_group = True
    if c.unit is not None and len(top) == 1:
        # Query: the selected unit's unit penilaian (itself, or the JPT unit above it), whose
        # capaian sets the ideal.
        up = unit_penilaian(c.unit.pk, None, per)
        selected_is_group = up is not None and up.id == c.unit.pk
        cap = up.capaian if up is not None else Capaian.BAIK
        ideal = distribusi_ideal(cap, sum(jumlah.values()))
        top[0]["capaian"] = Capaian(cap)
        if not selected_is_group:
            top[0]["peringatan"] = []
    else:
        for r in top:
            for p, v in distribusi_ideal(r["capaian"], r["g"].n).items():
                ideal[p] += v
    series = [(Predikat(p), jumlah[p], ideal[p]) for p in Predikat.values]
    melanggar = [r for r in rows if r["peringatan"]]
    return render(request, "monitoring/kurva.html", {
        **context, "grup": sorted(rows, key=lambda r: (not r["is_root"], r["g"].nama)),
        "melanggar": melanggar, "series": series, "svg": kurva_svg(series),
        "n": sum(jumlah.values()), "belum": sum(r["g"].belum for r in top),
        "top": top, "selected_is_group": selected_is_group, "min_pegawai": MIN_PEGAWAI_POLA,
    })


# --- Laporan ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@baca_replika
def laporan(request: HttpRequest) -> HttpResponse:
    """Ask for a report of the user's scope; it is built in the background."""
    data = request.POST if request.method == "POST" else request.GET
    c = cakupan(request, data)
    ctx = _saringan(c, data)
    periode_all = list(PeriodePenilaian.objects.filter(instansi=c.instansi)
                       .order_by("-awal", "akhir"))
    form = f.LaporanForm(
        request.POST if request.method == "POST" else None,
        tahun=ctx["years"],
        periode=[(p.pk, f"{p.awal.year}: {'Tahunan (Final)' if p.is_final else p.nama}")
                 for p in periode_all],
        unit=c.pilihan_unit(), unit_wajib=not c.seluruh_instansi,
        initial={"tahun": ctx["tahun"], "periode": ctx["periode"].pk if ctx["periode"] else None,
                 "unit": c.unit.pk if c.unit else None, "jenis": Laporan.Jenis.PENILAIAN,
                 "format": Laporan.Format.XLSX},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        per = next((p for p in periode_all if p.pk == d["periode"]), None)
        unit = c.units.get(d["unit"]) if d["unit"] else None
        if d["jenis"] == Laporan.Jenis.PENILAIAN and per is not None and per.awal.year != d["tahun"]:
            form.add_error("periode", _("Periode ini bukan periode tahun %(t)s.") % {"t": d["tahun"]})
        elif d["unit"] and unit is None:
            raise Http404
        else:
            try:
                with formulir.sekali(request) as kiriman, transaction.atomic():
                    lap = Laporan.objects.create(
                        peminta=request.user, jenis=d["jenis"], format=d["format"],
                        instansi=c.instansi, unit=unit, tahun=d["tahun"],
                        periode=per if d["jenis"] == Laporan.Jenis.PENILAIAN else None,
                        jenis_pegawai=d["jenis_pegawai"], kelas_jabatan=d["kelas_jabatan"])
                    transaction.on_commit(lambda: _enqueue(lap.pk))
                    kiriman.hasil = reverse("monitoring:laporan_status", args=[lap.pk])
            except formulir.SudahDikirim as exc:  # a double click: the first request's report
                return redirect(exc.hasil or reverse("monitoring:laporan"))
            return redirect("monitoring:laporan_status", pk=lap.pk)
    riwayat = list(Laporan.objects.milik(request.user).defer("berkas")
                   .select_related("periode", "unit")[:10])
    return render(request, "monitoring/laporan.html", {
        **_base_context(c, ctx), "form": form, "riwayat": riwayat,
    })


def _enqueue(laporan_id: int) -> None:
    result = buat_laporan.enqueue(laporan_id)
    Laporan.objects.filter(pk=laporan_id).update(task_id=str(result.id)[:64])


def _laporan_milik(request: HttpRequest, pk: int) -> Laporan:
    return get_object_or_404(Laporan.objects.milik(request.user).defer("berkas")
                             .select_related("instansi", "unit", "periode"), pk=pk)


@never_cache
@vary_on_headers("HX-Request")
@require_GET
def laporan_status(request: HttpRequest, pk: int) -> HttpResponse:
    lap = _laporan_milik(request, pk)
    template = ("monitoring/laporan_status.html#progres" if request.htmx
                else "monitoring/laporan_status.html")
    return render(request, template, {"lap": lap})


@require_GET
def laporan_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, for its requester only."""
    lap = _laporan_milik(request, pk)
    if lap.status != Laporan.Status.SELESAI:
        messages.info(request, _("Berkas laporan belum siap."))
        return redirect("monitoring:laporan_status", pk=lap.pk)
    data = Laporan.objects.filter(pk=lap.pk).values_list("berkas", flat=True).get()
    content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    if lap.format == Laporan.Format.XLSX else "text/csv; charset=utf-8")
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{lap.nama_berkas}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Periode and deadlines (admin instansi) -----------------------------------------------------


def _admin(request: HttpRequest, data: Any = None) -> Cakupan:
    c = cakupan(request, data)
    if not c.seluruh_instansi:
        raise Http404  # periods and deadlines are the admin instansi's
    return c


@require_http_methods(["GET", "POST"])
def periode(request: HttpRequest) -> HttpResponse:
    """A year's periods from the instansi's pattern, and the deadline extensions."""
    data = request.POST if request.method == "POST" else request.GET
    c = _admin(request, data)
    ctx = _saringan(c, data)
    form = f.BuatPeriodeForm(request.POST or None,
                             initial={"tahun": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        tahun = form.cleaned_data["tahun"]
        made = create_periods(aktor=request.user, instansi=c.instansi, tahun=tahun)
        if made:
            messages.success(request, _("%(n)s periode tahun %(t)s dibuat.")
                             % {"n": len(made), "t": tahun})
        else:
            messages.info(request, _("Periode tahun %(t)s sudah ada; tidak ada yang dibuat.")
                          % {"t": tahun})
        url = reverse("monitoring:periode") + "?" + urlencode(
            {"tahun": tahun, **({"instansi": c.instansi.pk} if c.daftar_instansi else {})})
        return redirect(url)
    ext = {}
    for e in (PerpanjanganBatas.objects.filter(periode__in=ctx["periode_list"])
              .select_related("unit")):
        ext.setdefault(e.periode_id, []).append(e)
    for p in ctx["periode_list"]:
        p.ext = ext.get(p.pk, [])
    return render(request, "monitoring/periode.html", {
        **_base_context(c, ctx), "form": form, "pola": c.instansi.get_pola_periode_display(),
    })


@require_http_methods(["GET", "POST"])
def perpanjang(request: HttpRequest, pk: int) -> HttpResponse:
    """Extend one period's deadline for the whole instansi or one unit (and below), recorded."""
    data = request.POST if request.method == "POST" else request.GET
    c = _admin(request, data)
    per = get_object_or_404(PeriodePenilaian, pk=pk, instansi=c.instansi)
    form = f.PerpanjanganForm(request.POST or None, unit=c.pilihan_unit(),
                              initial={"batas": per.batas_pengisian + dt.timedelta(days=7)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = c.units.get(d["unit"]) if d["unit"] else None
        if d["unit"] and unit is None:
            raise Http404
        try:
            extend_deadline(aktor=request.user, periode=per, unit=unit, batas=d["batas"],
                            alasan=d["alasan"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Batas pengisian %(p)s diperpanjang sampai %(b)s untuk "
                                        "%(u)s.") % {"p": per.judul, "b": d["batas"].isoformat(),
                                                     "u": unit.nama if unit else _("seluruh instansi")})
            url = reverse("monitoring:periode") + "?" + urlencode(
                {"tahun": per.awal.year, **({"instansi": c.instansi.pk} if c.daftar_instansi
                                           else {})})
            return redirect(url)
    rows = list(PerpanjanganBatas.objects.filter(periode=per).select_related("unit", "oleh"))
    return render(request, "monitoring/perpanjang.html", {
        "c": c, "periode": per, "form": form, "rows": rows,
    })

"""Pengiriman hasil ke SIASN: the admin instansi's page (their instansi; the national admin: all).

Anyone else gets a 404. Routed by penilaian/siasn_urls.py in the "siasn" namespace. The pegawai and
the pejabat penilai see each result's SIASN status on the Penilaian SKP page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ekinerja.masukan import parse_ids
from ekinerja.models import Instansi, Pegawai
from penilaian import siasn
from penilaian.models_siasn import HasilSiasn
from penilaian.tasks import periksa_hasil_siasn


def _admin(request: HttpRequest) -> Pegawai:
    """The signed-in admin (national, or of an instansi); 404 for anyone else."""
    user = request.user
    if not isinstance(user, Pegawai):
        raise Http404
    if not (user.is_authenticated and user.is_active
            and (user.is_superuser or (user.is_admin_instansi and user.instansi_id))):
        raise Http404
    return user


@require_http_methods(["GET"])
def hasil(request: HttpRequest) -> HttpResponse:
    """Every result sent or to be sent, newest change first; filter by status; resend."""
    _admin(request)
    qs = HasilSiasn.objects.visible_to(request.user)
    status = request.GET.get("status", "")
    # Query: how many results per status (the filter's counts).
    jumlah = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    if status in HasilSiasn.Status.values:
        qs = qs.filter(status=status)
    # Queries: the count and one page of results with pegawai, period and instansi.
    page = Paginator(
        qs.select_related("pegawai", "periode__instansi").order_by("-diubah", "-pk"), 50
    ).get_page(request.GET.get("hal"))
    return render(request, "siasn/hasil.html", {
        "page": page, "status": status, "aktif": siasn.aktif(),
        "jumlah": [(value, label, jumlah.get(value, 0))
                   for value, label in HasilSiasn.Status.choices],
    })


@require_POST
def periksa(request: HttpRequest) -> HttpResponse:
    """Queue everything that became final (e.g. a closed keberatan window) and due retries."""
    user = _admin(request)
    instansi_id: int | None = None if user.is_superuser else user.instansi_id
    if not siasn.aktif():
        messages.error(request, _("SIASN belum dikonfigurasi, sehingga tidak ada yang dikirim."))
        return redirect("siasn:hasil")
    if instansi_id is not None and not Instansi.objects.filter(pk=instansi_id).exists():
        raise Http404
    transaction.on_commit(lambda: periksa_hasil_siasn.enqueue(instansi_id))
    messages.success(request, _("Hasil yang sudah final sedang diperiksa dan dikirim ke SIASN."))
    return redirect("siasn:hasil")


@require_POST
def kirim_ulang(request: HttpRequest) -> HttpResponse:
    """Resend the chosen failed results (a result already sent is never sent twice)."""
    user = _admin(request)
    ids = parse_ids(request.POST.getlist("hasil"))
    allowed = list(HasilSiasn.objects.visible_to(request.user).filter(pk__in=ids)
                   .values_list("pk", flat=True))
    if not allowed:
        messages.error(request, _("Pilih hasil yang gagal untuk dikirim ulang."))
        return redirect("siasn:hasil")
    n = siasn.kirim_ulang(allowed, aktor=user)
    if n:
        messages.success(request, _("%(n)s hasil dijadwalkan untuk dikirim ulang.") % {"n": n})
    else:
        messages.info(request, _("Tidak ada yang dikirim ulang: hanya hasil berstatus gagal yang "
                                 "dapat dikirim ulang."))
    back = request.POST.get("status", "")
    if back in HasilSiasn.Status.values:
        return redirect(f"{reverse('siasn:hasil')}?status={back}")
    return redirect("siasn:hasil")

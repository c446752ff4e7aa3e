"""The view log: who opened whose SKP, penilaian and printed documents (AksesData).

Access helpers call `catat_akses(request, objek, jenis)` once the user may see `objek` (one line
each). Nothing is written during the request: the rows wait on the request and are inserted with
one `INSERT ... ON CONFLICT DO NOTHING` after the response has been sent (a closer of the
response, run by the WSGI server once the body is out). Views of one's own data are not logged:
the person already knows, and the log stays about others.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import partial

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja.models import AksesData, instansi_objek
from ekinerja.models_dokumen import DokumenCetak
from ekinerja.requestid import current

log = logging.getLogger("ekinerja.akses")
_BUFFER = "_akses_data"
# (pembaca, objek_tipe, objek_id, jenis, jam): one row per reader, object, kind and hour.
type _Kunci = tuple[int, str, str, str, dt.datetime]

# What was opened, as the owner reads it on "Siapa melihat data saya".
JENIS = {
    "skp": _("membuka SKP"),
    "penilaian": _("membuka penilaian"),
    "rekan": _("membuka SKP untuk feedback rekan kerja"),
    "matriks": _("membuka SKP dari Matriks"),
    **{f"cetak:{value}": _("mencetak %(dokumen)s") % {"dokumen": label}
       for value, label in DokumenCetak.Jenis.choices},
}


def catat_akses(request: HttpRequest, objek: models.Model, jenis: str) -> None:
    """Note that the signed-in user opened `objek` (an object with `pemilik_data_id`)."""
    user = request.user
    pemilik_id = getattr(objek, "pemilik_data_id", None)
    if not user.is_authenticated or pemilik_id is None or pemilik_id == user.pk:
        return
    buffer: dict[tuple[str, str, str], AksesData] = request.__dict__.setdefault(_BUFFER, {})
    tipe = objek._meta.label_lower
    key = (tipe, str(objek.pk), jenis)
    if key in buffer:
        return
    now = timezone.now()
    buffer[key] = AksesData(
        pemilik_id=pemilik_id, pembaca_id=user.pk, pembaca_nip=user.nip,
        pembaca_nama=user.nama, objek_tipe=tipe, objek_id=str(objek.pk),
        objek_label=str(objek)[:255], jenis=jenis[:40], instansi_id=instansi_objek(objek),
        jam=now.replace(minute=0, second=0, microsecond=0), waktu=now,
    )


# Rows this process wrote lately: a rater clicking through one SKP's htmx fragments in the same
# hour costs no further INSERT. The unique key in the database settles it across processes.
_RECENT: OrderedDict[_Kunci, None] = OrderedDict()
_RECENT_MAX = 20_000
_lock = threading.Lock()


def _key(row: AksesData) -> _Kunci:
    return (row.pembaca_id, row.objek_tipe, row.objek_id, row.jenis, row.jam)


def forget_recent() -> None:
    """Clear this process's memory of written rows (tests: each test starts afresh)."""
    with _lock:
        _RECENT.clear()


def _write(rows: list[AksesData], request_id: str) -> None:
    with _lock:
        rows = [r for r in rows if _key(r) not in _RECENT]
    if not rows:
        return
    try:
        AksesData.objects.bulk_create(rows, ignore_conflicts=True)
    except Exception:  # the page was served; the loss must be loud in the log, not a 500
        log.exception("view log not written (%s rows) request_id=%s", len(rows), request_id)
        return
    with _lock:
        for row in rows:
            _RECENT[_key(row)] = None
        while len(_RECENT) > _RECENT_MAX:
            _RECENT.popitem(last=False)


class AksesDataMiddleware:
    """Hands the request's view-log rows to the response, to be written after it is sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        buffer = request.__dict__.pop(_BUFFER, None)
        # A refused look (403/404: a view noted it, then a later check refused) or a failed
        # page is no view.
        if buffer and response.status_code not in (403, 404) and response.status_code < 500:
            # Runs once the response is sent (Django closes it), so the page does not wait for
            # the INSERT. _resource_closers is Django's own hook for that; the stubs omit it.
            response._resource_closers.append(  # type: ignore[attr-defined]  # see above
                partial(_write, list(buffer.values()), current()))
        return response

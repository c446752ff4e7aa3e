"""Create forms take effect once (issue 10, item 3).

Every create form carries a one-time token: `{% token_formulir %}` renders a hidden field with a
fresh random value each time a form is drawn (a page with seven forms has seven tokens). The
view wraps its create in `sekali(request)`, which takes the token in the same transaction as the
create, by one `INSERT ... ON CONFLICT (pegawai, token) DO NOTHING`:

- the first submission inserts the token and creates; if the create fails (a field error, a
  refusal), the transaction rolls back and the token is free again, so the corrected form can be
  sent;
- a second submission of the same form (a double click, a resent POST, the same form in two
  tabs) waits on the unique key while the first is still running, then finds the token taken:
  nothing is created, `SudahDikirim` is raised (carrying where the first result is, when the view
  said) and the user reads "Formulir ini sudah dikirim; data tidak disimpan dua kali." The view
  answers as it does after a successful create (the updated part, or a redirect to the result).

A POST without a token (a script, an old page) is accepted as before: the token protects
people's browsers from repeating themselves, it is not an access check. Tokens are per user
(another user's token is never in the way) and are deleted a day after use; each process
deletes the old ones at most once an hour, before a create.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja.models_formulir import KirimanFormulir

FIELD = "token_formulir"
PESAN = _("Formulir ini sudah dikirim; data tidak disimpan dua kali.")
UMUR = dt.timedelta(days=1)
BERSIHKAN_SETIAP = 3600.0  # seconds between clean-ups in one process
_POLA = re.compile(r"[A-Za-z0-9_-]{16,64}")
_dibersihkan: float | None = None  # time.monotonic() of this process's last clean-up


class SudahDikirim(Exception):
    """This form was sent before: nothing was created now. `hasil`: the first result's URL
    ("" when the view did not record one)."""

    def __init__(self, hasil: str = "") -> None:
        super().__init__(str(PESAN))
        self.hasil = hasil


@dataclass
class Kiriman:
    """The token being taken; set `hasil` (a URL) inside the block to hand the first result to a
    repeated submission."""

    token: str | None
    hasil: str = ""


def token_baru() -> str:
    return secrets.token_urlsafe(24)


def token_dari(request: HttpRequest) -> str | None:
    """The posted token, or None when missing or not one of ours (never stored then)."""
    value = request.POST.get(FIELD, "")
    return value if isinstance(value, str) and _POLA.fullmatch(value) else None


def bersihkan(now: dt.datetime | None = None) -> int:
    """Delete tokens used more than a day ago (an index on `dibuat` keeps it cheap)."""
    global _dibersihkan
    _dibersihkan = time.monotonic()
    batas = (now or timezone.now()) - UMUR
    deleted, _rows = KirimanFormulir.objects.filter(dibuat__lt=batas).delete()
    return deleted


def _mungkin_bersihkan() -> None:
    if _dibersihkan is None or time.monotonic() - _dibersihkan >= BERSIHKAN_SETIAP:
        bersihkan()


def _ambil(pegawai_id: int, token: str) -> bool:
    """Take the token; False when it was taken before (waits while another transaction holds
    it uncommitted, as the unique key makes it)."""
    t = connection.ops.quote_name(KirimanFormulir._meta.db_table)
    sql = (
        f"INSERT INTO {t} (pegawai_id, token, hasil, dibuat) "  # noqa: S608 (table name)
        f"VALUES (%s, %s, '', %s) ON CONFLICT (pegawai_id, token) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pegawai_id, token, timezone.now()])
        return cursor.fetchone() is not None


@contextmanager
def sekali_token(pegawai_id: int | None, token: str | None) -> Iterator[Kiriman]:
    """Run the block (the create) once per (pegawai, token), in one transaction with the token.

    Raises SudahDikirim, before the block runs, when the token was taken. Without a token (or a
    user) the block simply runs."""
    kiriman = Kiriman(token)
    if not token or pegawai_id is None:
        yield kiriman
        return
    _mungkin_bersihkan()
    with transaction.atomic():
        if not _ambil(pegawai_id, token):
            hasil = (KirimanFormulir.objects.filter(pegawai_id=pegawai_id, token=token)
                     .values_list("hasil", flat=True).first())
            raise SudahDikirim(hasil or "")
        yield kiriman
        if kiriman.hasil:
            KirimanFormulir.objects.filter(pegawai_id=pegawai_id, token=token).update(
                hasil=kiriman.hasil[:500])


def periksa(request: HttpRequest) -> None:
    """Raise SudahDikirim (with the message) when this POST's token was already taken: for a
    form whose validation would refuse the repeat first (a ModelForm that checks overlaps), so
    the second tab hears "already sent", not "overlaps what you just made". `sekali` still
    decides when both arrive at once."""
    user: Any = request.user
    token = token_dari(request)
    if token and user.is_authenticated:
        hasil = (KirimanFormulir.objects.filter(pegawai_id=user.pk, token=token)
                 .values_list("hasil", flat=True).first())
        if hasil is not None:
            messages.info(request, PESAN)
            raise SudahDikirim(hasil)


@contextmanager
def sekali(request: HttpRequest) -> Iterator[Kiriman]:
    """`sekali_token` for this request's user and posted token; a repeated submission also gets
    the Indonesian message."""
    user: Any = request.user
    pegawai_id = user.pk if user.is_authenticated else None
    try:
        with sekali_token(pegawai_id, token_dari(request)) as kiriman:
            yield kiriman
    except SudahDikirim:
        messages.info(request, PESAN)
        raise

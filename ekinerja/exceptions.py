"""The two exceptions every app raises when it says no.

- `Ditolak`: the action is refused for a reason the user must read. The message is Indonesian
  and shown as it is (`str(exc)`), so views answer with it instead of a 500.
- `Konflik(Ditolak)`: someone else changed the row first (a conditional UPDATE matched nothing).
  Answered with 409. It is a Ditolak, so a view that only shows refusals still shows it; a view
  that treats conflicts differently catches `Konflik` before `Ditolak`.

    from ekinerja.exceptions import Ditolak, Konflik

    raise Ditolak(gettext("Tuliskan alasan pengembalian SKP ke draft."))
    raise Konflik()                          # the generic wording below
    raise Konflik(gettext("SKP telah diubah oleh pengguna lain; muat ulang halaman."))
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Ditolak(Exception):
    """An action refused for a reason the user must read (a clear Indonesian message)."""

    @property
    def pesan(self) -> str:
        return str(self.args[0]) if self.args else ""


class Konflik(Ditolak):
    """Someone else changed the row first; the user reloads and tries again (HTTP 409)."""

    pesan_bawaan: str | Promise = _(
        "Data ini telah diubah oleh pengguna lain; muat ulang halaman lalu coba lagi."
    )

    def __init__(self, pesan: str | Promise | None = None) -> None:
        super().__init__(str(pesan if pesan is not None else self.pesan_bawaan))

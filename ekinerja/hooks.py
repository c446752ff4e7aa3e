"""Hooks that let a higher floor take part in something done lower down, without the lower floor
importing it.

ekinerja imports no domain app, and skp imports neither penilaian nor matriks. When an action
here must also involve a higher app (a new instansi gets penilaian's periods; an approved SKP may
go back to draft only while penilaian has rated none of its periods), the higher app registers a
function in its AppConfig.ready() and the lower floor calls the registered functions, explicitly
and inside its own transaction. No model signals.

    # penilaian/apps.py, ready():
    refuse_skp_return_to_draft.register(skp_sudah_dinilai)
    # skp/models.py, Skp.return_to_draft():
    reason = refuse_skp_return_to_draft.first(self)

Tests swap the registered functions for their own with `with hook.replaced(fn): ...`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ekinerja.models import Instansi, Pegawai


class Hook[**P, R]:
    """Functions other apps register; the owner calls them all (`run`) or asks for the first
    answer that is not empty (`first`)."""

    def __init__(self) -> None:
        self._functions: list[Callable[P, R]] = []

    def register(self, function: Callable[P, R]) -> Callable[P, R]:
        """Registering twice is a no-op (ready() may run more than once in tests)."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def run(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for function in list(self._functions):
            function(*args, **kwargs)

    def answers(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Every registered function's answer, in the order they registered."""
        return [function(*args, **kwargs) for function in list(self._functions)]

    def first(self, *args: P.args, **kwargs: P.kwargs) -> R | None:
        """The first non-empty answer, asking no further once one is found."""
        for function in list(self._functions):
            if answer := function(*args, **kwargs):
                return answer
        return None

    @contextmanager
    def replaced(self, *functions: Callable[P, R]) -> Iterator[None]:
        """For tests: only `functions` are registered inside the block."""
        saved, self._functions = self._functions, list(functions)
        try:
            yield
        finally:
            self._functions = saved


# A new instansi: hook(instansi, aktor), run by ekinerja.actions.create_instansi.
instansi_created: Hook[[Instansi, Pegawai | None], None] = Hook()

# May this approved SKP go back to draft? hook(skp) returns the reason it may not (Indonesian),
# or None. Asked by skp.models.Skp.return_to_draft; the argument is an Skp (typed Any here because
# ekinerja does not import skp).
refuse_skp_return_to_draft: Hook[[Any], str | None] = Hook()


# A SIASN sync changed the derived pejabat penilai of some pegawai: hook(sinkron, {pegawai id:
# the new rater as printed}), run by ekinerja.sinkron after the sync (skp marks the open SKPs).
rater_changed: Hook[[Any, dict[int, dict[str, Any]]], object] = Hook()


def on_instansi_created(
    hook: Callable[[Instansi, Pegawai | None], None],
) -> Callable[[Instansi, Pegawai | None], None]:
    """Register `hook(instansi, aktor)`, run for every new instansi."""
    return instansi_created.register(hook)


def run_instansi_created(instansi: Instansi, aktor: Pegawai | None) -> None:
    instansi_created.run(instansi, aktor)

# The rencana aksi a Progres Harian entry may point at: hook(rhk_ids, tanggal) returns
# {rhk_id: [(rencana_aksi_id, deskripsi), ...]} for the period of that date. penilaian registers
# it; progres.models.rencana_aksi_pilihan merges the answers (progres does not import penilaian).
rencana_aksi_for_progres: Hook[[list[int], dt.date], dict[int, list[tuple[int, str]]]] = Hook()

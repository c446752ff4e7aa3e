"""Hooks that let a higher floor react to something done here, without ekinerja importing it.

ekinerja imports no domain app. When creating an instansi must also set up domain data (the
penilaian periods of the year), the domain app registers a function here in its
AppConfig.ready(), and ekinerja's own creation path (ekinerja.actions.create_instansi) calls the
registered functions, explicitly and inside the same transaction. No model signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ekinerja.models import Instansi, Pegawai

InstansiBaruHook = Callable[["Instansi", "Pegawai | None"], None]

_instansi_baru: list[InstansiBaruHook] = []


def on_instansi_created(hook: InstansiBaruHook) -> InstansiBaruHook:
    """Register `hook(instansi, actor)`, run for every new instansi; registering twice is a
    no-op (ready() may run more than once in tests)."""
    if hook not in _instansi_baru:
        _instansi_baru.append(hook)
    return hook


def run_instansi_created(instansi: Instansi, actor: Pegawai | None) -> None:
    for hook in list(_instansi_baru):
        hook(instansi, actor)

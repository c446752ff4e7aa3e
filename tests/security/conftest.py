from __future__ import annotations

from tests.penilaian.conftest import berakhlak, periods_2025  # noqa: F401 (fixtures)

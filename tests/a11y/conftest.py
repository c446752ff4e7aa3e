"""The catalogue's data and server, built once for the whole tests/a11y package (halaman.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.a11y.halaman import Katalog, mulai_katalog


@pytest.fixture(scope="package")
def katalog(browser: Any, django_db_setup: None, django_db_blocker: Any) -> Iterator[Katalog]:
    yield from mulai_katalog(browser, django_db_blocker)

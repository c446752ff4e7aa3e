from __future__ import annotations

import shutil

import pytest
from django.db import connection

from tests.skala.klaster import PG_BIN, folder_postgres, initdb, salin_skema


@pytest.fixture(scope="session")
def utama(django_db_setup):
    """A primary PostgreSQL cluster of the tests' own with the app's schema (database `app`),
    shared by the replica, restore-drill and worker tests; removed at the end."""
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql)")
    root = folder_postgres("ekinerja-skala-")
    k = initdb(root)
    k.start()
    try:
        name = connection.settings_dict["NAME"]
        salin_skema(name if name.startswith("test_") else connection.creation._get_test_db_name(),
                    k)
        yield k
    finally:
        k.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)

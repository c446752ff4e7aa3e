"""Database invariants that PostgreSQL enforces and the SQLite demo leaves to the application.

The project runs on PostgreSQL (tests, production); the offline demo (`make run`) uses SQLite,
which must still migrate. These helpers keep one declaration in the model for both.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Model


def _postgres(schema_editor: BaseDatabaseSchemaEditor | None) -> bool:
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


class PostgresExclusionConstraint(ExclusionConstraint):
    """An EXCLUDE constraint on PostgreSQL; nothing on other databases (the SQLite demo), where
    the model's own check before writing is the only guard."""

    # None on other databases: Django's schema editor skips a constraint without SQL, which the
    # stubs' "-> str" does not foresee; hence the ignores.
    def constraint_sql(  # type: ignore[override]  # None: no SQL on this database
        self, model: type[Model] | None, schema_editor: BaseDatabaseSchemaEditor | None
    ) -> str | None:
        return super().constraint_sql(model, schema_editor) if _postgres(schema_editor) else None

    def create_sql(  # type: ignore[override]  # None: no SQL on this database
        self, model: type[Model] | None, schema_editor: BaseDatabaseSchemaEditor | None
    ) -> str | None:
        return super().create_sql(model, schema_editor) if _postgres(schema_editor) else None

    def remove_sql(  # type: ignore[override]  # None: no SQL on this database
        self, model: type[Model] | None, schema_editor: BaseDatabaseSchemaEditor | None
    ) -> str | None:
        return super().remove_sql(model, schema_editor) if _postgres(schema_editor) else None

    def validate(self, model: type[Model], instance: Model, exclude: Any = None,
                 using: str = DEFAULT_DB_ALIAS) -> None:
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)


def violated_constraint(exc: IntegrityError) -> str:
    """The name of the constraint a PostgreSQL IntegrityError reports ("" when unknown)."""
    diag = getattr(exc.__cause__, "diag", None)
    return str(getattr(diag, "constraint_name", "") or "")


def isi_instansi(schema_editor: BaseDatabaseSchemaEditor, statements: list[str],
                 lepas_pemicu: dict[str, str] | None = None) -> None:
    """Data migration of issue 16: run the UPDATEs that give existing rows their instansi.

    On PostgreSQL the foreign keys are checked at once (SET CONSTRAINTS ALL IMMEDIATE), so no
    deferred check is left pending for the ALTER ... SET NOT NULL that follows in the same
    migration. `lepas_pemicu` ({table: trigger}) names protecting triggers (Riwayat and AksesData
    refuse every UPDATE) to switch off for these statements only: ALTER TABLE ... DISABLE TRIGGER
    is part of the migration's transaction, holds the table's exclusive lock until the commit,
    and nobody else ever sees the table unprotected."""
    pg = _postgres(schema_editor)
    if pg:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, trigger in (lepas_pemicu or {}).items() if pg else ():
        schema_editor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{trigger}"')
    for sql in statements:
        schema_editor.execute(sql)
    for table, trigger in (lepas_pemicu or {}).items() if pg else ():
        schema_editor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER "{trigger}"')
    if pg:
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

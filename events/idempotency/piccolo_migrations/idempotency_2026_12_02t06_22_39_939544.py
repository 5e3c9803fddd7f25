"""Constraints of idempotency, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-12-02T06:22:39:939544"
VERSION = "1.38.0"
DESCRIPTION = "idempotency constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="idempotency", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="SubmissionKey",
        tablename="submission_key",
        constraint_name="submission_key_unique",
        constraint_class=Unique,
        params={
            "columns": ["scope", "submission_key", "fingerprint"],
            "nulls_distinct": True,
        },
        schema=None,
    )

    return manager

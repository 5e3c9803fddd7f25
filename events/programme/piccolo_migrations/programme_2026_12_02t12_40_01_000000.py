"""Existing organisations are accepted; the status is one of three (a database check)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check
from piccolo.engine import engine_finder

from events.migration_support import add_portable_constraint

ID = "2026-12-02T12:40:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Organisation: existing rows accepted, known status"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="programme", description=DESCRIPTION
    )

    async def accept_existing() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "UPDATE organisation SET status = 'accepted' "
            "WHERE status IS NULL OR status = ''"
        )

    manager.add_raw(accept_existing)

    add_portable_constraint(
        manager,
        table_class_name="Organisation",
        tablename="organisation",
        constraint_name="organisation_known_status",
        constraint_class=Check,
        params={"condition": "\"status\" IN ('accepted', 'suggested', 'rejected')"},
        schema=None,
    )

    return manager

"""Constraints of programme, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-12-02T07:04:12:658354"
VERSION = "1.38.0"
DESCRIPTION = "programme constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="programme", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="Event",
        tablename="event",
        constraint_name="event_max_participants_not_negative",
        constraint_class=Check,
        params={
            "condition": '"max_participants" IS NULL OR "max_participants" >= 0'
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Event",
        tablename="event",
        constraint_name="event_registration_closes_after_opening",
        constraint_class=Check,
        params={
            "condition": '"registration_opens_at" IS NULL OR "registration_closes_at" IS NULL OR "registration_closes_at" > "registration_opens_at"'
        },
        schema=None,
    )

    return manager

"""Constraints of registration, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-12-02T07:18:41:743320"
VERSION = "1.38.0"
DESCRIPTION = "registration constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="registration", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="WorkshopAttendance",
        tablename="workshop_attendance",
        constraint_name="workshop_attendance_once",
        constraint_class=Unique,
        params={"columns": ["participant", "session"], "nulls_distinct": True},
        schema=None,
    )

    return manager

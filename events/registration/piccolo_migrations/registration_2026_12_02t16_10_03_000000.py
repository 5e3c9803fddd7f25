"""A seat offer is only held by a waiting choice (a database check)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check

from events.migration_support import add_portable_constraint

ID = "2026-12-02T16:10:03:000000"
VERSION = "1.38.0"
DESCRIPTION = "SeatChoice: offers only on the waiting list"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="registration", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="SeatChoice",
        tablename="seat_choice",
        constraint_name="seat_choice_offer_only_waiting",
        constraint_class=Check,
        params={"condition": "\"offer_expires_at\" IS NULL OR \"status\" = 'waitlisted'"},
        schema=None,
    )

    return manager

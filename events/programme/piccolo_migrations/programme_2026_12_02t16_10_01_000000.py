"""The hours of a waiting-list offer lie between 1 and 168 (a database check)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check

from events.migration_support import add_portable_constraint

ID = "2026-12-02T16:10:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Event: waitlist offer hours between 1 and 168"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="programme", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="Event",
        tablename="event",
        constraint_name="event_waitlist_offer_hours_range",
        constraint_class=Check,
        params={
            "condition": '"waitlist_offer_hours" >= 1 AND "waitlist_offer_hours" <= 168'
        },
        schema=None,
    )

    return manager

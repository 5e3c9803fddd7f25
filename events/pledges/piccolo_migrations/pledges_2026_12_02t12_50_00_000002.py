"""Indexes for the organiser lists, which page and filter on the server (issue 13)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from events.migration_support import add_indexes

ID = "2026-12-02T12:50:00:000002"
VERSION = "1.38.0"
DESCRIPTION = "index of the organiser pledge list"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="pledges", description=DESCRIPTION)
    add_indexes(
        manager,
        {
            "pledge_event_created_at": ("pledge", ("event", "created_at", "id")),
            "pledge_event_status": ("pledge", ("event", "status")),
        },
    )
    return manager

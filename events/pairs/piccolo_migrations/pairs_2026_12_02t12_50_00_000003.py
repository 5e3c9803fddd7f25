"""Indexes for the organiser lists, which page and filter on the server (issue 13)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from events.migration_support import add_indexes

ID = "2026-12-02T12:50:00:000003"
VERSION = "1.38.0"
DESCRIPTION = "indexes of the organiser pair list"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="pairs", description=DESCRIPTION)
    add_indexes(
        manager,
        {
            "pair_event_created_at": ("pair", ("event", "created_at", "id")),
            "pair_member_pair": ("pair_member", ("pair",)),
            "pair_member_participant": ("pair_member", ("participant",)),
        },
    )
    return manager

"""Indexes for the organiser lists, which page and filter on the server (issue 13)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from events.migration_support import add_indexes

ID = "2026-12-02T12:50:00:000001"
VERSION = "1.38.0"
DESCRIPTION = "indexes of the registrations list and check-in search"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="registration", description=DESCRIPTION)
    add_indexes(
        manager,
        {
            "participant_event_id": ("participant", ("event", "id")),
            "participant_event_name": ("participant", ("event", "name")),
            "seat_choice_session": ("seat_choice", ("session",)),
            "seat_choice_round": ("seat_choice", ("round",)),
        },
    )
    return manager

"""Indexes for the organiser lists, which page and filter on the server (issue 13)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from events.migration_support import add_indexes

ID = "2026-12-02T12:50:00:000005"
VERSION = "1.38.0"
DESCRIPTION = "index of the outbox by kind"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="followup", description=DESCRIPTION)
    add_indexes(
        manager,
        {
            "outbox_message_kind_due_at": ("outbox_message", ("kind", "due_at")),
        },
    )
    return manager

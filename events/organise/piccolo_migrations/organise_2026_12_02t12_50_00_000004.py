"""Indexes for the organiser lists, which page and filter on the server (issue 13)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from events.migration_support import add_indexes

ID = "2026-12-02T12:50:00:000004"
VERSION = "1.38.0"
DESCRIPTION = "index of the audit log by person"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="organise", description=DESCRIPTION)
    add_indexes(
        manager,
        {
            "audit_entry_username_at": ("audit_entry", ("username", "at")),
        },
    )
    return manager

"""Constraints of followup, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-11-23T12:58:13:995788"
VERSION = "1.38.0"
DESCRIPTION = "followup constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="followup", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="OutboxMessage",
        tablename="outbox_message",
        constraint_name="outbox_message_known_status",
        constraint_class=Check,
        params={
            "condition": "\"status\" IN ('queued', 'sending', 'sent', 'retry', 'failed', 'cancelled', 'expired')"
        },
        schema=None,
    )

    return manager

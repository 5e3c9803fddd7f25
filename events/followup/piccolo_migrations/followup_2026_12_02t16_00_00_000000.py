"""The outbox's tables leave this app's migration state; the tables and their rows stay.

From now on `outbox_message` and `unsubscribe` belong to the outbox app (events.outbox), whose
first migration takes them over. `fake=True`: this migration is recorded as run and never
applied, so no table is dropped; it only tells Piccolo's migration state that this app no longer
holds them, so `piccolo migrations new followup --auto` does not drop them.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "hand the outbox's tables over to the outbox app (nothing changes in the database)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="followup", description=DESCRIPTION, fake=True
    )
    manager.drop_table(class_name="Unsubscribe", tablename="unsubscribe")
    manager.drop_table(class_name="OutboxMessage", tablename="outbox_message")
    return manager

"""An index for the length of the waiting lists, which /me and the register form show for every
session (issue 15): counting `status = 'waitlisted'` per session read all seat choices."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from events.migration_support import add_indexes

ID = "2026-12-02T16:10:00:000001"
VERSION = "1.38.0"
DESCRIPTION = "index of the waiting lists"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="registration", description=DESCRIPTION)
    add_indexes(manager, {"seat_choice_status_session": ("seat_choice", ("status", "session"))})
    return manager

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check
from piccolo.engine import engine_finder

from events.migration_support import add_portable_constraint

ID = "2026-12-02T12:40:01:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "EventRole: known roles, unique per user and event; AccountToken: known purposes; existing "
    "organisers become server administrators (superuser), so nothing they could do is taken away"
)


async def existing_organisers_administer() -> None:
    """Everyone who could log in as an organiser before roles existed keeps every right."""
    await engine_finder().run_ddl("UPDATE piccolo_user SET superuser = TRUE WHERE admin = TRUE")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)
    add_portable_constraint(
        manager,
        table_class_name="EventRole",
        tablename="event_role",
        constraint_name="event_role_known_role",
        constraint_class=Check,
        params={
            "condition": "\"role\" IN ('coordinator', 'programme', 'moderator', 'checkin')"
        },
        schema=None,
    )
    add_portable_constraint(
        manager,
        table_class_name="AccountToken",
        tablename="account_token",
        constraint_name="account_token_known_purpose",
        constraint_class=Check,
        params={"condition": "\"purpose\" IN ('invite', 'reset')"},
        schema=None,
    )

    async def one_role_per_user_and_event() -> None:
        await engine_finder().run_ddl(
            'CREATE UNIQUE INDEX "event_role_user_event" ON "event_role" ("user", "event")'
        )

    manager.add_raw(one_role_per_user_and_event)
    manager.add_raw(existing_organisers_administer)
    return manager

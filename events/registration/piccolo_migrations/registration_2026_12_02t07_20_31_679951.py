from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod
from piccolo.engine import engine_finder

ID = "2026-12-02T07:20:31:679951"
VERSION = "1.38.0"
DESCRIPTION = "Participant: unconfirmed_since, address_confirmed_at; unique (event, LOWER(email))"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="registration", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Participant",
        tablename="participant",
        column_name="address_confirmed_at",
        db_column_name="address_confirmed_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="Participant",
        tablename="participant",
        column_name="unconfirmed_since",
        db_column_name="unconfirmed_since",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    async def unique_address_per_event() -> None:
        # The same on both engines: addresses are ASCII (events.registration.addresses).
        await engine_finder().run_ddl(
            'CREATE UNIQUE INDEX "participant_email_key_unique_per_event" '
            'ON "participant" ("event", LOWER("email"))'
        )

    manager.add_raw(unique_address_per_event)

    return manager

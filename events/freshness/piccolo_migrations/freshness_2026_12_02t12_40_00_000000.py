from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigSerial
from piccolo.columns.indexes import IndexMethod

from events.freshness.triggers import PUBLIC_TABLES, add_change_triggers

ID = "2026-12-02T12:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "data version: the change log and the triggers on public tables"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="freshness", description=DESCRIPTION)

    manager.add_table(class_name="DataChange", tablename="data_change", schema=None, columns=None)

    manager.add_column(
        table_class_name="DataChange",
        tablename="data_change",
        column_name="id",
        db_column_name="id",
        column_class_name="BigSerial",
        column_class=BigSerial,
        params={
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    add_change_triggers(manager, PUBLIC_TABLES)

    return manager

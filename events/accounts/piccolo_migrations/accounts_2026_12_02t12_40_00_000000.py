from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.apps.user.tables import BaseUser
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-02T12:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "EventRole and AccountToken"


class Event(Table, tablename="event", schema=None):
    id = Serial(null=False, primary_key=True)


def _params(**extra):
    params = {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(extra)
    return params


def _fk(references):
    return _params(
        references=references,
        on_delete=OnDelete.cascade,
        on_update=OnUpdate.cascade,
        target_column=None,
        index=True,
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    def column(table_class_name, tablename, name, column_class, params):
        manager.add_column(
            table_class_name=table_class_name,
            tablename=tablename,
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )

    manager.add_table(class_name="EventRole", tablename="event_role", schema=None, columns=None)
    column("EventRole", "event_role", "id", Serial, _params(primary_key=True))
    column("EventRole", "event_role", "user", ForeignKey, _fk(BaseUser))
    column("EventRole", "event_role", "event", ForeignKey, _fk(Event))
    column("EventRole", "event_role", "role", Varchar, _params(length=20, default=""))
    column(
        "EventRole", "event_role", "created_at", Timestamptz, _params(default=TimestamptzNow())
    )

    manager.add_table(
        class_name="AccountToken", tablename="account_token", schema=None, columns=None
    )
    column("AccountToken", "account_token", "id", Serial, _params(primary_key=True))
    column(
        "AccountToken",
        "account_token",
        "token_hash",
        Varchar,
        _params(length=64, default="", unique=True),
    )
    column("AccountToken", "account_token", "purpose", Varchar, _params(length=10, default=""))
    column("AccountToken", "account_token", "user", ForeignKey, _fk(BaseUser))
    column(
        "AccountToken",
        "account_token",
        "expires_at",
        Timestamptz,
        _params(default=TimestamptzNow()),
    )
    column(
        "AccountToken",
        "account_token",
        "used_at",
        Timestamptz,
        _params(default=None, null=True),
    )
    column(
        "AccountToken",
        "account_token",
        "created_at",
        Timestamptz,
        _params(default=TimestamptzNow()),
    )

    return manager

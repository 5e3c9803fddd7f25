"""The outbox's tables moved from the followup Piccolo app to the outbox app: a database on the
old migration history keeps its rows, and Piccolo's migration state knows the new owner."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager
from piccolo.apps.migrations.commands.new import AutoMigrationManager
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.postgres import PostgresEngine

from events import piccolo_conf
from events.db import run_migrations
from events.outbox.services import enqueue, is_unsubscribed, unsubscribe
from events.outbox.tables import OutboxMessage
from tests.conftest import app_tables
from tests.mail.conftest import mail_settings

# The followup app's last migration before the move, and the two migrations of the move.
OLD_FOLLOWUP_HEAD = "2026-12-02T12:50:00:000005"
HAND_OVER = ("followup", "2026-12-02T16:00:00:000000")
TAKE_OVER = ("outbox", "2026-12-02T16:00:00:000001")


async def _empty_database() -> None:
    engine = piccolo_conf.DB
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
        return
    for table in [*reversed(app_tables()), Migration]:
        await engine.run_ddl(f'DROP TABLE IF EXISTS "{table._meta.tablename}"')


async def _migrate_as_before_the_move() -> None:
    """Every app's migrations as they were before the move: the followup app up to its old
    head, the outbox app not at all."""
    for app_name in ForwardsMigrationManager(app_name="all").get_sorted_app_names():
        if app_name == "outbox":
            continue
        head = OLD_FOLLOWUP_HEAD if app_name == "followup" else "all"
        result = await ForwardsMigrationManager(app_name=app_name, migration_id=head).run()
        assert result.success, (app_name, result.message)


async def _changes_auto_would_make(app_name: str) -> list[str]:
    app_config = piccolo_conf.APP_REGISTRY.get_app_config(app_name)
    statements = await AutoMigrationManager().get_alter_statements(app_config=app_config)
    return [line for statement in statements for line in statement.statements]


async def test_an_outbox_row_survives_the_move_to_the_outbox_app() -> None:
    settings = mail_settings()
    try:
        await _empty_database()
        await _migrate_as_before_the_move()
        assert not await Migration.exists().where(Migration.app_name == "outbox")
        row_id = await enqueue(
            settings,
            key="before-the-move",
            recipient="anna@example.org",
            kind="test",
            template="test",
        )
        await unsubscribe("bert@example.org")

        assert await run_migrations()

        row = await OutboxMessage.select().where(OutboxMessage.id == row_id).first()
        assert row is not None
        assert (row["idempotency_key"], row["recipient"], row["status"]) == (
            "before-the-move",
            "anna@example.org",
            "queued",
        )
        assert await is_unsubscribed("bert@example.org")
        for app_name, migration_id in (HAND_OVER, TAKE_OVER):
            assert await Migration.exists().where(
                (Migration.app_name == app_name) & (Migration.name == migration_id)
            )
        # The table was neither dropped nor made again: its ids go on.
        later = await enqueue(
            settings,
            key="after-the-move",
            recipient="anna@example.org",
            kind="test",
            template="test",
        )
        assert later == row_id + 1
    finally:
        await _empty_database()
        assert await run_migrations()


async def test_piccolo_knows_the_outbox_app_owns_the_tables() -> None:
    """`piccolo migrations new outbox --auto` would find nothing to do, and the followup app's
    would neither drop nor make the outbox's tables."""
    assert await _changes_auto_would_make("outbox") == []
    followup = await _changes_auto_would_make("followup")
    if isinstance(piccolo_conf.DB, PostgresEngine):  # where migrations are made: nothing at all
        assert followup == []
    assert not [line for line in followup if "OutboxMessage" in line or "Unsubscribe" in line]

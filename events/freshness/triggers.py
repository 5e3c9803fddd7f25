"""The triggers that raise the data version, for migrations of any app.

`PUBLIC_TABLES` are the tables whose contents a public page (programme, seats, catalogue,
people, wall, report) may show; `PRIVATE_TABLES` are the others. Every table is in exactly one
of them (a test checks), so a new table cannot silently escape the page cache's freshness: an
app that adds a public table calls `add_change_triggers` in its migration.
"""

from __future__ import annotations

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

CHANGE_TABLE = "data_change"

PUBLIC_TABLES = (
    "event",
    "organisation",
    "person",
    "practice_example",
    "practice_theme",
    "room",
    "round",
    "session",
    "session_host",
    "session_practice",
    "session_theme",
    "theme",
    "participant",
    "participant_theme",
    "seat_choice",
    "session_seats",
    "workshop_attendance",
    "pair",
    "pair_member",
    "pledge",
    "pledge_practice",
    "pledge_session",
    "pledge_settings",
    "pledge_theme",
    "pledge_progress",
    "pair_reunion",
    "meeting_reply",
)
PRIVATE_TABLES = (
    CHANGE_TABLE,
    "piccolo_user",
    "sessions",
    "audit_entry",
    "mail_text",
    "rate_hit",
    "campaign_step",
    "outbox_message",
    "unsubscribe",
    "manage_link",
    "participant_session",
    "submission_key",
    "announcement",
    "event_role",
    "account_token",
    "pair_suggestion",
    "pair_suggestion_refresh",
)

# PostgreSQL: one row per statement, appended (no row that concurrent writers queue on).
_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION raise_data_version() RETURNS trigger AS $$
BEGIN
    INSERT INTO {CHANGE_TABLE} DEFAULT VALUES;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def change_trigger_ddl(engine_type: str, table: str) -> list[str]:
    """The statements that make writes to `table` raise the data version."""
    name = f"{table}_raises_data_version"
    if engine_type == "sqlite":
        # SQLite has row triggers only, and one writer at a time: the log keeps its last row.
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{name}_{action.lower()}" AFTER {action} ON "{table}" '
            f"BEGIN INSERT INTO {CHANGE_TABLE} (id) VALUES (NULL); "
            f"DELETE FROM {CHANGE_TABLE} WHERE id < last_insert_rowid(); END"
            for action in ("INSERT", "UPDATE", "DELETE")
        ]
    return [
        _POSTGRES_FUNCTION,
        f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"',
        f'CREATE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION raise_data_version()",
    ]


def add_change_triggers(manager: MigrationManager, tables: tuple[str, ...]) -> None:
    """Queue, in a migration, the triggers for these tables on the engine in use."""

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for table in tables:
            for statement in change_trigger_ddl(engine.engine_type, table):
                await engine.run_ddl(statement)

    manager.add_raw(run)

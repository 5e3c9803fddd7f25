"""Table constraints of the programme, kept apart so SQLite gets them after its tables exist."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-11-23T12:49:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "programme constraints"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="programme", description=DESCRIPTION)

    add_portable_constraint(
        manager,
        table_class_name="SessionHost",
        tablename="session_host",
        constraint_name="session_host_unique",
        constraint_class=Unique,
        params={"columns": ["session", "person"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="SessionPractice",
        tablename="session_practice",
        constraint_name="session_practice_unique",
        constraint_class=Unique,
        params={"columns": ["session", "practice"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PracticeTheme",
        tablename="practice_theme",
        constraint_name="practice_theme_unique",
        constraint_class=Unique,
        params={"columns": ["practice", "theme"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Event",
        tablename="event",
        constraint_name="event_ends_after_start",
        constraint_class=Check,
        params={"condition": '"ends_at" > "starts_at"'},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Session",
        tablename="session",
        constraint_name="session_one_per_room_and_round",
        constraint_class=Unique,
        params={"columns": ["round", "room"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Session",
        tablename="session",
        constraint_name="session_known_kind",
        constraint_class=Check,
        params={
            "condition": "\"kind\" IN ('workshop', 'stand', 'excursion', 'plenary')"
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Session",
        tablename="session",
        constraint_name="session_known_status",
        constraint_class=Check,
        params={"condition": "\"status\" IN ('scheduled', 'cancelled')"},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Session",
        tablename="session",
        constraint_name="session_capacity_not_negative",
        constraint_class=Check,
        params={"condition": '"capacity" IS NULL OR "capacity" >= 0'},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Round",
        tablename="round",
        constraint_name="round_ends_after_start",
        constraint_class=Check,
        params={"condition": '"ends_at" > "starts_at"'},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Room",
        tablename="room",
        constraint_name="room_name_unique_per_event",
        constraint_class=Unique,
        params={"columns": ["event", "name"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Room",
        tablename="room",
        constraint_name="room_capacity_not_negative",
        constraint_class=Check,
        params={"condition": '"capacity" >= 0'},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="SessionTheme",
        tablename="session_theme",
        constraint_name="session_theme_unique",
        constraint_class=Unique,
        params={"columns": ["session", "theme"], "nulls_distinct": True},
        schema=None,
    )

    return manager

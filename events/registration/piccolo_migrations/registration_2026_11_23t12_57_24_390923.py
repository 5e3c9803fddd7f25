"""Constraints of registration, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-11-23T12:57:24:390923"
VERSION = "1.38.0"
DESCRIPTION = "registration constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="registration", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="ParticipantTheme",
        tablename="participant_theme",
        constraint_name="participant_theme_unique",
        constraint_class=Unique,
        params={"columns": ["participant", "theme"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="SeatChoice",
        tablename="seat_choice",
        constraint_name="seat_choice_one_per_round",
        constraint_class=Unique,
        params={"columns": ["participant", "round"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="SeatChoice",
        tablename="seat_choice",
        constraint_name="seat_choice_known_status",
        constraint_class=Check,
        params={"condition": "\"status\" IN ('confirmed', 'waitlisted')"},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="SessionSeats",
        tablename="session_seats",
        constraint_name="session_seats_taken_not_negative",
        constraint_class=Check,
        params={"condition": '"taken" >= 0'},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Participant",
        tablename="participant",
        constraint_name="participant_email_unique_per_event",
        constraint_class=Unique,
        params={"columns": ["event", "email"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Participant",
        tablename="participant",
        constraint_name="participant_known_status",
        constraint_class=Check,
        params={
            "condition": "\"status\" IN ('registered', 'cancelled', 'erased')"
        },
        schema=None,
    )

    return manager

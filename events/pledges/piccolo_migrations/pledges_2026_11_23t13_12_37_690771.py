"""Constraints of pledges, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-11-23T13:12:37:690771"
VERSION = "1.38.0"
DESCRIPTION = "pledges constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="pledges", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="PledgePractice",
        tablename="pledge_practice",
        constraint_name="pledge_practice_unique",
        constraint_class=Unique,
        params={"columns": ["pledge", "practice"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Pledge",
        tablename="pledge",
        constraint_name="pledge_known_visibility",
        constraint_class=Check,
        params={
            "condition": "\"visibility\" IN ('public_named', 'public_anonymous', 'private')"
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Pledge",
        tablename="pledge",
        constraint_name="pledge_known_status",
        constraint_class=Check,
        params={"condition": "\"status\" IN ('pending', 'approved', 'hidden')"},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PledgeTheme",
        tablename="pledge_theme",
        constraint_name="pledge_theme_unique",
        constraint_class=Unique,
        params={"columns": ["pledge", "theme"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PledgeSession",
        tablename="pledge_session",
        constraint_name="pledge_session_unique",
        constraint_class=Unique,
        params={"columns": ["pledge", "session"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PledgeSettings",
        tablename="pledge_settings",
        constraint_name="pledge_settings_known_mode",
        constraint_class=Check,
        params={
            "condition": "\"moderation_mode\" IN ('approve_first', 'publish_at_once')"
        },
        schema=None,
    )

    return manager

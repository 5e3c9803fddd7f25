"""Constraints of ratelimits, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-12-02T16:24:59:790418"
VERSION = "1.38.0"
DESCRIPTION = "ratelimits constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="ratelimits", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="RateHit",
        tablename="rate_hit",
        constraint_name="rate_hit_once_per_window",
        constraint_class=Unique,
        params={"columns": ["key", "window_start"], "nulls_distinct": True},
        schema=None,
    )

    return manager

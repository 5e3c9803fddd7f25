"""Constraints of pairs, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-11-23T13:13:24:066979"
VERSION = "1.38.0"
DESCRIPTION = "pairs constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="pairs", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="Pair",
        tablename="pair",
        constraint_name="pair_code_unique_per_event",
        constraint_class=Unique,
        params={"columns": ["event", "code"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="Pair",
        tablename="pair",
        constraint_name="pair_known_status",
        constraint_class=Check,
        params={"condition": "\"status\" IN ('open', 'complete')"},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PairMember",
        tablename="pair_member",
        constraint_name="pair_member_unique_participant",
        constraint_class=Unique,
        params={"columns": ["pair", "participant"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PairMember",
        tablename="pair_member",
        constraint_name="pair_member_unique_role",
        constraint_class=Unique,
        params={"columns": ["pair", "role"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PairMember",
        tablename="pair_member",
        constraint_name="pair_member_known_role",
        constraint_class=Check,
        params={"condition": "\"role\" IN ('a', 'b')"},
        schema=None,
    )

    return manager

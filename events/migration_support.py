"""Helpers for committed Piccolo migrations that must run on PostgreSQL and SQLite alike.

Piccolo adds table constraints with `ALTER TABLE … ADD CONSTRAINT`, which SQLite does not have.
On SQLite the same rules become a unique index (for `Unique`) or a pair of triggers that abort
the write (for `Check`), so the database enforces them on both engines.
"""

from __future__ import annotations

import re
from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Constraint, Unique
from piccolo.engine import engine_finder


def sqlite_constraint_ddl(
    tablename: str, constraint_name: str, constraint_class: type[Constraint], params: dict[str, Any]
) -> list[str]:
    """The SQLite statements that enforce one Piccolo constraint."""
    if constraint_class is Unique:
        columns = ", ".join(f'"{column}"' for column in params["columns"])
        return [f'CREATE UNIQUE INDEX "{constraint_name}" ON "{tablename}" ({columns})']
    if constraint_class is Check:
        # Conditions name columns in double quotes; in a trigger they are the new row's.
        condition = re.sub(r'"(\w+)"', r'NEW."\1"', params["condition"])
        statements = []
        for action in ("INSERT", "UPDATE"):
            statements.append(
                f'CREATE TRIGGER "{constraint_name}_{action.lower()}" BEFORE {action} '
                f'ON "{tablename}" WHEN NOT ({condition}) BEGIN '
                f"SELECT RAISE(ABORT, 'CHECK constraint failed: {constraint_name}'); END"
            )
        return statements
    raise ValueError(f"No SQLite form for {constraint_class.__name__}")


def add_portable_constraint(manager: MigrationManager, **kwargs: Any) -> None:
    """`manager.add_constraint(...)` on PostgreSQL; the SQLite equivalent on SQLite."""
    engine = engine_finder()
    if engine is None or engine.engine_type != "sqlite":
        manager.add_constraint(**kwargs)
        return
    statements = sqlite_constraint_ddl(
        kwargs["tablename"], kwargs["constraint_name"], kwargs["constraint_class"], kwargs["params"]
    )

    async def run() -> None:
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)


def add_indexes(manager: MigrationManager, indexes: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    """Create (and on the way back drop) plain B-tree indexes, also on several columns, which
    Piccolo's column `index=True` cannot express. `indexes` maps a name to (table, columns);
    the DDL is the same on SQLite and PostgreSQL."""

    async def create() -> None:
        for name, (table, columns) in indexes.items():
            quoted = ", ".join(f'"{column}"' for column in columns)
            await engine_finder().run_ddl(  # type: ignore[union-attr]
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted})'
            )

    async def drop() -> None:
        for name in indexes:
            await engine_finder().run_ddl(f'DROP INDEX IF EXISTS "{name}"')  # type: ignore[union-attr]

    manager.add_raw(create)
    manager.add_raw_backwards(drop)

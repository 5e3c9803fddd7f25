"""Reading the data version."""

from __future__ import annotations

from piccolo.query.functions.aggregate import Max

from events.freshness.tables import DataChange


async def data_version() -> int:
    """The current data version: it changes when a commit changed public data."""
    row = await DataChange.select(Max(DataChange.id).as_alias("version")).first()
    return int(row["version"] or 0) if row else 0

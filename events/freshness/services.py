"""Reading the data version, and keeping its change log short."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from piccolo.query.functions.aggregate import Max

from events.freshness.tables import DataChange

log = logging.getLogger("events.freshness")

PRUNE_INTERVAL_SECONDS = 600


async def data_version() -> int:
    """The current data version: it changes when a commit changed public data."""
    row = await DataChange.select(Max(DataChange.id).as_alias("version")).first()
    return int(row["version"] or 0) if row else 0


async def prune_changes() -> None:
    """Forget all but the newest change: the version stays (PostgreSQL appends a row a write)."""
    await DataChange.raw("DELETE FROM data_change WHERE id < (SELECT MAX(id) FROM data_change)")


def schedule_pruning(scheduler: Any) -> None:
    """Run `prune_changes` on the dispatcher's clock (APScheduler 3), every ten minutes."""

    async def tick() -> None:
        try:
            await prune_changes()
        except Exception:
            log.exception("pruning the data change log failed; trying again later")

    scheduler.add_job(
        tick,
        "interval",
        seconds=PRUNE_INTERVAL_SECONDS,
        id="prune-data-changes",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )

"""Counters shared by every worker, in the database: a fixed window per key, read as a sliding
one (this window's hits plus the part of the previous window's hits still inside the last
`window` seconds), so a client cannot double its limit at a window's edge.

One upsert per counted request (INSERT … ON CONFLICT … DO UPDATE … RETURNING, on SQLite and
PostgreSQL alike) keeps the count exact under concurrency; windows older than a day are deleted
now and then by whoever counts.
"""

from __future__ import annotations

import time

from events.db import write_transaction
from events.ratelimits.tables import RateHit

KEEP_SECONDS = 86_400
PRUNE_EVERY = 500


class DatabaseRateStore:
    """Hit counters in the `rate_hit` table."""

    def __init__(self) -> None:
        self._counted = 0

    @staticmethod
    def _windows(window: float, now: float) -> tuple[int, int, float]:
        size = max(1, int(window))
        start = int(now) // size * size
        return start, start - size, (now - start) / size

    async def hit(self, key: str, window: float, now: float | None = None) -> float:
        """Count a hit of `key`; returns the hits in the last `window` seconds, this one too."""
        now = time.time() if now is None else now
        start, previous, elapsed = self._windows(window, now)
        async with write_transaction():
            rows = await RateHit.raw(
                "INSERT INTO rate_hit (key, window_start, hits) VALUES ({}, {}, 1) "
                "ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_hit.hits + 1 "
                "RETURNING hits",
                key,
                start,
            )
            before = await self._hits(key, previous)
        self._counted += 1
        if self._counted % PRUNE_EVERY == 0:
            await self.prune(now)
        return rows[0]["hits"] + before * (1 - elapsed)

    async def count(self, key: str, window: float, now: float | None = None) -> float:
        """The hits of `key` in the last `window` seconds (counts nothing)."""
        now = time.time() if now is None else now
        start, previous, elapsed = self._windows(window, now)
        return await self._hits(key, start) + await self._hits(key, previous) * (1 - elapsed)

    @staticmethod
    async def _hits(key: str, start: int) -> int:
        row = (
            await RateHit.select(RateHit.hits)
            .where((RateHit.key == key) & (RateHit.window_start == start))
            .first()
        )
        return int(row["hits"]) if row else 0

    async def forget(self, key: str) -> None:
        async with write_transaction():
            await RateHit.delete().where(RateHit.key == key)

    async def prune(self, now: float | None = None) -> None:
        """Delete the counters of windows that ended more than a day ago."""
        now = time.time() if now is None else now
        async with write_transaction():
            await RateHit.delete().where(RateHit.window_start < int(now) - KEEP_SECONDS)

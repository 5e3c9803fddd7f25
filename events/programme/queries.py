"""Read models of the programme for public pages, the JSON API and calendar feeds (plain dicts)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from events.programme.tables import Event


async def upcoming_events(now: datetime | None = None) -> list[dict[str, Any]]:
    """Published events that have not ended yet, soonest first."""
    now = now or datetime.now(UTC)
    return (
        await Event.select(
            Event.id,
            Event.name,
            Event.slug,
            Event.edition,
            Event.date,
            Event.starts_at,
            Event.ends_at,
            Event.timezone,
            Event.venue,
            Event.address,
            Event.description,
        )
        .where((Event.published == True) & (Event.ends_at >= now))  # noqa: E712
        .order_by(Event.starts_at)
    )

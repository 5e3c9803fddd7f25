"""Builders of programme rows that registration tests need."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from events.programme.tables import Event, Room, Round, Session


async def make_event(slug: str = "parade", published: bool = True) -> int:
    rows = await Event.insert(
        Event(
            name="Parade",
            slug=slug,
            date=date(2027, 3, 18),
            starts_at=datetime(2027, 3, 18, 8, 30, tzinfo=UTC),
            ends_at=datetime(2027, 3, 18, 15, 30, tzinfo=UTC),
            published=published,
            calendar_uid=f"event-{uuid.uuid4()}@test",
        )
    ).returning(Event.id)
    return int(rows[0]["id"])


async def make_round(event_id: int, name: str, hour: int) -> int:
    rows = await Round.insert(
        Round(
            event=event_id,
            name=name,
            starts_at=datetime(2027, 3, 18, hour, 0, tzinfo=UTC),
            ends_at=datetime(2027, 3, 18, hour, 45, tzinfo=UTC),
        )
    ).returning(Round.id)
    return int(rows[0]["id"])


async def make_workshop(event_id: int, round_id: int, title: str, capacity: int) -> int:
    room = await Room.insert(
        Room(event=event_id, name=f"Room {title}", capacity=capacity)
    ).returning(Room.id)
    rows = await Session.insert(
        Session(
            event=event_id,
            kind="workshop",
            title=title,
            round=round_id,
            room=room[0]["id"],
            capacity=capacity,
            calendar_uid=f"session-{uuid.uuid4()}@test",
        )
    ).returning(Session.id)
    return int(rows[0]["id"])

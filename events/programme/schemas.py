"""msgspec Structs of the public JSON API; times carry the event's UTC offset (ISO 8601)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import msgspec

SessionKind = Literal["workshop", "stand", "excursion", "plenary"]
SessionStatus = Literal["scheduled", "cancelled"]


class EventOut(msgspec.Struct):
    """A published event."""

    slug: str
    name: str
    edition: int | None
    date: date
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: str
    address: str
    url: str


class SessionOut(msgspec.Struct):
    """A session of the programme. `start`/`end` are null for a session without a time."""

    id: int
    kind: SessionKind
    title: str
    status: SessionStatus
    round: str | None
    room: str | None
    start: datetime | None
    end: datetime | None
    capacity: int | None
    themes: list[str]
    practice_examples: list[int]
    url: str
    seats_taken: int | None = None
    waitlist_length: int | None = None


class ProgrammeOut(msgspec.Struct):
    """An event and every session of its programme."""

    event: EventOut
    sessions: list[SessionOut]


def _local(moment: datetime | None, timezone: str) -> datetime | None:
    return moment.astimezone(ZoneInfo(timezone)) if moment is not None else None


def event_out(event: dict[str, Any], base_url: str) -> EventOut:
    """The API form of an event read model; times in the event's own zone."""
    return EventOut(
        slug=event["slug"],
        name=event["name"],
        edition=event["edition"],
        date=event["date"],
        starts_at=event["starts_at"].astimezone(ZoneInfo(event["timezone"])),
        ends_at=event["ends_at"].astimezone(ZoneInfo(event["timezone"])),
        timezone=event["timezone"],
        venue=event["venue"],
        address=event["address"],
        url=f"{base_url.rstrip('/')}/events/{event['slug']}",
    )


SeatCounts = Callable[[list[int]], Awaitable[dict[int, dict[str, int]]]]
"""Per session id: {"seats_taken": n, "waitlist_length": n}. Registration provides it (the app
wires it in as the dependency `seat_counts`), so the programme needs no import of registration."""


def session_out(
    event: dict[str, Any],
    session: dict[str, Any],
    base_url: str,
    seats: dict[str, int] | None = None,
) -> SessionOut:
    """The API form of a session read model (themes by slug, practice examples by id)."""
    seats = seats or {}
    return SessionOut(
        id=session["id"],
        kind=session["kind"],
        title=session["title"],
        status=session["status"],
        round=session["round_name"],
        room=session["room_name"],
        start=_local(session["starts_at"], event["timezone"]),
        end=_local(session["ends_at"], event["timezone"]),
        capacity=session["capacity"],
        themes=[theme["slug"] for theme in session["themes"]],
        practice_examples=[practice["id"] for practice in session["practices"]],
        url=f"{base_url.rstrip('/')}/events/{event['slug']}/sessions/{session['id']}",
        seats_taken=seats.get("seats_taken"),
        waitlist_length=seats.get("waitlist_length"),
    )


class NotFoundOut(msgspec.Struct):
    """404: the event is unknown or not published."""

    status_code: int
    detail: str

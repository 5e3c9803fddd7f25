"""An event's life after its form: publish and unpublish, archive and bring back, delete.

Publishing is a step of its own, taken when the checklist of `publish_checklist` has nothing
required left; archiving hides an event from the public lists and the organiser's default list
but keeps everything; deleting removes the event with everything that cascades from it (the
organiser workflow decides whether it may, see `events.organise.event_lifecycle`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from events.db import write_transaction
from events.programme.tables import Event, Round, Session


def registration_window_state(event: dict[str, Any], now: datetime | None = None) -> str | None:
    """ "closed" (archived or past the closing moment), "not_open" (before opening) or None.

    Only the event's own columns; the total capacity is the registration domain's check."""
    now = now or datetime.now(UTC)
    closes = event.get("registration_closes_at")
    if event.get("archived_at") is not None or (closes is not None and now >= closes):
        return "closed"
    opens = event.get("registration_opens_at")
    if opens is not None and now < opens:
        return "not_open"
    return None


async def set_published(event_id: int, published: bool) -> bool:
    """Publish or unpublish; False when the event does not exist."""
    async with write_transaction():
        rows = (
            await Event.update({Event.published: published})
            .where(Event.id == event_id)
            .returning(Event.id)
        )
    return bool(rows)


async def set_archived(event_id: int, archived: bool, now: datetime | None = None) -> bool:
    """Archive (now) or bring back an event; False when it does not exist."""
    moment = (now or datetime.now(UTC)) if archived else None
    async with write_transaction():
        rows = (
            await Event.update({Event.archived_at: moment})
            .where(Event.id == event_id)
            .returning(Event.id)
        )
    return bool(rows)


async def delete_sessions(event_id: int) -> int:
    """Delete every session of an event (before the event goes); how many there were."""
    rows = await Session.delete().where(Session.event == event_id).returning(Session.id)
    return len(rows)


async def delete_event(event_id: int) -> bool:
    """Delete the event row; rounds, rooms, practices and whatever refers to it cascade."""
    rows = await Event.delete().where(Event.id == event_id).returning(Event.id)
    return bool(rows)


async def programme_checklist(event: dict[str, Any]) -> dict[str, bool]:
    """The programme's items of the publishing checklist: date set, a round, a window."""
    return {
        "date": event["date"] is not None and event["starts_at"] is not None,
        "round": bool(await Round.exists().where(Round.event == event["id"])),
        "window": event["registration_opens_at"] is not None
        or event["registration_closes_at"] is not None,
    }

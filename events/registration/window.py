"""Whether an event takes registrations now: its registration window and total capacity.

An event is *not open yet* before `registration_opens_at`, *closed* from
`registration_closes_at` on (and when archived), and *full* when `max_participants` people are
registered (cancelled and erased registrations do not count). Empty settings mean no limit.

`refusal_now` is the check inside the registration's write transaction. The total capacity
must hold under concurrency: on PostgreSQL the event row is locked (`FOR NO KEY UPDATE`, which
does not block rows that merely refer to the event) before counting, so registrations of a
capped event take turns; SQLite's IMMEDIATE transaction already admits one writer at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from events.db import engine
from events.programme.event_state import registration_window_state
from events.programme.tables import Event
from events.registration.tables import Participant
from events.web.i18n import format_clock, format_day
from events.web.i18n import gettext as _

REASONS = ("not_open", "closed", "full")
_COLUMNS = (
    Event.id,
    Event.timezone,
    Event.registration_opens_at,
    Event.registration_closes_at,
    Event.max_participants,
    Event.archived_at,
)


@dataclass(frozen=True)
class Refusal:
    """Why registering is not possible now: `reason` is one of REASONS."""

    reason: str
    message: str


def _moment(moment: datetime, timezone: str) -> str:
    return f"{format_day(moment, timezone)} {format_clock(moment, timezone)}"


def message(reason: str, event: dict[str, Any]) -> str:
    """The sentence the register page and the API give, in the current language."""
    if reason == "not_open":
        return _(
            "Registration is not open yet. It opens on %(moment)s.",
            moment=_moment(event["registration_opens_at"], event["timezone"]),
        )
    if reason == "full":
        return _("Registration is closed: the event is full.")
    return _("Registration is closed.")


def reason_closed(
    event: dict[str, Any], registered: int | None, now: datetime | None = None
) -> str | None:
    """The reason the event takes no registrations (see REASONS), or None when it does.

    `registered` is how many people are registered; None skips the capacity check."""
    window = registration_window_state(event, now)
    if window is not None:
        return window
    limit = event["max_participants"]
    if limit is not None and registered is not None and registered >= limit:
        return "full"
    return None


async def registered_count(event_id: int) -> int:
    return await Participant.count().where(
        (Participant.event == event_id) & (Participant.status == "registered")
    )


async def refusal(event_id: int, now: datetime | None = None) -> Refusal | None:
    """Whether the event takes registrations, for showing the form (no lock)."""
    event = await Event.select(*_COLUMNS).where(Event.id == event_id).first()
    if event is None:
        return Refusal("closed", message("closed", {}))
    count = await registered_count(event_id) if event["max_participants"] is not None else None
    reason = reason_closed(event, count, now)
    return Refusal(reason, message(reason, event)) if reason else None


async def refusal_now(event_id: int, now: datetime | None = None) -> Refusal | None:
    """The same, inside the caller's write transaction, holding the count until commit."""
    event = await Event.select(*_COLUMNS).where(Event.id == event_id).first()
    if event is None:
        return Refusal("closed", message("closed", {}))
    count = None
    if event["max_participants"] is not None:
        if isinstance(engine(), PostgresEngine):
            await Event.select(Event.id).where(Event.id == event_id).lock_rows("NO KEY UPDATE")
        count = await registered_count(event_id)
    reason = reason_closed(event, count, now)
    return Refusal(reason, message(reason, event)) if reason else None

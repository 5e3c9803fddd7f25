"""E-mail invites: METHOD:REQUEST (new or changed) and METHOD:CANCEL, one attendee each.

An invite is about one thing (an event, a session, a follow-up meeting) that keeps a stable UID
and a SEQUENCE its owner raises on every change. `InviteData` is plain, JSON-friendly data, so the
outbox can store it with a message and build the .ics when the message is sent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Event, vCalAddress

from events.calendar.common import new_calendar, to_ics

METHODS = ("REQUEST", "CANCEL")


@dataclass(frozen=True)
class InviteData:
    """What an invite says. Times are aware datetimes (stored UTC); `timezone` is the TZID the
    calendar shows them in. `method` is REQUEST for a new or changed thing, CANCEL when it is
    off."""

    uid: str
    sequence: int
    summary: str
    start: datetime
    end: datetime
    timezone: str = "Europe/Amsterdam"
    location: str = ""
    description: str = ""
    url: str = ""
    method: str = "REQUEST"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"an invite's method is REQUEST or CANCEL, not {self.method!r}")
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("invite times must be timezone-aware")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.astimezone(UTC).isoformat()
        data["end"] = self.end.astimezone(UTC).isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InviteData:
        values = dict(data)
        values["start"] = datetime.fromisoformat(values["start"])
        values["end"] = datetime.fromisoformat(values["end"])
        return cls(**values)


def _address(email: str, name: str, **params: Any) -> vCalAddress:
    return vCalAddress.new(email, cn=name or None, **params)


def build_invite(
    invite: InviteData,
    *,
    organiser_email: str,
    organiser_name: str,
    attendee_email: str,
    attendee_name: str = "",
    stamp: datetime,
) -> bytes:
    """The .ics of one invite for one attendee. `stamp` is DTSTAMP (use the time the message was
    made, so a message sent twice after a crash carries the same calendar)."""
    zone = ZoneInfo(invite.timezone)
    start = invite.start.astimezone(zone)
    end = invite.end.astimezone(zone)
    attendee = _address(
        attendee_email,
        attendee_name,
        role="REQ-PARTICIPANT",
        partstat="NEEDS-ACTION",
        rsvp=invite.method == "REQUEST",
    )
    event = Event.new(
        uid=invite.uid,
        sequence=invite.sequence,
        stamp=stamp.astimezone(UTC),
        start=start,
        end=end,
        summary=invite.summary,
        description=invite.description or None,
        location=invite.location or None,
        url=invite.url or None,
        organizer=_address(organiser_email, organiser_name),
        attendees=[attendee],
        status="CANCELLED" if invite.method == "CANCEL" else "CONFIRMED",
    )
    calendar = new_calendar(invite.method, uid=f"calendar-{invite.uid}")
    calendar.add_component(event)
    return to_ics(calendar, invite.timezone, start, end)

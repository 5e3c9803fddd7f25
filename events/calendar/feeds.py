"""Calendar feeds (METHOD:PUBLISH): a whole programme, or one session, as .ics.

Built from the plain read models of `events.programme.queries` with icalendar objects only.
Each session keeps its stored UID and SEQUENCE, so a subscribed calendar updates entries in
place; a cancelled session stays in the feed with STATUS:CANCELLED so calendars remove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent

from events.calendar.common import new_calendar, one_line, to_ics

Row = dict[str, Any]


def session_url(base_url: str, event: Row, session: Row) -> str:
    return f"{base_url.rstrip('/')}/events/{event['slug']}/sessions/{session['id']}"


def _description(session: Row) -> str:
    """The session's description followed by its hosts, as plain text."""
    parts = [session.get("description") or ""]
    hosts = [
        host["name"] + (f" ({host['organisation']})" if host.get("organisation") else "")
        for host in session.get("hosts", [])
    ]
    if hosts:
        parts.append(", ".join(hosts))
    return "\n\n".join(part for part in parts if part).strip()


def session_vevent(event: Row, session: Row, base_url: str, stamp: datetime) -> VEvent:
    """The VEVENT of one timed session, in the event's time zone."""
    zone = ZoneInfo(event["timezone"])
    location = one_line(
        ", ".join(part for part in (session.get("room_name"), event.get("venue")) if part)
    )
    component = VEvent.new(
        uid=session["calendar_uid"],
        sequence=session["calendar_sequence"],
        stamp=stamp,
        start=session["starts_at"].astimezone(zone),
        end=session["ends_at"].astimezone(zone),
        summary=one_line(session["title"]),
        description=_description(session) or None,
        location=location or None,
        url=session_url(base_url, event, session),
        status="CANCELLED" if session["status"] == "cancelled" else "CONFIRMED",
        categories=[session["kind"]],
    )
    return component


def _calendar(
    event: Row, sessions: Iterable[Row], base_url: str, name: str, uid: str | None
) -> tuple[Calendar, datetime, datetime]:
    """The sessions with a time as a PUBLISH calendar, and the span of time they cover."""
    timed = [session for session in sessions if session.get("starts_at") is not None]
    calendar = new_calendar("PUBLISH", name=name, uid=uid)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for session in timed:
        calendar.add_component(session_vevent(event, session, base_url, stamp))
    first = min((session["starts_at"] for session in timed), default=event["starts_at"])
    last = max((session["ends_at"] for session in timed), default=event["ends_at"])
    return calendar, first, last


def programme_feed(event: Row, sessions: Iterable[Row], base_url: str) -> bytes:
    """The whole programme as a subscribable feed; sessions without a time are left out."""
    calendar, first, last = _calendar(
        event, sessions, base_url, event["name"], event["calendar_uid"]
    )
    return to_ics(calendar, event["timezone"], first, last)


def session_feed(event: Row, session: Row, base_url: str) -> bytes:
    """One session as a small PUBLISH calendar, to add it to one's own agenda."""
    calendar, first, last = _calendar(
        event, [session], base_url, f"{session['title']} · {event['name']}", None
    )
    return to_ics(calendar, event["timezone"], first, last)


def personal_feed(
    event: Row,
    day: Row,
    sessions: Iterable[Row],
    base_url: str,
    name: str,
) -> bytes:
    """A participant's own calendar: the event day and their confirmed workshops.

    `day` holds the participant's own stable `uid` and `sequence` for the day entry (the same
    UID as the day in their e-mail invites), plus `summary`, `starts_at` and `ends_at`.
    """
    calendar, first, last = _calendar(event, sessions, base_url, name, None)
    zone = ZoneInfo(event["timezone"])
    calendar.add_component(
        VEvent.new(
            uid=day["uid"],
            sequence=day["sequence"],
            stamp=datetime.now(UTC).replace(microsecond=0),
            start=day["starts_at"].astimezone(zone),
            end=day["ends_at"].astimezone(zone),
            summary=one_line(day["summary"]),
            location=one_line(", ".join(p for p in (event.get("venue"), event.get("address")) if p))
            or None,
            url=f"{base_url.rstrip('/')}/events/{event['slug']}",
            status="CANCELLED" if day.get("cancelled") else "CONFIRMED",
        )
    )
    return to_ics(
        calendar, event["timezone"], min(first, day["starts_at"]), max(last, day["ends_at"])
    )

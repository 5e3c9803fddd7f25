"""Read models of the organiser pages: lists, the event overview, and rows as form values."""

from __future__ import annotations

from typing import Any

from events.programme.tables import (
    Event,
    Organisation,
    Person,
    PracticeExample,
    PracticeTheme,
    Room,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
    Theme,
)
from events.web.i18n import local_datetime

Row = dict[str, Any]


async def events(archived: bool = False, only: list[int] | None = None) -> list[Row]:
    """The events that are not archived (or, with `archived`, those that are), newest first;
    with `only`, just the events of those ids (an organiser's own events)."""
    query = (
        Event.select(
            Event.id,
            Event.name,
            Event.slug,
            Event.starts_at,
            Event.timezone,
            Event.published,
            Event.archived_at,
        )
        .where(Event.archived_at.is_not_null() if archived else Event.archived_at.is_null())
        .order_by(Event.starts_at, ascending=False)
    )
    if only is not None:
        if not only:
            return []
        query = query.where(Event.id.is_in(only))
    return await query


async def archived_count(only: list[int] | None = None) -> int:
    query = Event.count().where(Event.archived_at.is_not_null())
    if only is not None:
        if not only:
            return 0
        query = query.where(Event.id.is_in(only))
    return await query


async def event(event_id: int) -> Row | None:
    return await Event.select().where(Event.id == event_id).first()


def event_form_values(row: Row) -> dict[str, Any]:
    """An event as the strings its form shows (local times in the event's time zone)."""
    timezone = row["timezone"]
    return {
        "name": row["name"],
        "slug": row["slug"],
        "edition": "" if row["edition"] is None else str(row["edition"]),
        "date": row["date"].isoformat(),
        "start_time": local_datetime(row["starts_at"], timezone).strftime("%H:%M"),
        "end_time": local_datetime(row["ends_at"], timezone).strftime("%H:%M"),
        "timezone": timezone,
        "venue": row["venue"],
        "address": row["address"],
        "description": row["description"],
        "registration_opens": _local_input(row["registration_opens_at"], timezone),
        "registration_closes": _local_input(row["registration_closes_at"], timezone),
        "max_participants": "" if row["max_participants"] is None else str(row["max_participants"]),
        "confirm_address_first": row["confirm_address_first"],
        "unconfirmed_release_hours": str(row["unconfirmed_release_hours"]),
        "waitlist_offers": row["waitlist_offers"],
        "waitlist_offer_hours": str(row["waitlist_offer_hours"]),
    }


def _local_input(moment: Any, timezone: str) -> str:
    """A stored moment as a datetime-local field shows it, in the event's time zone."""
    if moment is None:
        return ""
    return local_datetime(moment, timezone).strftime("%Y-%m-%dT%H:%M")


async def rounds(event_id: int) -> list[Row]:
    return await Round.select().where(Round.event == event_id).order_by(Round.starts_at)


async def round_form_values(event_row: Row, round_id: int) -> dict[str, Any] | None:
    row = (
        await Round.select()
        .where((Round.id == round_id) & (Round.event == event_row["id"]))
        .first()
    )
    if row is None:
        return None
    timezone = event_row["timezone"]
    return {
        "name": row["name"],
        "start_time": local_datetime(row["starts_at"], timezone).strftime("%H:%M"),
        "end_time": local_datetime(row["ends_at"], timezone).strftime("%H:%M"),
    }


async def rooms(event_id: int) -> list[Row]:
    return await Room.select().where(Room.event == event_id).order_by(Room.name)


async def room(event_id: int, room_id: int) -> Row | None:
    return await Room.select().where((Room.id == room_id) & (Room.event == event_id)).first()


async def practices(event_id: int) -> list[Row]:
    return (
        await PracticeExample.select(
            PracticeExample.id,
            PracticeExample.title,
            PracticeExample.summary,
            PracticeExample.organisation.name.as_alias("organisation_name"),
            PracticeExample.contact.name.as_alias("contact_name"),
        )
        .where(PracticeExample.event == event_id)
        .order_by(PracticeExample.title)
    )


async def practice_form_values(event_id: int, practice_id: int) -> dict[str, Any] | None:
    row = (
        await PracticeExample.select()
        .where((PracticeExample.id == practice_id) & (PracticeExample.event == event_id))
        .first()
    )
    if row is None:
        return None
    themes = await PracticeTheme.select(PracticeTheme.theme).where(
        PracticeTheme.practice == practice_id
    )
    return {
        **{key: row[key] for key in ("title", "summary", "body", "results", "links")},
        "organisation": row["organisation"],
        "contact": row["contact"],
        "themes": [item["theme"] for item in themes],
    }


async def sessions(event_id: int) -> list[Row]:
    """Sessions of an event with round, room, hosts and themes, in programme order."""
    rows = await Session.select(
        Session.all_columns(),
        Session.round.name.as_alias("round_name"),
        Session.round.starts_at.as_alias("round_starts_at"),
        Session.room.name.as_alias("room_name"),
        Session.room.capacity.as_alias("room_capacity"),
    ).where(Session.event == event_id)
    ids = [row["id"] for row in rows]
    hosts: dict[int, list[str]] = {}
    if ids:
        for link in await SessionHost.select(
            SessionHost.session, SessionHost.person.name.as_alias("name")
        ).where(SessionHost.session.is_in(ids)):
            hosts.setdefault(link["session"], []).append(link["name"])
    for row in rows:
        row["hosts"] = sorted(hosts.get(row["id"], []))
    rows.sort(key=lambda row: (row["room_name"] or "", row["title"].lower()))
    return rows


def programme(round_rows: list[Row], session_rows: list[Row]) -> dict[str, Any]:
    """Sessions grouped for the event page: per round, those without a round, and the stands."""
    by_round = [
        {"round": item, "sessions": [s for s in session_rows if s["round"] == item["id"]]}
        for item in round_rows
    ]
    return {
        "by_round": by_round,
        "unscheduled": [s for s in session_rows if s["round"] is None and s["kind"] != "stand"],
        "stands": [s for s in session_rows if s["round"] is None and s["kind"] == "stand"],
    }


async def session_form_values(event_id: int, session_id: int) -> dict[str, Any] | None:
    row = (
        await Session.select()
        .where((Session.id == session_id) & (Session.event == event_id))
        .first()
    )
    if row is None:
        return None
    hosts = await SessionHost.select(SessionHost.person).where(SessionHost.session == session_id)
    practices_ = await SessionPractice.select(SessionPractice.practice).where(
        SessionPractice.session == session_id
    )
    themes = await SessionTheme.select(SessionTheme.theme).where(SessionTheme.session == session_id)
    return {
        "kind": row["kind"],
        "title": row["title"],
        "description": row["description"],
        "round": row["round"],
        "room": row["room"],
        "capacity": "" if row["capacity"] is None else str(row["capacity"]),
        "status": row["status"],
        "hosts": [item["person"] for item in hosts],
        "practices": [item["practice"] for item in practices_],
        "themes": [item["theme"] for item in themes],
    }


async def session_title(event_id: int, session_id: int) -> str | None:
    row = (
        await Session.select(Session.title)
        .where((Session.id == session_id) & (Session.event == event_id))
        .first()
    )
    return row["title"] if row else None


async def organisations() -> list[Row]:
    return await Organisation.select().order_by(Organisation.name)


async def organisation(organisation_id: int) -> Row | None:
    return await Organisation.select().where(Organisation.id == organisation_id).first()


async def people() -> list[Row]:
    return await Person.select(
        Person.all_columns(), Person.organisation.name.as_alias("organisation_name")
    ).order_by(Person.name)


async def person(person_id: int) -> Row | None:
    return await Person.select().where(Person.id == person_id).first()


async def themes() -> list[Row]:
    return await Theme.select().order_by(Theme.name)


async def theme(theme_id: int) -> Row | None:
    return await Theme.select().where(Theme.id == theme_id).first()


def options(rows: list[Row], label: str = "name") -> list[tuple[int, str]]:
    """(id, text) pairs for the select and checkbox macros."""
    return [(row["id"], row[label]) for row in rows]

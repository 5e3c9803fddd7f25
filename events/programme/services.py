"""Write rules of the programme: check organisers' input, then save it (or refuse it) as a whole.

Every `save_*` function takes plain values — the strings of a form, lists of strings for
multiple-choice fields — and returns `Saved(id, errors)`: the id of the saved row, or None and
the error messages by field name. Nothing is written when there are errors. Rows that belong
together (a session and its hosts, themes and practice examples) are written in one transaction.

Uniqueness is guaranteed by the database; the checks here only give a friendlier message first,
and an `IntegrityError` that still happens (two organisers at once) becomes the same message.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

import asyncpg

from events.db import write_transaction
from events.programme.tables import (
    SESSION_KINDS,
    SESSION_STATUSES,
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
from events.web.i18n import gettext as _

DEFAULT_TIMEZONE = "Europe/Amsterdam"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.exceptions.IntegrityConstraintViolationError)

Values = Mapping[str, Any]


class Saved(NamedTuple):
    """The outcome of a save: the row's id, or None and the error messages by field name."""

    id: int | None
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading form values -------------------------------------------------------------------


def _text(values: Values, key: str) -> str:
    raw = values.get(key)
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    return str(raw or "").strip()


def _required(values: Values, key: str, errors: dict[str, str]) -> str:
    text = _text(values, key)
    if not text:
        errors[key] = _("Fill in this field.")
    return text


def _flag(values: Values, key: str) -> bool:
    return _text(values, key).lower() in {"1", "on", "true", "yes"}


def _whole_number(
    values: Values, key: str, errors: dict[str, str], *, required: bool, minimum: int = 0
) -> int | None:
    """A whole number of at least `minimum`, or None when empty and not required."""
    text = _text(values, key)
    if not text:
        if required:
            errors[key] = _("Fill in this field.")
        return None
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or number < minimum:
        errors[key] = _("Enter a whole number of %(minimum)s or more.", minimum=minimum)
        return None
    return number


def _date(values: Values, key: str, errors: dict[str, str]) -> date | None:
    text = _text(values, key)
    if not text:
        errors[key] = _("Fill in this field.")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[key] = _("Enter a date as YYYY-MM-DD.")
        return None


def _time(values: Values, key: str, errors: dict[str, str]) -> time | None:
    text = _text(values, key)
    if not text:
        errors[key] = _("Fill in this field.")
        return None
    try:
        return time.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        errors[key] = _("Enter a time as HH:MM.")
        return None


def _ids(values: Values, key: str, errors: dict[str, str]) -> list[int]:
    """The chosen ids of a multiple-choice field, without duplicates."""
    raw = values.get(key) or []
    if isinstance(raw, str):
        raw = [raw]
    chosen: list[int] = []
    for item in raw:
        text = str(item).strip()
        if not text:
            continue
        if not text.isdigit():
            errors[key] = _("Choose one of the options.")
            return []
        if int(text) not in chosen:
            chosen.append(int(text))
    return chosen


def _optional_id(values: Values, key: str, errors: dict[str, str]) -> int | None:
    text = _text(values, key)
    if not text:
        return None
    if not text.isdigit():
        errors[key] = _("Choose one of the options.")
        return None
    return int(text)


def _lines(values: Values, key: str) -> str:
    """Text with one item per line, blank lines and surrounding spaces removed."""
    return "\n".join(line.strip() for line in _text(values, key).splitlines() if line.strip())


def _website(values: Values, key: str, errors: dict[str, str]) -> str:
    text = _text(values, key)
    if text and not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        errors[key] = _("Enter a web address that starts with https:// or http://.")
    return text


def slugify(text: str) -> str:
    """`Schuldpreventie & armoede` → `schuldpreventie-armoede`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_timezone(name: str) -> bool:
    return name in _known_timezones()


def local_moment(day: date, clock: time, timezone: str) -> datetime:
    """A local date and time in the event's time zone, as a UTC datetime."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def _integrity_error_mentions(exc: Exception, *words: str) -> bool:
    message = str(exc).lower()
    return any(word in message for word in words)


async def _existing_ids(table: Any, ids: list[int], *extra: Any) -> set[int]:
    if not ids:
        return set()
    query = table.select(table.id).where(table.id.is_in(ids))
    for condition in extra:
        query = query.where(condition)
    return {row["id"] for row in await query}


async def _check_ids(
    table: Any, ids: list[int], key: str, errors: dict[str, str], *extra: Any
) -> None:
    """Refuse ids that do not exist (or do not belong to this event)."""
    if ids and await _existing_ids(table, ids, *extra) != set(ids):
        errors[key] = _("Choose one of the options.")


# --- events --------------------------------------------------------------------------------


async def save_event(values: Values, event_id: int | None = None) -> Saved:
    """Create or change an event. Changing its date or times moves its rounds along and bumps
    the calendar sequence of the event (and of the sessions in moved rounds)."""
    errors: dict[str, str] = {}
    name = _required(values, "name", errors)
    slug = _text(values, "slug") or slugify(name)
    if slug and not SLUG_PATTERN.match(slug):
        errors["slug"] = _("Use only lowercase letters, digits and hyphens, like parade-2026.")
    elif not slug and "name" not in errors:
        errors["slug"] = _("Fill in this field.")
    edition = _whole_number(values, "edition", errors, required=False, minimum=1)
    day = _date(values, "date", errors)
    start = _time(values, "start_time", errors)
    end = _time(values, "end_time", errors)
    timezone = _text(values, "timezone") or DEFAULT_TIMEZONE
    if not valid_timezone(timezone):
        errors["timezone"] = _("Unknown time zone; use a name like Europe/Amsterdam.")
    if start and end and end <= start:
        errors["end_time"] = _("The end must be after the start.")
    if "slug" not in errors and await _slug_taken(slug, event_id):
        errors["slug"] = _("Another event already uses this slug; choose another one.")
    if errors:
        return Saved(None, errors)
    assert day and start and end
    starts_at = local_moment(day, start, timezone)
    ends_at = local_moment(day, end, timezone)
    row = {
        Event.name: name,
        Event.slug: slug,
        Event.edition: edition,
        Event.date: day,
        Event.starts_at: starts_at,
        Event.ends_at: ends_at,
        Event.timezone: timezone,
        Event.venue: _text(values, "venue"),
        Event.address: _text(values, "address"),
        Event.description: _text(values, "description"),
        Event.published: _flag(values, "published"),
    }
    try:
        async with write_transaction():
            if event_id is None:
                created = await Event.insert(
                    Event(
                        **{column._meta.name: value for column, value in row.items()},
                        calendar_uid=f"event-{uuid.uuid4()}@events",
                    )
                ).returning(Event.id)
                return Saved(created[0]["id"], {})
            old = await Event.select().where(Event.id == event_id).first()
            if old is None:
                return Saved(None, {"name": _("This event does not exist (any more).")})
            moved = (old["date"], old["timezone"]) != (day, timezone)
            if moved or (old["starts_at"], old["ends_at"]) != (starts_at, ends_at):
                row[Event.calendar_sequence] = Event.calendar_sequence + 1
            await Event.update(row).where(Event.id == event_id)
            if moved:
                await _move_rounds(event_id, old["timezone"], day, timezone)
    except INTEGRITY_ERRORS as exc:
        if _integrity_error_mentions(exc, "slug"):
            return Saved(
                None, {"slug": _("Another event already uses this slug; choose another one.")}
            )
        raise
    return Saved(event_id, {})


async def _slug_taken(slug: str, event_id: int | None) -> bool:
    query = Event.exists().where(Event.slug == slug)
    if event_id is not None:
        query = query.where(Event.id != event_id)
    return bool(await query)


async def _move_rounds(event_id: int, old_timezone: str, day: date, timezone: str) -> None:
    """Keep each round's local times, on the event's new date (or in its new time zone)."""
    rounds = await Round.select(Round.id, Round.starts_at, Round.ends_at).where(
        Round.event == event_id
    )
    for item in rounds:
        old_zone = ZoneInfo(old_timezone)
        starts_at = local_moment(day, item["starts_at"].astimezone(old_zone).time(), timezone)
        ends_at = local_moment(day, item["ends_at"].astimezone(old_zone).time(), timezone)
        await Round.update({Round.starts_at: starts_at, Round.ends_at: ends_at}).where(
            Round.id == item["id"]
        )
        await _bump_sessions(Session.round == item["id"])


async def _bump_sessions(condition: Any) -> None:
    """Sessions whose time or place changed get a new calendar sequence."""
    await Session.update({Session.calendar_sequence: Session.calendar_sequence + 1}).where(
        condition
    )


# --- rounds and rooms ----------------------------------------------------------------------


async def save_round(event_id: int, values: Values, round_id: int | None = None) -> Saved:
    """A time slot on the event's day, from local start and end times."""
    errors: dict[str, str] = {}
    name = _required(values, "name", errors)
    start = _time(values, "start_time", errors)
    end = _time(values, "end_time", errors)
    if start and end and end <= start:
        errors["end_time"] = _("The end must be after the start.")
    event = await Event.select(Event.date, Event.timezone).where(Event.id == event_id).first()
    if event is None:
        errors["name"] = _("This event does not exist (any more).")
    if errors:
        return Saved(None, errors)
    assert event and start and end
    row = {
        Round.name: name,
        Round.starts_at: local_moment(event["date"], start, event["timezone"]),
        Round.ends_at: local_moment(event["date"], end, event["timezone"]),
    }
    async with write_transaction():
        if round_id is None:
            created = await Round.insert(
                Round(event=event_id, **{column._meta.name: value for column, value in row.items()})
            ).returning(Round.id)
            return Saved(created[0]["id"], {})
        old = await Round.select().where((Round.id == round_id) & (Round.event == event_id)).first()
        if old is None:
            return Saved(None, {"name": _("This round does not exist (any more).")})
        await Round.update(row).where(Round.id == round_id)
        if (old["starts_at"], old["ends_at"]) != (row[Round.starts_at], row[Round.ends_at]):
            await _bump_sessions(Session.round == round_id)
    return Saved(round_id, {})


async def save_room(event_id: int, values: Values, room_id: int | None = None) -> Saved:
    """A room of the event: a unique name and a number of seats no workshop in it exceeds."""
    errors: dict[str, str] = {}
    name = _required(values, "name", errors)
    capacity = _whole_number(values, "capacity", errors, required=True)
    if name:
        query = Room.exists().where((Room.event == event_id) & (Room.name == name))
        if room_id is not None:
            query = query.where(Room.id != room_id)
        if await query:
            errors["name"] = _("This event already has a room with this name.")
    if capacity is not None and room_id is not None:
        largest = await _largest_workshop(room_id)
        if largest is not None and largest > capacity:
            errors["capacity"] = _(
                "A workshop in this room has %(seats)s seats; the room cannot have fewer.",
                seats=largest,
            )
    if errors:
        return Saved(None, errors)
    try:
        async with write_transaction():
            if room_id is None:
                created = await Room.insert(
                    Room(event=event_id, name=name, capacity=capacity)
                ).returning(Room.id)
                return Saved(created[0]["id"], {})
            await Room.update({Room.name: name, Room.capacity: capacity}).where(
                (Room.id == room_id) & (Room.event == event_id)
            )
    except INTEGRITY_ERRORS as exc:
        if _integrity_error_mentions(exc, "name"):
            return Saved(None, {"name": _("This event already has a room with this name.")})
        raise
    return Saved(room_id, {})


async def _largest_workshop(room_id: int) -> int | None:
    rows = await Session.select(Session.capacity).where(
        (Session.room == room_id) & (Session.kind == "workshop") & Session.capacity.is_not_null()
    )
    return max((row["capacity"] for row in rows), default=None)


# --- sessions ------------------------------------------------------------------------------


def room_taken_message() -> str:
    """The error next to the room field when the room is taken in that round."""
    return _("This room already has a session in this round")


async def save_session(event_id: int, values: Values, session_id: int | None = None) -> Saved:
    """A workshop, stand, excursion or plenary, with its hosts, practice examples and themes.

    A room holds one session per round (the database guarantees it); a workshop needs a round
    and a capacity that fits its room."""
    errors: dict[str, str] = {}
    kind = _text(values, "kind") or "workshop"
    if kind not in SESSION_KINDS:
        errors["kind"] = _("Choose one of the options.")
    title = _required(values, "title", errors)
    round_id = _optional_id(values, "round", errors)
    room_id = _optional_id(values, "room", errors)
    capacity = _whole_number(values, "capacity", errors, required=False)
    hosts = _ids(values, "hosts", errors)
    practices = _ids(values, "practices", errors)
    themes = _ids(values, "themes", errors)
    if round_id is not None:
        await _check_ids(Round, [round_id], "round", errors, Round.event == event_id)
    if room_id is not None:
        await _check_ids(Room, [room_id], "room", errors, Room.event == event_id)
    await _check_ids(Person, hosts, "hosts", errors)
    await _check_ids(
        PracticeExample, practices, "practices", errors, PracticeExample.event == event_id
    )
    await _check_ids(Theme, themes, "themes", errors)
    if kind == "workshop":
        if round_id is None and "round" not in errors:
            errors["round"] = _("A workshop needs a round.")
        if capacity is None and "capacity" not in errors:
            errors["capacity"] = _("A workshop needs a number of seats.")
    if kind == "workshop" and capacity is not None and room_id and "room" not in errors:
        room = await Room.select(Room.name, Room.capacity).where(Room.id == room_id).first()
        if room and capacity > room["capacity"]:
            errors["capacity"] = _(
                "%(room)s has only %(seats)s seats.", room=room["name"], seats=room["capacity"]
            )
    if (
        round_id
        and room_id
        and not {"round", "room"} & errors.keys()
        and await room_taken(round_id, room_id, session_id)
    ):
        errors["room"] = room_taken_message()
    if errors:
        return Saved(None, errors)
    row = {
        Session.kind: kind,
        Session.title: title,
        Session.description: _text(values, "description"),
        Session.round: round_id,
        Session.room: room_id,
        Session.capacity: capacity,
    }
    try:
        async with write_transaction():
            if session_id is None:
                created = await Session.insert(
                    Session(
                        event=event_id,
                        status="scheduled",
                        calendar_uid=f"session-{uuid.uuid4()}@events",
                        **{column._meta.name: value for column, value in row.items()},
                    )
                ).returning(Session.id)
                session_id = created[0]["id"]
            else:
                old = (
                    await Session.select()
                    .where((Session.id == session_id) & (Session.event == event_id))
                    .first()
                )
                if old is None:
                    return Saved(None, {"title": _("This session does not exist (any more).")})
                if (old["round"], old["room"], old["title"]) != (round_id, room_id, title):
                    row[Session.calendar_sequence] = Session.calendar_sequence + 1
                await Session.update(row).where(Session.id == session_id)
            assert session_id is not None
            await _replace_links(session_id, hosts, practices, themes)
    except INTEGRITY_ERRORS as exc:
        if _integrity_error_mentions(exc, "room"):
            return Saved(None, {"room": room_taken_message()})
        raise
    return Saved(session_id, {})


async def room_taken(round_id: int, room_id: int, session_id: int | None = None) -> bool:
    """Whether another session already uses this room in this round."""
    query = Session.exists().where((Session.round == round_id) & (Session.room == room_id))
    if session_id is not None:
        query = query.where(Session.id != session_id)
    return bool(await query)


async def _replace_links(
    session_id: int, hosts: list[int], practices: list[int], themes: list[int]
) -> None:
    await SessionHost.delete().where(SessionHost.session == session_id)
    await SessionPractice.delete().where(SessionPractice.session == session_id)
    await SessionTheme.delete().where(SessionTheme.session == session_id)
    if hosts:
        await SessionHost.insert(*(SessionHost(session=session_id, person=p) for p in hosts))
    if practices:
        await SessionPractice.insert(
            *(SessionPractice(session=session_id, practice=p) for p in practices)
        )
    if themes:
        await SessionTheme.insert(*(SessionTheme(session=session_id, theme=t) for t in themes))


async def set_session_status(event_id: int, session_id: int, status: str) -> bool:
    """Cancel or reinstate a session; a real change bumps its calendar sequence."""
    if status not in SESSION_STATUSES:
        raise ValueError(f"unknown session status {status!r}")
    async with write_transaction():
        old = (
            await Session.select(Session.status)
            .where((Session.id == session_id) & (Session.event == event_id))
            .first()
        )
        if old is None:
            return False
        if old["status"] != status:
            await Session.update(
                {Session.status: status, Session.calendar_sequence: Session.calendar_sequence + 1}
            ).where(Session.id == session_id)
    return True


# --- organisations, people, themes ---------------------------------------------------------


async def save_organisation(values: Values, organisation_id: int | None = None) -> Saved:
    errors: dict[str, str] = {}
    name = _required(values, "name", errors)
    website = _website(values, "website", errors)
    if name:
        query = Organisation.exists().where(Organisation.name == name)
        if organisation_id is not None:
            query = query.where(Organisation.id != organisation_id)
        if await query:
            errors["name"] = _("An organisation with this name already exists.")
    if errors:
        return Saved(None, errors)
    row = {
        Organisation.name: name,
        Organisation.place: _text(values, "place"),
        Organisation.website: website,
    }
    try:
        async with write_transaction():
            if organisation_id is None:
                created = await Organisation.insert(
                    Organisation(name=name, place=row[Organisation.place], website=website)
                ).returning(Organisation.id)
                return Saved(created[0]["id"], {})
            await Organisation.update(row).where(Organisation.id == organisation_id)
    except INTEGRITY_ERRORS as exc:
        if _integrity_error_mentions(exc, "name"):
            return Saved(None, {"name": _("An organisation with this name already exists.")})
        raise
    return Saved(organisation_id, {})


async def save_person(values: Values, person_id: int | None = None) -> Saved:
    """A person's profile; the e-mail address is kept for the organisers, never shown."""
    errors: dict[str, str] = {}
    name = _required(values, "name", errors)
    organisation_id = _optional_id(values, "organisation", errors)
    if organisation_id is not None:
        await _check_ids(Organisation, [organisation_id], "organisation", errors)
    email = _text(values, "email")
    if email and not EMAIL_PATTERN.match(email):
        errors["email"] = _("Enter an e-mail address like name@example.org.")
    if errors:
        return Saved(None, errors)
    row = {
        Person.name: name,
        Person.job_title: _text(values, "job_title"),
        Person.organisation: organisation_id,
        Person.email: email,
        Person.motto: _text(values, "motto"),
        Person.links: _lines(values, "links"),
        Person.story: _text(values, "story"),
        Person.public_profile: _flag(values, "public_profile"),
    }
    async with write_transaction():
        if person_id is None:
            created = await Person.insert(
                Person(**{column._meta.name: value for column, value in row.items()})
            ).returning(Person.id)
            return Saved(created[0]["id"], {})
        await Person.update(row).where(Person.id == person_id)
    return Saved(person_id, {})


async def save_theme(values: Values, theme_id: int | None = None) -> Saved:
    """A theme; its slug is derived from the name."""
    errors: dict[str, str] = {}
    name = _required(values, "name", errors)
    slug = slugify(name)
    if name and not slug:
        errors["name"] = _("Use at least one letter or digit.")
    elif name:
        query = Theme.exists().where((Theme.name == name) | (Theme.slug == slug))
        if theme_id is not None:
            query = query.where(Theme.id != theme_id)
        if await query:
            errors["name"] = _("A theme with this name already exists.")
    if errors:
        return Saved(None, errors)
    try:
        async with write_transaction():
            if theme_id is None:
                created = await Theme.insert(Theme(name=name, slug=slug)).returning(Theme.id)
                return Saved(created[0]["id"], {})
            await Theme.update({Theme.name: name, Theme.slug: slug}).where(Theme.id == theme_id)
    except INTEGRITY_ERRORS:
        return Saved(None, {"name": _("A theme with this name already exists.")})
    return Saved(theme_id, {})


# --- practice examples ---------------------------------------------------------------------


async def save_practice(event_id: int, values: Values, practice_id: int | None = None) -> Saved:
    """A practice example of an event, with its themes."""
    errors: dict[str, str] = {}
    title = _required(values, "title", errors)
    organisation_id = _optional_id(values, "organisation", errors)
    contact_id = _optional_id(values, "contact", errors)
    themes = _ids(values, "themes", errors)
    if organisation_id is not None:
        await _check_ids(Organisation, [organisation_id], "organisation", errors)
    if contact_id is not None:
        await _check_ids(Person, [contact_id], "contact", errors)
    await _check_ids(Theme, themes, "themes", errors)
    if errors:
        return Saved(None, errors)
    row = {
        PracticeExample.title: title,
        PracticeExample.summary: _text(values, "summary"),
        PracticeExample.body: _text(values, "body"),
        PracticeExample.results: _text(values, "results"),
        PracticeExample.organisation: organisation_id,
        PracticeExample.contact: contact_id,
        PracticeExample.links: _lines(values, "links"),
    }
    async with write_transaction():
        if practice_id is None:
            created = await PracticeExample.insert(
                PracticeExample(
                    event=event_id, **{column._meta.name: value for column, value in row.items()}
                )
            ).returning(PracticeExample.id)
            practice_id = created[0]["id"]
        else:
            exists = await PracticeExample.exists().where(
                (PracticeExample.id == practice_id) & (PracticeExample.event == event_id)
            )
            if not exists:
                return Saved(None, {"title": _("This practice example does not exist (any more).")})
            await PracticeExample.update(row).where(PracticeExample.id == practice_id)
        assert practice_id is not None
        await PracticeTheme.delete().where(PracticeTheme.practice == practice_id)
        if themes:
            await PracticeTheme.insert(
                *(PracticeTheme(practice=practice_id, theme=theme) for theme in themes)
            )
    return Saved(practice_id, {})


# --- deleting ------------------------------------------------------------------------------


async def delete_round(event_id: int, round_id: int) -> bool:
    """Delete a round; its sessions stay, without a round, with a new calendar sequence."""
    async with write_transaction():
        if not await Round.exists().where((Round.id == round_id) & (Round.event == event_id)):
            return False
        await _bump_sessions(Session.round == round_id)
        await Round.delete().where(Round.id == round_id)
    return True


async def delete_room(event_id: int, room_id: int) -> bool:
    """Delete a room; its sessions stay, without a room, with a new calendar sequence."""
    async with write_transaction():
        if not await Room.exists().where((Room.id == room_id) & (Room.event == event_id)):
            return False
        await _bump_sessions(Session.room == room_id)
        await Room.delete().where(Room.id == room_id)
    return True


async def delete_session(event_id: int, session_id: int) -> bool:
    async with write_transaction():
        deleted = (
            await Session.delete()
            .where((Session.id == session_id) & (Session.event == event_id))
            .returning(Session.id)
        )
    return bool(deleted)


async def delete_practice(event_id: int, practice_id: int) -> bool:
    async with write_transaction():
        deleted = (
            await PracticeExample.delete()
            .where((PracticeExample.id == practice_id) & (PracticeExample.event == event_id))
            .returning(PracticeExample.id)
        )
    return bool(deleted)


async def delete_organisation(organisation_id: int) -> bool:
    """Delete an organisation; its people and practice examples stay, without organisation."""
    async with write_transaction():
        deleted = (
            await Organisation.delete()
            .where(Organisation.id == organisation_id)
            .returning(Organisation.id)
        )
    return bool(deleted)


async def delete_person(person_id: int) -> bool:
    async with write_transaction():
        deleted = await Person.delete().where(Person.id == person_id).returning(Person.id)
    return bool(deleted)


async def delete_theme(theme_id: int) -> bool:
    async with write_transaction():
        deleted = await Theme.delete().where(Theme.id == theme_id).returning(Theme.id)
    return bool(deleted)

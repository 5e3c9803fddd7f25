"""Write rules of the programme: check organisers' input, then save it (or refuse it) as a whole.

Every `save_*` function takes plain values — the strings of a form, lists of strings for
multiple-choice fields — and returns `Saved(id, errors)`: the id of the saved row, or None and
the error messages by field name. Nothing is written when there are errors. Rows that belong
together (a session and its hosts, themes and practice examples) are written in one transaction.

Reading and checking the values is `validation`'s part (one-line fields, lengths, numbers,
rounds within the event's hours, hosts in one place at a time); this module writes.
Uniqueness is guaranteed by the database; the checks here only give a friendlier message first,
and an `IntegrityError` that still happens (two organisers at once) becomes the same message.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from typing import NamedTuple

import asyncpg

from events.db import write_transaction
from events.programme import validation as check
from events.programme.deleting import (
    bump_sessions,
    delete_organisation,
    delete_person,
    delete_practice,
    delete_room,
    delete_round,
    delete_session,
    delete_theme,
)
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
from events.programme.validation import (
    DEFAULT_TIMEZONE,
    Values,
    local_moment,
    slugify,
    valid_timezone,
)
from events.web.i18n import gettext as _

__all__ = [
    "DEFAULT_TIMEZONE",
    "Saved",
    "delete_organisation",
    "delete_person",
    "delete_practice",
    "delete_room",
    "delete_round",
    "delete_session",
    "delete_theme",
    "local_moment",
    "slugify",
    "valid_timezone",
]

INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.exceptions.IntegrityConstraintViolationError)


class Saved(NamedTuple):
    """The outcome of a save: the row's id, or None and the error messages by field name."""

    id: int | None
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def _integrity_error_mentions(exc: Exception, *words: str) -> bool:
    message = str(exc).lower()
    return any(word in message for word in words)


# --- events --------------------------------------------------------------------------------


async def save_event(values: Values, event_id: int | None = None) -> Saved:
    """Create or change an event. Changing its date or times moves its rounds along and bumps
    the calendar sequence of the event (and of the sessions in moved rounds)."""
    errors: dict[str, str] = {}
    name = check.line(values, "name", errors, Event.name, required=True)
    slug = check.line(values, "slug", errors, Event.slug)
    if not slug and "slug" not in errors:
        slug = slugify(name)
        if len(slug) > Event.slug.length:
            errors["slug"] = _(
                "The slug made from the name would be longer than %(maximum)s characters; "
                "type a shorter one.",
                maximum=Event.slug.length,
            )
    if "slug" not in errors:
        if slug and not check.SLUG_PATTERN.fullmatch(slug):
            errors["slug"] = _("Use only lowercase letters, digits and hyphens, like parade-2026.")
        elif not slug and "name" not in errors:
            errors["slug"] = _("Fill in this field.")
    edition = check.whole_number(
        values, "edition", errors, required=False, minimum=1, maximum=check.MAX_EDITION
    )
    day = check.day(values, "date", errors)
    start = check.clock(values, "start_time", errors)
    end = check.clock(values, "end_time", errors)
    timezone = check.text(values, "timezone") or DEFAULT_TIMEZONE
    if not valid_timezone(timezone):
        errors["timezone"] = _("Unknown time zone; use a name like Europe/Amsterdam.")
    if start and end and end <= start:
        errors["end_time"] = _("The end must be after the start.")
    venue = check.line(values, "venue", errors, Event.venue)
    address = check.line(values, "address", errors, Event.address)
    description = check.paragraphs(values, "description", errors)
    confirmation = _address_confirmation_settings(values, errors)
    if "slug" not in errors and await _slug_taken(slug, event_id):
        errors["slug"] = _("Another event already uses this slug; choose another one.")
    if errors:
        return Saved(None, errors)
    assert day and start and end
    starts_at = local_moment(day, start, timezone)
    ends_at = local_moment(day, end, timezone)
    if event_id is not None:
        errors = await check.event_hours_fit(event_id, day, timezone, starts_at, ends_at)
        if errors:
            return Saved(None, errors)
    row = {
        Event.name: name,
        Event.slug: slug,
        Event.edition: edition,
        Event.date: day,
        Event.starts_at: starts_at,
        Event.ends_at: ends_at,
        Event.timezone: timezone,
        Event.venue: venue,
        Event.address: address,
        Event.description: description,
        Event.published: check.flag(values, "published"),
        **confirmation,
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


MAX_RELEASE_HOURS = 24 * 30


def _address_confirmation_settings(values: Values, errors: dict[str, str]) -> dict:
    """ "Confirm the address first" and its hours, when the form has them (the hours field is
    always sent, so an unticked box is read as off only then)."""
    if "unconfirmed_release_hours" not in values:
        return {}
    hours = check.whole_number(
        values,
        "unconfirmed_release_hours",
        errors,
        required=True,
        minimum=1,
        maximum=MAX_RELEASE_HOURS,
    )
    return {
        Event.confirm_address_first: check.flag(values, "confirm_address_first"),
        Event.unconfirmed_release_hours: hours,
    }


async def _slug_taken(slug: str, event_id: int | None) -> bool:
    query = Event.exists().where(Event.slug == slug)
    if event_id is not None:
        query = query.where(Event.id != event_id)
    return bool(await query)


async def _move_rounds(event_id: int, old_timezone: str, day: date, timezone: str) -> None:
    """Keep each round's local times, on the event's new date (or in its new time zone)."""
    for slot in await check.rounds_after_move(event_id, old_timezone, day, timezone):
        await Round.update({Round.starts_at: slot.starts_at, Round.ends_at: slot.ends_at}).where(
            Round.id == slot.id
        )
        await bump_sessions(Session.round == slot.id)


# --- rounds and rooms ----------------------------------------------------------------------


async def save_round(event_id: int, values: Values, round_id: int | None = None) -> Saved:
    """A time slot on the event's day, within its hours, overlapping no other round."""
    errors: dict[str, str] = {}
    name = check.line(values, "name", errors, Round.name, required=True)
    start = check.clock(values, "start_time", errors)
    end = check.clock(values, "end_time", errors)
    if start and end and end <= start:
        errors["end_time"] = _("The end must be after the start.")
    event = await Event.select().where(Event.id == event_id).first()
    if event is None:
        errors["name"] = _("This event does not exist (any more).")
    if errors:
        return Saved(None, errors)
    assert event and start and end
    starts_at = local_moment(event["date"], start, event["timezone"])
    ends_at = local_moment(event["date"], end, event["timezone"])
    check.round_within_hours(event, starts_at, ends_at, errors)
    if not errors:
        await check.round_overlap(event, starts_at, ends_at, round_id, errors)
    if not errors and round_id is not None:
        clash = await check.host_clash(
            await check.round_hosts(round_id),
            starts_at,
            ends_at,
            SessionHost.session.round != round_id,
        )
        if clash:
            errors["start_time"] = clash
    if errors:
        return Saved(None, errors)
    row = {Round.name: name, Round.starts_at: starts_at, Round.ends_at: ends_at}
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
            await bump_sessions(Session.round == round_id)
    return Saved(round_id, {})


async def save_room(event_id: int, values: Values, room_id: int | None = None) -> Saved:
    """A room of the event: a unique name and a number of seats no workshop in it exceeds."""
    errors: dict[str, str] = {}
    name = check.line(values, "name", errors, Room.name, required=True)
    capacity = check.whole_number(
        values, "capacity", errors, required=True, maximum=check.MAX_SEATS
    )
    if name and "name" not in errors:
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
    kind = check.text(values, "kind") or "workshop"
    if kind not in SESSION_KINDS:
        errors["kind"] = _("Choose one of the options.")
    title = check.line(values, "title", errors, Session.title, required=True)
    description = check.paragraphs(values, "description", errors)
    round_id = check.optional_id(values, "round", errors)
    room_id = check.optional_id(values, "room", errors)
    capacity = check.whole_number(
        values, "capacity", errors, required=False, maximum=check.MAX_SEATS
    )
    hosts = check.ids(values, "hosts", errors)
    practices = check.ids(values, "practices", errors)
    themes = check.ids(values, "themes", errors)
    if round_id is not None:
        await check.existing(Round, [round_id], "round", errors, Round.event == event_id)
    if room_id is not None:
        await check.existing(Room, [room_id], "room", errors, Room.event == event_id)
    await check.existing(Person, hosts, "hosts", errors)
    await check.existing(
        PracticeExample, practices, "practices", errors, PracticeExample.event == event_id
    )
    await check.existing(Theme, themes, "themes", errors)
    if kind == "workshop":
        await check.workshop_fits(round_id, room_id, capacity, errors)
    if (
        round_id
        and room_id
        and not {"round", "room"} & errors.keys()
        and await room_taken(round_id, room_id, session_id)
    ):
        errors["room"] = room_taken_message()
    if round_id and hosts and not {"round", "hosts"} & errors.keys():
        clash = await check.hosts_elsewhere(round_id, hosts, session_id)
        if clash:
            errors["hosts"] = clash
    if errors:
        return Saved(None, errors)
    row = {
        Session.kind: kind,
        Session.title: title,
        Session.description: description,
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
    name = check.line(values, "name", errors, Organisation.name, required=True)
    place = check.line(values, "place", errors, Organisation.place)
    website = check.website(values, "website", errors, Organisation.website)
    if name and "name" not in errors:
        query = Organisation.exists().where(Organisation.name == name)
        if organisation_id is not None:
            query = query.where(Organisation.id != organisation_id)
        if await query:
            errors["name"] = _("An organisation with this name already exists.")
    if errors:
        return Saved(None, errors)
    row = {
        Organisation.name: name,
        Organisation.place: place,
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
    name = check.line(values, "name", errors, Person.name, required=True)
    organisation_id = check.optional_id(values, "organisation", errors)
    if organisation_id is not None:
        await check.existing(Organisation, [organisation_id], "organisation", errors)
    row = {
        Person.name: name,
        Person.job_title: check.line(values, "job_title", errors, Person.job_title),
        Person.organisation: organisation_id,
        Person.email: check.email(values, "email", errors, Person.email),
        Person.motto: check.line(values, "motto", errors, Person.motto),
        Person.links: check.lines(values, "links", errors),
        Person.story: check.paragraphs(values, "story", errors),
        Person.public_profile: check.flag(values, "public_profile"),
    }
    if errors:
        return Saved(None, errors)
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
    name = check.line(values, "name", errors, Theme.name, required=True)
    slug = slugify(name)
    if name and not slug and "name" not in errors:
        errors["name"] = _("Use at least one letter or digit.")
    if (
        name
        and "name" not in errors
        and not check.too_long(slug, "name", errors, Theme.slug.length)
    ):
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
    title = check.line(values, "title", errors, PracticeExample.title, required=True)
    organisation_id = check.optional_id(values, "organisation", errors)
    contact_id = check.optional_id(values, "contact", errors)
    themes = check.ids(values, "themes", errors)
    if organisation_id is not None:
        await check.existing(Organisation, [organisation_id], "organisation", errors)
    if contact_id is not None:
        await check.existing(Person, [contact_id], "contact", errors)
    await check.existing(Theme, themes, "themes", errors)
    row = {
        PracticeExample.title: title,
        PracticeExample.summary: check.paragraphs(values, "summary", errors),
        PracticeExample.body: check.paragraphs(values, "body", errors),
        PracticeExample.results: check.paragraphs(values, "results", errors),
        PracticeExample.organisation: organisation_id,
        PracticeExample.contact: contact_id,
        PracticeExample.links: check.lines(values, "links", errors),
    }
    if errors:
        return Saved(None, errors)
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

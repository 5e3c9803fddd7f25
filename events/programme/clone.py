"""The programme's part of copying an event: the event row, rounds, rooms, practice examples,
sessions (without anybody booked) and their links to hosts, practices and themes.

Copies get new calendar UIDs at SEQUENCE 0; the copied event is unpublished and not archived.
Rounds keep their local times on the new date. Nothing of registrations is read here: seats,
choices and participants belong to other domains and are simply not copied.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from events.cloning import CopyJob, register_cloner
from events.programme import validation as check
from events.programme.tables import (
    Event,
    PracticeExample,
    PracticeTheme,
    Room,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
)
from events.programme.validation import Values
from events.web.i18n import gettext as _

Row = dict[str, Any]


async def check_copy(source: Row, values: Values) -> tuple[dict[str, str], Row]:
    """The copy's name, web address and date as typed; errors by field name."""
    errors: dict[str, str] = {}
    name = check.line(values, "name", errors, Event.name, required=True)
    slug = check.line(values, "slug", errors, Event.slug, required=True)
    if slug and "slug" not in errors:
        if not check.SLUG_PATTERN.fullmatch(slug):
            errors["slug"] = _("Use only lowercase letters, digits and hyphens, like parade-2026.")
        elif await Event.exists().where(Event.slug == slug):
            errors["slug"] = _("Another event already uses this web address; choose another one.")
    day = check.day(values, "date", errors)
    if day is not None and day == source["date"]:
        errors["date"] = _("Choose another date than the original's.")
    return errors, {"name": name, "slug": slug, "date": day}


async def insert_copy(source: Row, name: str, slug: str, day: date, parts: frozenset[str]) -> Row:
    """The new event row: the source's settings on the new date (the next edition), the
    description only with the texts, unpublished, not archived, a new calendar UID."""
    job = CopyJob(source=source, target={}, parts=parts, days=(day - source["date"]).days)
    edition = source["edition"]
    rows = await Event.insert(
        Event(
            name=name,
            slug=slug,
            edition=None if edition is None else min(edition + 1, check.MAX_EDITION),
            date=day,
            starts_at=job.shifted(source["starts_at"]),
            ends_at=job.shifted(source["ends_at"]),
            timezone=source["timezone"],
            venue=source["venue"],
            address=source["address"],
            description=source["description"] if job.wants("texts") else "",
            published=False,
            calendar_uid=f"event-{uuid.uuid4()}@events",
            calendar_sequence=0,
            registration_opens_at=job.shifted(source["registration_opens_at"]),
            registration_closes_at=job.shifted(source["registration_closes_at"]),
            max_participants=source["max_participants"],
            archived_at=None,
        )
    ).returning(*Event.all_columns())
    return rows[0]


async def _copy_rows(
    table: Any, source_event: int, target_event: int, change: Any = None
) -> dict[int, int]:
    """Copy every row of `table` of one event; `change(row)` adjusts a row. Old → new ids."""
    mapping: dict[int, int] = {}
    for row in await table.select().where(table.event == source_event).order_by(table.id):
        old_id = row.pop("id")
        row["event"] = target_event
        if change is not None:
            change(row)
        created = await table.insert(table(**row)).returning(table.id)
        mapping[old_id] = created[0]["id"]
    return mapping


async def copy_programme(job: CopyJob) -> None:
    """Rounds and rooms, practice examples, sessions and their links, as the organiser chose."""
    source, target = job.source["id"], job.target["id"]
    texts = job.wants("texts")
    if job.wants("rounds_rooms"):

        def move(row: Row) -> None:
            row["starts_at"] = job.shifted(row["starts_at"])
            row["ends_at"] = job.shifted(row["ends_at"])

        job.ids["round"] = await _copy_rows(Round, source, target, move)
        job.ids["room"] = await _copy_rows(Room, source, target)
    if job.wants("practices"):

        def practice(row: Row) -> None:
            if not texts:
                row.update(summary="", body="", results="")

        job.ids["practice"] = await _copy_rows(PracticeExample, source, target, practice)
    if job.wants("sessions"):

        def session(row: Row) -> None:
            row["round"] = job.new_id("round", row["round"])
            row["room"] = job.new_id("room", row["room"])
            row["calendar_uid"] = f"session-{uuid.uuid4()}@events"
            row["calendar_sequence"] = 0
            if not texts:
                row["description"] = ""

        job.ids["session"] = await _copy_rows(Session, source, target, session)
    await _copy_links(job)


async def _copy_links(job: CopyJob) -> None:
    sessions, practices = job.ids.get("session", {}), job.ids.get("practice", {})
    if sessions:
        hosts = await SessionHost.select().where(SessionHost.session.is_in(list(sessions)))
        await _insert(
            SessionHost, [{"session": sessions[h["session"]], "person": h["person"]} for h in hosts]
        )
    if sessions and practices:
        links = await SessionPractice.select().where(SessionPractice.session.is_in(list(sessions)))
        await _insert(
            SessionPractice,
            [
                {"session": sessions[link["session"]], "practice": practices[link["practice"]]}
                for link in links
                if link["practice"] in practices
            ],
        )
    if not job.wants("themes"):
        return
    if sessions:
        themes = await SessionTheme.select().where(SessionTheme.session.is_in(list(sessions)))
        await _insert(
            SessionTheme, [{"session": sessions[t["session"]], "theme": t["theme"]} for t in themes]
        )
    if practices:
        themes = await PracticeTheme.select().where(PracticeTheme.practice.is_in(list(practices)))
        await _insert(
            PracticeTheme,
            [{"practice": practices[t["practice"]], "theme": t["theme"]} for t in themes],
        )


async def _insert(table: Any, rows: list[Row]) -> None:
    if rows:
        await table.insert(*(table(**row) for row in rows))


register_cloner("programme", 10, copy_programme)

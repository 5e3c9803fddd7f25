"""Read models of the programme for public pages, the JSON API and calendar feeds (plain dicts).

Every function returns plain dicts and lists, never table objects. A whole programme is read in
a fixed handful of queries (event, rounds, sessions, then themes, hosts and practices of all its
sessions at once), so the number of queries does not grow with the number of sessions.
E-mail addresses of people are never selected here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from events.programme.tables import (
    Event,
    Person,
    PracticeExample,
    PracticeTheme,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
)

Row = dict[str, Any]

_EVENT_COLUMNS = (
    Event.id,
    Event.name,
    Event.slug,
    Event.edition,
    Event.date,
    Event.starts_at,
    Event.ends_at,
    Event.timezone,
    Event.venue,
    Event.address,
    Event.description,
    Event.published,
    Event.calendar_uid,
    Event.calendar_sequence,
    Event.registration_opens_at,
    Event.registration_closes_at,
    Event.max_participants,
    Event.archived_at,
)

_URL = re.compile(r"https?://\S+", re.IGNORECASE)


async def upcoming_events(now: datetime | None = None) -> list[Row]:
    """Published events that have not ended yet and are not archived, soonest first."""
    now = now or datetime.now(UTC)
    return (
        await Event.select(
            Event.id,
            Event.name,
            Event.slug,
            Event.edition,
            Event.date,
            Event.starts_at,
            Event.ends_at,
            Event.timezone,
            Event.venue,
            Event.address,
            Event.description,
        )
        .where(
            (Event.published == True)  # noqa: E712
            & (Event.ends_at >= now)
            & Event.archived_at.is_null()
        )
        .order_by(Event.starts_at)
    )


async def published_events() -> list[Row]:
    """Every published event, past and future, soonest first (for the API); archived events
    are left out of the list (their own pages still answer)."""
    return (
        await Event.select(*_EVENT_COLUMNS)
        .where((Event.published == True) & Event.archived_at.is_null())  # noqa: E712
        .order_by(Event.starts_at)
    )


async def event_by_slug(slug: str, include_unpublished: bool = False) -> Row | None:
    """The event with this slug; None when unknown, or unpublished unless asked for."""
    query = Event.select(*_EVENT_COLUMNS).where(Event.slug == slug)
    if not include_unpublished:
        query = query.where(Event.published == True)  # noqa: E712
    return await query.first()


def public_links(text: str | None) -> list[Row]:
    """The http(s) links in a free-text links field, one per line, as {label, url}.

    A line may be just a URL or `Label: URL`. Lines without a web address (e-mail addresses,
    mailto: links, phone numbers) are left out, so a profile never shows an e-mail address.
    """
    links: list[Row] = []
    for line in (text or "").splitlines():
        match = _URL.search(line)
        if not match or "mailto:" in line.lower():
            continue
        url = match.group(0).rstrip(".,;)")
        label = (line[: match.start()] + line[match.end() :]).strip(" \t:-–|")
        links.append({"label": label or url, "url": url})
    return links


def _session_times(session: Row, event: Row) -> tuple[datetime | None, datetime | None]:
    """A session runs during its round; a stand without a round runs all day."""
    if session["round_starts_at"] is not None:
        return session["round_starts_at"], session["round_ends_at"]
    if session["kind"] == "stand":
        return event["starts_at"], event["ends_at"]
    return None, None


async def _sessions(event: Row, session_id: int | None = None) -> list[Row]:
    """Sessions of an event (or one of them) with round, room, themes, hosts and practices."""
    query = Session.select(
        Session.id,
        Session.kind,
        Session.title,
        Session.description,
        Session.status,
        Session.capacity,
        Session.calendar_uid,
        Session.calendar_sequence,
        Session.round.as_alias("round_id"),
        Session.round.name.as_alias("round_name"),
        Session.round.starts_at.as_alias("round_starts_at"),
        Session.round.ends_at.as_alias("round_ends_at"),
        Session.room.name.as_alias("room_name"),
        Session.room.capacity.as_alias("room_capacity"),
    ).where(Session.event == event["id"])
    if session_id is not None:
        query = query.where(Session.id == session_id)
    sessions: list[Row] = await query.order_by(Session.title)
    if not sessions:
        return []
    ids = [session["id"] for session in sessions]

    themes = await (
        SessionTheme.select(
            SessionTheme.session,
            SessionTheme.theme.name.as_alias("name"),
            SessionTheme.theme.slug.as_alias("slug"),
        )
        .where(SessionTheme.session.is_in(ids))
        .order_by(SessionTheme.theme.name)
    )
    hosts = await (
        SessionHost.select(
            SessionHost.session,
            SessionHost.person.as_alias("id"),
            SessionHost.person.name.as_alias("name"),
            SessionHost.person.job_title.as_alias("job_title"),
            SessionHost.person.public_profile.as_alias("public_profile"),
            SessionHost.person.organisation.name.as_alias("organisation"),
        )
        .where(SessionHost.session.is_in(ids))
        .order_by(SessionHost.person.name)
    )
    practices = await (
        SessionPractice.select(
            SessionPractice.session,
            SessionPractice.practice.as_alias("id"),
            SessionPractice.practice.title.as_alias("title"),
            SessionPractice.practice.organisation.name.as_alias("organisation"),
        )
        .where(SessionPractice.session.is_in(ids))
        .order_by(SessionPractice.practice.title)
    )
    by_session: dict[str, dict[int, list[Row]]] = {
        "themes": defaultdict(list),
        "hosts": defaultdict(list),
        "practices": defaultdict(list),
    }
    for key, rows in (("themes", themes), ("hosts", hosts), ("practices", practices)):
        for row in rows:
            by_session[key][row.pop("session")].append(row)

    for session in sessions:
        session["starts_at"], session["ends_at"] = _session_times(session, event)
        room_capacity = session.pop("room_capacity")
        if session["capacity"] is None and room_capacity:
            session["capacity"] = room_capacity
        for key in by_session:
            session[key] = by_session[key].get(session["id"], [])
    sessions.sort(key=_session_order)
    return sessions


def _session_order(session: Row) -> tuple[Any, ...]:
    """Plenary first within a round, then by room and title."""
    return (
        session["starts_at"] or datetime.max.replace(tzinfo=UTC),
        session["kind"] != "plenary",
        session["room_name"] or "",
        session["title"].casefold(),
    )


async def programme(event: Row) -> Row:
    """The programme of an event: rounds in time order with their sessions, and the market.

    Returns {"rounds": [...each with "sessions"], "stands": [...], "other": [...],
    "sessions": [every session]}. Stands are listed apart as the market; sessions without a
    round that are not stands land in "other".
    """
    rounds: list[Row] = await (
        Round.select(Round.id, Round.name, Round.starts_at, Round.ends_at)
        .where(Round.event == event["id"])
        .order_by(Round.starts_at)
        .order_by(Round.name)
    )
    sessions = await _sessions(event)
    by_round: dict[int, list[Row]] = defaultdict(list)
    stands: list[Row] = []
    other: list[Row] = []
    for session in sessions:
        if session["kind"] == "stand":
            stands.append(session)
        elif session["round_id"] is not None:
            by_round[session["round_id"]].append(session)
        else:
            other.append(session)
    for round_ in rounds:
        round_["sessions"] = by_round.get(round_["id"], [])
    stands.sort(key=lambda session: session["title"].casefold())
    return {"rounds": rounds, "stands": stands, "other": other, "sessions": sessions}


async def session_detail(event: Row, session_id: int) -> Row | None:
    """One session of this event with everything its page shows; None when not of this event."""
    sessions = await _sessions(event, session_id=session_id)
    return sessions[0] if sessions else None


async def practice_catalogue(
    event: Row, theme_slug: str | None = None, text: str | None = None
) -> Row:
    """Practice examples of an event, filtered by theme slug and by text.

    The text matches title, summary, body and organisation name, ignoring case. Matching is
    done in Python with casefold(), which treats accented letters the same on SQLite (whose LIKE
    only folds ASCII) and PostgreSQL; an event has at most a few hundred practice examples.
    Returns {"practices": [...], "themes": [themes used by this event's practices]}.
    """
    practices: list[Row] = await (
        PracticeExample.select(
            PracticeExample.id,
            PracticeExample.title,
            PracticeExample.summary,
            PracticeExample.body,
            PracticeExample.organisation.name.as_alias("organisation"),
        )
        .where(PracticeExample.event == event["id"])
        .order_by(PracticeExample.title)
    )
    theme_rows = await (
        PracticeTheme.select(
            PracticeTheme.practice,
            PracticeTheme.theme.name.as_alias("name"),
            PracticeTheme.theme.slug.as_alias("slug"),
        )
        .where(PracticeTheme.practice.event == event["id"])
        .order_by(PracticeTheme.theme.name)
    )
    themes_of: dict[int, list[Row]] = defaultdict(list)
    used: dict[str, str] = {}
    for row in theme_rows:
        themes_of[row["practice"]].append({"name": row["name"], "slug": row["slug"]})
        used[row["slug"]] = row["name"]

    needle = (text or "").strip().casefold()
    chosen: list[Row] = []
    for practice in practices:
        practice["themes"] = themes_of.get(practice["id"], [])
        if theme_slug and theme_slug not in {theme["slug"] for theme in practice["themes"]}:
            continue
        if needle:
            haystack = " ".join(
                practice[key] or "" for key in ("title", "summary", "body", "organisation")
            ).casefold()
            if needle not in haystack:
                continue
        chosen.append(practice)
    themes = sorted(
        ({"slug": slug, "name": name} for slug, name in used.items()),
        key=lambda theme: theme["name"].casefold(),
    )
    return {"practices": chosen, "themes": themes}


async def practice_detail(event: Row, practice_id: int) -> Row | None:
    """One practice example of this event with themes, contact and the sessions presenting it."""
    practice: Row | None = await (
        PracticeExample.select(
            PracticeExample.id,
            PracticeExample.title,
            PracticeExample.summary,
            PracticeExample.body,
            PracticeExample.results,
            PracticeExample.links,
            PracticeExample.organisation.name.as_alias("organisation"),
            PracticeExample.organisation.website.as_alias("organisation_website"),
            PracticeExample.contact.as_alias("contact_id"),
            PracticeExample.contact.name.as_alias("contact_name"),
            PracticeExample.contact.job_title.as_alias("contact_job_title"),
            PracticeExample.contact.public_profile.as_alias("contact_public"),
        )
        .where((PracticeExample.event == event["id"]) & (PracticeExample.id == practice_id))
        .first()
    )
    if practice is None:
        return None
    practice["links"] = public_links(practice["links"])
    practice["themes"] = await (
        PracticeTheme.select(
            PracticeTheme.theme.name.as_alias("name"), PracticeTheme.theme.slug.as_alias("slug")
        )
        .where(PracticeTheme.practice == practice_id)
        .order_by(PracticeTheme.theme.name)
    )
    sessions: list[Row] = await SessionPractice.select(
        SessionPractice.session.as_alias("id"),
        SessionPractice.session.title.as_alias("title"),
        SessionPractice.session.kind.as_alias("kind"),
        SessionPractice.session.status.as_alias("status"),
        SessionPractice.session.round.name.as_alias("round_name"),
        SessionPractice.session.round.starts_at.as_alias("starts_at"),
        SessionPractice.session.round.ends_at.as_alias("ends_at"),
    ).where(SessionPractice.practice == practice_id)
    sessions.sort(
        key=lambda row: (row["starts_at"] or datetime.max.replace(tzinfo=UTC), row["title"])
    )
    practice["sessions"] = sessions
    return practice


async def public_person(person_id: int) -> Row | None:
    """A person's public profile (never the e-mail address); None unless the profile is public."""
    person: Row | None = await (
        Person.select(
            Person.id,
            Person.name,
            Person.job_title,
            Person.motto,
            Person.links,
            Person.story,
            Person.organisation.name.as_alias("organisation"),
            Person.organisation.website.as_alias("organisation_website"),
        )
        .where((Person.id == person_id) & (Person.public_profile == True))  # noqa: E712
        .first()
    )
    if person is not None:
        person["links"] = public_links(person["links"])
    return person

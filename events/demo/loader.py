"""Load the demo parade into the database, idempotently and in one transaction.

Rows are matched on natural keys (theme name, organisation name, person e-mail, event slug, room
and round name within the event, practice title within the event, session calendar UID, and the
pairs of the link tables). What is missing is added; what exists is left alone, so running the
loader again changes nothing and never overwrites what an organiser edited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.columns import Column
from piccolo.table import Table

from events.db import write_transaction
from events.demo import data
from events.demo.day import load_day
from events.followup.campaigns import create_default_campaign
from events.followup.tables import CampaignStep
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
from events.settings import Settings

Progress = Callable[[str], object]


def local_to_utc(day: date, clock: str, timezone: str) -> datetime:
    """A wall-clock time ("09:30") on a day in a time zone, as an aware UTC datetime."""
    hours, minutes = (int(part) for part in clock.split(":"))
    local = datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(timezone))
    return local.astimezone(ZoneInfo("UTC"))


async def _ensure(
    table: type[Table],
    key: Column,
    wanted: Mapping[Any, Callable[[], Table]],
    *,
    within: Any = None,
) -> tuple[dict[Any, int], int]:
    """Ids of the rows whose `key` is in `wanted`, inserting the missing ones.

    `wanted` maps each key value to a function that builds the row; `within` narrows the match
    (e.g. to one event). Returns the ids by key and how many rows were new.
    """
    ids: dict[Any, int] = {}
    if wanted:
        query = table.select(table._meta.primary_key, key).where(key.is_in(list(wanted)))
        if within is not None:
            query = query.where(within)
        for row in await query:
            ids.setdefault(row[key._meta.name], row["id"])
    new = 0
    for value, build in wanted.items():
        if value in ids:
            continue
        row = build()
        await row.save()
        ids[value] = row.id
        new += 1
    return ids, new


async def _ensure_links(
    table: type[Table], left: Column, right: Column, pairs: Iterable[tuple[int, int]]
) -> tuple[int, int]:
    """Make sure each (left id, right id) pair exists in a link table; (total, new)."""
    wanted = sorted(set(pairs))
    if not wanted:
        return 0, 0
    existing = {
        (row[left._meta.name], row[right._meta.name])
        for row in await table.select(left, right).where(
            left.is_in(sorted({pair[0] for pair in wanted}))
        )
    }
    missing = [pair for pair in wanted if pair not in existing]
    if missing:
        await table.insert(
            *(table(**{left._meta.name: a, right._meta.name: b}) for a, b in missing)
        )
    return len(wanted), len(missing)


def _counted(label: str, total: int, new: int) -> str:
    return f"{label}: {total} ({new} new)"


async def load_demo(
    progress: Progress = lambda line: None, settings: Settings | None = None
) -> str:
    """Load the demo parade (once; running it again changes nothing) and return a summary.

    With `settings`, the demo event also gets the default follow-up campaign (once)."""
    event_data = data.EVENT
    tz = event_data.timezone
    async with write_transaction():
        themes, new = await _ensure(
            Theme,
            Theme.name,
            {t.name: (lambda t=t: Theme(name=t.name, slug=t.slug)) for t in data.THEMES},
        )
        progress(_counted("Themes", len(themes), new))

        organisations, new = await _ensure(
            Organisation,
            Organisation.name,
            {
                o.name: (lambda o=o: Organisation(name=o.name, place=o.place, website=o.website))
                for o in data.ORGANISATIONS
            },
        )
        progress(_counted("Organisations", len(organisations), new))

        people, new = await _ensure(
            Person,
            Person.email,
            {
                p.email: (
                    lambda p=p: Person(
                        name=p.name,
                        email=p.email,
                        job_title=p.job_title,
                        organisation=organisations[p.organisation] if p.organisation else None,
                        motto=p.motto,
                        links=p.links,
                        story=p.story,
                        public_profile=p.public_profile,
                    )
                )
                for p in data.PEOPLE
            },
        )
        progress(_counted("People", len(people), new))

        events, new = await _ensure(
            Event,
            Event.slug,
            {
                event_data.slug: lambda: Event(
                    name=event_data.name,
                    slug=event_data.slug,
                    edition=event_data.edition,
                    date=event_data.day,
                    starts_at=local_to_utc(event_data.day, event_data.starts, tz),
                    ends_at=local_to_utc(event_data.day, event_data.ends, tz),
                    timezone=tz,
                    venue=event_data.venue,
                    address=event_data.address,
                    description=event_data.description,
                    published=True,
                    calendar_uid=event_data.calendar_uid,
                )
            },
        )
        event_id = events[event_data.slug]
        progress(f"Event: {event_data.name} ({'new' if new else 'already there'})")

        in_event = Room.event == event_id
        rooms, new = await _ensure(
            Room,
            Room.name,
            {
                r.name: (lambda r=r: Room(event=event_id, name=r.name, capacity=r.capacity))
                for r in data.ROOMS
            },
            within=in_event,
        )
        progress(_counted("Rooms", len(rooms), new))

        rounds, new = await _ensure(
            Round,
            Round.name,
            {
                r.name: (
                    lambda r=r: Round(
                        event=event_id,
                        name=r.name,
                        starts_at=local_to_utc(event_data.day, r.starts, tz),
                        ends_at=local_to_utc(event_data.day, r.ends, tz),
                    )
                )
                for r in data.ROUNDS
            },
            within=Round.event == event_id,
        )
        progress(_counted("Rounds", len(rounds), new))

        practices, new = await _ensure(
            PracticeExample,
            PracticeExample.title,
            {
                p.title: (
                    lambda p=p: PracticeExample(
                        event=event_id,
                        title=p.title,
                        summary=p.summary,
                        body=p.body,
                        results=p.results,
                        organisation=organisations[p.organisation],
                        contact=people[p.contact],
                        links=p.links,
                    )
                )
                for p in data.PRACTICES
            },
            within=PracticeExample.event == event_id,
        )
        progress(_counted("Practice examples", len(practices), new))

        sessions, new = await _ensure(
            Session,
            Session.calendar_uid,
            {
                data.session_uid(s.key): (
                    lambda s=s: Session(
                        event=event_id,
                        kind=s.kind,
                        title=s.title,
                        description=s.description,
                        round=rounds[s.round] if s.round else None,
                        room=rooms[s.room] if s.room else None,
                        capacity=s.capacity,
                        calendar_uid=data.session_uid(s.key),
                    )
                )
                for s in data.SESSIONS
            },
        )
        progress(_counted("Sessions", len(sessions), new))

        themes_of_practice = {p.title: p.themes for p in data.PRACTICES}
        link_counts = [
            await _ensure_links(
                PracticeTheme,
                PracticeTheme.practice,
                PracticeTheme.theme,
                ((practices[p.title], themes[theme]) for p in data.PRACTICES for theme in p.themes),
            ),
            await _ensure_links(
                SessionPractice,
                SessionPractice.session,
                SessionPractice.practice,
                (
                    (sessions[data.session_uid(s.key)], practices[title])
                    for s in data.SESSIONS
                    for title in s.practices
                ),
            ),
            await _ensure_links(
                SessionTheme,
                SessionTheme.session,
                SessionTheme.theme,
                (
                    (sessions[data.session_uid(s.key)], themes[theme])
                    for s in data.SESSIONS
                    for title in s.practices
                    for theme in themes_of_practice[title]
                ),
            ),
            await _ensure_links(
                SessionHost,
                SessionHost.session,
                SessionHost.person,
                (
                    (sessions[data.session_uid(s.key)], people[email])
                    for s in data.SESSIONS
                    for email in s.hosts
                ),
            ),
        ]
        progress(
            _counted(
                "Links (themes, practices, hosts)",
                sum(total for total, _ in link_counts),
                sum(added for _, added in link_counts),
            )
        )

        day = await load_day(event_id)
        progress(f"Pledges: {day['pledges']} ({day['pledges_new']} new)")
        progress(f"Conversation pairs: {day['pairs']} ({day['pairs_new']} new)")
        if settings is not None and not await CampaignStep.exists().where(
            CampaignStep.event == event_id
        ):
            steps = await create_default_campaign(settings, event_id)
            progress(f"Follow-up campaign: {len(steps)} steps (new)")

    return (
        f"Demo parade ready: 1 event, {len(practices)} practice examples, {len(rounds)} rounds, "
        f"{len(sessions)} sessions, {len(people)} people"
    )

"""Read models of pledges (plain dicts) for the day page, moderation, the API, wall and report.

Public reads return only approved pledges that are not private, of participants who were not
erased. A name and organisation appear only for `public_named` pledges whose author still has
the consent to show their name; otherwise both are None.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from events.pledges.tables import Pledge, PledgePractice, PledgeSession, PledgeTheme
from events.programme.tables import Theme
from events.registration.tables import Participant
from events.web.pagination import paginate

Row = dict[str, Any]

_PLEDGE_COLUMNS = (
    Pledge.id,
    Pledge.event,
    Pledge.participant,
    Pledge.title,
    Pledge.text,
    Pledge.target_date,
    Pledge.visibility,
    Pledge.status,
    Pledge.hide_reason,
    Pledge.created_at,
    Pledge.updated_at,
    Pledge.participant.name.as_alias("participant_name"),
    Pledge.participant.organisation.name.as_alias("participant_organisation"),
    Pledge.participant.organisation.status.as_alias("participant_organisation_status"),
    Pledge.participant.consent_public_name_at.as_alias("consent_public_name_at"),
)


async def _links(pledge_ids: list[int], themes_only: bool = False) -> dict[int, Row]:
    """Themes, practice examples and sessions of many pledges in three queries (one when
    `themes_only`: the other two lists stay empty)."""
    links: dict[int, Row] = defaultdict(lambda: {"themes": [], "practices": [], "sessions": []})
    if not pledge_ids:
        return links
    for row in await PledgeTheme.select(
        PledgeTheme.pledge, PledgeTheme.theme, PledgeTheme.theme.name.as_alias("name")
    ).where(PledgeTheme.pledge.is_in(pledge_ids)):
        links[row["pledge"]]["themes"].append({"id": row["theme"], "name": row["name"]})
    if themes_only:
        for value in links.values():
            value["themes"].sort(key=lambda item: item["name"].lower())
        return links
    for row in await PledgePractice.select(
        PledgePractice.pledge,
        PledgePractice.practice,
        PledgePractice.practice.title.as_alias("title"),
    ).where(PledgePractice.pledge.is_in(pledge_ids)):
        links[row["pledge"]]["practices"].append({"id": row["practice"], "title": row["title"]})
    for row in await PledgeSession.select(
        PledgeSession.pledge,
        PledgeSession.session,
        PledgeSession.session.title.as_alias("title"),
    ).where(PledgeSession.pledge.is_in(pledge_ids)):
        links[row["pledge"]]["sessions"].append({"id": row["session"], "title": row["title"]})
    for value in links.values():
        for key, sort_key in (("themes", "name"), ("practices", "title"), ("sessions", "title")):
            value[key].sort(key=lambda item, k=sort_key: item[k].lower())  # type: ignore[misc]
    return links


async def _with_links(rows: list[Row], themes_only: bool = False) -> list[Row]:
    links = await _links([row["id"] for row in rows], themes_only)
    return [{**row, **links[row["id"]]} for row in rows]


def _public_person(row: Row) -> Row:
    """A public pledge's author: name and organisation only with their agreement."""
    named = row["visibility"] == "public_named" and row["consent_public_name_at"] is not None
    return {
        "name": row["participant_name"] if named else None,
        # A suggested organisation is only its registrant's until an organiser accepts it.
        "organisation": row["participant_organisation"]
        if named and row["participant_organisation_status"] == "accepted"
        else None,
    }


async def my_pledges(participant_id: int, themes_only: bool = False) -> list[Row]:
    """A participant's own pledges, newest first; `themes_only` for a list that shows no
    practice examples or sessions (the day page), one query fewer each."""
    rows = (
        await Pledge.select(*_PLEDGE_COLUMNS)
        .where(Pledge.participant == participant_id)
        .order_by(Pledge.created_at, ascending=False)
        .order_by(Pledge.id, ascending=False)
    )
    return await _with_links(rows, themes_only)


async def my_pledge(participant_id: int, pledge_id: int) -> Row | None:
    """One of the participant's own pledges; None for anyone else's."""
    rows = await Pledge.select(*_PLEDGE_COLUMNS).where(
        (Pledge.id == pledge_id) & (Pledge.participant == participant_id)
    )
    return (await _with_links(rows))[0] if rows else None


async def event_pledges(event_id: int, status: str = "") -> list[Row]:
    """All pledges of an event for organisers (any visibility), newest first."""
    query = Pledge.select(*_PLEDGE_COLUMNS).where(Pledge.event == event_id)
    if status:
        query = query.where(Pledge.status == status)
    rows = await query.order_by(Pledge.created_at, ascending=False).order_by(
        Pledge.id, ascending=False
    )
    return await _with_links(rows)


async def pledge_page(event_id: int, status: str = "", search: str = "", page: int = 1) -> Row:
    """One page of an event's pledges for organisers (any visibility), newest first.

    Filtered by moderation state and a search in title, text or the author's name or
    organisation; four queries whatever the page size (count, page, and the page's links).
    """
    conditions: list[Any] = [Pledge.event == event_id]
    if status:
        conditions.append(Pledge.status == status)
    if search:
        pattern = f"%{search}%"
        authors = Participant.select(Participant.id).where(
            (Participant.event == event_id)
            & (Participant.name.ilike(pattern) | Participant.organisation.name.ilike(pattern))
        )
        conditions.append(
            Pledge.title.ilike(pattern)
            | Pledge.text.ilike(pattern)
            | Pledge.participant.is_in(authors)
        )
    query = (
        Pledge.select(*_PLEDGE_COLUMNS)
        .where(*conditions)
        .order_by(Pledge.created_at, ascending=False)
        .order_by(Pledge.id, ascending=False)
    )
    listing = await paginate(Pledge.count().where(*conditions), query, page)
    listing["rows"] = await _with_links(listing["rows"])
    return listing


async def status_counts(event_id: int) -> dict[str, int]:
    counts = {"pending": 0, "approved": 0, "hidden": 0}
    for row in await Pledge.raw(
        "SELECT status, COUNT(*) AS n FROM pledge WHERE event = {} GROUP BY status", event_id
    ):
        counts[row["status"]] = row["n"]
    return counts


def _public_conditions(event_id: int) -> list[Any]:
    return [
        Pledge.event == event_id,
        Pledge.status == "approved",
        Pledge.visibility != "private",
        Pledge.participant.status != "erased",
    ]


async def count_public_pledges(event_id: int) -> int:
    """The number of pledges public_pledges(event_id) returns, counted by the database."""
    return await Pledge.count().where(*_public_conditions(event_id))


async def public_pledges(event_id: int, limit: int | None = None, offset: int = 0) -> list[Row]:
    """Approved, non-private pledges of an event, newest first, with names only where agreed.

    `limit` and `offset` page through them in the database (the wall shows a few at a time)."""
    query = (
        Pledge.select(*_PLEDGE_COLUMNS)
        .where(*_public_conditions(event_id))
        .order_by(Pledge.created_at, ascending=False)
        .order_by(Pledge.id, ascending=False)
    )
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    rows = await _with_links(await query)
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "text": row["text"],
            "target_date": row["target_date"],
            "created_at": row["created_at"],
            "themes": [theme["name"] for theme in row["themes"]],
            "practices": [practice["title"] for practice in row["practices"]],
            **_public_person(row),
        }
        for row in rows
    ]


async def figures(event_id: int) -> Row:
    """The event's numbers: participants, their organisations, approved pledges and by theme.

    Pledges are counted when approved, whatever their visibility (a count reveals no content).
    """
    # Counted by the database: a large event has thousands of rows behind these numbers.
    people = await Participant.raw(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT "organisation") AS organisations '
        "FROM participant WHERE \"event\" = {} AND status = 'registered'",
        event_id,
    )
    approved = (
        "JOIN participant pa ON pa.id = p.participant "
        "WHERE p.\"event\" = {} AND p.status = 'approved' AND pa.status != 'erased'"
    )
    pledges = await Pledge.raw(f"SELECT COUNT(*) AS n FROM pledge p {approved}", event_id)
    by_theme = await PledgeTheme.raw(
        "SELECT t.name AS name, COUNT(*) AS n FROM pledge_theme pt "
        "JOIN theme t ON t.id = pt.theme JOIN pledge p ON p.id = pt.pledge "
        f"{approved} GROUP BY t.name",
        event_id,
    )
    return {
        "participants": int(people[0]["n"]),
        "organisations": int(people[0]["organisations"]),
        "pledges": int(pledges[0]["n"]),
        "pledges_by_theme": sorted(
            ((row["name"], int(row["n"])) for row in by_theme), key=lambda item: (-item[1], item[0])
        ),
    }


async def form_options(event_id: int) -> Row:
    """Choices for the pledge form: themes, the event's practice examples and sessions, each
    in alphabetical order (one query)."""
    rows = await Theme.raw(
        "SELECT 'themes' AS kind, id, name AS text FROM theme "
        "UNION ALL SELECT 'practices', id, title FROM practice_example WHERE \"event\" = {} "
        "UNION ALL SELECT 'sessions', id, title FROM \"session\" "
        "WHERE \"event\" = {} AND status = 'scheduled'",
        event_id,
        event_id,
    )
    options: Row = {"themes": [], "practices": [], "sessions": []}
    for row in rows:
        options[row["kind"]].append((row["id"], row["text"]))
    for choices in options.values():
        choices.sort(key=lambda choice: (choice[1].lower(), choice[1], choice[0]))
    return options


async def day_participant(participant_id: int) -> Row | None:
    """The participant and their event, for the day page."""
    return (
        await Participant.select(
            Participant.id,
            Participant.name,
            Participant.status,
            Participant.event,
            Participant.consent_public_name_at,
            Participant.organisation.name.as_alias("organisation_name"),
            Participant.event.name.as_alias("event_name"),
            Participant.event.slug.as_alias("event_slug"),
            Participant.event.timezone.as_alias("event_timezone"),
        )
        .where(Participant.id == participant_id)
        .first()
    )

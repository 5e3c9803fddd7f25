"""Read models of conversation pairs: public pairs, a member's pair page, the day page, organisers.

Used by other domains (pledges, wall, report):
- public_pairs(event_id): complete, both-confirmed, not hidden pairs, newest first, each
  {id, title, created_at, people: [two dicts {name|None, organisation|None, recommendation,
  practice_id|None, practice_title|None, why}]}; a name and organisation only where that
  member agreed to show them (consent_public_name_at).
- count_public_pairs(event_id): how many there are.
- day_section(participant_id, person): the context `pairs_day` of
  templates/pairs/_day_section.html (suggestions read from what is stored, events.pairs.stored).
"""

from __future__ import annotations

from typing import Any

from events.pairs import stored
from events.pairs.services import missing_for_confirmation
from events.pairs.tables import Pair, PairMember
from events.programme.tables import PracticeExample
from events.registration.tables import Participant
from events.web.pagination import paginate


def _public_where(event_id: int) -> Any:
    return (Pair.event == event_id) & (Pair.status == "complete") & Pair.hidden_at.is_null()


async def _members(pair_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The members of these pairs (role a first) with their participant and practice."""
    if not pair_ids:
        return {}
    rows = (
        await PairMember.select(
            PairMember.all_columns(),
            PairMember.participant.name.as_alias("name"),
            PairMember.participant.status.as_alias("participant_status"),
            PairMember.participant.organisation.as_alias("organisation_id"),
            PairMember.participant.organisation.name.as_alias("organisation"),
            PairMember.participant.organisation.status.as_alias("organisation_status"),
            PairMember.participant.consent_public_name_at.as_alias("consent_public_name_at"),
            PairMember.recommendation_practice.title.as_alias("practice_title"),
        )
        .where(PairMember.pair.is_in(pair_ids))
        .order_by(PairMember.role)
    )
    members: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        # Others see a suggested organisation only once an organiser accepted it.
        if row.pop("organisation_status") != "accepted":
            row["organisation"] = None
        members.setdefault(row["pair"], []).append(row)
    return members


def recommendation(member: dict[str, Any]) -> str:
    """What a member recommends: the practice example's title, else their own words."""
    return str(member["practice_title"] or member["recommendation_text"])


def _public_person(member: dict[str, Any]) -> dict[str, Any]:
    agreed = member["consent_public_name_at"] is not None
    return {
        "name": member["name"] if agreed else None,
        "organisation": member["organisation"] if agreed else None,
        "recommendation": recommendation(member),
        "practice_id": member["recommendation_practice"],
        "practice_title": member["practice_title"],
        "why": member["why"],
    }


def _is_public(members: list[dict[str, Any]]) -> bool:
    return (
        len(members) == 2
        and all(member["confirmed_at"] is not None for member in members)
        and all(member["participant_status"] != "erased" for member in members)
    )


def _public_sql(event_id: int) -> Any:
    """The public pairs of an event as one query: complete, not hidden, two confirmed members,
    none of them erased (the same rule as `_is_public`, so counts need no Python)."""
    not_public = PairMember.select(PairMember.pair).where(
        PairMember.confirmed_at.is_null() | (PairMember.participant.status == "erased")
    )
    return _public_where(event_id) & Pair.id.not_in(not_public)


async def public_pairs(
    event_id: int, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Complete, both-confirmed, not hidden pairs of an event, newest first (at most `limit`,
    after skipping `offset`)."""
    query = (
        Pair.select(Pair.id, Pair.title, Pair.created_at, Pair.completed_at)
        .where(_public_sql(event_id))
        .order_by(Pair.completed_at, ascending=False)
        .order_by(Pair.id, ascending=False)
    )
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    pairs = await query
    members = await _members([pair["id"] for pair in pairs])
    result = []
    for pair in pairs:
        people = members.get(pair["id"], [])
        if not _is_public(people):
            continue
        result.append(
            {
                "id": pair["id"],
                "title": pair["title"],
                "created_at": pair["completed_at"] or pair["created_at"],
                "people": [_public_person(member) for member in people],
            }
        )
    return result


async def count_public_pairs(event_id: int) -> int:
    """The number of pairs public_pairs(event_id) returns, counted by the database."""
    return await Pair.count().where(_public_sql(event_id))


async def participant(participant_id: int) -> dict[str, Any] | None:
    """The registered participant with their event (for the pairs pages)."""
    return (
        await Participant.select(
            Participant.id,
            Participant.name,
            Participant.event,
            Participant.organisation,
            Participant.status,
            Participant.consent_public_name_at,
            Participant.event.name.as_alias("event_name"),
            Participant.event.timezone.as_alias("event_timezone"),
        )
        .where(Participant.id == participant_id)
        .first()
    )


def _my_state(pair: dict[str, Any], members: list[dict[str, Any]], participant_id: int) -> str:
    """The one thing that matters now, for this member.

    'hidden', 'public', 'waiting_for_partner', 'write_entry', 'give_title', 'confirm',
    'waiting_for_confirmation' or 'waiting_for_partner_entry'.
    """
    if pair["hidden_at"] is not None:
        return "hidden"
    if pair["status"] == "complete":
        return "public"
    missing = missing_for_confirmation(pair, members)
    if "partner" in missing:
        return "waiting_for_partner"
    if f"entry:{participant_id}" in missing:
        return "write_entry"
    if "title" in missing:
        return "give_title"
    if missing:
        return "waiting_for_partner_entry"
    me = next(member for member in members if member["participant"] == participant_id)
    return "waiting_for_confirmation" if me["confirmed_at"] else "confirm"


async def pair_for_member(pair_id: int, participant_id: int) -> dict[str, Any] | None:
    """A pair as its member sees it, or None when the participant is not a member."""
    pair = await Pair.select().where(Pair.id == pair_id).first()
    if pair is None:
        return None
    members = (await _members([pair_id])).get(pair_id, [])
    me = next((member for member in members if member["participant"] == participant_id), None)
    if me is None:
        return None
    partner = next((member for member in members if member["participant"] != participant_id), None)
    return {
        **pair,
        "members": members,
        "me": me,
        "partner": partner,
        "state": _my_state(pair, members, participant_id),
        "same_organisation": partner is not None
        and me["organisation_id"] is not None
        and me["organisation_id"] == partner["organisation_id"],
    }


async def practice_options(event_id: int) -> list[tuple[int, str]]:
    """The event's catalogue of practice examples, for the recommendation choice."""
    rows = (
        await PracticeExample.select(
            PracticeExample.id,
            PracticeExample.title,
            PracticeExample.organisation.name.as_alias("organisation"),
        )
        .where(PracticeExample.event == event_id)
        .order_by(PracticeExample.title)
    )
    return [
        (
            row["id"],
            f"{row['title']} ({row['organisation']})" if row["organisation"] else row["title"],
        )
        for row in rows
    ]


async def my_pairs(participant_id: int) -> list[dict[str, Any]]:
    """The participant's pairs, newest first, with what is left for them to do (one query:
    the members of their pairs, each with their pair's columns)."""
    rows = (
        await PairMember.select(
            PairMember.pair,
            PairMember.participant,
            PairMember.recommendation_practice,
            PairMember.recommendation_text,
            PairMember.confirmed_at,
            PairMember.participant.name.as_alias("name"),
            PairMember.participant.organisation.name.as_alias("organisation"),
            PairMember.participant.organisation.status.as_alias("organisation_status"),
            PairMember.pair.title.as_alias("pair_title"),
            PairMember.pair.code.as_alias("pair_code"),
            PairMember.pair.status.as_alias("pair_status"),
            PairMember.pair.hidden_at.as_alias("pair_hidden_at"),
            PairMember.pair.created_at.as_alias("pair_created_at"),
        )
        .where(
            PairMember.pair.is_in(
                PairMember.select(PairMember.pair).where(PairMember.participant == participant_id)
            )
        )
        .order_by(PairMember.role)
    )
    pairs: dict[int, dict[str, Any]] = {}
    members: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        pairs.setdefault(
            row["pair"],
            {
                "id": row["pair"],
                "title": row["pair_title"],
                "code": row["pair_code"],
                "status": row["pair_status"],
                "hidden_at": row["pair_hidden_at"],
                "created_at": row["pair_created_at"],
            },
        )
        # Others see a suggested organisation only once an organiser accepted it.
        if row.pop("organisation_status") != "accepted":
            row["organisation"] = None
        members.setdefault(row["pair"], []).append(row)
    result = []
    for pair in sorted(pairs.values(), key=lambda p: (p["created_at"], p["id"]), reverse=True):
        people = members[pair["id"]]
        partner = next((m for m in people if m["participant"] != participant_id), None)
        result.append(
            {
                "id": pair["id"],
                "title": pair["title"],
                "code": pair["code"],
                "status": pair["status"],
                "public": pair["status"] == "complete" and pair["hidden_at"] is None,
                "hidden": pair["hidden_at"] is not None,
                "partner_name": partner["name"] if partner else None,
                "partner_organisation": partner["organisation"] if partner else None,
                "state": _my_state(pair, people, participant_id),
                "url": f"/me/pairs/{pair['id']}",
            }
        )
    return result


async def day_section(participant_id: int, person: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the pairs part of the participant's day page shows (context `pairs_day`).

    {registered: bool, event: id, pairs: my_pairs(...), start_url (POST), join_url (GET form),
    pairs_url, suggestions: top 5 [{participant_id, name, organisation, reason, ...}]}.
    `person` (with `status` and `event`) saves reading the participant when the page has them.
    Suggestions only name people who agreed to show their name; they are the stored ones
    (computed for this participant first when none are stored).
    """
    if person is None:
        person = await participant(participant_id)
    registered = person is not None and person["status"] == "registered"
    return {
        "registered": registered,
        "event": person["event"] if person else None,
        "pairs": await my_pairs(participant_id) if person else [],
        "start_url": "/me/pairs/start",
        "join_url": "/me/pairs/join",
        "pairs_url": "/me/pairs",
        "suggestions": await stored.for_page(participant_id, person["event"])
        if registered and person
        else [],
    }


def _organiser_row(pair: dict[str, Any], people: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **pair,
        "people": [{**member, "recommendation": recommendation(member)} for member in people],
        "public": pair["hidden_at"] is None and _is_public(people) and pair["status"] == "complete",
    }


async def organiser_pairs(event_id: int) -> list[dict[str, Any]]:
    """Every pair of an event, newest first, with both members and their state (organisers)."""
    pairs = (
        await Pair.select()
        .where(Pair.event == event_id)
        .order_by(Pair.created_at, ascending=False)
        .order_by(Pair.id, ascending=False)
    )
    members = await _members([pair["id"] for pair in pairs])
    return [_organiser_row(pair, members.get(pair["id"], [])) for pair in pairs]


async def organiser_pair_page(event_id: int, search: str = "", page: int = 1) -> dict[str, Any]:
    """One page of an event's pairs for organisers, newest first, searched in title, code and
    the members' names and organisations; three queries whatever the page size."""
    conditions: list[Any] = [Pair.event == event_id]
    if search:
        pattern = f"%{search}%"
        with_member = PairMember.select(PairMember.pair).where(
            (PairMember.participant.event == event_id)
            & (
                PairMember.participant.name.ilike(pattern)
                | PairMember.participant.organisation.name.ilike(pattern)
            )
        )
        conditions.append(
            Pair.title.ilike(pattern) | Pair.code.ilike(pattern) | Pair.id.is_in(with_member)
        )
    query = (
        Pair.select()
        .where(*conditions)
        .order_by(Pair.created_at, ascending=False)
        .order_by(Pair.id, ascending=False)
    )
    listing = await paginate(Pair.count().where(*conditions), query, page)
    members = await _members([pair["id"] for pair in listing["rows"]])
    listing["rows"] = [_organiser_row(p, members.get(p["id"], [])) for p in listing["rows"]]
    return listing


async def organiser_pair_counts(event_id: int) -> dict[str, int]:
    """How many pairs an event has, how many are complete and how many public (three counts)."""
    return {
        "total": await Pair.count().where(Pair.event == event_id),
        "complete": await Pair.count().where(
            (Pair.event == event_id) & (Pair.status == "complete")
        ),
        "public": await Pair.count().where(_public_sql(event_id)),
    }


async def participants_matching(event_id: int, search: str, limit: int = 20) -> list[dict]:
    """Registered participants whose name or organisation contains the search text."""
    query = Participant.select(
        Participant.id,
        Participant.name,
        Participant.organisation.name.as_alias("organisation"),
        Participant.organisation.status.as_alias("organisation_status"),
    ).where((Participant.event == event_id) & (Participant.status == "registered"))
    if search.strip():
        pattern = f"%{search.strip()}%"
        accepted_match = Participant.organisation.name.ilike(pattern) & (
            Participant.organisation.status == "accepted"
        )
        query = query.where(Participant.name.ilike(pattern) | accepted_match)
    rows = await query.order_by(Participant.name).limit(limit)
    for row in rows:
        if row.pop("organisation_status") != "accepted":
            row["organisation"] = None
    return rows

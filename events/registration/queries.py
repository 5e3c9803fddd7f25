"""Read models of registration: the choices a form offers, and a participant's own registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from piccolo.columns.combination import WhereRaw

from events.programme.tables import Event, Organisation, Round, Session, Theme
from events.registration.seats import SEATED_KINDS, seats_overview, waitlist_position
from events.registration.tables import ManageLink, Participant, ParticipantTheme, SeatChoice
from events.web.pagination import PAGE_SIZE, paginate, query_string

Row = dict[str, Any]


async def themes() -> list[Row]:
    return await Theme.select(Theme.id, Theme.name).order_by(Theme.name)


async def organisation_names() -> list[str]:
    """The organisations a form offers: accepted ones only (a registrant's new name waits for
    an organiser before anyone else sees it)."""
    rows = (
        await Organisation.select(Organisation.name)
        .where(Organisation.status == "accepted")
        .order_by(Organisation.name)
    )
    return [row["name"] for row in rows]


async def rounds_with_choices(event_id: int) -> list[Row]:
    """Rounds in time order, each with its seated sessions and how full they are."""
    rounds = (
        await Round.select(Round.id, Round.name, Round.starts_at, Round.ends_at)
        .where(Round.event == event_id)
        .order_by(Round.starts_at)
    )
    sessions = (
        await Session.select(
            Session.id,
            Session.title,
            Session.kind,
            Session.round,
            Session.capacity,
            Session.room.name,
        )
        .where(
            (Session.event == event_id)
            & (Session.status == "scheduled")
            & (Session.kind.is_in(list(SEATED_KINDS)))
            & (Session.round.is_not_null())
        )
        .order_by(Session.title)
    )
    seats = await seats_overview([row["id"] for row in sessions])
    by_round: dict[int, list[Row]] = {}
    for session in sessions:
        taken = seats[session["id"]]["seats_taken"]
        capacity = session["capacity"] or 0
        session["seats_left"] = max(capacity - taken, 0)
        session["waitlist_length"] = seats[session["id"]]["waitlist_length"]
        session["room"] = session.pop("room.name")
        by_round.setdefault(session["round"], []).append(session)
    return [
        {**round_row, "sessions": by_round[round_row["id"]]}
        for round_row in rounds
        if round_row["id"] in by_round
    ]


async def participant_by_token_hash(token_hash: str, now: datetime | None = None) -> Row | None:
    """The participant a manage link opens (id, event, status, continue_path, unconfirmed_since),
    while it works."""
    now = now or datetime.now(UTC)
    row = (
        await ManageLink.select(
            ManageLink.participant.id.as_alias("id"),
            ManageLink.participant.event.as_alias("event"),
            ManageLink.participant.status.as_alias("status"),
            ManageLink.participant.unconfirmed_since.as_alias("unconfirmed_since"),
            ManageLink.continue_path,
        )
        .where(
            (ManageLink.token_hash == token_hash)
            & (ManageLink.expires_at > now)
            & (ManageLink.participant.status != "erased")
        )
        .first()
    )
    return row


async def event_of_expired_link(token_hash: str) -> Row | None:
    """The published event of a manage link that has expired (id, name, slug), else None."""
    row = (
        await ManageLink.select(ManageLink.participant.event.as_alias("event"))
        .where((ManageLink.token_hash == token_hash) & (ManageLink.participant.status != "erased"))
        .first()
    )
    if row is None:
        return None
    return (
        await Event.select(Event.id, Event.name, Event.slug)
        .where((Event.id == row["event"]) & (Event.published == True))  # noqa: E712
        .first()
    )


async def my_registration(participant_id: int) -> Row | None:
    """Everything a participant sees on /me about their own registration."""
    participant = (
        await Participant.select(
            Participant.all_columns(exclude=[Participant.manage_token_hash]),
            Participant.organisation.name.as_alias("organisation_name"),
            Participant.event.name.as_alias("event_name"),
            Participant.event.slug.as_alias("event_slug"),
            Participant.event.timezone.as_alias("event_timezone"),
            Participant.event.starts_at.as_alias("event_starts_at"),
            Participant.event.ends_at.as_alias("event_ends_at"),
        )
        .where((Participant.id == participant_id) & (Participant.status != "erased"))
        .first()
    )
    if participant is None:
        return None
    choices = (
        await SeatChoice.select(
            SeatChoice.id,
            SeatChoice.status,
            SeatChoice.offer_expires_at,
            SeatChoice.session,
            SeatChoice.round,
            SeatChoice.session.title.as_alias("title"),
            SeatChoice.session.status.as_alias("session_status"),
            SeatChoice.session.room.name.as_alias("room"),
            SeatChoice.round.name.as_alias("round_name"),
            SeatChoice.round.starts_at.as_alias("starts_at"),
            SeatChoice.round.ends_at.as_alias("ends_at"),
        )
        .where(SeatChoice.participant == participant_id)
        .order_by(SeatChoice.round.starts_at)
    )
    for choice in choices:
        if choice["status"] == "waitlisted":
            choice["position"] = await waitlist_position(choice["id"], choice["session"])
    theme_rows = await ParticipantTheme.select(ParticipantTheme.theme).where(
        ParticipantTheme.participant == participant_id
    )
    participant["choices"] = choices
    participant["theme_ids"] = [row["theme"] for row in theme_rows]
    return participant


async def registrations(
    event_id: int, search: str = "", status: str = "", session_id: int | None = None
) -> list[Row]:
    """Registrations of an event for organisers, newest first, with their workshop choices."""
    query = Participant.select(
        Participant.all_columns(exclude=[Participant.manage_token_hash]),
        Participant.organisation.name.as_alias("organisation_name"),
    ).where((Participant.event == event_id) & (Participant.status != "erased"))
    if status:
        query = query.where(Participant.status == status)
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            WhereRaw(
                '(LOWER("participant"."name") LIKE {} OR LOWER("participant"."email") LIKE {} '
                'OR "participant"."organisation" IN '
                "(SELECT id FROM organisation WHERE LOWER(name) LIKE {}))",
                pattern,
                pattern,
                pattern,
            )
        )
    if session_id is not None:
        query = query.where(
            Participant.id.is_in(
                SeatChoice.select(SeatChoice.participant).where(SeatChoice.session == session_id)
            )
        )
    rows = await query.order_by(Participant.id, ascending=False)
    choices = await SeatChoice.select(
        SeatChoice.participant,
        SeatChoice.status,
        SeatChoice.session.title.as_alias("title"),
    ).where(SeatChoice.participant.is_in([row["id"] for row in rows] or [0]))
    by_participant: dict[int, list[Row]] = {}
    for choice in choices:
        by_participant.setdefault(choice["participant"], []).append(choice)
    for row in rows:
        row["choices"] = by_participant.get(row["id"], [])
    return rows


async def seat_table(event_id: int) -> list[Row]:
    """Per seated session: capacity, seats taken, waiting list length."""
    sessions = (
        await Session.select(
            Session.id,
            Session.title,
            Session.capacity,
            Session.status,
            Session.round.name.as_alias("round_name"),
        )
        .where(
            (Session.event == event_id)
            & (Session.kind.is_in(list(SEATED_KINDS)))
            & (Session.round.is_not_null())
        )
        .order_by(Session.round.starts_at)
    )
    seats = await seats_overview([row["id"] for row in sessions])
    for row in sessions:
        row.update(seats[row["id"]])
    return sessions


async def registration_counts(event_id: int) -> dict[str, int]:
    rows = await Participant.raw(
        "SELECT status, COUNT(*) AS n, COUNT(checked_in_at) AS checked_in FROM participant "
        "WHERE event = {} GROUP BY status",
        event_id,
    )
    counts = {"registered": 0, "cancelled": 0, "erased": 0, "checked_in": 0}
    for row in rows:
        counts[row["status"]] = row["n"]
        counts["checked_in"] += row["checked_in"]
    return counts


# --- organiser lists: filtered and paginated on the server ------------------------------------

LIST_STATUSES = ("registered", "cancelled", "waitlisted")


@dataclass(frozen=True)
class ListFilters:
    """What an organiser filters a participant list by (all optional)."""

    search: str = ""
    status: str = ""  # registered, cancelled, or waitlisted (registered, waiting somewhere)
    session_id: int | None = None
    round_id: int | None = None
    checked_in: str = ""  # "yes", "no" or ""

    def query_string(self, **changes: object) -> str:
        """These filters (with `changes`) as a URL query, for links to other pages."""
        values = {
            "q": self.search,
            "status": self.status,
            "session": self.session_id,
            "round": self.round_id,
            "checked_in": self.checked_in,
            **changes,
        }
        return query_string(**values)


def _list_conditions(event_id: int, filters: ListFilters) -> list[Any]:
    conditions: list[Any] = [Participant.event == event_id, Participant.status != "erased"]
    if filters.status in ("registered", "cancelled"):
        conditions.append(Participant.status == filters.status)
    elif filters.status == "waitlisted":
        conditions.append(Participant.status == "registered")
        conditions.append(
            Participant.id.is_in(
                SeatChoice.select(SeatChoice.participant).where(SeatChoice.status == "waitlisted")
            )
        )
    search = filters.search.strip().lower()
    if search:
        pattern = f"%{search}%"
        conditions.append(
            WhereRaw(
                '(LOWER("participant"."name") LIKE {} OR LOWER("participant"."email") LIKE {} '
                'OR "participant"."organisation" IN '
                "(SELECT id FROM organisation WHERE LOWER(name) LIKE {}))",
                pattern,
                pattern,
                pattern,
            )
        )
    if filters.session_id is not None:
        conditions.append(
            Participant.id.is_in(
                SeatChoice.select(SeatChoice.participant).where(
                    SeatChoice.session == filters.session_id
                )
            )
        )
    if filters.round_id is not None:
        conditions.append(
            Participant.id.is_in(
                SeatChoice.select(SeatChoice.participant).where(
                    SeatChoice.round == filters.round_id
                )
            )
        )
    if filters.checked_in == "yes":
        conditions.append(Participant.checked_in_at.is_not_null())
    elif filters.checked_in == "no":
        conditions.append(Participant.checked_in_at.is_null())
    return conditions


async def registration_page(
    event_id: int,
    filters: ListFilters,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    order: str = "newest",
) -> Row:
    """One page of an event's participants (newest first, or by name) with their choices.

    Three queries whatever the page size: the count, the page, the page's choices.
    """
    conditions = _list_conditions(event_id, filters)
    query = Participant.select(
        Participant.id,
        Participant.name,
        Participant.email,
        Participant.status,
        Participant.created_at,
        Participant.checked_in_at,
        Participant.unconfirmed_since,
        Participant.organisation.name.as_alias("organisation_name"),
    ).where(*conditions)
    if order == "name":
        query = query.order_by(Participant.name).order_by(Participant.id)
    else:
        query = query.order_by(Participant.id, ascending=False)
    listing = await paginate(Participant.count().where(*conditions), query, page, per_page)
    rows = listing["rows"]
    choices = await SeatChoice.select(
        SeatChoice.participant,
        SeatChoice.status,
        SeatChoice.session,
        SeatChoice.session.title.as_alias("title"),
    ).where(SeatChoice.participant.is_in([row["id"] for row in rows] or [0]))
    by_participant: dict[int, list[Row]] = {}
    for choice in choices:
        by_participant.setdefault(choice["participant"], []).append(choice)
    for row in rows:
        row["choices"] = by_participant.get(row["id"], [])
    return listing


async def event_rounds(event_id: int) -> list[Row]:
    """The event's rounds in time order (id, name), for filters."""
    return (
        await Round.select(Round.id, Round.name, Round.starts_at)
        .where(Round.event == event_id)
        .order_by(Round.starts_at)
    )

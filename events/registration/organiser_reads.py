"""Read models of the organiser's participant page and the attendance lists.

Plain rows in, plain rows out; every list is a fixed number of queries, never one per row.
"""

from __future__ import annotations

from typing import Any

from events.outbox.kinds import kind_names
from events.outbox.tables import OutboxMessage
from events.programme.tables import Round, Session
from events.registration.queries import rounds_with_choices
from events.registration.seats import SEATED_KINDS
from events.registration.tables import Participant, SeatChoice, WorkshopAttendance
from events.web.i18n import gettext as _

Row = dict[str, Any]


def mail_status_name(status: str) -> str:
    return {
        "queued": _("queued"),
        "sending": _("being sent"),
        "sent": _("sent"),
        "retry": _("will be retried"),
        "failed": _("failed"),
        "cancelled": _("not sent"),
        "expired": _("expired"),
    }.get(status, status)


async def mail_log(participant_id: int) -> list[Row]:
    """The participant's own messages in the outbox, newest first (no other person's data)."""
    rows = (
        await OutboxMessage.select(
            OutboxMessage.id,
            OutboxMessage.kind,
            OutboxMessage.status,
            OutboxMessage.created_at,
            OutboxMessage.sent_at,
            OutboxMessage.last_answer,
        )
        .where(OutboxMessage.about == f"participant:{participant_id}")
        .order_by(OutboxMessage.id, ascending=False)
    )
    names = await kind_names(row["kind"] for row in rows)
    for row in rows:
        row["kind_name"] = names[row["kind"]]
        row["status_name"] = mail_status_name(row["status"])
    return rows


async def participant_detail(event_id: int, participant_id: int) -> Row | None:
    """One participant of the event as the organiser sees them: details, consents, check-in,
    each round with their choice (seat, waiting-list place, cancelled session) and attendance."""
    participant = (
        await Participant.select(
            Participant.all_columns(exclude=[Participant.manage_token_hash]),
            Participant.organisation.name.as_alias("organisation_name"),
        )
        .where(
            (Participant.id == participant_id)
            & (Participant.event == event_id)
            & (Participant.status != "erased")
        )
        .first()
    )
    if participant is None:
        return None
    choices = await SeatChoice.select(
        SeatChoice.id,
        SeatChoice.round,
        SeatChoice.session,
        SeatChoice.status,
        SeatChoice.offer_expires_at,
        SeatChoice.session.title.as_alias("title"),
        SeatChoice.session.status.as_alias("session_status"),
        SeatChoice.session.room.name.as_alias("room"),
    ).where(SeatChoice.participant == participant_id)
    waiting = [row for row in choices if row["status"] == "waitlisted"]
    if waiting:
        ahead = await SeatChoice.raw(
            "SELECT mine.id AS id, COUNT(other.id) AS position FROM seat_choice mine "
            'JOIN seat_choice other ON other."session" = mine."session" '
            "AND other.status = 'waitlisted' AND other.id <= mine.id "
            "WHERE mine.participant = {} AND mine.status = 'waitlisted' GROUP BY mine.id",
            participant_id,
        )
        positions = {row["id"]: row["position"] for row in ahead}
        for row in waiting:
            row["position"] = positions.get(row["id"])
    attended = {
        row["session"]: row["checked_in_at"]
        for row in await WorkshopAttendance.select(
            WorkshopAttendance.session, WorkshopAttendance.checked_in_at
        ).where(WorkshopAttendance.participant == participant_id)
    }
    by_round = {row["round"]: row for row in choices}
    rounds = await rounds_with_choices(event_id)
    for round_row in rounds:
        choice = by_round.get(round_row["id"])
        if choice:
            choice["attended_at"] = attended.get(choice["session"])
        round_row["choice"] = choice
    participant["rounds"] = rounds
    participant["attended"] = attended
    return participant


async def seated_sessions(event_id: int) -> list[Row]:
    """The event's seated sessions in time order (id, title, round, capacity, status)."""
    return (
        await Session.select(
            Session.id,
            Session.title,
            Session.capacity,
            Session.status,
            Session.round,
            Session.round.name.as_alias("round_name"),
        )
        .where(
            (Session.event == event_id)
            & (Session.kind.is_in(list(SEATED_KINDS)))
            & (Session.round.is_not_null())
        )
        .order_by(Session.round.starts_at)
        .order_by(Session.title)
    )


async def session_of_event(event_id: int, session_id: int) -> Row | None:
    return (
        await Session.select(
            Session.id,
            Session.title,
            Session.capacity,
            Session.status,
            Session.round,
            Session.room.name.as_alias("room"),
            Session.round.name.as_alias("round_name"),
            Session.round.starts_at.as_alias("starts_at"),
            Session.round.ends_at.as_alias("ends_at"),
        )
        .where(
            (Session.id == session_id)
            & (Session.event == event_id)
            & (Session.kind.is_in(list(SEATED_KINDS)))
        )
        .first()
    )


async def attendance_list(session_id: int) -> list[Row]:
    """Everybody booked in a workshop or seen there, alphabetical: name, organisation, seat or
    waiting list, checked in for the day, attended the workshop."""
    rows = await Participant.raw(
        "SELECT p.id, p.name, o.name AS organisation_name, p.checked_in_at, "
        "c.status AS choice_status, a.checked_in_at AS attended_at "
        "FROM participant p "
        "LEFT JOIN organisation o ON o.id = p.organisation "
        'LEFT JOIN seat_choice c ON c.participant = p.id AND c."session" = {} '
        'LEFT JOIN workshop_attendance a ON a.participant = p.id AND a."session" = {} '
        "WHERE p.status = 'registered' AND (c.id IS NOT NULL OR a.id IS NOT NULL) "
        "ORDER BY LOWER(p.name), p.id",
        session_id,
        session_id,
    )
    return rows


async def attendance_overview(event_id: int) -> list[Row]:
    """Per seated session: seats taken, waiting, attended (one query per table, not per row)."""
    sessions = await seated_sessions(event_id)
    counts = await SeatChoice.raw(
        'SELECT c."session" AS session_id, c.status, COUNT(*) AS n FROM seat_choice c '
        'JOIN "session" s ON s.id = c."session" WHERE s.event = {} GROUP BY c."session", c.status',
        event_id,
    )
    seen = await WorkshopAttendance.raw(
        'SELECT a."session" AS session_id, COUNT(*) AS n FROM workshop_attendance a '
        'JOIN "session" s ON s.id = a."session" WHERE s.event = {} GROUP BY a."session"',
        event_id,
    )
    by_session: dict[int, Row] = {
        row["id"]: {**row, "confirmed": 0, "waitlisted": 0, "attended": 0} for row in sessions
    }
    for row in counts:
        if row["session_id"] in by_session:
            by_session[row["session_id"]][row["status"]] = row["n"]
    for row in seen:
        if row["session_id"] in by_session:
            by_session[row["session_id"]]["attended"] = row["n"]
    return list(by_session.values())


async def round_of_event(event_id: int, round_id: int) -> Row | None:
    return (
        await Round.select(Round.id, Round.name)
        .where((Round.id == round_id) & (Round.event == event_id))
        .first()
    )

"""Seats and waiting lists: the database decides who gets the last seat.

`take_seat` runs one conditional UPDATE (`taken = taken + 1 WHERE taken < capacity`), atomic on
both engines: PostgreSQL re-checks the condition under the row lock, SQLite has one writer at a
time (callers hold an IMMEDIATE transaction). On PostgreSQL the counter row is also locked
first, so that waiting-list places are given out in order. A choice that gets no seat joins
the waiting list, ordered by arrival (id). Releasing a seat hands it to the first on the list
instead of freeing it; so does every new free seat (`serve_waiting_list`).

With the event's "waiting-list offers" on, serving does not confirm the first waiting choice
but *offers* it the seat: the choice stays "waitlisted" with `offer_expires_at` set, and the
seat counts as taken (the counter is raised as for a confirmed choice, and `recount` counts
offers too), so no new registration and no other waiting person can get it. The offer is
accepted, declined or lapses in events.registration.offers.

`UNSAFE_READ_THEN_WRITE` is a test-only switch: it drops the transaction and replaces the atomic
update by a read followed by a write, so a test can prove that it would notice overbooking.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from piccolo.engine.postgres import PostgresEngine
from piccolo.query.functions.aggregate import Count

from events.db import engine, write_transaction
from events.programme.tables import Session
from events.registration.tables import SeatChoice, SessionSeats

UNSAFE_READ_THEN_WRITE = False
SEATED_KINDS = ("workshop", "excursion")


@contextlib.asynccontextmanager
async def guarded_transaction() -> AsyncIterator[None]:
    """The write transaction seats are taken in; none at all under the test-only switch."""
    if UNSAFE_READ_THEN_WRITE:
        yield
        return
    async with write_transaction():
        yield


@dataclass(frozen=True)
class ChoiceOutcome:
    """What happened to one workshop choice."""

    session_id: int
    status: str  # "confirmed" or "waitlisted"
    position: int | None = None  # place on the waiting list, 1-based


async def _ensure_counter(session_id: int) -> None:
    await SessionSeats.insert(SessionSeats(session=session_id, taken=0)).on_conflict(
        target=SessionSeats.session, action="DO NOTHING"
    )


async def _lock_counter(session_id: int) -> None:
    """PostgreSQL: hold the session's counter row until commit (SELECT … FOR UPDATE).

    This queues everyone choosing this session, so waiting-list places are handed out in order
    even to those who get no seat. SQLite needs nothing: its IMMEDIATE transaction already
    admits one writer at a time.
    """
    if isinstance(engine(), PostgresEngine):
        await (
            SessionSeats.select(SessionSeats.id)
            .where(SessionSeats.session == session_id)
            .lock_rows("UPDATE")
        )


async def take_seat(session_id: int) -> bool:
    """Take one seat of the session if one is free; True when it was taken."""
    await _ensure_counter(session_id)
    if UNSAFE_READ_THEN_WRITE:
        return await _take_seat_unsafely(session_id)
    await _lock_counter(session_id)
    rows = await SessionSeats.raw(
        "UPDATE session_seats SET taken = taken + 1 "
        'WHERE "session" = {} AND taken < '
        '(SELECT COALESCE(capacity, 0) FROM "session" WHERE id = {}) '
        "RETURNING id",
        session_id,
        session_id,
    )
    return bool(rows)


async def _take_seat_unsafely(session_id: int) -> bool:
    counter = await SessionSeats.select(SessionSeats.taken).where(
        SessionSeats.session == session_id
    )
    session = await Session.select(Session.capacity).where(Session.id == session_id)
    await asyncio.sleep(0.01)
    if counter[0]["taken"] >= (session[0]["capacity"] or 0):
        return False
    await SessionSeats.update({SessionSeats.taken: counter[0]["taken"] + 1}).where(
        SessionSeats.session == session_id
    )
    return True


async def waitlist_position(choice_id: int, session_id: int) -> int:
    """1-based place of a waitlisted choice: how many waited longer, plus one."""
    return await SeatChoice.count().where(
        (SeatChoice.session == session_id)
        & (SeatChoice.status == "waitlisted")
        & (SeatChoice.id <= choice_id)
    )


async def release_seat(session_id: int, now: datetime | None = None) -> list[int]:
    """Free one seat of the session and serve its waiting list; returns the served choices."""
    await SessionSeats.raw(
        'UPDATE session_seats SET taken = taken - 1 WHERE "session" = {} AND taken > 0',
        session_id,
    )
    return await serve_waiting_list(session_id, now)


async def serve_waiting_list(session_id: int, now: datetime | None = None) -> list[int]:
    """Give every free seat of a scheduled session to the waiting list, in order of arrival.

    Returns the ids of the served choices: confirmed at once, or (event setting
    `waitlist_offers`) offered the seat until `now` plus the event's offer hours. Whoever
    holds an offer already is not served twice. Call inside a write transaction: the counter
    row is locked first (PostgreSQL), so nobody new takes a seat before the list is served.
    """
    await _ensure_counter(session_id)
    await _lock_counter(session_id)
    session = await Session.select(
        Session.capacity,
        Session.status,
        Session.event.waitlist_offers.as_alias("offers"),
        Session.event.waitlist_offer_hours.as_alias("offer_hours"),
    ).where(Session.id == session_id)
    if not session or session[0]["status"] != "scheduled":
        return []
    counter = await SessionSeats.select(SessionSeats.taken).where(
        SessionSeats.session == session_id
    )
    free = (session[0]["capacity"] or 0) - counter[0]["taken"]
    if free <= 0:
        return []
    waiting = (
        await SeatChoice.select(SeatChoice.id)
        .where(
            (SeatChoice.session == session_id)
            & (SeatChoice.status == "waitlisted")
            & SeatChoice.offer_expires_at.is_null()
        )
        .order_by(SeatChoice.id)
        .limit(free)
    )
    served = [int(row["id"]) for row in waiting]
    if not served:
        return []
    if session[0]["offers"]:
        expires = (now or datetime.now(UTC)) + timedelta(hours=session[0]["offer_hours"])
        await SeatChoice.update({SeatChoice.offer_expires_at: expires}).where(
            SeatChoice.id.is_in(served)
        )
    else:
        await SeatChoice.update({SeatChoice.status: "confirmed"}).where(SeatChoice.id.is_in(served))
    await SessionSeats.update({SessionSeats.taken: SessionSeats.taken + len(served)}).where(
        SessionSeats.session == session_id
    )
    return served


async def seats_taken(session_id: int, *, lock: bool = False) -> int:
    """Seats taken in a session now; `lock` holds its counter until commit (PostgreSQL)."""
    await _ensure_counter(session_id)
    if lock:
        await _lock_counter(session_id)
    rows = await SessionSeats.select(SessionSeats.taken).where(SessionSeats.session == session_id)
    return int(rows[0]["taken"])


async def recount(event_id: int) -> None:
    """Make every seat counter of the event equal its confirmed choices and open offers again.

    Deleting a round or a session removes choices through the database's cascades; this puts
    the counters right in the same transaction.
    """
    await SessionSeats.raw(
        "UPDATE session_seats SET taken = (SELECT COUNT(*) FROM seat_choice "
        'WHERE seat_choice."session" = session_seats."session" '
        "AND (seat_choice.status = 'confirmed' OR seat_choice.offer_expires_at IS NOT NULL)) "
        'WHERE "session" IN (SELECT id FROM "session" WHERE event = {})',
        event_id,
    )


async def seats_overview(session_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per session: seats taken and the length of the waiting list."""
    if not session_ids:
        return {}
    taken = await SessionSeats.select(SessionSeats.session, SessionSeats.taken).where(
        SessionSeats.session.is_in(session_ids)
    )
    waiting = (
        await SeatChoice.select(SeatChoice.session, Count(SeatChoice.id, alias="waiting"))
        .where((SeatChoice.status == "waitlisted") & SeatChoice.session.is_in(session_ids))
        .group_by(SeatChoice.session)
    )
    result = {session_id: {"seats_taken": 0, "waitlist_length": 0} for session_id in session_ids}
    for row in taken:
        result[row["session"]]["seats_taken"] = row["taken"]
    for row in waiting:
        if row["session"] in result:
            result[row["session"]]["waitlist_length"] = row["waiting"]
    return result

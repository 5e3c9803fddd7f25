"""Waiting-list offers: a freed seat is held for the first person waiting, for a while.

An event with `waitlist_offers` on does not give a freed seat to the first waiting person at
once: `seats.serve_waiting_list` *offers* it (the choice stays "waitlisted" with
`offer_expires_at` = now + the event's `waitlist_offer_hours`), and the seat counts as taken
meanwhile, so nobody else gets it. The person gets the offer mail (`notifications.send_offer`)
and sees the offer on /me, where they accept or decline it (POST only).

- `accept`: the choice is confirmed; the seat was counted already, so the counter stays. They
  get the "promoted" mail with their invite at SEQUENCE + 1.
- `decline` and `expire_offers` (the lapse, on the dispatcher's clock): the choice leaves the
  waiting list (as at pretix: whoever let an offer go is not asked again; they can choose the
  workshop again on /me and join at the end), the seat is released, and the next person
  waiting gets the offer; with nobody left, the seat is free again.

Every step claims its row with a conditional write after locking the session's seat counter
(PostgreSQL; SQLite has one writer at a time), so an offer is accepted, declined or lapses
exactly once, and a seat is never handed out twice. With the setting off, seats go to the
waiting list at once, as before.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from events.programme.tables import Session
from events.registration import notifications, seats
from events.registration.tables import Participant, SeatChoice
from events.settings import Settings

log = logging.getLogger("events.registration.offers")

EXPIRY_INTERVAL_SECONDS = 60
DEFAULT_HOURS = 24
MIN_HOURS = 1
MAX_HOURS = 168


async def _bump_calendar(participant_id: int) -> int:
    rows = (
        await Participant.update({Participant.calendar_sequence: Participant.calendar_sequence + 1})
        .where(Participant.id == participant_id)
        .returning(Participant.calendar_sequence)
    )
    return int(rows[0]["calendar_sequence"])


async def _session_of(choice_id: int, participant_id: int | None) -> int | None:
    query = SeatChoice.select(SeatChoice.session).where(SeatChoice.id == choice_id)
    if participant_id is not None:
        query = query.where(SeatChoice.participant == participant_id)
    row = await query.first()
    return int(row["session"]) if row else None


async def accept(
    settings: Settings, participant_id: int, choice_id: int, now: datetime | None = None
) -> bool:
    """Take the offered seat; False when there is no open offer (declined, lapsed, or gone)."""
    now = now or datetime.now(UTC)
    async with seats.guarded_transaction():
        session_id = await _session_of(choice_id, participant_id)
        if session_id is None:
            return False
        await seats.seats_taken(session_id, lock=True)
        claimed = (
            await SeatChoice.update(
                {SeatChoice.status: "confirmed", SeatChoice.offer_expires_at: None}
            )
            .where(
                (SeatChoice.id == choice_id)
                & (SeatChoice.participant == participant_id)
                & (SeatChoice.status == "waitlisted")
                & (SeatChoice.offer_expires_at > now)
                & SeatChoice.session.is_in(
                    Session.select(Session.id).where(Session.status == "scheduled")
                )
            )
            .returning(SeatChoice.id)
        )
        if not claimed:
            return False
        await notifications.promoted(settings, [choice_id])
    return True


async def _let_go(
    settings: Settings, choice_id: int, participant_id: int | None, now: datetime, lapsed: bool
) -> bool:
    """Drop an open offer and pass its seat on (see the module); False when it was not open."""
    async with seats.guarded_transaction():
        session_id = await _session_of(choice_id, participant_id)
        if session_id is None:
            return False
        await seats.seats_taken(session_id, lock=True)
        condition = (
            (SeatChoice.id == choice_id)
            & (SeatChoice.status == "waitlisted")
            & SeatChoice.offer_expires_at.is_not_null()
        )
        if participant_id is not None:
            condition &= SeatChoice.participant == participant_id
        if lapsed:
            condition &= SeatChoice.offer_expires_at <= now
        dropped = await SeatChoice.delete().where(condition).returning(SeatChoice.participant)
        if not dropped:
            return False
        owner = int(dropped[0]["participant"])
        served = await seats.release_seat(session_id, now)
        sequence = await _bump_calendar(owner)
        kind = "offer-expired" if lapsed else "changed"
        await notifications.send(settings, owner, kind, f"offer-{choice_id}-{sequence}")
        await notifications.promoted(settings, served)
    return True


async def decline(
    settings: Settings, participant_id: int, choice_id: int, now: datetime | None = None
) -> bool:
    """Turn the offered seat down: it goes to the next person waiting."""
    return await _let_go(settings, choice_id, participant_id, now or datetime.now(UTC), False)


async def expire_offers(settings: Settings, now: datetime | None = None) -> list[int]:
    """Let every offer past its deadline lapse; returns the choices that lapsed."""
    now = now or datetime.now(UTC)
    due = await SeatChoice.select(SeatChoice.id).where(
        (SeatChoice.status == "waitlisted") & (SeatChoice.offer_expires_at <= now)
    )
    lapsed = [
        int(row["id"]) for row in due if await _let_go(settings, int(row["id"]), None, now, True)
    ]
    if lapsed:
        log.info("%d waiting-list offers lapsed", len(lapsed))
    return lapsed


def schedule_offer_expiry(scheduler: Any, settings: Settings) -> None:
    """Run `expire_offers` on the dispatcher's clock (an APScheduler 3 scheduler), now and
    then every minute."""

    async def tick() -> None:
        try:
            await expire_offers(settings)
        except Exception:
            log.exception("letting waiting-list offers lapse failed; trying again later")

    scheduler.add_job(
        tick,
        "interval",
        seconds=EXPIRY_INTERVAL_SECONDS,
        id="expire-waitlist-offers",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )

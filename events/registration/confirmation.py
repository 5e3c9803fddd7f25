""" "Confirm the address first": provisional registrations, confirmed by opening a mailed link.

An event with `confirm_address_first` on makes each new registration provisional
(`Participant.unconfirmed_since`): its seats and waiting-list places are held, and the
organiser sees it as unconfirmed. Opening any manage link mailed to the address confirms it
(`confirm_address`). A registration still unconfirmed `unconfirmed_release_hours` after it was
made is released (`release_unconfirmed`): it is cancelled, its seats go to the waiting list
through the same rule as every freed seat, and the person gets a "released" mail with a
METHOD:CANCEL for the day. The dispatcher's clock runs the release every minute
(`schedule_release`, in `events serve` and `events worker`); several workers are safe together,
because each release first claims the row with a conditional UPDATE.

Turning the setting off stops releases: registrations that are still unconfirmed then simply
stay.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from events.registration import manage, notifications, seats
from events.registration.tables import Participant
from events.settings import Settings

log = logging.getLogger("events.registration.confirmation")

RELEASE_INTERVAL_SECONDS = 60


async def confirm_address(participant_id: int, now: datetime | None = None) -> None:
    """The participant opened a mailed link: the address is theirs, the registration final."""
    await Participant.update(
        {
            Participant.unconfirmed_since: None,
            Participant.address_confirmed_at: now or datetime.now(UTC),
        }
    ).where((Participant.id == participant_id) & Participant.address_confirmed_at.is_null())


async def due_for_release(now: datetime) -> list[int]:
    """Registrations of events that ask for confirmation, unconfirmed for too long."""
    rows = await Participant.select(
        Participant.id,
        Participant.unconfirmed_since,
        Participant.event.confirm_address_first.as_alias("confirm_first"),
        Participant.event.unconfirmed_release_hours.as_alias("hours"),
    ).where(Participant.unconfirmed_since.is_not_null() & (Participant.status == "registered"))
    return [
        int(row["id"])
        for row in rows
        if row["confirm_first"] and row["unconfirmed_since"] + timedelta(hours=row["hours"]) <= now
    ]


async def release(settings: Settings, participant_id: int) -> bool:
    """Release one unconfirmed registration (see the module docstring); False when another
    process did it already or the address was confirmed in the meantime."""
    async with seats.guarded_transaction():
        claimed = (
            await Participant.update({Participant.unconfirmed_since: None})
            .where(
                (Participant.id == participant_id)
                & Participant.unconfirmed_since.is_not_null()
                & (Participant.status == "registered")
            )
            .returning(Participant.calendar_sequence)
        )
        if not claimed:
            return False
        await manage.cancel_registration(participant_id, settings, notify=False)
        await notifications.send(
            settings, participant_id, "released", str(claimed[0]["calendar_sequence"] + 1)
        )
    return True


async def release_unconfirmed(settings: Settings, now: datetime | None = None) -> list[int]:
    """Release every registration that is due; returns their ids."""
    released = []
    for participant_id in await due_for_release(now or datetime.now(UTC)):
        if await release(settings, participant_id):
            released.append(participant_id)
    if released:
        log.info("released %d unconfirmed registrations", len(released))
    return released


def schedule_release(scheduler: Any, settings: Settings) -> None:
    """Run `release_unconfirmed` on the dispatcher's clock (an APScheduler 3 scheduler), now
    and then every minute."""

    async def tick() -> None:
        try:
            await release_unconfirmed(settings)
        except Exception:
            log.exception("releasing unconfirmed registrations failed; trying again later")

    scheduler.add_job(
        tick,
        "interval",
        seconds=RELEASE_INTERVAL_SECONDS,
        id="release-unconfirmed",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )

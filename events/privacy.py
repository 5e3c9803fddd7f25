"""A participant's personal data across the domains: export it, erase it, purge it on time.

Registration keeps the participant row (anonymised, for the counts); what they wrote on the
day — pledges and their part of conversation pairs — is deleted with them. Everything runs in
one write transaction, so an erasure is complete or not done at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from events.db import write_transaction
from events.pairs import stored as stored_suggestions
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge
from events.programme.tables import Event
from events.registration import manage
from events.registration.tables import Participant
from events.settings import Settings


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in row.items()
    }


async def export_participant(participant_id: int) -> dict[str, Any]:
    """Everything stored about one participant, as JSON-ready data."""
    data = await manage.export_data(participant_id)
    pledges = await Pledge.select(
        Pledge.title,
        Pledge.text,
        Pledge.visibility,
        Pledge.status,
        Pledge.target_date,
        Pledge.created_at,
        Pledge.updated_at,
    ).where(Pledge.participant == participant_id)
    pairs = await PairMember.select(
        PairMember.pair.title.as_alias("pair_title"),
        PairMember.recommendation_practice.title.as_alias("recommended_practice"),
        PairMember.recommendation_text,
        PairMember.why,
        PairMember.confirmed_at,
        PairMember.joined_at,
    ).where(PairMember.participant == participant_id)
    data["pledges"] = [_plain(row) for row in pledges]
    data["conversation_pairs"] = [_plain(row) for row in pairs]
    return data


async def erase_participant(participant_id: int, settings: Settings) -> None:
    """Erase a participant: registration anonymised, pledges and pair entries deleted, every
    manage link and session ended."""
    async with write_transaction():
        await manage.erase(participant_id, settings)
        await Pledge.delete().where(Pledge.participant == participant_id)
        pair_ids = [
            row["pair"]
            for row in await PairMember.select(PairMember.pair).where(
                PairMember.participant == participant_id
            )
        ]
        partners = [
            row["participant"]
            for row in await PairMember.select(PairMember.participant).where(
                PairMember.pair.is_in(pair_ids or [0]) & (PairMember.participant != participant_id)
            )
        ]
        await PairMember.delete().where(PairMember.participant == participant_id)
        await stored_suggestions.forget_person(participant_id)
        await stored_suggestions.forget(partners)
        if pair_ids:
            # A pair with one person left is no longer a pair to show.
            await Pair.update({Pair.status: "open", Pair.completed_at: None}).where(
                Pair.id.is_in(pair_ids)
            )
            await PairMember.update({PairMember.confirmed_at: None}).where(
                PairMember.pair.is_in(pair_ids)
            )
        emptied = [
            row["id"]
            for row in await Pair.select(Pair.id).where(
                (Pair.started_by == participant_id)
                & Pair.id.not_in(PairMember.select(PairMember.pair))
            )
        ]
        if emptied:
            await Pair.delete().where(Pair.id.is_in(emptied))


async def purge_expired(settings: Settings, now: datetime | None = None) -> list[dict[str, Any]]:
    """Erase everyone of events that ended longer ago than EVENTS_RETENTION_MONTHS; the
    anonymous rows stay for the counts. Expired manage links and sessions are deleted too.
    Returns per event: name, end, number erased."""
    now = now or datetime.now(UTC)
    await manage.delete_expired_credentials(now)
    cutoff = now - timedelta(days=round(30.44 * settings.retention_months))
    events = await Event.select(Event.id, Event.name, Event.ends_at).where(Event.ends_at < cutoff)
    report = []
    for event in events:
        rows = await Participant.select(Participant.id).where(
            (Participant.event == event["id"]) & (Participant.status != "erased")
        )
        for row in rows:
            await erase_participant(row["id"], settings)
        report.append({"event": event["name"], "ended": event["ends_at"], "erased": len(rows)})
    return report

"""Who a campaign step reaches: the participants of its audience who consented to follow-up mail,
with what their message needs (their open pledges, their pair)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from events.followup.campaign_time import REMINDER_NOTICE, is_reminder
from events.followup.tables import PledgeProgress
from events.outbox import services
from events.pairs.tables import PairMember
from events.pledges.tables import Pledge
from events.registration.tables import Participant, SeatChoice

CLOSED_PROGRESS = ("done", "dropped")
CHUNK = 500

Row = dict[str, Any]

# --- recipients ------------------------------------------------------------------------------


@dataclass
class Recipient:
    participant_id: int
    name: str
    email: str
    language: str
    checked_in: bool
    pledge: Row | None = None  # the first open pledge: id, title
    pair: Row | None = None  # id, title, partner_name
    programme: list[Row] = field(default_factory=list)  # their workshops, in time order

    @property
    def mail_language(self) -> str:
        """The language their mail is written in (Dutch unless they chose English)."""
        return self.language if self.language in ("nl", "en") else "nl"


async def open_pledges(participant_ids: list[int]) -> dict[int, list[Row]]:
    """Per participant, their pledges that are not hidden and not done or dropped (oldest
    first)."""
    result: dict[int, list[Row]] = defaultdict(list)
    if not participant_ids:
        return result
    pledges = (
        await Pledge.select(Pledge.id, Pledge.participant, Pledge.title)
        .where(Pledge.participant.is_in(participant_ids) & (Pledge.status != "hidden"))
        .order_by(Pledge.id)
    )
    status = await latest_progress([row["id"] for row in pledges])
    for row in pledges:
        if status.get(row["id"], {}).get("status") not in CLOSED_PROGRESS:
            result[row["participant"]].append(row)
    return result


async def latest_progress(pledge_ids: list[int]) -> dict[int, Row]:
    """The newest progress update of each pledge (pledges without one are absent)."""
    latest: dict[int, Row] = {}
    for start in range(0, len(pledge_ids), CHUNK):
        rows = (
            await PledgeProgress.select()
            .where(PledgeProgress.pledge.is_in(pledge_ids[start : start + CHUNK]))
            .order_by(PledgeProgress.id)
        )
        for row in rows:
            latest[row["pledge"]] = row
    return latest


async def pairs_of(participant_ids: list[int]) -> dict[int, Row]:
    """Per participant, their first complete pair that is not hidden, with the partner."""
    result: dict[int, Row] = {}
    if not participant_ids:
        return result
    mine = (
        await PairMember.select(PairMember.pair, PairMember.participant)
        .where(
            PairMember.participant.is_in(participant_ids)
            & (PairMember.pair.status == "complete")
            & PairMember.pair.hidden_at.is_null()
        )
        .order_by(PairMember.pair)
    )
    pair_ids = sorted({row["pair"] for row in mine})
    if not pair_ids:
        return result
    members = await PairMember.select(
        PairMember.pair,
        PairMember.participant,
        PairMember.participant.name.as_alias("name"),
        PairMember.pair.title.as_alias("title"),
    ).where(PairMember.pair.is_in(pair_ids))
    by_pair: dict[int, list[Row]] = defaultdict(list)
    for row in members:
        by_pair[row["pair"]].append(row)
    for row in mine:
        if row["participant"] in result:
            continue
        others = [m for m in by_pair[row["pair"]] if m["participant"] != row["participant"]]
        if others:
            result[row["participant"]] = {
                "id": row["pair"],
                "title": others[0]["title"],
                "partner_name": others[0]["name"],
            }
    return result


async def programmes_of(participant_ids: list[int]) -> dict[int, list[Row]]:
    """Per participant, their workshops (seat or waiting list) with time, room and state."""
    result: dict[int, list[Row]] = defaultdict(list)
    if not participant_ids:
        return result
    rows = (
        await SeatChoice.select(
            SeatChoice.participant,
            SeatChoice.status,
            SeatChoice.session.title.as_alias("title"),
            SeatChoice.session.status.as_alias("session_status"),
            SeatChoice.session.room.name.as_alias("room"),
            SeatChoice.session.round.starts_at.as_alias("starts_at"),
            SeatChoice.session.round.ends_at.as_alias("ends_at"),
        )
        .where(SeatChoice.participant.is_in(participant_ids))
        .order_by(SeatChoice.session.round.starts_at)
    )
    for row in rows:
        result[row["participant"]].append(row)
    return result


async def recipients(step: Row, participant_ids: list[int] | None = None) -> dict[int, Recipient]:
    """Who should get a step now: registered, not unsubscribed, in the step's audience, and
    with consent to follow-up (a reminder before the day: registered in time instead)."""
    query = Participant.select(
        Participant.id,
        Participant.name,
        Participant.email,
        Participant.language,
        Participant.checked_in_at,
    ).where((Participant.event == step["event"]) & (Participant.status == "registered"))
    if is_reminder(step):
        query = query.where(Participant.created_at <= step["due_at"] - REMINDER_NOTICE)
    else:
        query = query.where(Participant.consent_follow_up_at.is_not_null())
    if participant_ids is not None:
        if not participant_ids:
            return {}
        query = query.where(Participant.id.is_in(participant_ids))
    audience = step["audience"]
    if audience == "absent":
        query = query.where(Participant.checked_in_at.is_null())
    elif audience == "present":
        query = query.where(Participant.checked_in_at.is_not_null())
    if step.get("session"):
        query = query.where(
            Participant.id.is_in(
                SeatChoice.select(SeatChoice.participant).where(
                    (SeatChoice.session == step["session"]) & (SeatChoice.status == "confirmed")
                )
            )
        )
    people = await query
    gone = await services.unsubscribed_among([row["email"] for row in people])
    people = [row for row in people if row["email"].lower() not in gone]
    ids = [row["id"] for row in people]
    pledges: dict[int, list[Row]] = defaultdict(list)
    pairs: dict[int, Row] = {}
    programmes: dict[int, list[Row]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        pledges.update(await open_pledges(part))
        pairs.update(await pairs_of(part))
        programmes.update(await programmes_of(part))
    result = {}
    for row in people:
        pid = row["id"]
        if audience == "pledgers" and not pledges.get(pid):
            continue
        if audience == "pairs" and pid not in pairs:
            continue
        result[pid] = Recipient(
            participant_id=pid,
            name=row["name"],
            email=row["email"],
            language=row["language"],
            checked_in=row["checked_in_at"] is not None,
            pledge=pledges[pid][0] if pledges.get(pid) else None,
            pair=pairs.get(pid),
            programme=programmes.get(pid, []),
        )
    return result

"""Progress after the day: pledge updates, pairs that met again, replies to follow-up meetings.

Links are derived, never stored: a pledge's progress link carries HMAC(site key,
"progress:<pledge id>") and a participant's follow-up page HMAC(site key, "followup:<id>"),
as `events.registration.organiser.badge_code` does for badges. A forged or another pledge's
code is a 404.

A progress update to "done" or "dropped" runs `campaign_sync.sync_participant` in the same
transaction: a participant without open pledges leaves the `pledgers` audience, so their
still-queued reminders are cancelled (and come back if they reopen the pledge).
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from events.db import write_transaction
from events.followup import campaign_sync, campaign_time, recipients
from events.followup.tables import (
    PROGRESS_STATUSES,
    REPLIES,
    CampaignStep,
    MeetingReply,
    PairReunion,
    PledgeProgress,
)
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge
from events.programme.tables import Event
from events.registration.tables import Participant
from events.settings import Settings
from events.web.i18n import gettext as _
from events.web.signing import derived_code

TEXT_LIMIT = 1000
Row = dict[str, Any]


def progress_code(settings: Settings, pledge_id: int) -> str:
    return derived_code(settings, "progress", pledge_id)


def followup_code(settings: Settings, participant_id: int) -> str:
    return derived_code(settings, "followup", participant_id)


def progress_url(settings: Settings, pledge_id: int) -> str:
    code = progress_code(settings, pledge_id)
    return f"{settings.base_url.rstrip('/')}/progress/{pledge_id}/{code}"


def followup_url(settings: Settings, participant_id: int) -> str:
    code = followup_code(settings, participant_id)
    return f"{settings.base_url.rstrip('/')}/follow-up/{participant_id}/{code}"


def valid(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected, given)


def status_labels() -> dict[str, str]:
    return {
        "not_started": _("Not started yet"),
        "under_way": _("Under way"),
        "done": _("Done"),
        "dropped": _("Dropped"),
    }


async def pledge_for_progress(pledge_id: int) -> Row | None:
    """A pledge with its author, event and progress history (newest first), or None when the
    pledge or its author is gone."""
    pledge = (
        await Pledge.select(
            Pledge.id,
            Pledge.title,
            Pledge.text,
            Pledge.visibility,
            Pledge.status,
            Pledge.participant,
            Pledge.event,
            Pledge.participant.status.as_alias("participant_status"),
            Pledge.participant.name.as_alias("participant_name"),
            Pledge.event.name.as_alias("event_name"),
            Pledge.event.timezone.as_alias("timezone"),
        )
        .where(Pledge.id == pledge_id)
        .first()
    )
    if pledge is None or pledge["participant_status"] == "erased":
        return None
    history = (
        await PledgeProgress.select()
        .where(PledgeProgress.pledge == pledge_id)
        .order_by(PledgeProgress.id, ascending=False)
    )
    pledge["history"] = history
    pledge["current"] = history[0]["status"] if history else "not_started"
    pledge["may_be_public"] = pledge["visibility"] != "private" and pledge["status"] != "hidden"
    return pledge


async def record_progress(
    settings: Settings,
    pledge_id: int,
    status: str,
    text: str,
    public: bool,
    now: datetime | None = None,
) -> dict[str, str]:
    """Save a progress update; errors by field, or {} when saved. An update is public only if
    the author says so and the pledge itself is public."""
    errors: dict[str, str] = {}
    if status not in PROGRESS_STATUSES:
        errors["status"] = _("Choose how it is going.")
    text = text.strip()
    if len(text) > TEXT_LIMIT:
        errors["text"] = _("At most %(limit)s characters, please.", limit=TEXT_LIMIT)
    if errors:
        return errors
    async with write_transaction():
        pledge = await pledge_for_progress(pledge_id)
        if pledge is None:
            return {"status": _("This pledge does not exist.")}
        await PledgeProgress.insert(
            PledgeProgress(
                pledge=pledge_id,
                status=status,
                text=text,
                public=bool(public and pledge["may_be_public"]),
            )
        )
        await campaign_sync.sync_participant(settings, pledge["participant"], now=now)
    return {}


async def participant_page(settings: Settings, participant_id: int) -> Row | None:
    """What a participant's follow-up page shows: their pledges (with progress links), their
    pairs (and whether they met again) and the follow-up meetings they were invited to."""
    person = (
        await Participant.select(
            Participant.id, Participant.name, Participant.status, Participant.event
        )
        .where(Participant.id == participant_id)
        .first()
    )
    if person is None or person["status"] == "erased":
        return None
    event = (
        await Event.select(Event.id, Event.name, Event.timezone)
        .where(Event.id == person["event"])
        .first()
    )
    pledges = (
        await Pledge.select(Pledge.id, Pledge.title)
        .where((Pledge.participant == participant_id) & (Pledge.status != "hidden"))
        .order_by(Pledge.id)
    )
    latest = await recipients.latest_progress([row["id"] for row in pledges])
    for row in pledges:
        row["current"] = latest.get(row["id"], {}).get("status", "not_started")
        row["url"] = progress_url(settings, row["id"])
    pair_ids = [
        row["pair"]
        for row in await PairMember.select(PairMember.pair).where(
            (PairMember.participant == participant_id) & (PairMember.pair.status == "complete")
        )
    ]
    pairs = []
    for pair_id in pair_ids:
        partner = (
            await PairMember.select(PairMember.participant.name.as_alias("name"))
            .where((PairMember.pair == pair_id) & (PairMember.participant != participant_id))
            .first()
        )
        title = await Pair.select(Pair.title).where(Pair.id == pair_id).first()
        met = await PairReunion.count().where(PairReunion.pair == pair_id)
        pairs.append(
            {
                "id": pair_id,
                "title": title["title"] if title else "",
                "partner_name": partner["name"] if partner else "",
                "met_again": met,
            }
        )
    steps = await CampaignStep.select(
        CampaignStep.id, CampaignStep.name, CampaignStep.meeting_local, CampaignStep.meeting_place
    ).where((CampaignStep.event == person["event"]) & (CampaignStep.invite == "meeting"))
    replies = {
        row["step"]: row["answer"]
        for row in await MeetingReply.select(MeetingReply.step, MeetingReply.answer).where(
            MeetingReply.participant == participant_id
        )
    }
    meetings = []
    for step in steps:
        moment = campaign_time.parse_local(step["meeting_local"])
        if moment is None:
            continue
        meetings.append(
            {
                **step,
                "at": campaign_time.local_instant(event["timezone"], moment.date(), moment.time()),
                "answer": replies.get(step["id"], ""),
            }
        )
    return {
        "participant": person,
        "event": event,
        "pledges": pledges,
        "pairs": pairs,
        "meetings": meetings,
    }


async def record_reunion(participant_id: int, pair_id: int) -> bool:
    """A pair member says the pair met again (once per member is enough)."""
    async with write_transaction():
        member = await PairMember.exists().where(
            (PairMember.pair == pair_id) & (PairMember.participant == participant_id)
        )
        if not member:
            return False
        already = await PairReunion.exists().where(
            (PairReunion.pair == pair_id) & (PairReunion.participant == participant_id)
        )
        if not already:
            await PairReunion.insert(PairReunion(pair=pair_id, participant=participant_id))
    return True


async def reply_meeting(participant_id: int, step_id: int, answer: str) -> bool:
    """ "I'll come" (yes) / "I can't" (no) to a follow-up meeting of the participant's event."""
    if answer not in REPLIES:
        return False
    async with write_transaction():
        person = (
            await Participant.select(Participant.event)
            .where(Participant.id == participant_id)
            .first()
        )
        step = (
            await CampaignStep.select(CampaignStep.event)
            .where((CampaignStep.id == step_id) & (CampaignStep.invite == "meeting"))
            .first()
        )
        if person is None or step is None or step["event"] != person["event"]:
            return False
        await MeetingReply.insert(
            MeetingReply(step=step_id, participant=participant_id, answer=answer)
        ).on_conflict(
            target=(MeetingReply.step, MeetingReply.participant),
            action="DO UPDATE",
            values=[MeetingReply.answer, MeetingReply.updated_at],
        )
    return True


async def meeting_replies(step_id: int) -> list[Row]:
    """Who answered a meeting step, for organisers."""
    return (
        await MeetingReply.select(
            MeetingReply.answer,
            MeetingReply.updated_at,
            MeetingReply.participant.name.as_alias("name"),
            MeetingReply.participant.email.as_alias("email"),
        )
        .where(MeetingReply.step == step_id)
        .order_by(MeetingReply.participant.name)
    )

"""Keeping a campaign's outbox rows in line with its steps and participants (see the design in
`events.followup.campaigns`): building a row, `sync_step` (the one rule), settling audiences
just before a step goes out (`refresh_due`, `CampaignDispatcher`) and the counts per step."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.utils import make_msgid
from typing import Any
from zoneinfo import ZoneInfo

from events.calendar.invites import InviteData
from events.db import write_transaction
from events.followup.campaign_texts import render_text
from events.followup.campaign_time import is_reminder, local_instant, parse_clock, parse_local
from events.followup.recipients import CHUNK, Recipient, recipients
from events.followup.tables import CampaignStep
from events.outbox import services
from events.outbox.dispatcher import Dispatcher
from events.outbox.tables import OutboxMessage
from events.programme.tables import Event
from events.registration.tables import Participant
from events.settings import Settings
from events.web.i18n import _current_language, format_clock, set_current_language
from events.web.i18n import gettext as _

REFRESH_AHEAD = timedelta(minutes=5)

Row = dict[str, Any]

# --- reading steps ---------------------------------------------------------------------------


async def event_row(event_id: int) -> Row | None:
    return (
        await Event.select(
            Event.id, Event.name, Event.slug, Event.timezone, Event.starts_at, Event.ends_at
        )
        .where(Event.id == event_id)
        .first()
    )


async def get_step(event_id: int, step_id: int) -> Row | None:
    return (
        await CampaignStep.select()
        .where((CampaignStep.id == step_id) & (CampaignStep.event == event_id))
        .first()
    )


async def list_steps(event_id: int) -> list[Row]:
    return (
        await CampaignStep.select()
        .where(CampaignStep.event == event_id)
        .order_by(CampaignStep.due_at)
        .order_by(CampaignStep.id)
    )


# --- building a row --------------------------------------------------------------------------


def step_kind(step_id: int) -> str:
    return f"campaign-{step_id}"


def row_key(step_id: int, participant_id: int) -> str:
    return f"campaign:{step_id}:{participant_id}"


def placeholder_values(
    settings: Settings, step: Row, event: Row, person: Recipient, language: str
) -> Row:
    """The named placeholders of one recipient (see PLACEHOLDERS)."""
    from events.followup.progress import followup_url, progress_url

    meeting = parse_local(step["meeting_local"]) if step["invite"] == "meeting" else None
    meeting_time = ""
    if meeting is not None:
        from events.web.i18n import format_moment

        token = set_current_language(language)
        try:
            instant = local_instant(event["timezone"], meeting.date(), meeting.time())
            meeting_time = format_moment(instant, event["timezone"])
        finally:
            _current_language.reset(token)
    return {
        "name": person.name,
        "event": event["name"],
        "pledge_title": person.pledge["title"] if person.pledge else "",
        "progress_url": progress_url(settings, person.pledge["id"]) if person.pledge else "",
        "partner_name": person.pair["partner_name"] if person.pair else "",
        "pair_title": person.pair["title"] if person.pair else "",
        "followup_url": followup_url(settings, person.participant_id),
        "meeting_time": meeting_time,
        "meeting_place": step["meeting_place"] if meeting is not None else "",
        "my_programme": programme_text(person.programme, event["timezone"], language),
    }


def programme_text(workshops: list[Row], timezone: str, language: str) -> str:
    """The "personal programme" block: a line per workshop with its time, room and state."""
    token = set_current_language(language)
    try:
        lines = []
        for workshop in workshops:
            if workshop["session_status"] == "cancelled":
                state = _("cancelled, choose another one")
            elif workshop["status"] == "confirmed":
                state = _("confirmed")
            else:
                state = _("on the waiting list")
            room = f" ({workshop['room']})" if workshop["room"] else ""
            start, end = workshop["starts_at"], workshop["ends_at"]
            when = (
                f"{format_clock(start, timezone)}–{format_clock(end, timezone)} "
                if start and end
                else ""
            )
            lines.append(f"{when}{workshop['title']}{room}: {state}")
    finally:
        _current_language.reset(token)
    return "\n".join(lines)


def build_invite(
    step: Row, event: Row, person: Recipient, values: Row, method: str = "REQUEST"
) -> InviteData | None:
    """The step's invite for one recipient, or None (no invite, or no pair for a pair call)."""
    zone = event["timezone"]
    if step["invite"] in ("lookback", "pair_call"):
        if step["invite"] == "pair_call" and person.pair is None:
            return None
        day = step["due_at"].astimezone(ZoneInfo(zone)).date() + timedelta(days=step["invite_days"])
        start = local_instant(zone, day, parse_clock(step["invite_time"]) or time(16, 0))
        if step["invite"] == "lookback":
            uid = f"campaign-{step['id']}-participant-{person.participant_id}@events"
            summary = (
                _("Look back on my pledge: %(title)s", title=values["pledge_title"])
                if values["pledge_title"]
                else _("Look back on %(event)s", event=event["name"])
            )
            url = values["progress_url"] or values["followup_url"]
        else:
            assert person.pair is not None
            uid = f"campaign-{step['id']}-pair-{person.pair['id']}@events"
            summary = _("Call with %(partner)s", partner=values["partner_name"])
            url = values["followup_url"]
        return InviteData(
            uid=uid,
            sequence=step["sequence"],
            summary=summary,
            start=start,
            end=start + timedelta(minutes=step["invite_minutes"]),
            timezone=zone,
            url=url,
            description=url,
            method=method,
        )
    if step["invite"] == "meeting":
        moment = parse_local(step["meeting_local"])
        if moment is None:
            return None
        start = local_instant(zone, moment.date(), moment.time())
        return InviteData(
            uid=f"campaign-{step['id']}-meeting@events",
            sequence=step["sequence"],
            summary=step["name"],
            start=start,
            end=start + timedelta(minutes=step["invite_minutes"]),
            timezone=zone,
            location=step["meeting_place"],
            url=values["followup_url"],
            description=values["followup_url"],
            method=method,
        )
    return None


def render_for(settings: Settings, step: Row, event: Row, person: Recipient) -> Row:
    """The outbox context of one recipient: subject, body, paragraphs, invite, links."""
    language = person.mail_language
    token = set_current_language(language)
    try:
        values = placeholder_values(settings, step, event, person, language)
        texts = language if step[f"subject_{language}"].strip() else "nl"
        subject = " ".join(render_text(step[f"subject_{texts}"], values).split())
        body = render_text(step[f"body_{texts}"], values)
        invite = build_invite(step, event, person, values)
    finally:
        _current_language.reset(token)
    context: Row = {
        "campaign_subject": subject,
        "campaign_body": body,
        "campaign_paragraphs": [part.strip() for part in body.split("\n\n") if part.strip()],
        "followup_url": values["followup_url"],
        "participant_id": person.participant_id,
        "step_id": step["id"],
        "before_the_day": is_reminder(step),
    }
    if invite is not None:
        context["invite"] = invite.to_json()
    return context


def _outbox_row(
    settings: Settings, step: Row, person: Recipient, context: Row, due: datetime
) -> OutboxMessage:
    domain = settings.mail_from.rsplit("@", 1)[1]
    return OutboxMessage(
        idempotency_key=row_key(step["id"], person.participant_id),
        message_id=make_msgid(domain=domain),
        recipient=person.email.strip(),
        recipient_name=services.clean_header(person.name),
        language=person.mail_language,
        kind=step_kind(step["id"]),
        about=f"participant:{person.participant_id}",
        transactional=is_reminder(step),
        template="campaign",
        context=json.dumps(context, ensure_ascii=False),
        due_at=due,
        status="queued",
    )


# --- keeping rows in line --------------------------------------------------------------------


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    requeued: int = 0
    invites_updated: int = 0


# Step fields an invite is made from (the day of a look-back or pair call follows `due_at`).
STEP_INVITE_FIELDS = {
    "name",
    "due_at",
    "invite",
    "invite_days",
    "invite_time",
    "invite_minutes",
    "meeting_local",
    "meeting_place",
}

# What an invite says to the recipient's calendar; a change here after it was sent needs an
# update (REQUEST with the higher SEQUENCE), a change of the mail's text does not.
INVITE_FIELDS = ("uid", "summary", "start", "end", "timezone", "location", "url")


async def _latest_updates(step_id: int) -> dict[str, Row]:
    """Per row key of a step: the newest invite of the updates queued for it so far."""
    latest: dict[str, Row] = {}
    rows = await OutboxMessage.select(OutboxMessage.idempotency_key, OutboxMessage.context).where(
        (OutboxMessage.kind == "campaign-update")
        & OutboxMessage.idempotency_key.like(f"campaign:{step_id}:%")
    )
    for row in rows:
        key = row["idempotency_key"].split(":update:")[0]
        invite = json.loads(row["context"])["invite"]
        if key not in latest or invite["sequence"] > latest[key]["sequence"]:
            latest[key] = invite
    return latest


async def _update_sent_invite(
    settings: Settings,
    step: Row,
    event: Row,
    person: Recipient,
    row: Row,
    updates: dict[str, Row],
    now: datetime,
) -> int:
    """If the invite the recipient last got for `row` (the sent one, or the newest update)
    no longer says what the step says (the step or the event moved), queue an update: the
    same UID with the step's new SEQUENCE, once per SEQUENCE. Returns 1 when one was queued."""
    sent = updates.get(row["idempotency_key"]) or json.loads(row["context"]).get("invite")
    if sent is None:
        return 0
    current = render_for(settings, step, event, person).get("invite")
    if current is None or current["sequence"] <= sent["sequence"]:
        return 0
    if all(current[name] == sent[name] for name in INVITE_FIELDS):
        return 0
    await services.enqueue(
        settings,
        key=f"{row['idempotency_key']}:update:{current['sequence']}",
        recipient=person.email,
        recipient_name=person.name,
        kind="campaign-update",
        about=f"participant:{person.participant_id}",
        template="invite",
        language=person.mail_language,
        transactional=True,
        invite=InviteData.from_json(current),
        due_at=now,
    )
    return 1


async def sync_step(
    settings: Settings,
    step_id: int,
    participant_ids: list[int] | None = None,
    now: datetime | None = None,
    allow_past: bool = False,
    sent_invites: bool = False,
) -> SyncResult:
    """Bring one step's outbox rows in line with who should get it (see the module docstring).

    New rows are made only while the step is still ahead (`due_at > now`), unless
    `allow_past` (the last refresh just before it goes out). With `sent_invites` (the step's
    invite or the event moved) invites already sent are checked and updated where they
    changed. Call inside a transaction.
    """
    now = now or services.utcnow()
    result = SyncResult()
    step = await CampaignStep.select().where(CampaignStep.id == step_id).first()
    if step is None:
        return result
    event = await event_row(step["event"])
    assert event is not None
    wanted = await recipients(step, participant_ids)
    query = OutboxMessage.select(
        OutboxMessage.id,
        OutboxMessage.idempotency_key,
        OutboxMessage.status,
        OutboxMessage.context,
        OutboxMessage.due_at,
        OutboxMessage.recipient,
        OutboxMessage.language,
        OutboxMessage.sent_at,
    ).where(OutboxMessage.kind == step_kind(step_id))
    if participant_ids is not None:
        query = query.where(
            OutboxMessage.idempotency_key.is_in([row_key(step_id, p) for p in participant_ids])
        )
    existing = {int(row["idempotency_key"].split(":")[2]): row for row in await query}
    may_create = allow_past or step["due_at"] > now
    new_rows = []
    updates: dict[str, Row] | None = None  # read once, when a sent row is met
    for pid, person in wanted.items():
        row = existing.get(pid)
        if row is None:
            if may_create:
                context = render_for(settings, step, event, person)
                new_rows.append(_outbox_row(settings, step, person, context, step["due_at"]))
            continue
        if row["status"] in ("sent", "sending"):
            if not sent_invites:
                continue
            if updates is None:
                updates = await _latest_updates(step_id)
            result.invites_updated += await _update_sent_invite(
                settings, step, event, person, row, updates, now
            )
            continue
        if row["status"] not in ("queued", "retry", "cancelled"):
            continue
        if row["status"] == "cancelled" and (row["sent_at"] is not None or not may_create):
            continue
        context = json.dumps(render_for(settings, step, event, person), ensure_ascii=False)
        changes: Row = {}
        if row["context"] != context:
            changes[OutboxMessage.context] = context
        if row["due_at"] != step["due_at"] and row["status"] != "retry":
            changes[OutboxMessage.due_at] = step["due_at"]
        if row["recipient"] != person.email or row["language"] != person.language:
            changes[OutboxMessage.recipient] = person.email
            changes[OutboxMessage.language] = person.language
        if row["status"] == "cancelled":
            changes[OutboxMessage.status] = "queued"
            changes[OutboxMessage.last_answer] = ""
            result.requeued += 1
        elif changes:
            result.updated += 1
        if changes:
            await OutboxMessage.update(changes).where(OutboxMessage.id == row["id"])
    for start in range(0, len(new_rows), CHUNK):
        await OutboxMessage.insert(*new_rows[start : start + CHUNK]).on_conflict(
            target=OutboxMessage.idempotency_key, action="DO NOTHING"
        )
    result.created = len(new_rows)
    leaving = [
        row["id"]
        for pid, row in existing.items()
        if pid not in wanted and row["status"] in ("queued", "retry")
    ]
    for start in range(0, len(leaving), CHUNK):
        await OutboxMessage.update({OutboxMessage.status: "cancelled"}).where(
            OutboxMessage.id.is_in(leaving[start : start + CHUNK])
            & OutboxMessage.status.is_in(["queued", "retry"])
        )
    result.cancelled = len(leaving)
    if new_rows or result.updated or result.requeued:
        for wake in list(services.WAKE_CALLBACKS):
            wake(step["due_at"])

    return result


async def sync_participant(
    settings: Settings, participant_id: int, now: datetime | None = None
) -> None:
    """After a registration, a profile change, a cancellation or a progress update: the
    participant gets the steps still ahead that apply to them, and loses the queued ones that
    no longer do. Call inside the caller's transaction."""
    row = (
        await Participant.select(Participant.event).where(Participant.id == participant_id).first()
    )
    if row is None:
        return
    for step in await CampaignStep.select(CampaignStep.id).where(
        CampaignStep.event == row["event"]
    ):
        await sync_step(settings, step["id"], [participant_id], now=now)


async def cancel_for_participant(participant_id: int) -> int:
    """Cancel every queued campaign message of one participant (cancellation, erasure)."""
    rows = (
        await OutboxMessage.update({OutboxMessage.status: "cancelled"})
        .where(
            (OutboxMessage.about == f"participant:{participant_id}")
            & OutboxMessage.kind.like("campaign-%")
            & OutboxMessage.status.is_in(["queued", "retry"])
        )
        .returning(OutboxMessage.id)
    )
    return len(rows)


async def sync_event(settings: Settings, event_id: int, now: datetime | None = None) -> None:
    """Bring every step of an event in line (see `sync_step`)."""
    for step in await list_steps(event_id):
        await sync_step(settings, step["id"], now=now)


async def refresh_due(settings: Settings, now: datetime | None = None) -> int:
    """Settle the audience of steps about to go out (pledges, pairs and check-in happen after
    most rows were made) and mark them frozen. Steps more overdue than the mail catch-up limit
    are frozen without new rows: they are never sent months late. Returns steps settled."""
    now = now or services.utcnow()
    limit = now - timedelta(hours=settings.mail_catchup_max_age_hours)
    steps = await CampaignStep.select(CampaignStep.id, CampaignStep.due_at).where(
        CampaignStep.frozen_at.is_null() & (CampaignStep.due_at <= now + REFRESH_AHEAD)
    )
    for step in steps:
        async with write_transaction():
            if step["due_at"] >= limit:
                await sync_step(settings, step["id"], now=now, allow_past=True)
            await CampaignStep.update({CampaignStep.frozen_at: now}).where(
                CampaignStep.id == step["id"]
            )
    return len(steps)


async def step_counts(event_id: int) -> dict[int, dict[str, int]]:
    """Per step of an event: how many of its messages are queued, sent, failed, cancelled…"""
    steps = await CampaignStep.select(CampaignStep.id).where(CampaignStep.event == event_id)
    counts: dict[int, dict[str, int]] = {
        step["id"]: defaultdict(int)
        for step in steps  # type: ignore[misc]
    }
    if not counts:
        return counts
    kinds = [step_kind(step_id) for step_id in counts]
    rows = await OutboxMessage.raw(
        "SELECT kind, status, COUNT(*) AS n FROM outbox_message WHERE kind IN ("
        + ", ".join("{}" for _kind in kinds)
        + ") GROUP BY kind, status",
        *kinds,
    )
    for row in rows:
        step_id = int(row["kind"].split("-")[1])
        counts[step_id][row["status"]] += int(row["n"])
    for step_counts_ in counts.values():
        step_counts_["queued"] += step_counts_.pop("retry", 0) + step_counts_.pop("sending", 0)
    return counts


class CampaignDispatcher(Dispatcher):
    """The outbox dispatcher that first settles the audience of campaign steps about to go
    out (see `refresh_due`); use it wherever the plain Dispatcher runs."""

    async def expire_overdue(self) -> int:
        await refresh_due(self.settings, self.now())
        return await super().expire_overdue()

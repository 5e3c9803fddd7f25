"""Follow-up campaigns: an event's steps become outbox rows, one per recipient per step.

Design
------
* A step's send moment is `CampaignStep.due_at` (UTC), computed from the event's end: the local
  date of the end plus `offset_days`, at `local_time` in the event's time zone (zoneinfo), so a
  step across a daylight-saving change still goes out at 09:00 local. Or a fixed local
  date-time (`fixed_local`, "YYYY-MM-DDTHH:MM").
* Rows are made through the outbox (`events.followup.tables.OutboxMessage`) with
  idempotency key `campaign:<step>:<participant>`, kind `campaign-<step>` (indexed: all rows of
  one step are found by equality), `about = participant:<id>` (so erasure's
  `forget_recipient("participant:<id>", …)` cancels them and blanks their address),
  `transactional=False` (List-Unsubscribe).
  Many rows are written with one multi-row INSERT … ON CONFLICT DO NOTHING per chunk, with the
  same columns `services.enqueue` writes (enqueue row by row costs ~10x more for 20,000 people).
* `sync_step` is the one rule: it computes who should get a step now (consent to follow-up,
  status registered, not unsubscribed, in the step's audience), inserts missing rows, updates
  still-queued rows (due time, subject/body, invite) and cancels queued rows of people who left
  the audience. Everything calls it: saving a step, moving the event, a new registration, a
  changed profile, a progress update ("done"/"dropped" pledges are not nagged: a participant
  without open pledges leaves the `pledgers` audience, so their queued row is cancelled).
* Audiences depend on what happens on the day (pledges, pairs, check-in), after most rows were
  made. `refresh_due` therefore settles each step's audience once more just before it goes out
  and marks it `frozen_at`; `CampaignDispatcher` runs it before every drain.
* Invites: `lookback` (attendee: the participant; UID per step and participant), `pair_call`
  (one invite per member, the same UID per step and pair), `meeting` (a place and time; UID per
  step). SEQUENCE is the step's `sequence`, raised on every change. When a change moves an
  invite that was already sent (its time, place or title), the recipient gets an update (the
  same UID, the new SEQUENCE). Deleting a step cancels its queued rows and queues
  METHOD:CANCEL (SEQUENCE + 1) for invites already sent.
* The organiser's subject and body are Jinja2 rendered in a sandbox with limits on size and
  time (`campaign_texts`) with named placeholders (PLACEHOLDERS) when the row is made or
  re-rendered; the stored context holds the
  rendered text (and the derived progress link, which organisers can already see in the outbox
  preview, as they can the manage link).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.utils import make_msgid
from typing import Any
from zoneinfo import ZoneInfo

from events.calendar.invites import InviteData
from events.db import write_transaction
from events.followup import services
from events.followup.campaign_texts import render_text, template_error
from events.followup.dispatcher import Dispatcher
from events.followup.tables import (
    ANCHORS,
    AUDIENCES,
    INVITES,
    CampaignStep,
    OutboxMessage,
    PledgeProgress,
)
from events.pairs.tables import PairMember
from events.pledges.tables import Pledge
from events.programme.tables import Event
from events.registration.tables import Participant
from events.settings import Settings
from events.web.i18n import _current_language, set_current_language
from events.web.i18n import gettext as _

PLACEHOLDERS = (
    "name",
    "event",
    "pledge_title",
    "progress_url",
    "partner_name",
    "pair_title",
    "followup_url",
    "meeting_time",
    "meeting_place",
)


def placeholder_help() -> list[tuple[str, str]]:
    """Each placeholder with what it becomes, in plain words (the organiser's language)."""
    meaning = {
        "name": _("the participant's name"),
        "event": _("the name of the event"),
        "pledge_title": _("the title of their oldest open pledge"),
        "progress_url": _("the link to report how that pledge is going"),
        "partner_name": _("the name of their conversation partner"),
        "pair_title": _("what the pair recommended to each other"),
        "followup_url": _("the link to their pledges, pair and invitations"),
        "meeting_time": _("the date and time of the follow-up meeting"),
        "meeting_place": _("where the follow-up meeting is"),
    }
    return [(name, meaning[name]) for name in PLACEHOLDERS]


CLOSED_PROGRESS = ("done", "dropped")
REFRESH_AHEAD = timedelta(minutes=5)
CHUNK = 500

Row = dict[str, Any]


# --- time ------------------------------------------------------------------------------------


def parse_clock(value: str) -> time | None:
    """ "09:00" → time(9, 0); None for anything else."""
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def parse_local(value: str) -> datetime | None:
    """ "2026-11-03T09:00" (an <input type=datetime-local>) → naive datetime, or None."""
    try:
        return datetime.fromisoformat(value.strip()).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        return None


def local_instant(timezone: str, day: date, clock: time) -> datetime:
    """The UTC instant of a local wall-clock time on a local date in `timezone`."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def step_due_at(step: Row, event: Row) -> datetime:
    """When a step goes out (UTC), from its timing and the event's end and time zone."""
    if step["timing"] == "fixed":
        moment = parse_local(step["fixed_local"])
        assert moment is not None
        return local_instant(event["timezone"], moment.date(), moment.time())
    clock = parse_clock(step["local_time"]) or time(9, 0)
    zone = ZoneInfo(event["timezone"])
    if step.get("anchor") == "start":
        start_day = event["starts_at"].astimezone(zone).date()
        return local_instant(
            event["timezone"], start_day - timedelta(days=step["offset_days"]), clock
        )
    end_day = event["ends_at"].astimezone(zone).date()
    return local_instant(event["timezone"], end_day + timedelta(days=step["offset_days"]), clock)


def is_reminder(step: Row) -> bool:
    """A step before the event: about the day people registered for, so it is transactional
    (no follow-up consent needed, no unsubscribe) and reaches only those who registered at
    least `REMINDER_NOTICE` before it goes out."""
    return step.get("anchor") == "start" and step.get("timing") == "offset"


REMINDER_NOTICE = timedelta(hours=24)


# --- defaults --------------------------------------------------------------------------------

DEFAULT_STEPS: tuple[Row, ...] = (
    {
        "name": "Morgen is de parade (1 dag ervoor)",
        "anchor": "start",
        "offset_days": 1,
        "local_time": "16:00",
        "audience": "all",
        "subject_nl": "Morgen is {{ event }}",
        "subject_en": "{{ event }} is tomorrow",
        "body_nl": (
            "Beste {{ name }},\n\nMorgen is {{ event }}. Uw workshops, zalen en tijden staan in "
            "de uitnodiging in uw agenda en op uw pagina.\n\nTot morgen!"
        ),
        "body_en": (
            "Dear {{ name }},\n\n{{ event }} is tomorrow. Your workshops, rooms and times are in "
            "the invitation in your calendar and on your page.\n\nSee you tomorrow!"
        ),
    },
    {
        "name": "Hoe gaat het met uw voornemen? (+14 dagen)",
        "offset_days": 14,
        "local_time": "09:00",
        "audience": "pledgers",
        "invite": "lookback",
        "invite_days": 7,
        "invite_time": "16:00",
        "subject_nl": "Hoe gaat het met uw voornemen?",
        "subject_en": "How is your pledge going?",
        "body_nl": (
            "Beste {{ name }},\n\nTwee weken geleden was {{ event }}. U nam zich voor: "
            "‘{{ pledge_title }}’. Hoe gaat het daarmee?\n\nLaat het ons weten (één klik, "
            "een paar woorden):\n{{ progress_url }}\n\nIn de bijlage staat een moment in uw "
            "agenda om even terug te kijken."
        ),
        "body_en": (
            "Dear {{ name }},\n\nTwo weeks ago was {{ event }}. You pledged: "
            "‘{{ pledge_title }}’. How is it going?\n\nLet us know (one click, a few "
            "words):\n{{ progress_url }}\n\nThe attachment puts a moment to look back in your "
            "calendar."
        ),
    },
    {
        "name": "Spreek elkaar weer (+6 weken)",
        "offset_days": 42,
        "local_time": "10:00",
        "audience": "pairs",
        "invite": "pair_call",
        "invite_days": 7,
        "invite_time": "10:00",
        "subject_nl": "Spreek {{ partner_name }} nog eens",
        "subject_en": "Talk to {{ partner_name }} again",
        "body_nl": (
            "Beste {{ name }},\n\nOp {{ event }} gaven u en {{ partner_name }} elkaar een tip: "
            "‘{{ pair_title }}’. Hoe staat het ermee? In de bijlage staat een belafspraak voor "
            "u beiden.\n\nHebben jullie elkaar weer gesproken? Laat het weten:\n"
            "{{ followup_url }}"
        ),
        "body_en": (
            "Dear {{ name }},\n\nAt {{ event }} you and {{ partner_name }} gave each other a "
            "tip: ‘{{ pair_title }}’. How is it going? The attachment holds a call for the two "
            "of you.\n\nDid you talk again? Let us know:\n{{ followup_url }}"
        ),
    },
    {
        "name": "Terugblik (+3 maanden)",
        "offset_days": 91,
        "local_time": "09:00",
        "audience": "all",
        "invite": "lookback",
        "invite_days": 7,
        "invite_time": "16:00",
        "subject_nl": "Drie maanden na {{ event }}",
        "subject_en": "Three months after {{ event }}",
        "body_nl": (
            "Beste {{ name }},\n\nDrie maanden geleden was {{ event }}. Wat is ervan "
            "terechtgekomen?{% if pledge_title %} U nam zich voor: ‘{{ pledge_title }}’. "
            "Vertel hoe het ging:\n{{ progress_url }}{% endif %}\n\nUw pagina: {{ followup_url }}"
        ),
        "body_en": (
            "Dear {{ name }},\n\nThree months ago was {{ event }}. What came of it?"
            "{% if pledge_title %} You pledged: ‘{{ pledge_title }}’. Tell us how it went:\n"
            "{{ progress_url }}{% endif %}\n\nYour page: {{ followup_url }}"
        ),
    },
)


async def create_default_campaign(
    settings: Settings, event_id: int, now: datetime | None = None
) -> list[int]:
    """Give an event the default campaign (call inside the caller's transaction)."""
    ids = []
    for values in DEFAULT_STEPS:
        form = {**step_form_defaults(), **{k: str(v) for k, v in values.items()}}
        saved = await save_step(settings, event_id, form, now=now)
        assert saved.ok, saved.errors
        assert saved.id is not None
        ids.append(saved.id)
    return ids


# --- saving steps ----------------------------------------------------------------------------


@dataclass
class SavedStep:
    id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def step_form_defaults() -> dict[str, str]:
    return {
        "name": "",
        "timing": "offset",
        "anchor": "end",
        "offset_days": "14",
        "local_time": "09:00",
        "fixed_local": "",
        "audience": "all",
        "subject_nl": "",
        "subject_en": "",
        "body_nl": "",
        "body_en": "",
        "invite": "",
        "invite_days": "0",
        "invite_time": "16:00",
        "invite_minutes": "30",
        "meeting_local": "",
        "meeting_place": "",
    }


def step_form_values(step: Row) -> dict[str, str]:
    return {name: str(step[name]) for name in step_form_defaults()}


def validate_step(form: dict[str, str]) -> tuple[dict[str, str], Row]:
    """Errors by field (in the user's language) and the clean values to store."""
    errors: dict[str, str] = {}
    values: Row = {}
    name = " ".join(form.get("name", "").split())
    if not name or len(name) > 200:
        errors["name"] = _("Give the step a name (at most 200 characters).")
    values["name"] = name
    timing = form.get("timing", "offset")
    if timing not in ("offset", "fixed"):
        errors["timing"] = _("Choose when the step goes out.")
    values["timing"] = timing
    anchor = form.get("anchor", "end")
    if anchor not in ANCHORS:
        errors["anchor"] = _("Choose when the step goes out.")
    values["anchor"] = anchor
    try:
        values["offset_days"] = int(form.get("offset_days") or 0)
        lowest = 0 if anchor == "start" else -365
        if not lowest <= values["offset_days"] <= 3650:
            raise ValueError
    except ValueError:
        errors["offset_days"] = _("Give a whole number of days.")
        values["offset_days"] = 0
    values["local_time"] = form.get("local_time", "").strip()
    if timing == "offset" and parse_clock(values["local_time"]) is None:
        errors["local_time"] = _("Give a time like 09:00.")
    values["fixed_local"] = form.get("fixed_local", "").strip()
    if timing == "fixed" and parse_local(values["fixed_local"]) is None:
        errors["fixed_local"] = _("Give a date and time.")
    audience = form.get("audience", "")
    if audience not in AUDIENCES:
        errors["audience"] = _("Choose who gets this step.")
    values["audience"] = audience
    for language in ("nl", "en"):
        subject = form.get(f"subject_{language}", "").strip()
        body = form.get(f"body_{language}", "").strip()
        values[f"subject_{language}"] = subject
        values[f"body_{language}"] = body
        if language == "en" and not subject and not body:
            continue  # English is optional: participants who chose English get the Dutch text
        if not subject or len(subject) > 200 or "\n" in subject:
            errors[f"subject_{language}"] = _("Write a subject of one line (at most 200).")
        elif problem := template_error(subject):
            errors[f"subject_{language}"] = problem
        if not body:
            errors[f"body_{language}"] = _("Write the message.")
        elif problem := template_error(body):
            errors[f"body_{language}"] = problem
    invite = form.get("invite", "")
    if invite not in INVITES:
        errors["invite"] = _("Choose an invite, or none.")
    values["invite"] = invite
    try:
        values["invite_days"] = int(form.get("invite_days") or 0)
        values["invite_minutes"] = int(form.get("invite_minutes") or 30)
        if not 0 <= values["invite_days"] <= 365 or not 5 <= values["invite_minutes"] <= 600:
            raise ValueError
    except ValueError:
        errors["invite_days"] = _("Give whole numbers: days after the e-mail, and minutes.")
        values.setdefault("invite_days", 0)
        values.setdefault("invite_minutes", 30)
    values["invite_time"] = form.get("invite_time", "").strip() or "16:00"
    if invite in ("lookback", "pair_call") and parse_clock(values["invite_time"]) is None:
        errors["invite_time"] = _("Give a time like 09:00.")
    values["meeting_local"] = form.get("meeting_local", "").strip()
    values["meeting_place"] = " ".join(form.get("meeting_place", "").split())[:300]
    if invite == "meeting":
        if parse_local(values["meeting_local"]) is None:
            errors["meeting_local"] = _("Give the date and time of the meeting.")
        if not values["meeting_place"]:
            errors["meeting_place"] = _("Say where the meeting is.")
    if invite == "pair_call" and audience != "pairs":
        errors["invite"] = _("A call with the pair needs the audience ‘participants in pairs’.")
    return errors, values


async def _event(event_id: int) -> Row | None:
    return (
        await Event.select(
            Event.id, Event.name, Event.slug, Event.timezone, Event.starts_at, Event.ends_at
        )
        .where(Event.id == event_id)
        .first()
    )


async def save_step(
    settings: Settings,
    event_id: int,
    form: dict[str, str],
    step_id: int | None = None,
    now: datetime | None = None,
) -> SavedStep:
    """Create or change a step and bring its outbox rows in line (queued rows move, are
    re-rendered, or are cancelled; a change raises the invite's SEQUENCE)."""
    errors, values = validate_step(form)
    if errors:
        return SavedStep(errors=errors)
    async with write_transaction():
        event = await _event(event_id)
        if event is None:
            return SavedStep(errors={"name": _("This event does not exist.")})
        values["due_at"] = step_due_at(values, event)
        sent_invites = False
        if step_id is None:
            rows = await CampaignStep.insert(CampaignStep(event=event_id, **values)).returning(
                CampaignStep.id
            )
            step_id = int(rows[0]["id"])
        else:
            current = await get_step(event_id, step_id)
            if current is None:
                return SavedStep(errors={"name": _("This step does not exist.")})
            changes = {k: v for k, v in values.items() if current[k] != v}
            sent_invites = bool(changes.keys() & STEP_INVITE_FIELDS)
            if changes:
                changes["sequence"] = current["sequence"] + 1
                if values["due_at"] != current["due_at"]:
                    changes["frozen_at"] = None
                await CampaignStep.update(
                    {getattr(CampaignStep, name): value for name, value in changes.items()}
                ).where(CampaignStep.id == step_id)
        await sync_step(settings, step_id, now=now, sent_invites=sent_invites)
    return SavedStep(id=step_id)


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
    people = await query
    gone = await services.unsubscribed_among([row["email"] for row in people])
    people = [row for row in people if row["email"].lower() not in gone]
    ids = [row["id"] for row in people]
    pledges: dict[int, list[Row]] = defaultdict(list)
    pairs: dict[int, Row] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        pledges.update(await open_pledges(part))
        pairs.update(await pairs_of(part))
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
        )
    return result


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
    }


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
    event = await _event(step["event"])
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


async def event_moved(settings: Settings, event_id: int, now: datetime | None = None) -> None:
    """The event's dates changed: every step's send time follows (queued rows move; a step
    whose time changed raises its SEQUENCE). Call inside the caller's transaction."""
    event = await _event(event_id)
    if event is None:
        return
    for step in await list_steps(event_id):
        due = step_due_at(step, event)
        if due != step["due_at"]:
            await CampaignStep.update(
                {
                    CampaignStep.due_at: due,
                    CampaignStep.sequence: step["sequence"] + 1,
                    CampaignStep.frozen_at: None,
                }
            ).where(CampaignStep.id == step["id"])
        await sync_step(settings, step["id"], now=now, sent_invites=due != step["due_at"])


async def delete_step(
    settings: Settings, event_id: int, step_id: int, now: datetime | None = None
) -> bool:
    """Delete a step: its queued rows are cancelled; recipients of an invite already sent get
    a METHOD:CANCEL (SEQUENCE + 1, same UID)."""
    async with write_transaction():
        step = await get_step(event_id, step_id)
        if step is None:
            return False
        await OutboxMessage.update({OutboxMessage.status: "cancelled"}).where(
            (OutboxMessage.kind == step_kind(step_id))
            & OutboxMessage.status.is_in(["queued", "retry"])
        )
        sent = await OutboxMessage.select(
            OutboxMessage.recipient,
            OutboxMessage.recipient_name,
            OutboxMessage.language,
            OutboxMessage.about,
            OutboxMessage.context,
            OutboxMessage.idempotency_key,
        ).where(
            (OutboxMessage.kind == step_kind(step_id))
            & OutboxMessage.status.is_in(["sent", "sending"])
        )
        for row in sent:
            context = json.loads(row["context"])
            if "invite" not in context:
                continue
            invite = InviteData.from_json(
                {**context["invite"], "method": "CANCEL", "sequence": step["sequence"] + 1}
            )
            await services.enqueue(
                settings,
                key=f"{row['idempotency_key']}:cancel",
                recipient=row["recipient"],
                recipient_name=row["recipient_name"],
                kind="campaign-cancel",
                about=row["about"],
                template="invite",
                language=row["language"],
                transactional=True,
                invite=invite,
                due_at=now,
            )
        await CampaignStep.delete().where(CampaignStep.id == step_id)
    return True


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

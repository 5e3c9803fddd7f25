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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from events.calendar.invites import InviteData
from events.db import write_transaction
from events.followup.campaign_sync import (
    STEP_INVITE_FIELDS,
    event_row,
    get_step,
    list_steps,
    step_kind,
    sync_step,
)
from events.followup.campaign_texts import template_error
from events.followup.campaign_time import parse_clock, parse_local, step_due_at
from events.followup.tables import ANCHORS, AUDIENCES, INVITES, CampaignStep
from events.outbox import services
from events.outbox.tables import OutboxMessage
from events.programme.tables import Session
from events.settings import Settings
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
    "my_programme",
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
        "my_programme": _("their workshops: times, titles, rooms, and whether they have a seat"),
    }
    return [(name, meaning[name]) for name in PLACEHOLDERS]


Row = dict[str, Any]


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
            "Beste {{ name }},\n\nMorgen is {{ event }}. Dit is je programma:\n"
            "{{ my_programme }}\n\nHet staat ook in de uitnodiging in je agenda en op je "
            "pagina.\n\nTot morgen!"
        ),
        "body_en": (
            "Dear {{ name }},\n\n{{ event }} is tomorrow. This is your programme:\n"
            "{{ my_programme }}\n\nIt is also in the invitation in your calendar and on your "
            "page.\n\nSee you tomorrow!"
        ),
    },
    {
        "name": "Hoe gaat het met je voornemen? (+14 dagen)",
        "offset_days": 14,
        "local_time": "09:00",
        "audience": "pledgers",
        "invite": "lookback",
        "invite_days": 7,
        "invite_time": "16:00",
        "subject_nl": "Hoe gaat het met je voornemen?",
        "subject_en": "How is your pledge going?",
        "body_nl": (
            "Beste {{ name }},\n\nTwee weken geleden was {{ event }}. Je nam je voor: "
            "‘{{ pledge_title }}’. Hoe gaat het daarmee?\n\nLaat het ons weten (één klik, "
            "een paar woorden):\n{{ progress_url }}\n\nIn de bijlage staat een moment in je "
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
            "Beste {{ name }},\n\nOp {{ event }} gaven jij en {{ partner_name }} elkaar een tip: "
            "‘{{ pair_title }}’. Hoe staat het ermee? In de bijlage staat een belafspraak voor "
            "jullie beiden.\n\nHebben jullie elkaar weer gesproken? Laat het weten:\n"
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
            "terechtgekomen?{% if pledge_title %} Je nam je voor: ‘{{ pledge_title }}’. "
            "Vertel hoe het ging:\n{{ progress_url }}{% endif %}\n\nJe pagina: {{ followup_url }}"
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
        "session": "",
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
    return {name: "" if step[name] is None else str(step[name]) for name in step_form_defaults()}


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
    workshop = form.get("session", "").strip()
    values["session"] = int(workshop) if workshop.isdigit() else None
    if workshop and not workshop.isdigit():
        errors["session"] = _("Choose a workshop of this event, or all.")
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
        event = await event_row(event_id)
        if event is None:
            return SavedStep(errors={"name": _("This event does not exist.")})
        if values["session"] is not None and not await Session.exists().where(
            (Session.id == values["session"]) & (Session.event == event_id)
        ):
            return SavedStep(errors={"session": _("Choose a workshop of this event, or all.")})
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


async def event_moved(settings: Settings, event_id: int, now: datetime | None = None) -> None:
    """The event's dates changed: every step's send time follows (queued rows move; a step
    whose time changed raises its SEQUENCE). Call inside the caller's transaction."""
    event = await event_row(event_id)
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

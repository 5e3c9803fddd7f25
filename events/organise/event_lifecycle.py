"""Organiser workflows for a whole event: copy it, publish it, archive it, delete it.

Copying asks every domain for its part (`events.cloning`), in one transaction. Publishing is a
step with a checklist. Deleting needs the event's name typed exactly and is refused while any
participant's personal data is still there, that is while any participant of the event is not
`erased`: `events purge` erases them once the event ended longer ago than the retention period
(or they erase themselves); a deleted event can no longer be purged or exported. Hosts of an
event that has not ended yet are told that their sessions are gone (`changes.programme_change`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from events import cloning
from events.db import write_transaction
from events.followup import campaign_sync
from events.programme import clone, event_state
from events.programme.tables import Event
from events.registration import changes
from events.registration.tables import Participant
from events.settings import Settings
from events.web.i18n import format_day, ngettext
from events.web.i18n import gettext as _

INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.exceptions.IntegrityConstraintViolationError)
DAYS_PER_MONTH = 30.44  # as `events purge` counts the retention period


@dataclass
class Outcome:
    """The id of what was made (or None) and the error messages by field name."""

    id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


async def _event(event_id: int) -> dict[str, Any] | None:
    return await Event.select().where(Event.id == event_id).first()


# --- copying --------------------------------------------------------------------------------


async def copy_event(event_id: int, values: dict[str, Any], parts: list[str]) -> Outcome:
    """Copy an event to a new date with the chosen parts (see `events.cloning.PARTS`)."""
    source = await _event(event_id)
    if source is None:
        return Outcome(errors={"name": _("This event does not exist (any more).")})
    errors, clean = await clone.check_copy(source, values)
    if errors:
        return Outcome(errors=errors)
    chosen = frozenset(part for part in parts if part in cloning.PARTS)
    try:
        async with write_transaction():
            target = await clone.insert_copy(
                source, clean["name"], clean["slug"], clean["date"], chosen
            )
            job = cloning.CopyJob(
                source=source,
                target=target,
                parts=chosen,
                days=(clean["date"] - source["date"]).days,
            )
            await cloning.copy_parts(job)
    except INTEGRITY_ERRORS as exc:
        if "slug" in str(exc).lower():
            return Outcome(
                errors={
                    "slug": _("Another event already uses this web address; choose another one.")
                }
            )
        raise
    return Outcome(id=target["id"])


# --- publishing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    required: bool


async def publish_checklist(event: dict[str, Any]) -> list[ChecklistItem]:
    """What an event needs before it is published; required items block the button."""
    programme = await event_state.programme_checklist(event)
    steps = await campaign_sync.list_steps(event["id"])
    texts = bool(steps) and all(
        step["subject_nl"] and step["subject_en"] and step["body_nl"] and step["body_en"]
        for step in steps
    )
    return [
        ChecklistItem("date", _("Date and times are set"), programme["date"], True),
        ChecklistItem("round", _("At least one round"), programme["round"], True),
        ChecklistItem(
            "window", _("Registration opening or closing moment set"), programme["window"], False
        ),
        ChecklistItem("mail", _("Follow-up mail texts in Dutch and English"), texts, False),
    ]


async def publish(event_id: int) -> list[str]:
    """Publish the event; the labels of required items still missing (nothing published)."""
    event = await _event(event_id)
    if event is None:
        return [_("This event does not exist (any more).")]
    missing = [
        item.label for item in await publish_checklist(event) if item.required and not item.done
    ]
    if not missing:
        await event_state.set_published(event_id, True)
    return missing


# --- deleting -------------------------------------------------------------------------------


def purge_date(event: dict[str, Any], settings: Settings) -> datetime:
    """From when `events purge` erases the event's participants."""
    return event["ends_at"] + timedelta(days=round(DAYS_PER_MONTH * settings.retention_months))


async def personal_data_count(event_id: int) -> int:
    """Participants of the event whose personal data is still stored (not erased)."""
    return await Participant.count().where(
        (Participant.event == event_id) & (Participant.status != "erased")
    )


def personal_data_message(count: int, event: dict[str, Any], settings: Settings) -> str:
    """Why the event cannot be deleted yet, and from when it can."""
    held = ngettext(
        "%(num)s registration still holds personal data.",
        "%(num)s registrations still hold personal data.",
        count,
    )
    when = _(
        "The event can be deleted once they are erased: `events purge` does that from "
        "%(date)s (%(months)s months after the event), or participants erase themselves.",
        date=format_day(purge_date(event, settings), event["timezone"]),
        months=settings.retention_months,
    )
    return f"{held} {when}"


async def delete_event(
    settings: Settings, event_id: int, typed_name: str, now: datetime | None = None
) -> Outcome:
    """Delete the event when its name was typed exactly and nobody's data is left in it."""
    event = await _event(event_id)
    if event is None:
        return Outcome(errors={"name": _("This event does not exist (any more).")})
    if typed_name.strip() != event["name"]:
        return Outcome(
            errors={"name": _("Type the name of the event exactly as shown to delete it.")}
        )
    async with write_transaction():
        count = await personal_data_count(event_id)
        if count:
            return Outcome(errors={"name": personal_data_message(count, event, settings)})
        if event["ends_at"] > (now or datetime.now(UTC)):
            async with changes.programme_change(settings, event_id):
                await event_state.delete_sessions(event_id)
        await event_state.delete_event(event_id)
    return Outcome(id=event_id)

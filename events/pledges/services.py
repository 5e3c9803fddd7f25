"""The rules of pledges: writing and editing one's own, consent for names, moderation, settings.

Plain values in and out. Everything participants write is stored as plain text (never HTML);
pages, the wall, the report, JSON and CSV escape it on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from events.db import write_transaction
from events.pledges.tables import (
    HIDE_REASON_LIMIT,
    MODERATION_MODES,
    STATUSES,
    TEXT_LIMIT,
    TITLE_LIMIT,
    VISIBILITIES,
    Pledge,
    PledgePractice,
    PledgeSession,
    PledgeSettings,
    PledgeTheme,
)
from events.programme.tables import PracticeExample, Session, Theme
from events.registration.tables import Participant
from events.web.i18n import gettext as _

DEFAULT_SETTINGS: dict[str, Any] = {
    "moderation_mode": "approve_first",
    "pledges_open": True,
    "report_published": False,
}


@dataclass
class PledgeForm:
    """What the pledge form sends, as text; validated by `validate`."""

    title: str = ""
    text: str = ""
    target_date: str = ""
    visibility: str = "public_anonymous"
    themes: list[int] = field(default_factory=list)
    practices: list[int] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)


@dataclass
class PledgeResult:
    """Errors per field, or the pledge that was written."""

    errors: dict[str, str] = field(default_factory=dict)
    pledge_id: int | None = None


class PledgeNotFound(Exception):
    """The pledge does not exist or is not the participant's own."""


async def event_settings(event_id: int) -> dict[str, Any]:
    """The pledge settings of an event; defaults when the organiser never changed them."""
    row = (
        await PledgeSettings.select(
            PledgeSettings.moderation_mode,
            PledgeSettings.pledges_open,
            PledgeSettings.report_published,
        )
        .where(PledgeSettings.event == event_id)
        .first()
    )
    return {**DEFAULT_SETTINGS, **(row or {})}


async def save_settings(event_id: int, **changes: Any) -> dict[str, str]:
    """Change some of moderation_mode, pledges_open, report_published; returns errors."""
    if "moderation_mode" in changes and changes["moderation_mode"] not in MODERATION_MODES:
        return {"moderation_mode": _("Choose how pledges are published.")}
    allowed = {key: changes[key] for key in DEFAULT_SETTINGS if key in changes}
    async with write_transaction():
        exists = await PledgeSettings.exists().where(PledgeSettings.event == event_id)
        if exists:
            await PledgeSettings.update(
                {getattr(PledgeSettings, key): value for key, value in allowed.items()}
            ).where(PledgeSettings.event == event_id)
        else:
            await PledgeSettings.insert(
                PledgeSettings(event=event_id, **{**DEFAULT_SETTINGS, **allowed})
            )
    return {}


def _one_line(value: str) -> str:
    return " ".join(value.split())


async def _existing_ids(table: Any, column: Any, ids: list[int], event_id: int | None) -> list[int]:
    if not ids:
        return []
    query = table.select(table.id).where(table.id.is_in(ids))
    if event_id is not None:
        query = query.where(column == event_id)
    return sorted({row["id"] for row in await query})


async def validate(
    form: PledgeForm, has_name_consent: bool
) -> tuple[dict[str, str], dict[str, Any]]:
    """Check a pledge form; returns (errors per field, cleaned values)."""
    errors: dict[str, str] = {}
    title = _one_line(form.title)
    text = form.text.replace("\r\n", "\n").strip()
    if not title:
        errors["title"] = _("Please write a short title in your own words.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _(
            "At most %(limit)s characters, please (now %(count)s).",
            limit=TITLE_LIMIT,
            count=len(title),
        )
    if len(text) > TEXT_LIMIT:
        errors["text"] = _(
            "At most %(limit)s characters, please (now %(count)s).",
            limit=TEXT_LIMIT,
            count=len(text),
        )
    target: date | None = None
    if form.target_date.strip():
        try:
            target = date.fromisoformat(form.target_date.strip())
        except ValueError:
            errors["target_date"] = _("Please give a date such as 2027-06-30.")
    if form.visibility not in VISIBILITIES:
        errors["visibility"] = _("Choose who may see your pledge.")
    elif form.visibility == "public_named" and not has_name_consent:
        errors["visibility"] = _(
            "Your name can only be shown if you agreed to that in your details. "
            "Choose 'without my name', or give that consent on your registration page first."
        )
    cleaned = {"title": title, "text": text, "target_date": target, "visibility": form.visibility}
    return errors, cleaned


async def _participant(participant_id: int) -> dict[str, Any] | None:
    return (
        await Participant.select(
            Participant.id,
            Participant.event,
            Participant.status,
            Participant.consent_public_name_at,
        )
        .where(Participant.id == participant_id)
        .first()
    )


async def _write_links(pledge_id: int, event_id: int, form: PledgeForm) -> None:
    """Replace the themes, practice examples and sessions of a pledge."""
    await PledgeTheme.delete().where(PledgeTheme.pledge == pledge_id)
    await PledgePractice.delete().where(PledgePractice.pledge == pledge_id)
    await PledgeSession.delete().where(PledgeSession.pledge == pledge_id)
    themes = await _existing_ids(Theme, None, form.themes, None)
    practices = await _existing_ids(
        PracticeExample, PracticeExample.event, form.practices, event_id
    )
    sessions = await _existing_ids(Session, Session.event, form.sessions, event_id)
    if themes:
        await PledgeTheme.insert(*[PledgeTheme(pledge=pledge_id, theme=t) for t in themes])
    if practices:
        await PledgePractice.insert(
            *[PledgePractice(pledge=pledge_id, practice=p) for p in practices]
        )
    if sessions:
        await PledgeSession.insert(*[PledgeSession(pledge=pledge_id, session=s) for s in sessions])


async def create_pledge(participant_id: int, form: PledgeForm) -> PledgeResult:
    """A participant posts a pledge; approved at once only with publish_at_once."""
    participant = await _participant(participant_id)
    if participant is None or participant["status"] != "registered":
        return PledgeResult(errors={"title": _("Only registered participants can post pledges.")})
    settings = await event_settings(participant["event"])
    if not settings["pledges_open"]:
        return PledgeResult(errors={"title": _("Pledges are closed for this event.")})
    errors, values = await validate(form, participant["consent_public_name_at"] is not None)
    if errors:
        return PledgeResult(errors=errors)
    status = "approved" if settings["moderation_mode"] == "publish_at_once" else "pending"
    async with write_transaction():
        rows = await Pledge.insert(
            Pledge(
                event=participant["event"],
                participant=participant_id,
                status=status,
                **values,
            )
        ).returning(Pledge.id)
        pledge_id = int(rows[0]["id"])
        await _write_links(pledge_id, participant["event"], form)
    return PledgeResult(pledge_id=pledge_id)


async def update_pledge(participant_id: int, pledge_id: int, form: PledgeForm) -> PledgeResult:
    """The author changes their pledge while pledges are open.

    With approve_first an approved pledge goes back to the organiser (pending), so nothing
    unapproved is ever shown; a hidden pledge stays hidden. Raises PledgeNotFound for someone
    else's pledge.
    """
    participant = await _participant(participant_id)
    pledge = (
        await Pledge.select(Pledge.id, Pledge.event, Pledge.status)
        .where((Pledge.id == pledge_id) & (Pledge.participant == participant_id))
        .first()
    )
    if participant is None or pledge is None:
        raise PledgeNotFound(pledge_id)
    settings = await event_settings(pledge["event"])
    if not settings["pledges_open"] or participant["status"] != "registered":
        return PledgeResult(
            errors={"title": _("Pledges are closed for this event: they can no longer be changed.")}
        )
    errors, values = await validate(form, participant["consent_public_name_at"] is not None)
    if errors:
        return PledgeResult(errors=errors, pledge_id=pledge_id)
    status = pledge["status"]
    if status == "approved" and settings["moderation_mode"] == "approve_first":
        status = "pending"
    async with write_transaction():
        await Pledge.update(
            {
                Pledge.title: values["title"],
                Pledge.text: values["text"],
                Pledge.target_date: values["target_date"],
                Pledge.visibility: values["visibility"],
                Pledge.status: status,
                Pledge.updated_at: datetime.now(UTC),
            }
        ).where(Pledge.id == pledge_id)
        await _write_links(pledge_id, pledge["event"], form)
    return PledgeResult(pledge_id=pledge_id)


async def moderate(event_id: int, pledge_id: int, status: str, reason: str = "") -> dict[str, str]:
    """An organiser approves or hides a pledge (hiding needs a reason); returns errors."""
    if status not in STATUSES:
        return {"status": _("Unknown status.")}
    reason = reason.strip()
    if status == "hidden" and not reason:
        return {f"reason-{pledge_id}": _("Please give a reason for hiding this pledge.")}
    if len(reason) > HIDE_REASON_LIMIT:
        return {
            f"reason-{pledge_id}": _(
                "At most %(limit)s characters, please (now %(count)s).",
                limit=HIDE_REASON_LIMIT,
                count=len(reason),
            )
        }
    async with write_transaction():
        exists = await Pledge.exists().where((Pledge.id == pledge_id) & (Pledge.event == event_id))
        if not exists:
            raise PledgeNotFound(pledge_id)
        await Pledge.update(
            {Pledge.status: status, Pledge.hide_reason: reason if status == "hidden" else ""}
        ).where(Pledge.id == pledge_id)
    return {}

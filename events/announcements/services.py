"""Announcements: drafts, the test to oneself, sending through the outbox, and the history."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from events.announcements.audiences import Audience, Reach, Recipient, reach
from events.announcements.tables import Announcement
from events.db import write_transaction
from events.outbox.services import enqueue
from events.outbox.tables import OutboxMessage
from events.programme.tables import Event
from events.settings import Settings
from events.web.i18n import gettext as _

Row = dict[str, Any]
SUBJECT_LIMIT = 200
BODY_LIMIT = 20_000


@dataclass(frozen=True)
class Draft:
    """The organiser's form, as plain values."""

    subject_nl: str
    body_nl: str
    subject_en: str
    body_en: str
    audience: Audience


def draft_errors(draft: Draft) -> dict[str, str]:
    """What is wrong with the form, per field, in the organiser's language."""
    errors: dict[str, str] = {}
    if not draft.subject_nl.strip():
        errors["subject_nl"] = _("Give the message a subject.")
    elif len(draft.subject_nl) > SUBJECT_LIMIT:
        errors["subject_nl"] = _("At most %(limit)s characters.", limit=SUBJECT_LIMIT)
    if not draft.body_nl.strip():
        errors["body_nl"] = _("Write the message.")
    elif len(draft.body_nl) > BODY_LIMIT:
        errors["body_nl"] = _("At most %(limit)s characters.", limit=BODY_LIMIT)
    if len(draft.subject_en) > SUBJECT_LIMIT:
        errors["subject_en"] = _("At most %(limit)s characters.", limit=SUBJECT_LIMIT)
    if len(draft.body_en) > BODY_LIMIT:
        errors["body_en"] = _("At most %(limit)s characters.", limit=BODY_LIMIT)
    if bool(draft.subject_en.strip()) != bool(draft.body_en.strip()):
        field = "body_en" if draft.subject_en.strip() else "subject_en"
        errors[field] = _("Fill in both the English subject and text, or neither.")
    groups = set(draft.audience.groups)
    if not groups:
        errors["audience"] = _("Choose who receives the message.")
    elif groups == {"workshops"} and not (draft.audience.sessions or draft.audience.rounds):
        errors["audience"] = _("Choose at least one workshop or round.")
    return errors


def texts_for(announcement: Row, language: str) -> tuple[str, str]:
    """Subject and text in this language; Dutch when there is no English text."""
    if language == "en" and announcement["subject_en"].strip():
        return announcement["subject_en"], announcement["body_en"]
    return announcement["subject_nl"], announcement["body_nl"]


def mail_context(announcement: Row, event: Row, language: str) -> Row:
    subject, body = texts_for(announcement, language)
    return {
        "announcement_subject": subject.strip(),
        "announcement_paragraphs": [p.strip() for p in body.strip().split("\n\n") if p.strip()],
        "event_name": event["name"],
        "test": False,
    }


async def save_draft(event_id: int, draft: Draft, author: str, draft_id: int | None = None) -> int:
    """Store (or update) a draft; returns its id."""
    values = {
        Announcement.subject_nl: draft.subject_nl.strip(),
        Announcement.body_nl: draft.body_nl.strip(),
        Announcement.subject_en: draft.subject_en.strip(),
        Announcement.body_en: draft.body_en.strip(),
        Announcement.audience: draft.audience.to_json(),
    }
    if draft_id is not None:
        await Announcement.update(values).where(
            (Announcement.id == draft_id)
            & (Announcement.event == event_id)
            & Announcement.sent_at.is_null()
        )
        return draft_id
    rows = await Announcement.insert(
        Announcement(
            event=event_id, created_by=author, **{c._meta.name: v for c, v in values.items()}
        )
    ).returning(Announcement.id)
    return int(rows[0]["id"])


async def get(event_id: int, announcement_id: int) -> Row | None:
    return (
        await Announcement.select()
        .where((Announcement.id == announcement_id) & (Announcement.event == event_id))
        .first()
    )


async def _event(event_id: int) -> Row:
    event = await Event.select(Event.id, Event.name).where(Event.id == event_id).first()
    assert event is not None
    return event


def audience_of(announcement: Row) -> Audience:
    """The stored audience of an announcement row (JSON text on SQLite, parsed on PostgreSQL)."""
    data = announcement["audience"]
    return Audience.from_json(json.loads(data or "{}") if isinstance(data, str) else data)


async def recipients_of(announcement: Row) -> Reach:
    return await reach(announcement["event"], audience_of(announcement))


async def send_test(settings: Settings, announcement: Row, address: str, name: str) -> None:
    """Mail both language versions to the organiser (marked as a test), now."""
    event = await _event(announcement["event"])
    for language in ("nl", "en") if announcement["subject_en"].strip() else ("nl",):
        context = mail_context(announcement, event, language)
        context["test"] = True
        await enqueue(
            settings,
            key=f"announcement:{announcement['id']}:test:{uuid.uuid4().hex}",
            recipient=address,
            recipient_name=name,
            kind="announcement_test",
            template="announcement",
            context=context,
            language=language,
        )


async def send(settings: Settings, announcement: Row, now: datetime | None = None) -> int:
    """Queue the announcement for everyone it reaches, once; returns how many were queued.

    Sending twice (a double click) queues nothing the second time."""
    event = await _event(announcement["event"])
    outcome = await recipients_of(announcement)
    async with write_transaction():
        claimed = (
            await Announcement.update(
                {
                    Announcement.sent_at: now or datetime.now(UTC),
                    Announcement.sent_count: len(outcome.recipients),
                    Announcement.left_out: outcome.left_out,
                }
            )
            .where((Announcement.id == announcement["id"]) & Announcement.sent_at.is_null())
            .returning(Announcement.id)
        )
        if not claimed:
            return 0
        for person in outcome.recipients:
            await _enqueue_one(settings, announcement, event, person)
    return len(outcome.recipients)


async def _enqueue_one(
    settings: Settings, announcement: Row, event: Row, person: Recipient
) -> None:
    await enqueue(
        settings,
        key=f"announcement:{announcement['id']}:{person.email.lower()}",
        recipient=person.email,
        recipient_name=person.name,
        kind="announcement",
        template="announcement",
        context=mail_context(announcement, event, person.language),
        language=person.language,
        about=f"participant:{person.participant_id}" if person.participant_id else "",
    )


async def history(event_id: int) -> list[Row]:
    """Every announcement of the event, newest first, with the outbox's counts of the sent ones."""
    rows = (
        await Announcement.select()
        .where(Announcement.event == event_id)
        .order_by(Announcement.id, ascending=False)
    )
    for row in rows:
        row["counts"] = {"queued": 0, "sent": 0, "failed": 0}
        if row["sent_at"] is None:
            continue
        statuses = await OutboxMessage.select(OutboxMessage.status).where(
            OutboxMessage.idempotency_key.like(f"announcement:{row['id']}:%")
            & (OutboxMessage.kind == "announcement")
        )
        for status in statuses:
            bucket = {
                "sent": "sent",
                "failed": "failed",
                "expired": "failed",
                "cancelled": "failed",
            }
            row["counts"][bucket.get(status["status"], "queued")] += 1
    return rows

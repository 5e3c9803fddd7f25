"""The e-mails of registration, put in the outbox inside the caller's transaction.

Every message carries the participant's invite for the event day: METHOD:REQUEST with the
registration's stable UID and its current SEQUENCE (raised on each change), or METHOD:CANCEL.
The manage link travels as a nonce; the outbox renders the link when it sends the mail.
"""

from __future__ import annotations

from typing import Any

from events.calendar.invites import InviteData
from events.followup.services import enqueue
from events.programme.tables import Event
from events.registration.tables import Participant, SeatChoice
from events.settings import Settings
from events.web.i18n import _current_language, format_clock, set_current_language


async def _participant(participant_id: int) -> dict[str, Any]:
    row = await Participant.select(
        Participant.id,
        Participant.name,
        Participant.email,
        Participant.language,
        Participant.calendar_uid,
        Participant.calendar_sequence,
        Participant.event,
    ).where(Participant.id == participant_id)
    return row[0]


async def _workshops(participant_id: int, timezone: str, language: str) -> list[dict[str, Any]]:
    choices = (
        await SeatChoice.select(
            SeatChoice.id,
            SeatChoice.session,
            SeatChoice.status,
            SeatChoice.session.title.as_alias("title"),
            SeatChoice.round.starts_at.as_alias("starts_at"),
        )
        .where(SeatChoice.participant == participant_id)
        .order_by(SeatChoice.round.starts_at)
    )
    token = set_current_language(language)
    try:
        workshops = []
        for choice in choices:
            position = None
            if choice["status"] == "waitlisted":
                position = await SeatChoice.count().where(
                    (SeatChoice.session == choice["session"])
                    & (SeatChoice.status == "waitlisted")
                    & (SeatChoice.id <= choice["id"])
                )
            workshops.append(
                {
                    "title": choice["title"],
                    "status": choice["status"],
                    "position": position,
                    "time": format_clock(choice["starts_at"], timezone),
                }
            )
    finally:
        _current_language.reset(token)
    return workshops


async def _invite(settings: Settings, participant: dict[str, Any], method: str) -> InviteData:
    event = await Event.select().where(Event.id == participant["event"]).first()
    return InviteData(
        uid=participant["calendar_uid"],
        sequence=participant["calendar_sequence"],
        summary=event["name"],
        start=event["starts_at"],
        end=event["ends_at"],
        timezone=event["timezone"],
        location=", ".join(part for part in (event["venue"], event["address"]) if part),
        url=f"{settings.base_url.rstrip('/')}/events/{event['slug']}",
        method=method,
    )


async def send(
    settings: Settings,
    participant_id: int,
    kind: str,
    key_suffix: str,
    link_nonce: str | None = None,
) -> int:
    """Queue one registration e-mail of `kind` (confirmation, link, changed, promoted,
    cancelled) for a participant, with their invite in its current state."""
    participant = await _participant(participant_id)
    invite = await _invite(settings, participant, "CANCEL" if kind == "cancelled" else "REQUEST")
    context: dict[str, Any] = {
        "kind": kind,
        "event_name": invite.summary,
        "workshops": await _workshops(participant_id, invite.timezone, participant["language"]),
    }
    if link_nonce:
        context["manage_link_nonce"] = link_nonce
    return await enqueue(
        settings,
        key=f"registration:{participant_id}:{kind}:{key_suffix}",
        recipient=participant["email"],
        recipient_name=participant["name"],
        kind=f"registration-{kind}",
        template="registration",
        context=context,
        language=participant["language"],
        about=f"participant:{participant_id}",
        invite=invite,
    )


async def promoted(settings: Settings, choice_ids: list[int]) -> None:
    """Tell each participant who moved up from a waiting list."""
    if not choice_ids:
        return
    rows = await SeatChoice.select(SeatChoice.id, SeatChoice.participant).where(
        SeatChoice.id.is_in(choice_ids)
    )
    for row in rows:
        await Participant.update(
            {Participant.calendar_sequence: Participant.calendar_sequence + 1}
        ).where(Participant.id == row["participant"])
        await send(settings, row["participant"], "promoted", str(row["id"]))


async def event_changed(settings: Settings, event_id: int) -> int:
    """The event's day or place changed: every registered participant gets an updated invite
    (same UID, SEQUENCE one higher). Call inside the transaction of the change."""
    rows = (
        await Participant.update({Participant.calendar_sequence: Participant.calendar_sequence + 1})
        .where((Participant.event == event_id) & (Participant.status == "registered"))
        .returning(Participant.id, Participant.calendar_sequence)
    )
    for row in rows:
        await send(settings, row["id"], "changed", str(row["calendar_sequence"]))
    return len(rows)

"""The e-mails of registration, put in the outbox inside the caller's transaction.

Every message carries the participant's invite for the event day: METHOD:REQUEST with the
registration's stable UID and its current SEQUENCE (raised on each change), or METHOD:CANCEL.
The manage link travels as a nonce; the outbox renders the link when it sends the mail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from events.calendar.invites import InviteData
from events.outbox.services import enqueue
from events.programme.tables import Event
from events.registration import links, mail_texts
from events.registration.seats import waitlist_position
from events.registration.tables import Participant, SeatChoice
from events.settings import Settings
from events.web.i18n import _current_language, format_clock, format_day, set_current_language
from events.web.i18n import gettext as _


async def _participant(participant_id: int) -> dict[str, Any]:
    row = await Participant.select(
        Participant.id,
        Participant.name,
        Participant.email,
        Participant.language,
        Participant.calendar_uid,
        Participant.calendar_sequence,
        Participant.event,
        Participant.status,
    ).where(Participant.id == participant_id)
    return row[0]


async def _workshops(participant_id: int, timezone: str, language: str) -> list[dict[str, Any]]:
    """The participant's personal programme: each workshop with its time, room and state."""
    choices = (
        await SeatChoice.select(
            SeatChoice.id,
            SeatChoice.session,
            SeatChoice.status,
            SeatChoice.offer_expires_at,
            SeatChoice.session.title.as_alias("title"),
            SeatChoice.session.status.as_alias("session_status"),
            SeatChoice.session.room.name.as_alias("room"),
            SeatChoice.session.round.starts_at.as_alias("starts_at"),
            SeatChoice.session.round.ends_at.as_alias("ends_at"),
        )
        .where(SeatChoice.participant == participant_id)
        .order_by(SeatChoice.session.round.starts_at)
    )
    token = set_current_language(language)
    try:
        workshops = []
        for choice in choices:
            position = None
            if choice["status"] == "waitlisted":
                position = await waitlist_position(choice["id"], choice["session"])
            status = choice["status"]
            offer = choice["offer_expires_at"]
            if choice["session_status"] == "cancelled":
                status = "cancelled"
            elif offer is not None:
                status = "offered"
            workshops.append(
                {
                    "title": choice["title"],
                    "status": status,
                    "offer_until": deadline(offer, timezone) if offer is not None else "",
                    "position": position,
                    "time": format_clock(choice["starts_at"], timezone),
                    "end": format_clock(choice["ends_at"], timezone),
                    "room": choice["room"] or "",
                }
            )
    finally:
        _current_language.reset(token)
    return workshops


def deadline(moment: datetime, timezone: str) -> str:
    """An offer's deadline as people read it: day and time in the event's time zone (in the
    current language)."""
    return f"{format_day(moment, timezone)} {format_clock(moment, timezone)}"


def personal_programme_text(workshops: list[dict[str, Any]], language: str) -> str:
    """The invite's DESCRIPTION: one line per workshop with time, room and state."""
    token = set_current_language(language)
    try:
        states = {
            "confirmed": _("confirmed"),
            "cancelled": _("cancelled, choose another one"),
        }
        lines = [_("My workshops:")] if workshops else []
        for workshop in workshops:
            if workshop["status"] == "offered":
                state = _(
                    "a seat is held for you until %(deadline)s; accept it through your link",
                    deadline=workshop["offer_until"],
                )
            else:
                state = states.get(workshop["status"]) or _(
                    "on the waiting list, number %(position)s", position=workshop["position"]
                )
            room = f" ({workshop['room']})" if workshop["room"] else ""
            lines.append(f"{workshop['time']}–{workshop['end']} {workshop['title']}{room}: {state}")
    finally:
        _current_language.reset(token)
    return "\n".join(lines)


def _invite(
    settings: Settings,
    participant: dict[str, Any],
    event: dict[str, Any],
    method: str,
    description: str = "",
) -> InviteData:
    return InviteData(
        uid=participant["calendar_uid"],
        sequence=participant["calendar_sequence"],
        summary=event["name"],
        start=event["starts_at"],
        end=event["ends_at"],
        timezone=event["timezone"],
        location=", ".join(part for part in (event["venue"], event["address"]) if part),
        description=description,
        url=f"{settings.base_url.rstrip('/')}/events/{event['slug']}",
        method=method,
    )


async def send(
    settings: Settings,
    participant_id: int,
    kind: str,
    key_suffix: str,
    link_nonce: str | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """Queue one registration e-mail of `kind` (confirmation, link, changed, promoted, offer,
    offer-expired, programme, cancelled) for a participant, with their invite in its current state.

    The invite is METHOD:CANCEL for a cancelled registration (also in a link mail, so asking
    for a link never puts a cancelled day back in the calendar), else METHOD:REQUEST whose
    DESCRIPTION lists the personal programme.
    """
    participant = await _participant(participant_id)
    event = await Event.select().where(Event.id == participant["event"]).first()
    workshops = await _workshops(participant_id, event["timezone"], participant["language"])
    cancelled = kind == "cancelled" or participant["status"] == "cancelled"
    invite = _invite(
        settings,
        participant,
        event,
        "CANCEL" if cancelled else "REQUEST",
        "" if cancelled else personal_programme_text(workshops, participant["language"]),
    )
    context: dict[str, Any] = {
        "kind": kind,
        "event_name": invite.summary,
        "registration_cancelled": cancelled,
        "workshops": workshops,
        **(extra or {}),
    }
    own = await _own_text(event, participant, kind, workshops, context, invite)
    if own:
        context["own_text"] = own
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


async def _own_text(
    event: dict[str, Any],
    participant: dict[str, Any],
    kind: str,
    workshops: list[dict[str, Any]],
    context: dict[str, Any],
    invite: InviteData,
) -> dict[str, str] | None:
    """The organiser's own subject and body of this mail in the participant's language, with
    the placeholders filled in (the link stays a marker until the mail is sent), or None."""
    language = participant["language"]
    own = None
    if kind == "confirmation" and any(w["status"] == "waitlisted" for w in workshops):
        own = await mail_texts.own_text(event["id"], "waitlisted", language)
    if own is None and kind in mail_texts.KINDS:
        own = await mail_texts.own_text(event["id"], kind, language)
    if own is None:
        return None
    return mail_texts.filled(
        own, language, participant["name"] or "", invite, workshops, context.get("changes", [])
    )


async def promoted(settings: Settings, choice_ids: list[int]) -> None:
    """Tell each participant who moved up from a waiting list: a seat is theirs now, or (with
    waiting-list offers) held for them until a deadline, with a link to accept it."""
    if not choice_ids:
        return
    rows = await SeatChoice.select(
        SeatChoice.id, SeatChoice.participant, SeatChoice.offer_expires_at
    ).where(SeatChoice.id.is_in(choice_ids))
    for row in rows:
        await Participant.update(
            {Participant.calendar_sequence: Participant.calendar_sequence + 1}
        ).where(Participant.id == row["participant"])
        if row["offer_expires_at"] is None:
            await send(settings, row["participant"], "promoted", str(row["id"]))
        else:
            await send_offer(settings, row["participant"], row["id"])


async def send_offer(settings: Settings, participant_id: int, choice_id: int) -> None:
    """The offer mail: which seat is held, until when (event's time zone), and a fresh link."""
    choice = (
        await SeatChoice.select(
            SeatChoice.offer_expires_at,
            SeatChoice.session.title.as_alias("title"),
            SeatChoice.session.event.timezone.as_alias("timezone"),
            SeatChoice.participant.language.as_alias("language"),
        )
        .where(SeatChoice.id == choice_id)
        .first()
    )
    if choice is None or choice["offer_expires_at"] is None:
        return
    token = set_current_language(choice["language"])
    try:
        until = deadline(choice["offer_expires_at"], choice["timezone"])
    finally:
        _current_language.reset(token)
    await send(
        settings,
        participant_id,
        "offer",
        str(choice_id),
        link_nonce=await links.add_link(settings, participant_id),
        extra={"offer_title": choice["title"], "offer_until": until},
    )

"""What a participant can do with their own registration: choices, profile, cancel and
reactivate, sign out everywhere, export, erase.

Every change runs in one write transaction; freed seats go to the first on the waiting list.
Each function returns what notifications need (promoted choices, the new calendar sequence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from events.db import write_transaction
from events.mail.addresses import InvalidAddress, parse_mailbox
from events.outbox.services import forget_recipient
from events.programme.tables import Theme
from events.registration import hooks, notifications, seats, window
from events.registration.links import add_link, revoke_links, unusable_hash
from events.registration.seats import ChoiceOutcome
from events.registration.services import (
    TEXT_LIMIT,
    _organisation_id,
    _validate_choices,
    choose,
    normalise_email,
    participant_event,
    participant_with_address,
)
from events.registration.tables import (
    ManageLink,
    Participant,
    ParticipantSession,
    ParticipantTheme,
    SeatChoice,
)
from events.settings import LANGUAGES, Settings
from events.web.i18n import gettext as _


@dataclass
class ChangeResult:
    """The outcome of a change: errors per field, or what changed."""

    errors: dict[str, str] = field(default_factory=dict)
    outcomes: list[ChoiceOutcome] = field(default_factory=list)
    promoted_choice_ids: list[int] = field(default_factory=list)


async def _bump_calendar(participant_id: int) -> int:
    """Raise the SEQUENCE of the participant's invite; returns the new value."""
    rows = (
        await Participant.update({Participant.calendar_sequence: Participant.calendar_sequence + 1})
        .where(Participant.id == participant_id)
        .returning(Participant.calendar_sequence)
    )
    return int(rows[0]["calendar_sequence"])


async def _drop_choice(choice: dict[str, Any]) -> list[int]:
    """Remove one choice; a confirmed seat (or one held as an offer) goes to the waiting list.
    Returns the served ids."""
    await SeatChoice.delete().where(SeatChoice.id == choice["id"])
    if choice["status"] == "confirmed" or choice.get("offer_expires_at") is not None:
        return await seats.release_seat(choice["session"])
    return []


async def change_choices(
    participant_id: int, event_id: int, wanted: list[int], settings: Settings
) -> ChangeResult:
    """Make the participant's workshops exactly `wanted` (at most one per round).

    Unchanged choices keep their seat or waiting-list place; dropped ones free their seat.
    """
    errors, sessions = await _validate_choices(event_id, wanted)
    if errors:
        return ChangeResult(errors=errors)
    result = ChangeResult()
    async with seats.guarded_transaction():
        current = await SeatChoice.select().where(SeatChoice.participant == participant_id)
        kept = {row["session"] for row in current if row["session"] in sessions}
        for row in current:
            if row["session"] not in kept:
                result.promoted_choice_ids.extend(await _drop_choice(row))
        for session_id in wanted:
            if session_id not in kept:
                result.outcomes.append(
                    await choose(participant_id, session_id, sessions[session_id]["round"])
                )
        if result.outcomes or len(kept) != len(current):
            sequence = await _bump_calendar(participant_id)
            await notifications.send(settings, participant_id, "changed", str(sequence))
        await notifications.promoted(settings, result.promoted_choice_ids)
    return result


async def cancel_registration(
    participant_id: int, settings: Settings, notify: bool = True
) -> ChangeResult:
    """Cancel the whole registration: all seats are freed and the waiting list moves up.

    The participant gets a METHOD:CANCEL for their day unless `notify` is off (erasure). A
    registration that is cancelled already stays as it is and gets no second mail.
    """
    result = ChangeResult()
    async with seats.guarded_transaction():
        for row in await SeatChoice.select().where(SeatChoice.participant == participant_id):
            result.promoted_choice_ids.extend(await _drop_choice(row))
        was_registered = (
            await Participant.update({Participant.status: "cancelled"})
            .where((Participant.id == participant_id) & (Participant.status == "registered"))
            .returning(Participant.id)
        )
        await hooks.participant_left(participant_id)
        if was_registered:
            sequence = await _bump_calendar(participant_id)
            if notify:
                await notifications.send(settings, participant_id, "cancelled", str(sequence))
        await notifications.promoted(settings, result.promoted_choice_ids)
    return result


async def reactivate_registration(participant_id: int, settings: Settings) -> int | None:
    """Take a cancelled registration back: registered again, with an updated invite (SEQUENCE
    one higher) and a confirmation mail. The old seats are gone; the person chooses again.
    Returns the new sequence, or None when the registration was not cancelled, or when the
    event takes no registrations now (window closed, or full: see `window`)."""
    async with seats.guarded_transaction():
        event = await Participant.select(Participant.event).where(Participant.id == participant_id)
        if not event or await window.refusal_now(event[0]["event"]) is not None:
            return None
        rows = (
            await Participant.update({Participant.status: "registered"})
            .where((Participant.id == participant_id) & (Participant.status == "cancelled"))
            .returning(Participant.id)
        )
        if not rows:
            return None
        sequence = await _bump_calendar(participant_id)
        await notifications.send(
            settings, participant_id, "confirmation", f"reactivated-{sequence}"
        )
        await hooks.participant_changed(settings, participant_id)
    return sequence


async def _revoke_credentials(participant_id: int) -> None:
    """No manage link, session, badge code or feed address of the participant works any more
    (a new link can be asked for; the organisers can print a new badge)."""
    await revoke_links(participant_id)
    await ParticipantSession.delete().where(ParticipantSession.participant == participant_id)
    await Participant.update({Participant.code_version: Participant.code_version + 1}).where(
        Participant.id == participant_id
    )


async def sign_out_everywhere(participant_id: int) -> None:
    """End every session of the participant and every manage link mailed to them; a new link
    can be asked for on the event's /link page."""
    async with write_transaction():
        await _revoke_credentials(participant_id)


async def delete_expired_credentials(now: datetime) -> None:
    """Forget manage links and sessions that no longer work (they only take up space)."""
    async with write_transaction():
        await ManageLink.delete().where(ManageLink.expires_at < now)
        await ParticipantSession.delete().where(ParticipantSession.expires_at < now)


@dataclass
class ProfileForm:
    name: str = ""
    organisation: str = ""
    job_title: str = ""
    language: str = "nl"
    themes: list[int] = field(default_factory=list)
    offer: str = ""
    looking_for: str = ""
    access_needs: str = ""
    consent_public_name: bool = False
    consent_follow_up: bool = False


async def update_profile(participant_id: int, form: ProfileForm) -> dict[str, str]:
    """Change profile, language and the optional consents; returns errors per field."""
    errors: dict[str, str] = {}
    if not form.name.strip():
        errors["name"] = _("Please fill in your name.")
    elif len(form.name.strip()) > 200 or "\n" in form.name or "\r" in form.name:
        errors["name"] = _("At most %(limit)s characters, please.", limit=200)
    if form.language not in LANGUAGES:
        errors["language"] = _("Choose Dutch or English.")
    for name in ("offer", "looking_for", "access_needs"):
        if len(getattr(form, name)) > TEXT_LIMIT:
            errors[name] = _("At most %(limit)s characters, please.", limit=TEXT_LIMIT)
    if errors:
        return errors
    now = datetime.now(UTC)
    async with seats.guarded_transaction():
        current = await Participant.select(
            Participant.consent_public_name_at, Participant.consent_follow_up_at
        ).where(Participant.id == participant_id)
        public_at = current[0]["consent_public_name_at"]
        follow_up_at = current[0]["consent_follow_up_at"]
        await Participant.update(
            {
                Participant.name: " ".join(form.name.split()),
                Participant.organisation: await _organisation_id(
                    form.organisation, await participant_event(participant_id)
                ),
                Participant.job_title: form.job_title.strip()[:200],
                Participant.language: form.language,
                Participant.offer: form.offer.strip(),
                Participant.looking_for: form.looking_for.strip(),
                Participant.access_needs: form.access_needs.strip(),
                Participant.consent_public_name_at: (public_at or now)
                if form.consent_public_name
                else None,
                Participant.consent_follow_up_at: (follow_up_at or now)
                if form.consent_follow_up
                else None,
            }
        ).where(Participant.id == participant_id)
        await ParticipantTheme.delete().where(ParticipantTheme.participant == participant_id)
        theme_ids = [
            row["id"]
            for row in await Theme.select(Theme.id).where(Theme.id.is_in(form.themes or [0]))
        ]
        if theme_ids:
            await ParticipantTheme.insert(
                *[ParticipantTheme(participant=participant_id, theme=theme) for theme in theme_ids]
            )
        if not form.consent_follow_up:  # new consent is picked up when a step goes out
            await hooks.participant_left(participant_id)
        # What they offer, look for and their themes feed their suggestions of people.
        await hooks.suggestions_stale([participant_id])
    return {}


async def export_data(participant_id: int) -> dict[str, Any]:
    """All personal data of one registration, for the participant to download."""
    participant = (
        await Participant.select(
            Participant.all_columns(exclude=[Participant.manage_token_hash, Participant.event]),
            Participant.organisation.name.as_alias("organisation_name"),
            Participant.event.name.as_alias("event"),
        )
        .where(Participant.id == participant_id)
        .first()
    )
    if participant is None:
        return {}
    participant.pop("organisation", None)
    themes = await ParticipantTheme.select(ParticipantTheme.theme.name.as_alias("name")).where(
        ParticipantTheme.participant == participant_id
    )
    choices = await SeatChoice.select(
        SeatChoice.session.title.as_alias("session"),
        SeatChoice.round.name.as_alias("round"),
        SeatChoice.status,
        SeatChoice.created_at,
    ).where(SeatChoice.participant == participant_id)
    return {
        "participant": {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in participant.items()
        },
        "themes": [row["name"] for row in themes],
        "workshops": [{**row, "created_at": row["created_at"].isoformat()} for row in choices],
    }


async def erase(participant_id: int, settings: Settings) -> ChangeResult:
    """Delete the personal data of a registration; keep an anonymous row for the counts.

    Seats are freed (the waiting list moves up), mail not yet sent to them is cancelled, the
    outbox forgets their address, name and message data, and every link and session ends.
    """
    async with seats.guarded_transaction():
        result = await cancel_registration(participant_id, settings, notify=False)
        erased_address = normalise_email(f"erased-{participant_id}@invalid")
        await forget_recipient(f"participant:{participant_id}", erased_address)
        await ParticipantTheme.delete().where(ParticipantTheme.participant == participant_id)
        await Participant.update(
            {
                Participant.name: "",
                Participant.email: erased_address,
                Participant.organisation: None,
                Participant.job_title: "",
                Participant.offer: "",
                Participant.looking_for: "",
                Participant.access_needs: "",
                Participant.consent_public_name_at: None,
                Participant.consent_follow_up_at: None,
                Participant.manage_token_hash: unusable_hash(),
                Participant.status: "erased",
            }
        ).where(Participant.id == participant_id)
        await _revoke_credentials(participant_id)
    return result


async def send_link_again(
    event_id: int, email: str, settings: Settings, continue_path: str = ""
) -> int | None:
    """Mail one more manage link to a registered (or cancelled) address; returns the
    participant id, or None. Links sent before keep working. `continue_path` is where the new
    link leads (checked by `links.safe_continue_path`; /me when empty or not allowed)."""
    try:
        mailbox = parse_mailbox(email)
    except InvalidAddress:
        return None
    async with seats.guarded_transaction():
        participant_id = await participant_with_address(event_id, mailbox)
        if participant_id is None:
            return None
        nonce = await add_link(settings, participant_id, continue_path)
        await notifications.send(settings, participant_id, "link", nonce, link_nonce=nonce)
    return participant_id

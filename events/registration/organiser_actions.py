"""What an organiser does for one participant: move, cancel, re-send the link, edit details,
add a registration by hand, register a walk-in, check in (for the day or a workshop) and undo.

Every action is one write transaction and tells the participant through the existing
mechanisms: a move goes through `changes.programme_change` (one mail per person whose
programme changed, invite SEQUENCE + 1, a fresh link; whoever moves up a waiting list is told
too); cancelling is `manage.cancel_registration` (METHOD:CANCEL); a link is
`links.add_link` + the "link" mail; edited details the "changed" mail with a higher SEQUENCE.
A walk-in without e-mail gets a unique address under `.invalid`, which the outbox never sends.

A seat *over capacity* is a confirmed choice beyond the session's capacity, only on an
organiser's explicit say. The counter then holds more than the capacity (the database only
forbids `taken < 0`); `take_seat` refuses everyone else until the count is below capacity
again, and the waiting list is only served from seats below capacity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from events.db import write_transaction
from events.programme.tables import Session
from events.registration import changes, links, manage, notifications, seats
from events.registration.seats import SEATED_KINDS
from events.registration.services import (
    CONSENT_TEXT_VERSION,
    LIMITS,
    TEXT_LIMIT,
    RegistrationForm,
    _organisation_id,
    _validate_fields,
    normalise_email,
    participant_event,
    register,
)
from events.registration.tables import Participant, SeatChoice, WorkshopAttendance
from events.settings import LANGUAGES, Settings
from events.web.i18n import gettext as _

WALK_IN_DOMAIN = "walk-in.invalid"


def is_placeholder_address(email: str) -> bool:
    return email.endswith("@" + WALK_IN_DOMAIN)


@dataclass
class MoveResult:
    """`full` when the workshop is full and the organiser has not decided yet (then nothing
    changed); `errors` for a move that cannot be; else the new state of the choice."""

    errors: dict[str, str] = field(default_factory=dict)
    full: bool = False
    taken: int = 0
    capacity: int = 0
    status: str = ""  # confirmed, waitlisted, removed, unchanged


async def _registered(event_id: int, participant_id: int) -> bool:
    return bool(
        await Participant.exists().where(
            (Participant.id == participant_id)
            & (Participant.event == event_id)
            & (Participant.status == "registered")
        )
    )


async def move(
    settings: Settings,
    event_id: int,
    participant_id: int,
    round_id: int,
    session_id: int | None,
    when_full: str = "",
) -> MoveResult:
    """Put the participant in `session_id` for the round (None: no workshop in that round).

    A full workshop needs `when_full`: "over" (a seat over capacity) or "waitlist"; without it
    nothing changes and the result says `full`.
    """
    if not await _registered(event_id, participant_id):
        return MoveResult(errors={"session": _("This registration is not active.")})
    session = None
    if session_id is not None:
        session = (
            await Session.select(Session.id, Session.round, Session.capacity)
            .where(
                (Session.id == session_id)
                & (Session.event == event_id)
                & (Session.round == round_id)
                & (Session.status == "scheduled")
                & (Session.kind.is_in(list(SEATED_KINDS)))
            )
            .first()
        )
        if session is None:
            return MoveResult(errors={"session": _("Choose a workshop of this round.")})
    result = MoveResult()
    async with changes.programme_change(settings, event_id) as change:
        current = (
            await SeatChoice.select(SeatChoice.id, SeatChoice.session, SeatChoice.status)
            .where((SeatChoice.participant == participant_id) & (SeatChoice.round == round_id))
            .first()
        )
        same = current is not None and current["session"] == session_id
        if session is None or (same and current["status"] == "confirmed"):
            if current is None or same:
                change.discard()
                result.status = "unchanged"
                return result
            await SeatChoice.delete().where(SeatChoice.id == current["id"])
            result.status = "removed"
            return result
        result.taken = await seats.seats_taken(session["id"], lock=True)
        result.capacity = session["capacity"] or 0
        has_room = result.taken < result.capacity
        if not has_room and when_full not in ("over", "waitlist"):
            change.discard()
            result.full = True
            return result
        status = "confirmed" if has_room or when_full == "over" else "waitlisted"
        if same and status == "waitlisted":
            change.discard()
            result.status = "unchanged"
            return result
        if current is not None:
            await SeatChoice.delete().where(SeatChoice.id == current["id"])
        await SeatChoice.insert(
            SeatChoice(
                participant=participant_id, session=session["id"], round=round_id, status=status
            )
        )
        result.status = status
    return result


async def cancel_for(settings: Settings, participant_id: int) -> None:
    """Cancel the whole registration (the participant gets the cancellation)."""
    await manage.cancel_registration(participant_id, settings)


async def send_link(settings: Settings, participant_id: int) -> bool:
    """Mail the participant one more personal link; False for a walk-in without e-mail."""
    async with write_transaction():
        row = await Participant.select(Participant.email).where(Participant.id == participant_id)
        if not row or is_placeholder_address(row[0]["email"]):
            return False
        nonce = await links.add_link(settings, participant_id)
        await notifications.send(settings, participant_id, "link", nonce, link_nonce=nonce)
    return True


@dataclass
class DetailsForm:
    name: str = ""
    organisation: str = ""
    job_title: str = ""
    language: str = "nl"
    access_needs: str = ""


def details_errors(form: DetailsForm) -> dict[str, str]:
    """The checks of the participant's own profile form."""
    errors: dict[str, str] = {}
    if not form.name.strip():
        errors["name"] = _("Please fill in the name.")
    elif len(form.name.strip()) > LIMITS["name"] or "\n" in form.name or "\r" in form.name:
        errors["name"] = _("At most %(limit)s characters, please.", limit=LIMITS["name"])
    for name in ("organisation", "job_title"):
        value = getattr(form, name)
        if len(value.strip()) > LIMITS[name]:
            errors[name] = _("At most %(limit)s characters, please.", limit=LIMITS[name])
        elif "\n" in value or "\r" in value:
            errors[name] = _("Please use a single line.")
    if form.language not in LANGUAGES:
        errors["language"] = _("Choose Dutch or English.")
    if len(form.access_needs) > TEXT_LIMIT:
        errors["access_needs"] = _("At most %(limit)s characters, please.", limit=TEXT_LIMIT)
    return errors


async def edit_details(
    settings: Settings, participant_id: int, form: DetailsForm
) -> dict[str, str]:
    """Change name, organisation, job title, language and access needs; a real change raises
    the invite's SEQUENCE and mails the participant (in their new language)."""
    errors = details_errors(form)
    if errors:
        return errors
    async with seats.guarded_transaction():
        before = await Participant.select(
            Participant.name,
            Participant.organisation,
            Participant.job_title,
            Participant.language,
            Participant.access_needs,
            Participant.status,
        ).where(Participant.id == participant_id)
        values = {
            "name": " ".join(form.name.split()),
            "organisation": await _organisation_id(
                form.organisation, await participant_event(participant_id), by_organiser=True
            ),
            "job_title": form.job_title.strip(),
            "language": form.language,
            "access_needs": form.access_needs.strip(),
        }
        if {key: before[0][key] for key in values} == values:
            return {}
        await Participant.update(
            {getattr(Participant, key): value for key, value in values.items()}
        ).where(Participant.id == participant_id)
        if before[0]["status"] == "registered":
            rows = (
                await Participant.update(
                    {Participant.calendar_sequence: Participant.calendar_sequence + 1}
                )
                .where(Participant.id == participant_id)
                .returning(Participant.calendar_sequence)
            )
            sequence = rows[0]["calendar_sequence"]
            await notifications.send(settings, participant_id, "changed", f"details-{sequence}")
    return {}


@dataclass
class AddResult:
    errors: dict[str, str] = field(default_factory=dict)
    participant_id: int | None = None
    existing_id: int | None = None  # the address is registered already


async def _existing(event_id: int, email: str) -> int | None:
    row = (
        await Participant.select(Participant.id)
        .where(
            (Participant.event == event_id)
            & (Participant.email == normalise_email(email))
            & (Participant.status != "erased")
        )
        .first()
    )
    return int(row["id"]) if row else None


async def add_by_hand(settings: Settings, event_id: int, form: RegistrationForm) -> AddResult:
    """Register somebody for them (they gave their consent to the organiser): the person gets
    the confirmation with their link and invite, as after the public form."""
    return await _add(settings, event_id, form, "organiser")


async def _add(
    settings: Settings, event_id: int, form: RegistrationForm, consent_by: str
) -> AddResult:
    """`register`, refusing a known address, noting who took the consent, in one transaction."""
    form.consent_event = True
    async with seats.guarded_transaction():
        if form.email.strip() and (existing := await _existing(event_id, form.email)):
            return AddResult(
                errors={"email": _("This address is registered already.")}, existing_id=existing
            )
        result = await register(event_id, form, settings)
        if result.errors:
            return AddResult(errors=result.errors)
        values: dict = {Participant.consent_text_version: f"{CONSENT_TEXT_VERSION}-{consent_by}"}
        if consent_by == "desk":
            values[Participant.checked_in_at] = datetime.now(UTC)
        await Participant.update(values).where(Participant.id == result.participant_id)
    return AddResult(participant_id=result.participant_id)


async def walk_in(
    settings: Settings, event_id: int, name: str, organisation: str, email: str, language: str
) -> AddResult:
    """Register somebody at the desk, checked in at once. With an e-mail address they get the
    confirmation and their link; without one nothing is ever mailed."""
    email = email.strip()
    if email:
        form = RegistrationForm(
            name=name, email=email, organisation=organisation, language=language
        )
        return await _add(settings, event_id, form, "desk")
    errors = _validate_fields(
        RegistrationForm(
            name=name,
            email=f"x@{WALK_IN_DOMAIN}",
            organisation=organisation,
            language=language,
            consent_event=True,
        )
    )
    if errors:
        return AddResult(errors=errors)
    now = datetime.now(UTC)
    async with write_transaction():
        rows = await Participant.insert(
            Participant(
                event=event_id,
                name=" ".join(name.split()),
                email=f"walk-in-{uuid.uuid4().hex}@{WALK_IN_DOMAIN}",
                organisation=await _organisation_id(organisation, event_id, by_organiser=True),
                language=language,
                consent_event_at=now,
                consent_text_version=f"{CONSENT_TEXT_VERSION}-desk",
                manage_token_hash=links.unusable_hash(),
                calendar_uid=f"registration-{uuid.uuid4()}@events",
                checked_in_at=now,
            )
        ).returning(Participant.id)
    return AddResult(participant_id=int(rows[0]["id"]))


async def check_in_day(participant_id: int) -> None:
    """Checked in for the day, now (a second check-in keeps the first time)."""
    async with write_transaction():
        await Participant.update({Participant.checked_in_at: datetime.now(UTC)}).where(
            (Participant.id == participant_id)
            & (Participant.status == "registered")
            & (Participant.checked_in_at.is_null())
        )


async def undo_check_in(participant_id: int) -> None:
    async with write_transaction():
        await Participant.update({Participant.checked_in_at: None}).where(
            Participant.id == participant_id
        )


async def check_in_workshop(event_id: int, participant_id: int, session_id: int) -> bool:
    """Seen at a workshop (once: the database keeps one row per person and workshop). Somebody
    at a workshop is at the day too, so a missing day check-in is made as well."""
    async with write_transaction():
        valid = await Session.exists().where(
            (Session.id == session_id) & (Session.event == event_id)
        ) and await _registered(event_id, participant_id)
        if not valid:
            return False
        now = datetime.now(UTC)
        await WorkshopAttendance.insert(
            WorkshopAttendance(participant=participant_id, session=session_id, checked_in_at=now)
        ).on_conflict(action="DO NOTHING")  # the (participant, session) constraint
        await Participant.update({Participant.checked_in_at: now}).where(
            (Participant.id == participant_id) & (Participant.checked_in_at.is_null())
        )
    return True


async def undo_workshop_check_in(participant_id: int, session_id: int) -> None:
    async with write_transaction():
        await WorkshopAttendance.delete().where(
            (WorkshopAttendance.participant == participant_id)
            & (WorkshopAttendance.session == session_id)
        )


async def reactivate(settings: Settings, participant_id: int) -> bool:
    return await manage.reactivate_registration(participant_id, settings) is not None

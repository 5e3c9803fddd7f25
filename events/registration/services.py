"""Registration rules: validate, register once per e-mail, take seats, hand out manage links."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from piccolo.columns.combination import WhereRaw

from events.mail import addresses
from events.programme.tables import Event, Organisation, Session, Theme
from events.registration import hooks, notifications, seats, window
from events.registration.links import add_link, unusable_hash
from events.registration.seats import SEATED_KINDS, ChoiceOutcome
from events.registration.tables import Participant, ParticipantTheme, SeatChoice
from events.settings import LANGUAGES, Settings
from events.web.i18n import gettext as _

log = logging.getLogger("events.registration")

CONSENT_TEXT_VERSION = "2026-11"
LIMITS = {"name": 200, "organisation": 200, "job_title": 200}
TEXT_LIMIT = 2000


@dataclass
class RegistrationForm:
    """What a participant fills in, as plain values (from the HTML form or the JSON API)."""

    name: str = ""
    email: str = ""
    organisation: str = ""
    job_title: str = ""
    language: str = "nl"
    themes: list[int] = field(default_factory=list)
    offer: str = ""
    looking_for: str = ""
    access_needs: str = ""
    choices: list[int] = field(default_factory=list)
    consent_event: bool = False
    consent_public_name: bool = False
    consent_follow_up: bool = False


@dataclass
class RegistrationResult:
    """The outcome: errors per field, or the participant with each choice's outcome.

    `link_nonce` makes the manage link (see `events.registration.links`); it goes into the
    outbox with the e-mail, never into a response.
    """

    errors: dict[str, str] = field(default_factory=dict)
    participant_id: int | None = None
    created: bool = False
    outcomes: list[ChoiceOutcome] = field(default_factory=list)
    link_nonce: str | None = None
    refusal: window.Refusal | None = None  # not open yet, closed or full: nothing was done


def normalise_email(email: str) -> str:
    """Lower-cased and stripped: for addresses the app makes itself (erased rows)."""
    return email.strip().lower()


def _validate_fields(form: RegistrationForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not form.name.strip():
        errors["name"] = _("Please fill in your name.")
    email_error = addresses.address_error(form.email)
    if email_error:
        errors["email"] = email_error
    for name, limit in LIMITS.items():
        if len(getattr(form, name).strip()) > limit:
            errors[name] = _("At most %(limit)s characters, please.", limit=limit)
    for name in ("offer", "looking_for", "access_needs"):
        if len(getattr(form, name)) > TEXT_LIMIT:
            errors[name] = _("At most %(limit)s characters, please.", limit=TEXT_LIMIT)
    if any("\r" in value or "\n" in value for value in (form.name, form.job_title)):
        errors.setdefault("name", _("Please use a single line."))
    if form.language not in LANGUAGES:
        errors["language"] = _("Choose Dutch or English.")
    if not form.consent_event:
        errors["consent_event"] = _("We can only register you with this consent.")
    return errors


async def _validate_choices(event_id: int, choice_ids: list[int]) -> tuple[dict[str, str], dict]:
    """Each choice must be a scheduled workshop or excursion of this event; one per round."""
    if not choice_ids:
        return {}, {}
    sessions = await Session.select(Session.id, Session.round, Session.kind).where(
        (Session.id.is_in(choice_ids))
        & (Session.event == event_id)
        & (Session.status == "scheduled")
        & (Session.kind.is_in(list(SEATED_KINDS)))
        & (Session.round.is_not_null())
    )
    by_id = {row["id"]: row for row in sessions}
    if len(by_id) != len(set(choice_ids)):
        return {"choices": _("One of the chosen workshops does not exist (any more).")}, {}
    rounds = [row["round"] for row in sessions]
    if len(rounds) != len(set(rounds)):
        return {"choices": _("Choose at most one workshop per round.")}, {}
    return {}, by_id


async def _organisation_id(
    name: str, event_id: int | None, *, by_organiser: bool = False
) -> int | None:
    """The organisation with this name (any case); a new name becomes an organisation that is
    `suggested` at this event (only its registrant sees it until an organiser accepts it), or
    `accepted` straight away when an organiser typed it."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = (
        await Organisation.select(Organisation.id)
        .where(WhereRaw("LOWER(name) = {}", name.lower()))
        .first()
    )
    if existing:
        return int(existing["id"])
    status = "accepted" if by_organiser else "suggested"
    await Organisation.insert(
        Organisation(
            name=name,
            status=status,
            suggested_at_event=None if by_organiser else event_id,
        )
    ).on_conflict(target=Organisation.name, action="DO NOTHING")
    created = await Organisation.select(Organisation.id).where(Organisation.name == name).first()
    return int(created["id"]) if created else None


async def participant_event(participant_id: int) -> int | None:
    """The event a participant registered for."""
    query = Participant.select(Participant.event).where(Participant.id == participant_id)
    row = await query.first()
    return int(row["event"]) if row else None


async def choose(participant_id: int, session_id: int, round_id: int) -> ChoiceOutcome:
    """Put a participant in a session (inside the caller's write transaction)."""
    has_seat = await seats.take_seat(session_id)
    status = "confirmed" if has_seat else "waitlisted"
    rows = await SeatChoice.insert(
        SeatChoice(participant=participant_id, session=session_id, round=round_id, status=status)
    ).returning(SeatChoice.id)
    if has_seat:
        return ChoiceOutcome(session_id=session_id, status="confirmed")
    position = await seats.waitlist_position(rows[0]["id"], session_id)
    return ChoiceOutcome(session_id=session_id, status="waitlisted", position=position)


async def check_registration(
    event_id: int, form: RegistrationForm
) -> tuple[dict[str, str], dict[int, dict]]:
    """Errors per field (reading only, the same work for every address), and the chosen
    sessions by id."""
    errors = _validate_fields(form)
    choice_errors, sessions = await _validate_choices(event_id, form.choices)
    errors.update(choice_errors)
    return errors, sessions


async def participant_with_address(event_id: int, mailbox: addresses.Mailbox) -> int | None:
    """The (not erased) participant of the event with this address, compared without case."""
    rows = await Participant.select(Participant.id).where(
        (Participant.event == event_id)
        & WhereRaw('LOWER("participant"."email") = {}', mailbox.key)
        & (Participant.status != "erased")
    )
    return int(rows[0]["id"]) if rows else None


async def register(event_id: int, form: RegistrationForm, settings: Settings) -> RegistrationResult:
    """Register a participant, or, for a known e-mail, mail them one more manage link.

    A known e-mail gets no second registration and no error either (nobody can find out who
    is registered): the existing participant, also a cancelled one, is mailed an additional
    link (the links sent before keep working). A cancelled registration is not reactivated
    here; that takes the person's own click on /me. Outside the registration window, or
    when the event is full (`window`), nothing is done and `refusal` says why.
    """
    errors, sessions = await check_registration(event_id, form)
    if errors:
        return RegistrationResult(errors=errors)
    mailbox = addresses.parse_mailbox(form.email)
    now = datetime.now(UTC)
    async with seats.guarded_transaction():
        refusal = await window.refusal_now(event_id)
        if refusal is not None:
            return RegistrationResult(errors={"registration": refusal.message}, refusal=refusal)
        existing = await participant_with_address(event_id, mailbox)
        if existing is not None:
            participant_id = existing
            nonce = await add_link(settings, participant_id)
            await notifications.send(settings, participant_id, "link", nonce, link_nonce=nonce)
            return RegistrationResult(participant_id=participant_id, link_nonce=nonce)
        confirming = await _address_confirmation(event_id)
        rows = await Participant.insert(
            Participant(
                event=event_id,
                name=" ".join(form.name.split()),
                email=mailbox.address,
                organisation=await _organisation_id(form.organisation, event_id),
                job_title=form.job_title.strip(),
                language=form.language,
                offer=form.offer.strip(),
                looking_for=form.looking_for.strip(),
                access_needs=form.access_needs.strip(),
                consent_event_at=now,
                consent_public_name_at=now if form.consent_public_name else None,
                consent_follow_up_at=now if form.consent_follow_up else None,
                consent_text_version=CONSENT_TEXT_VERSION,
                manage_token_hash=unusable_hash(),
                calendar_uid=f"registration-{uuid.uuid4()}@events",
                unconfirmed_since=now if confirming else None,
            )
        ).returning(Participant.id)
        participant_id = int(rows[0]["id"])
        nonce = await add_link(settings, participant_id)
        theme_ids = [
            row["id"]
            for row in await Theme.select(Theme.id).where(Theme.id.is_in(form.themes or [0]))
        ]
        if theme_ids:
            await ParticipantTheme.insert(
                *[ParticipantTheme(participant=participant_id, theme=theme) for theme in theme_ids]
            )
        outcomes = [
            await choose(participant_id, session_id, sessions[session_id]["round"])
            for session_id in form.choices
        ]
        await notifications.send(
            settings,
            participant_id,
            "confirmation",
            "0",
            link_nonce=nonce,
            extra={"confirm_within_hours": confirming} if confirming else None,
        )
        await hooks.participant_changed(settings, participant_id)
    return RegistrationResult(
        participant_id=participant_id, created=True, outcomes=outcomes, link_nonce=nonce
    )


async def _address_confirmation(event_id: int) -> int | None:
    """The hours a new registration has to confirm its address, when the event asks for it."""
    row = (
        await Event.select(Event.confirm_address_first, Event.unconfirmed_release_hours)
        .where(Event.id == event_id)
        .first()
    )
    if row is None or not row["confirm_address_first"]:
        return None
    return int(row["unconfirmed_release_hours"])


async def register_later(event_id: int, form: RegistrationForm, settings: Settings) -> None:
    """`register`, run after the answer went out (the JSON API), so that a new and a known
    address get the same answer in the same time. What goes wrong is logged (field names
    only: no addresses in logs)."""
    try:
        result = await register(event_id, form, settings)
    except Exception:
        log.exception("registration for event %s failed after the answer", event_id)
        return
    if result.errors:
        log.warning(
            "registration for event %s refused after the answer: %s",
            event_id,
            ", ".join(sorted(result.errors)),
        )

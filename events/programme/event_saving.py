"""Saving an event from its form: name, web address, day and hours, place, texts, and the
registration settings. Moving the day moves the rounds along (same local times)."""

from __future__ import annotations

import uuid
from datetime import date

from events.db import write_transaction
from events.programme import validation as check
from events.programme.deleting import bump_sessions
from events.programme.saved import INTEGRITY_ERRORS, Saved, integrity_error_mentions
from events.programme.tables import Event, Round, Session
from events.programme.validation import (
    DEFAULT_TIMEZONE,
    Values,
    local_moment,
    slugify,
    valid_timezone,
)
from events.web.i18n import gettext as _


async def save_event(values: Values, event_id: int | None = None) -> Saved:
    """Create or change an event. Changing its date or times moves its rounds along and bumps
    the calendar sequence of the event (and of the sessions in moved rounds).

    The registration settings (`registration_opens`, `registration_closes`, local date-times,
    and `max_participants`) and `published` are only changed when present in `values`, so a
    caller that does not know them leaves them as they are."""
    errors: dict[str, str] = {}
    name = check.line(values, "name", errors, Event.name, required=True)
    slug = _event_slug(values, name, errors)
    edition = check.whole_number(
        values, "edition", errors, required=False, minimum=1, maximum=check.MAX_EDITION
    )
    day = check.day(values, "date", errors)
    start = check.clock(values, "start_time", errors)
    end = check.clock(values, "end_time", errors)
    timezone = check.text(values, "timezone") or DEFAULT_TIMEZONE
    if not valid_timezone(timezone):
        errors["timezone"] = _("Unknown time zone; choose one from the list.")
    if start and end and end <= start:
        errors["end_time"] = _("The end must be after the start.")
    venue = check.line(values, "venue", errors, Event.venue)
    address = check.line(values, "address", errors, Event.address)
    description = check.paragraphs(values, "description", errors)
    registration = _registration_settings(values, timezone, errors)
    confirmation = _address_confirmation_settings(values, errors)
    offers = _waitlist_offer_settings(values, errors)
    if "slug" not in errors and await _slug_taken(slug, event_id):
        errors["slug"] = _("Another event already uses this web address; choose another one.")
    if errors:
        return Saved(None, errors)
    assert day and start and end
    starts_at = local_moment(day, start, timezone)
    ends_at = local_moment(day, end, timezone)
    if event_id is not None:
        errors = await check.event_hours_fit(event_id, day, timezone, starts_at, ends_at)
        if errors:
            return Saved(None, errors)
    row = {
        Event.name: name,
        Event.slug: slug,
        Event.edition: edition,
        Event.date: day,
        Event.starts_at: starts_at,
        Event.ends_at: ends_at,
        Event.timezone: timezone,
        Event.venue: venue,
        Event.address: address,
        Event.description: description,
        **registration,
        **confirmation,
        **offers,
    }
    if "published" in values or event_id is None:
        row[Event.published] = check.flag(values, "published")
    try:
        async with write_transaction():
            if event_id is None:
                created = await Event.insert(
                    Event(
                        **{column._meta.name: value for column, value in row.items()},
                        calendar_uid=f"event-{uuid.uuid4()}@events",
                    )
                ).returning(Event.id)
                return Saved(created[0]["id"], {})
            old = await Event.select().where(Event.id == event_id).first()
            if old is None:
                return Saved(None, {"name": _("This event does not exist (any more).")})
            moved = (old["date"], old["timezone"]) != (day, timezone)
            if moved or (old["starts_at"], old["ends_at"]) != (starts_at, ends_at):
                row[Event.calendar_sequence] = Event.calendar_sequence + 1
            await Event.update(row).where(Event.id == event_id)
            if moved:
                await _move_rounds(event_id, old["timezone"], day, timezone)
    except INTEGRITY_ERRORS as exc:
        if integrity_error_mentions(exc, "slug"):
            return Saved(
                None,
                {"slug": _("Another event already uses this web address; choose another one.")},
            )
        raise
    return Saved(event_id, {})


def _event_slug(values: Values, name: str, errors: dict[str, str]) -> str:
    """The web address as typed, or made from the name when left empty."""
    slug = check.line(values, "slug", errors, Event.slug)
    if not slug and "slug" not in errors:
        slug = slugify(name)
        if len(slug) > Event.slug.length:
            errors["slug"] = _(
                "The web address made from the name would be longer than %(maximum)s "
                "characters; type a shorter one.",
                maximum=Event.slug.length,
            )
    if "slug" not in errors:
        if slug and not check.SLUG_PATTERN.fullmatch(slug):
            errors["slug"] = _("Use only lowercase letters, digits and hyphens, like parade-2026.")
        elif not slug and "name" not in errors:
            errors["slug"] = _("Fill in this field.")
    return slug


def _registration_settings(values: Values, timezone: str, errors: dict[str, str]) -> dict:
    """Opening and closing moments and the total capacity, for the keys present in `values`."""
    row: dict = {}
    opens = check.optional_moment(values, "registration_opens", errors, timezone)
    closes = check.optional_moment(values, "registration_closes", errors, timezone)
    if opens and closes and closes <= opens:
        errors["registration_closes"] = _("Registration must close after it opens.")
    if "registration_opens" in values:
        row[Event.registration_opens_at] = opens
    if "registration_closes" in values:
        row[Event.registration_closes_at] = closes
    if "max_participants" in values:
        row[Event.max_participants] = check.whole_number(
            values, "max_participants", errors, required=False, minimum=1, maximum=check.MAX_SEATS
        )
    return row


MAX_RELEASE_HOURS = 24 * 30


def _address_confirmation_settings(values: Values, errors: dict[str, str]) -> dict:
    """ "Confirm the address first" and its hours, when the form has them (the hours field is
    always sent, so an unticked box is read as off only then)."""
    if "unconfirmed_release_hours" not in values:
        return {}
    hours = check.whole_number(
        values,
        "unconfirmed_release_hours",
        errors,
        required=True,
        minimum=1,
        maximum=MAX_RELEASE_HOURS,
    )
    return {
        Event.confirm_address_first: check.flag(values, "confirm_address_first"),
        Event.unconfirmed_release_hours: hours,
    }


MAX_OFFER_HOURS = 168


def _waitlist_offer_settings(values: Values, errors: dict[str, str]) -> dict:
    """ "Waiting-list offers" and their hours (1–168), when the form has them; read like the
    address confirmation above (see events.registration.offers)."""
    if "waitlist_offer_hours" not in values:
        return {}
    hours = check.whole_number(
        values, "waitlist_offer_hours", errors, required=True, minimum=1, maximum=MAX_OFFER_HOURS
    )
    return {
        Event.waitlist_offers: check.flag(values, "waitlist_offers"),
        Event.waitlist_offer_hours: hours,
    }


async def _slug_taken(slug: str, event_id: int | None) -> bool:
    query = Event.exists().where(Event.slug == slug)
    if event_id is not None:
        query = query.where(Event.id != event_id)
    return bool(await query)


async def _move_rounds(event_id: int, old_timezone: str, day: date, timezone: str) -> None:
    """Keep each round's local times, on the event's new date (or in its new time zone)."""
    for slot in await check.rounds_after_move(event_id, old_timezone, day, timezone):
        await Round.update({Round.starts_at: slot.starts_at, Round.ends_at: slot.ends_at}).where(
            Round.id == slot.id
        )
        await bump_sessions(Session.round == slot.id)

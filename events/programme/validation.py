"""Checking organisers' input to the programme, before anything is written.

Two kinds of checks live here. Reading a form value: one-line fields refuse line breaks and
texts longer than their column; numbers stay within a sensible maximum (far inside the
32-bit integers of the database); ids of choices are whole numbers an id can be. And rules
between rows: a round lies within its event's hours and overlaps no other round of the event,
and a host is in one place at a time (sessions count when their round's time overlaps; a
cancelled session still holds its host, so reinstating it cannot double-book anyone). The
readers and checks record their message under the field's name in `errors` (the host and
event-hours rules return theirs for the caller to place); `services` writes only when
`errors` stays empty. Rounds are refused, not merely warned about, when they leave the event's
hours: a round outside the day would put workshops outside the day invite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from piccolo.columns import Varchar

from events.programme.tables import Event, Room, Round, SessionHost
from events.web.i18n import format_clock
from events.web.i18n import gettext as _

Values = Mapping[str, Any]

DEFAULT_TIMEZONE = "Europe/Amsterdam"
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
WEBSITE_PATTERN = re.compile(r"https?://[^\s/]+\.\S+")
# Every character str.splitlines() breaks on: CR, LF, VT, FF, FS, GS, RS, NEL, LS and PS.
LINE_BREAK = re.compile("[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Control characters no text of ours needs (tab, CR and LF are allowed in multi-line text);
# PostgreSQL cannot even store NUL.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
MAX_ID = 2**31 - 1  # ids are PostgreSQL serials (32-bit); no row has a larger one
MAX_SEATS = 100_000
MAX_EDITION = 1_000
MAX_TEXT = 20_000  # characters of a multi-line text (a description, a story)
FIRST_YEAR, LAST_YEAR = 1970, 2999


# --- reading form values -------------------------------------------------------------------


def text(values: Values, key: str) -> str:
    """The value as typed, without surrounding white space ("" when missing)."""
    raw = values.get(key)
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    return str(raw or "").strip()


def line(
    values: Values, key: str, errors: dict[str, str], column: Varchar, *, required: bool = False
) -> str:
    """A one-line text that fits its Varchar column: no line breaks, no control characters."""
    value = text(values, key)
    if not value:
        if required:
            errors[key] = _("Fill in this field.")
    elif LINE_BREAK.search(value):
        errors[key] = _("Please use a single line.")
    elif CONTROL_CHARACTER.search(value):
        errors[key] = _("Remove the control characters from this text.")
    else:
        too_long(value, key, errors, column.length)
    return value


def too_long(value: str, key: str, errors: dict[str, str], maximum: int) -> bool:
    """Record "at most N characters" when `value` is longer than `maximum`."""
    if len(value) <= maximum:
        return False
    errors[key] = _(
        "Use at most %(maximum)s characters (this text has %(length)s).",
        maximum=maximum,
        length=len(value),
    )
    return True


def paragraphs(values: Values, key: str, errors: dict[str, str]) -> str:
    """A multi-line text: line breaks are kept, control characters and huge texts refused."""
    value = text(values, key)
    if CONTROL_CHARACTER.search(value):
        errors[key] = _("Remove the control characters from this text.")
    else:
        too_long(value, key, errors, MAX_TEXT)
    return value


def lines(values: Values, key: str, errors: dict[str, str]) -> str:
    """Text with one item per line, blank lines and surrounding spaces removed."""
    value = paragraphs(values, key, errors)
    return "\n".join(item.strip() for item in value.splitlines() if item.strip())


def flag(values: Values, key: str) -> bool:
    return text(values, key).lower() in {"1", "on", "true", "yes"}


def whole_number(
    values: Values,
    key: str,
    errors: dict[str, str],
    *,
    required: bool,
    maximum: int,
    minimum: int = 0,
) -> int | None:
    """A whole number from `minimum` to `maximum`, or None when empty and not required."""
    value = text(values, key)
    if not value:
        if required:
            errors[key] = _("Fill in this field.")
        return None
    if not WHOLE_NUMBER.fullmatch(value):
        number = None
    elif len(value) > 20:  # far beyond any maximum; int() of thousands of digits is slow
        number = minimum - 1 if value.startswith("-") else maximum + 1
    else:
        number = int(value)
    if number is None or number < minimum:
        errors[key] = _("Enter a whole number of %(minimum)s or more.", minimum=minimum)
        return None
    if number > maximum:
        errors[key] = _("Enter a whole number of at most %(maximum)s.", maximum=maximum)
        return None
    return number


def day(values: Values, key: str, errors: dict[str, str]) -> date | None:
    value = text(values, key)
    if not value:
        errors[key] = _("Fill in this field.")
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        errors[key] = _("Enter a date as YYYY-MM-DD.")
        return None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        errors[key] = _(
            "Enter a date from the year %(first)s to %(last)s.", first=FIRST_YEAR, last=LAST_YEAR
        )
        return None
    return parsed


def clock(values: Values, key: str, errors: dict[str, str]) -> time | None:
    value = text(values, key)
    if not value:
        errors[key] = _("Fill in this field.")
        return None
    try:
        return time.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        errors[key] = _("Enter a time as HH:MM.")
        return None


def _id(value: str) -> int | None:
    """A string that can be the id of a row, as a number."""
    if not value.isascii() or not value.isdigit() or len(value) > 10 or int(value) > MAX_ID:
        return None
    return int(value)


def ids(values: Values, key: str, errors: dict[str, str]) -> list[int]:
    """The chosen ids of a multiple-choice field, without duplicates."""
    raw = values.get(key) or []
    if isinstance(raw, str):
        raw = [raw]
    chosen: list[int] = []
    for item in raw:
        value = str(item).strip()
        if not value:
            continue
        number = _id(value)
        if number is None:
            errors[key] = _("Choose one of the options.")
            return []
        if number not in chosen:
            chosen.append(number)
    return chosen


def optional_id(values: Values, key: str, errors: dict[str, str]) -> int | None:
    value = text(values, key)
    if not value:
        return None
    number = _id(value)
    if number is None:
        errors[key] = _("Choose one of the options.")
    return number


def website(values: Values, key: str, errors: dict[str, str], column: Varchar) -> str:
    value = line(values, key, errors, column)
    if value and key not in errors and not WEBSITE_PATTERN.fullmatch(value):
        errors[key] = _("Enter a web address that starts with https:// or http://.")
    return value


def email(values: Values, key: str, errors: dict[str, str], column: Varchar) -> str:
    value = line(values, key, errors, column)
    if value and key not in errors and not EMAIL_PATTERN.fullmatch(value):
        errors[key] = _("Enter an e-mail address like name@example.org.")
    return value


def slugify(value: str) -> str:
    """`Schuldpreventie & armoede` → `schuldpreventie-armoede`."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_timezone(name: str) -> bool:
    return name in _known_timezones()


@cache
def timezone_choices() -> tuple[str, ...]:
    """Every zoneinfo name for the time zone list, Europe/Amsterdam first, the rest sorted."""
    rest = sorted(name for name in _known_timezones() if name != DEFAULT_TIMEZONE)
    return (DEFAULT_TIMEZONE, *rest)


def optional_moment(
    values: Values, key: str, errors: dict[str, str], timezone: str
) -> datetime | None:
    """An optional local date and time ("2026-03-01T09:00", as a datetime-local field sends
    it) in the event's time zone, as a UTC datetime; None when empty."""
    value = text(values, key)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        errors[key] = _("Enter a date and time as YYYY-MM-DD HH:MM.")
        return None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        errors[key] = _(
            "Enter a date from the year %(first)s to %(last)s.", first=FIRST_YEAR, last=LAST_YEAR
        )
        return None
    if not valid_timezone(timezone):
        return None
    return local_moment(parsed.date(), parsed.time().replace(second=0, microsecond=0), timezone)


def local_moment(on: date, at: time, timezone: str) -> datetime:
    """A local date and time in the event's time zone, as a UTC datetime."""
    return datetime.combine(on, at, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


async def _existing_ids(table: Any, chosen: list[int], *extra: Any) -> set[int]:
    query = table.select(table.id).where(table.id.is_in(chosen))
    for condition in extra:
        query = query.where(condition)
    return {row["id"] for row in await query}


async def existing(
    table: Any, chosen: list[int], key: str, errors: dict[str, str], *extra: Any
) -> None:
    """Refuse ids that do not exist (or do not belong to this event)."""
    if chosen and await _existing_ids(table, chosen, *extra) != set(chosen):
        errors[key] = _("Choose one of the options.")


# --- rules between rows --------------------------------------------------------------------


class Slot(NamedTuple):
    """A round's place in time, as it is or as it would be after a change."""

    id: int
    name: str
    starts_at: datetime
    ends_at: datetime


def span(starts_at: datetime, ends_at: datetime, timezone: str) -> str:
    """`10:00–11:00` in the event's time zone."""
    return f"{format_clock(starts_at, timezone)}–{format_clock(ends_at, timezone)}"


def round_within_hours(
    event: Mapping[str, Any], starts_at: datetime, ends_at: datetime, errors: dict[str, str]
) -> None:
    """A round must lie within the event's hours (and so on its day)."""
    if event["starts_at"] <= starts_at and ends_at <= event["ends_at"]:
        return
    key = "start_time" if starts_at < event["starts_at"] else "end_time"
    errors[key] = _(
        "The event runs from %(start)s to %(end)s; a round must lie within those hours.",
        start=format_clock(event["starts_at"], event["timezone"]),
        end=format_clock(event["ends_at"], event["timezone"]),
    )


async def round_overlap(
    event: Mapping[str, Any],
    starts_at: datetime,
    ends_at: datetime,
    round_id: int | None,
    errors: dict[str, str],
) -> None:
    """Rounds of one event follow each other; touching (end = next start) is fine."""
    query = Round.select(Round.name, Round.starts_at, Round.ends_at).where(
        (Round.event == event["id"]) & (Round.starts_at < ends_at) & (Round.ends_at > starts_at)
    )
    if round_id is not None:
        query = query.where(Round.id != round_id)
    other = await query.order_by(Round.starts_at).first()
    if other is None:
        return
    key = "start_time" if other["starts_at"] <= starts_at else "end_time"
    errors[key] = _(
        "This round overlaps “%(round)s” (%(hours)s).",
        round=other["name"],
        hours=span(other["starts_at"], other["ends_at"], event["timezone"]),
    )


async def workshop_fits(
    round_id: int | None, room_id: int | None, capacity: int | None, errors: dict[str, str]
) -> None:
    """A workshop needs a round and a number of seats that fits its room."""
    if round_id is None and "round" not in errors:
        errors["round"] = _("A workshop needs a round.")
    if capacity is None and "capacity" not in errors:
        errors["capacity"] = _("A workshop needs a number of seats.")
    if capacity is not None and room_id and not {"room", "capacity"} & errors.keys():
        room = await Room.select(Room.name, Room.capacity).where(Room.id == room_id).first()
        if room and capacity > room["capacity"]:
            errors["capacity"] = _(
                "%(room)s has only %(seats)s seats.", room=room["name"], seats=room["capacity"]
            )


async def host_clash(
    hosts: list[int], starts_at: datetime, ends_at: datetime, *exclude: Any
) -> str | None:
    """The message when one of `hosts` already hosts a session in a round that overlaps
    starts_at..ends_at (sessions without a round take no time); `exclude` narrows the other
    sessions (not this one, not this round's)."""
    if not hosts:
        return None
    other = SessionHost.session
    query = SessionHost.select(
        SessionHost.person.name.as_alias("person_name"),
        other.title.as_alias("title"),
        other.round.starts_at.as_alias("starts_at"),
        other.round.ends_at.as_alias("ends_at"),
        other.event.timezone.as_alias("timezone"),
    ).where(
        SessionHost.person.is_in(hosts)
        & (other.round.starts_at < ends_at)
        & (other.round.ends_at > starts_at)
    )
    for condition in exclude:
        query = query.where(condition)
    clash = await query.order_by(other.round.starts_at).first()
    if clash is None:
        return None
    return _(
        "%(person)s already hosts “%(session)s” at that time (%(hours)s).",
        person=clash["person_name"],
        session=clash["title"],
        hours=span(clash["starts_at"], clash["ends_at"], clash["timezone"]),
    )


async def round_hosts(round_id: int) -> list[int]:
    """The people who host a session in this round."""
    rows = await SessionHost.select(SessionHost.person).where(SessionHost.session.round == round_id)
    return sorted({row["person"] for row in rows})


async def rounds_after_move(
    event_id: int, old_timezone: str, new_day: date, timezone: str
) -> list[Slot]:
    """The event's rounds with their local times kept, on `new_day` in `timezone`."""
    old_zone = ZoneInfo(old_timezone)
    rows = await Round.select(Round.id, Round.name, Round.starts_at, Round.ends_at).where(
        Round.event == event_id
    )
    return [
        Slot(
            row["id"],
            row["name"],
            local_moment(new_day, row["starts_at"].astimezone(old_zone).time(), timezone),
            local_moment(new_day, row["ends_at"].astimezone(old_zone).time(), timezone),
        )
        for row in rows
    ]


def slots_within_hours(
    slots: list[Slot], starts_at: datetime, ends_at: datetime, timezone: str
) -> dict[str, str]:
    """Errors of the event form when new hours would leave a round outside them."""
    for slot in sorted(slots, key=lambda item: item.starts_at):
        if starts_at <= slot.starts_at and slot.ends_at <= ends_at:
            continue
        key = "start_time" if slot.starts_at < starts_at else "end_time"
        return {
            key: _(
                "“%(round)s” (%(hours)s) would fall outside the event's hours; "
                "change or delete that round first.",
                round=slot.name,
                hours=span(slot.starts_at, slot.ends_at, timezone),
            )
        }
    return {}


async def event_hours_fit(
    event_id: int, day: date, timezone: str, starts_at: datetime, ends_at: datetime
) -> dict[str, str]:
    """Errors when the event's new day or hours would leave one of its rounds outside them,
    or put a host of one of its sessions in two places at once (in another event)."""
    old = await Event.select().where(Event.id == event_id).first()
    if old is None:
        return {}
    unchanged = (old["date"], old["timezone"], old["starts_at"], old["ends_at"])
    if unchanged == (day, timezone, starts_at, ends_at):
        return {}
    slots = await rounds_after_move(event_id, old["timezone"], day, timezone)
    errors = slots_within_hours(slots, starts_at, ends_at, timezone)
    if errors or (old["date"], old["timezone"]) == (day, timezone):
        return errors
    for slot in slots:
        clash = await host_clash(
            await round_hosts(slot.id),
            slot.starts_at,
            slot.ends_at,
            SessionHost.session.event != event_id,
        )
        if clash:
            return {"date": clash}
    return {}


async def hosts_elsewhere(round_id: int, hosts: list[int], session_id: int | None) -> str | None:
    """The message when a host already hosts another session at the time of this round."""
    slot = await Round.select(Round.starts_at, Round.ends_at).where(Round.id == round_id).first()
    if slot is None:
        return None
    others = [] if session_id is None else [SessionHost.session != session_id]
    return await host_clash(hosts, slot["starts_at"], slot["ends_at"], *others)

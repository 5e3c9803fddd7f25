"""Shared calendar building blocks: a new VCALENDAR, and serialising it with its VTIMEZONE.

Feeds (`feeds.py`) and invites (`invites.py`) both start from `new_calendar` and end with
`to_ics`, so every .ics has the same PRODID and a VTIMEZONE for the TZID its times use.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from icalendar import Calendar, Timezone

PRODID = "-//events//PraktijkVoorbeeldenParade//NL"
# Line breaks (everything str.splitlines() breaks on) and other control characters.
_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` with its line breaks and control characters turned into single spaces.

    For one-line properties (a calendar's name, a SUMMARY): the forms refuse line breaks there,
    but older rows may have them, and icalendar asserts (a 500) on a raw line break in
    X-WR-CALNAME instead of escaping it; a name on two lines means nothing to a calendar.
    """
    return " ".join(_BREAKS.sub(" ", text).split())


def new_calendar(method: str, name: str | None = None, uid: str | None = None) -> Calendar:
    """An empty VCALENDAR with our PRODID, the given METHOD and optionally X-WR-CALNAME
    (and NAME), flattened to one line.

    Pass a stable `uid` for a feed; without one icalendar makes a random calendar UID.
    """
    calendar = Calendar.new(prodid=PRODID, method=method, uid=uid)
    name = one_line(name or "")
    if name:
        calendar.add("X-WR-CALNAME", name)
        calendar.add("NAME", name)
    return calendar


@lru_cache(maxsize=64)
def _timezone_ics(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of `tzid` for a span of years, made and serialised by icalendar once:
    building it is slow, and it is the same in every calendar that uses the zone."""
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    ).to_ical()


def to_ics(calendar: Calendar, tzid: str, first: datetime, last: datetime) -> bytes:
    """The .ics of `calendar` with the VTIMEZONE for `tzid` (covering first..last, a year of
    margin either side) placed before its first component, as clients expect."""
    ics = calendar.to_ical()
    timezone = _timezone_ics(tzid, first.year - 1, last.year + 1)
    # Property values are escaped (a line break in a value is written as backslash-n), so a
    # line that starts with BEGIN: is the first component; without components the zone goes
    # before END:VCALENDAR.
    at = ics.find(b"\r\nBEGIN:")
    at = at + 2 if at >= 0 else ics.rindex(b"END:VCALENDAR")
    return ics[:at] + timezone + ics[at:]

"""Shared calendar building blocks: a new VCALENDAR and cached VTIMEZONE components.

Feeds (`feeds.py`) and invites (`invites.py`) both start from `new_calendar` and end with
`to_ics`, so every .ics has the same PRODID and a VTIMEZONE for each TZID it uses.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from functools import lru_cache

from icalendar import Calendar, Timezone

PRODID = "-//events//PraktijkVoorbeeldenParade//NL"


def new_calendar(method: str, name: str | None = None, uid: str | None = None) -> Calendar:
    """An empty VCALENDAR with our PRODID, the given METHOD and optionally X-WR-CALNAME.

    Pass a stable `uid` for a feed; without one icalendar makes a random calendar UID.
    """
    calendar = Calendar.new(prodid=PRODID, method=method, uid=uid)
    if name:
        calendar.add("X-WR-CALNAME", name)
        calendar.add("NAME", name)
    return calendar


@lru_cache(maxsize=64)
def _timezone_component(tzid: str, first_year: int, last_year: int) -> Timezone:
    """Building a VTIMEZONE is slow; build it once per zone and span of years."""
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )


def add_timezone(calendar: Calendar, tzid: str, first: datetime, last: datetime) -> None:
    """Put the VTIMEZONE for `tzid` (covering first..last) at the top of the calendar."""
    component = copy.deepcopy(_timezone_component(tzid, first.year - 1, last.year + 1))
    calendar.subcomponents.insert(0, component)


def to_ics(calendar: Calendar) -> bytes:
    return calendar.to_ical()

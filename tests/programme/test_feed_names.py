"""Line breaks stored in names before the forms refused them do not break the .ics feeds:
the calendar's name and each SUMMARY come out on one line."""

from __future__ import annotations

import re
from typing import Any

from icalendar import Calendar
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.programme.tables import Event, Session
from tests.programme.conftest import SLUG
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_manage import registered

Client = AsyncTestClient[Litestar]
BROKEN_NAME = "Parade\nSociaal Domein\r\n2026"
BROKEN_TITLE = "Regiebox:\u2028snel hulp\u0085bij schulden\r"


async def fetch_calendar(client: Client, path: str) -> Calendar:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> list[str]:
    return sorted(str(item["SUMMARY"]) for item in calendar.walk("VEVENT"))


async def test_programme_and_session_feeds_flatten_old_line_breaks(
    client: Client, parade: dict[str, Any]
) -> None:
    await Event.update({Event.name: BROKEN_NAME}).where(Event.slug == SLUG)
    await Session.update({Session.title: BROKEN_TITLE}).where(Session.id == parade["workshop"])

    programme = await fetch_calendar(client, f"/events/{SLUG}/programme.ics")
    assert str(programme["X-WR-CALNAME"]) == "Parade Sociaal Domein 2026"
    assert str(programme["NAME"]) == "Parade Sociaal Domein 2026"
    assert "Regiebox: snel hulp bij schulden" in summaries(programme)

    session = await fetch_calendar(client, f"/events/{SLUG}/sessions/{parade['workshop']}.ics")
    assert str(session["X-WR-CALNAME"]) == (
        "Regiebox: snel hulp bij schulden · Parade Sociaal Domein 2026"
    )
    assert summaries(session) == ["Regiebox: snel hulp bij schulden"]


async def test_the_personal_feed_flattens_old_line_breaks(client: Client) -> None:
    event_id = await make_event()
    workshop = await make_workshop(event_id, await make_round(event_id, "Ronde 1", 9), "X", 5)
    await Event.update({Event.name: BROKEN_NAME}).where(Event.id == event_id)
    await Session.update({Session.title: BROKEN_TITLE}).where(Session.id == workshop)
    _participant, link = await registered(event_id, "anna@example.org", [workshop])
    await client.get(link)
    feed_path = re.search(
        r'href="http://testserver.local(/feeds/[^"]+\.ics)"', (await client.get("/me")).text
    )
    assert feed_path

    calendar = await fetch_calendar(client, feed_path.group(1))

    assert "\n" not in str(calendar["X-WR-CALNAME"])
    assert "Parade Sociaal Domein 2026" in str(calendar["X-WR-CALNAME"])
    assert summaries(calendar) == ["Parade Sociaal Domein 2026", "Regiebox: snel hulp bij schulden"]

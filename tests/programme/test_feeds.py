"""Calendar feeds: the whole programme and one session, parsed back with icalendar."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.programme.conftest import ANNA_EMAIL, BERT_EMAIL, SLUG

Client = AsyncTestClient[Litestar]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


async def fetch_calendar(client: Client, path: str) -> Calendar:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


async def test_programme_feed(client: Client, parade: dict[str, Any]) -> None:
    calendar = await fetch_calendar(client, f"/events/{SLUG}/programme.ics")
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "PraktijkVoorbeeldenParade 2026"
    timezones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert timezones == ["Europe/Amsterdam"]

    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        "session-opening@example.org",
        "session-regiebox@example.org",
        "session-almere@example.org",
        "session-leerdam@example.org",
        "session-binthout@example.org",
    }
    for event in events.values():
        assert "DTSTAMP" in event
        for name in ("DTSTART", "DTEND"):
            assert event[name].params["TZID"] == "Europe/Amsterdam"

    workshop = events["session-regiebox@example.org"]
    assert str(workshop["SUMMARY"]) == "Regiebox: snel hulp bij schulden"
    assert workshop["SEQUENCE"] == 2
    assert workshop["DTSTART"].dt == datetime(2026, 6, 11, 10, 15, tzinfo=AMSTERDAM)
    assert workshop["DTEND"].dt == datetime(2026, 6, 11, 11, 15, tzinfo=AMSTERDAM)
    assert str(workshop["LOCATION"]) == "Zaal A, Stadhuis Leeuwarden"
    assert "Hoe Waadhoeke schulden voorkomt." in str(workshop["DESCRIPTION"])
    assert str(workshop["URL"]) == (
        f"http://testserver.local/events/{SLUG}/sessions/{parade['workshop']}"
    )
    assert str(workshop["STATUS"]) == "CONFIRMED"

    assert str(events["session-almere@example.org"]["STATUS"]) == "CANCELLED"
    stand = events["session-binthout@example.org"]
    assert stand["DTSTART"].dt == datetime(2026, 6, 11, 9, 30, tzinfo=AMSTERDAM)
    assert stand["DTEND"].dt == datetime(2026, 6, 11, 17, 0, tzinfo=AMSTERDAM)
    assert "Anna de Vries (Gemeente Waadhoeke)" in str(workshop["DESCRIPTION"])
    feed = (await client.get(f"/events/{SLUG}/programme.ics")).text
    assert ANNA_EMAIL not in feed and BERT_EMAIL not in feed


async def test_session_feed(client: Client, parade: dict[str, Any]) -> None:
    calendar = await fetch_calendar(client, f"/events/{SLUG}/sessions/{parade['workshop']}.ics")
    assert calendar["METHOD"] == "PUBLISH"
    events = calendar.walk("VEVENT")
    assert [str(event["UID"]) for event in events] == ["session-regiebox@example.org"]
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


async def test_cancelled_session_feed(client: Client, parade: dict[str, Any]) -> None:
    calendar = await fetch_calendar(client, f"/events/{SLUG}/sessions/{parade['cancelled']}.ics")
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1

"""The programme's write rules (events/programme/services.py) that pages alone cannot show."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

from events.programme import services
from events.programme.tables import Event, Round, Session
from tests.organise.helpers import EVENT_FORM, build_parade, snapshot

ROOT = Path(__file__).resolve().parents[2]


async def test_the_database_refuses_a_double_booking_the_check_missed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two organisers at once: both pass the friendly check, the unique constraint decides."""
    ids = await build_parade()

    async def nobody_there(*_args: object) -> bool:
        return False

    monkeypatch.setattr(services, "room_taken", nobody_there)
    before = await snapshot()
    result = await services.save_session(
        ids["event"],
        {
            "kind": "workshop",
            "title": "Dubbel geboekt",
            "round": str(ids["round"]),
            "room": str(ids["room"]),
            "capacity": "5",
            "themes": [str(ids["theme"])],
        },
    )
    assert result == services.Saved(None, {"room": "Deze zaal heeft in deze ronde al een sessie"})
    assert await snapshot() == before


async def test_session_changes_that_matter_bump_the_calendar_sequence() -> None:
    ids = await build_parade()
    values = {
        "kind": "workshop",
        "title": "Samen tegen schulden",
        "round": str(ids["round"]),
        "room": str(ids["room"]),
        "capacity": "15",
    }

    async def sequence() -> int:
        row = await Session.select(Session.calendar_sequence).where(Session.id == ids["session"])
        return row[0]["calendar_sequence"]

    await services.save_session(ids["event"], {**values, "description": "Nieuw"}, ids["session"])
    assert await sequence() == 0
    await services.save_session(ids["event"], {**values, "title": "Schuldenvrij"}, ids["session"])
    assert await sequence() == 1
    await services.save_session(ids["event"], {**values, "room": ""}, ids["session"])
    assert await sequence() == 2
    await services.set_session_status(ids["event"], ids["session"], "cancelled")
    await services.set_session_status(ids["event"], ids["session"], "cancelled")
    assert await sequence() == 3


async def test_moving_the_event_moves_its_rounds_and_bumps_sequences() -> None:
    ids = await build_parade()
    result = await services.save_event({**EVENT_FORM, "date": "2026-10-06"}, ids["event"])
    assert result.ok
    event = await Event.select().where(Event.id == ids["event"]).first()
    assert event["calendar_sequence"] == 1
    assert event["starts_at"] == datetime(2026, 10, 6, 7, 30, tzinfo=UTC)
    round_ = await Round.select().where(Round.id == ids["round"]).first()
    assert round_["starts_at"] == datetime(2026, 10, 6, 8, 0, tzinfo=UTC)  # still 10:00 local
    session = await Session.select().where(Session.id == ids["session"]).first()
    assert session["calendar_sequence"] == 1
    moved_form = {**EVENT_FORM, "date": "2026-10-06"}
    unchanged = await services.save_event({**moved_form, "venue": "Elders"}, ids["event"])
    assert unchanged.ok
    event = await Event.select().where(Event.id == ids["event"]).first()
    assert event["calendar_sequence"] == 1


async def test_a_room_cannot_shrink_below_its_workshops() -> None:
    ids = await build_parade()
    result = await services.save_room(
        ids["event"], {"name": "Zaal A", "capacity": "10"}, ids["room"]
    )
    assert result.errors == {
        "capacity": "Een workshop in deze zaal heeft 15 plaatsen; "
        "de zaal kan er niet minder hebben."
    }
    assert (
        await services.save_room(ids["event"], {"name": "Zaal A", "capacity": "15"}, ids["room"])
    ).ok


async def test_a_workshop_needs_a_round_and_other_events_rows_are_refused() -> None:
    ids = await build_parade()
    other = await services.save_event({**EVENT_FORM, "slug": "andere-parade"})
    result = await services.save_session(
        other.id, {"kind": "workshop", "title": "X", "room": str(ids["room"]), "capacity": "3"}
    )
    assert result.errors == {
        "room": "Kies een van de mogelijkheden.",
        "round": "Een workshop heeft een ronde nodig.",
    }


def test_every_text_of_the_organiser_pages_has_a_dutch_translation() -> None:
    sources = [
        *sorted((ROOT / "templates" / "organise").glob("*.html")),
        *sorted((ROOT / "events" / "organise").glob("*.py")),
        ROOT / "events" / "programme" / "services.py",
        ROOT / "events" / "programme" / "validation.py",
    ]
    translated = set()
    for catalog in (ROOT / "events").glob("**/locale/nl.po"):
        with catalog.open("rb") as handle:
            translated |= {message.id for message in read_po(handle) if message.string}
    used = set()
    for source in sources:
        method = "python" if source.suffix == ".py" else "jinja2"
        options = {} if method == "python" else {"extensions": "jinja2.ext.i18n"}
        with source.open("rb") as handle:
            used |= {
                message if isinstance(message, str) else message[0]
                for _line, message, _comments, _context in extract(
                    method, handle, keywords={"_": None, "gettext": None}, options=options
                )
            }
    assert len(used) > 100
    assert used - translated == set()

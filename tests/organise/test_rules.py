"""The programme's write rules (events/programme/services.py) that pages alone cannot show."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

from events.programme import services
from events.programme.tables import Event, Round, Session
from tests.organise.helpers import EVENT_FORM, build_parade, created, snapshot

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


# --- what the timing rules still allow, and clashes across events ---------------------------


def round_form(name: str, start: str, end: str) -> dict[str, str]:
    return {"name": name, "start_time": start, "end_time": end}


async def test_rounds_may_touch_and_a_round_may_be_changed_in_place() -> None:
    ids = await build_parade()  # Ronde 1 is 10:00–11:00; the event runs 09:30–16:30
    assert (await services.save_round(ids["event"], round_form("Ronde 0", "09:30", "10:00"))).ok
    assert (await services.save_round(ids["event"], round_form("Ronde 2", "11:00", "16:30"))).ok
    moved = await services.save_round(
        ids["event"], round_form("Ronde 1", "10:00", "10:55"), ids["round"]
    )
    assert moved.ok
    refused = await services.save_round(
        ids["event"], round_form("Ronde 1", "10:00", "11:30"), ids["round"]
    )
    assert refused.errors == {"end_time": "Deze ronde overlapt met “Ronde 2” (11:00–16:30)."}


async def test_a_host_may_host_a_stand_without_a_round_and_sessions_in_other_rounds() -> None:
    ids = await build_parade()
    anna = [str(ids["person"])]
    later = created(
        await services.save_round(ids["event"], round_form("Ronde 2", "11:00", "12:00"))
    )
    stand = {"kind": "stand", "title": "Kraam", "hosts": anna}
    assert (await services.save_session(ids["event"], stand)).ok
    workshop = {
        "kind": "workshop",
        "title": "Later",
        "round": str(later),
        "room": str(ids["room"]),
        "capacity": "5",
        "hosts": anna,
    }
    assert (await services.save_session(ids["event"], workshop)).ok
    same = {
        "kind": "workshop",
        "title": "Samen tegen schulden",
        "round": str(ids["round"]),
        "room": str(ids["room"]),
        "capacity": "15",
        "hosts": anna,
    }
    assert (await services.save_session(ids["event"], same, ids["session"])).ok
    clash = await services.save_session(ids["event"], {**same, "round": str(later)}, ids["session"])
    assert clash.errors == {
        "hosts": "Anna de Vries verzorgt op dat moment al “Later” (11:00–12:00).",
        "room": "Deze zaal heeft in deze ronde al een sessie",
    }


async def test_a_host_cannot_be_in_two_events_at_the_same_time() -> None:
    """Another event on another day: moving it onto the day of Anna's workshop is refused."""
    ids = await build_parade()
    other = created(
        await services.save_event({**EVENT_FORM, "slug": "andere", "date": "2026-04-15"})
    )
    round_ = created(await services.save_round(other, round_form("Ochtend", "10:30", "11:30")))
    talk = {"kind": "plenary", "title": "Opening", "round": str(round_)}
    created(await services.save_session(other, {**talk, "hosts": [str(ids["person"])]}))
    before = await snapshot()

    moved = await services.save_event({**EVENT_FORM, "slug": "andere", "date": "2026-04-14"}, other)

    message = "Anna de Vries verzorgt op dat moment al “Samen tegen schulden” (10:00–11:00)."
    assert moved.errors == {"date": message}
    assert await snapshot() == before
    assert (
        await services.save_event({**EVENT_FORM, "slug": "andere", "date": "2026-04-16"}, other)
    ).ok


async def test_moving_the_event_keeps_rounds_that_still_fit() -> None:
    ids = await build_parade()
    wider = {**EVENT_FORM, "date": "2026-04-21", "start_time": "10:00", "end_time": "11:00"}
    assert (await services.save_event(wider, ids["event"])).ok
    round_ = await Round.select().where(Round.id == ids["round"]).first()
    assert round_["starts_at"] == datetime(2026, 4, 21, 8, 0, tzinfo=UTC)
    too_short = {**wider, "date": "2026-04-28", "end_time": "10:30"}
    result = await services.save_event(too_short, ids["event"])
    assert result.errors == {
        "end_time": "“Ronde 1” (10:00–11:00) zou buiten de tijden van het evenement vallen; "
        "wijzig of verwijder eerst die ronde."
    }
    assert (await Round.select().where(Round.id == ids["round"]).first()) == round_


async def test_moving_a_round_onto_a_hosts_other_session_is_refused() -> None:
    """A second event on the same day, in the afternoon: its round cannot move onto the hour
    in which its host is busy at the first event."""
    ids = await build_parade()
    other = created(await services.save_event({**EVENT_FORM, "slug": "middag"}))
    afternoon = round_form("Middag", "13:00", "14:00")
    round_ = created(await services.save_round(other, afternoon))
    talk = {"kind": "plenary", "title": "Afsluiting", "round": str(round_)}
    created(await services.save_session(other, {**talk, "hosts": [str(ids["person"])]}))

    moved = await services.save_round(other, round_form("Middag", "10:30", "11:30"), round_)

    assert moved.errors == {
        "start_time": "Anna de Vries verzorgt op dat moment al “Samen tegen schulden” "
        "(10:00–11:00)."
    }
    assert (await services.save_round(other, round_form("Middag", "11:00", "12:00"), round_)).ok

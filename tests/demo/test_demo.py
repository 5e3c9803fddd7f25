"""The demo parade: complete, plausible, idempotent, atomic, and loadable from the CLI."""

from __future__ import annotations

from collections import Counter
from datetime import time
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from events.demo import data
from events.demo.loader import load_demo
from events.programme.tables import (
    Event,
    Organisation,
    Person,
    PracticeExample,
    PracticeTheme,
    Room,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
    Theme,
)

PROGRAMME_TABLES = (
    Theme,
    Organisation,
    Person,
    Event,
    Room,
    Round,
    PracticeExample,
    Session,
    PracticeTheme,
    SessionTheme,
    SessionPractice,
    SessionHost,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


async def _row_counts() -> dict[str, int]:
    return {table._meta.tablename: await table.count() for table in PROGRAMME_TABLES}


async def _sessions_by_kind() -> dict[str, list[dict]]:
    rows = await Session.select(
        Session.id,
        Session.kind,
        Session.round,
        Session.room,
        Session.capacity,
        Session.calendar_uid,
        Session.round.name,
    )
    kinds: dict[str, list[dict]] = {}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row)
    return kinds


async def test_the_demo_is_one_published_upcoming_parade_with_enough_content() -> None:
    summary = await load_demo()

    events = await Event.select()
    assert len(events) == 1
    event = events[0]
    assert event["name"] == "PraktijkVoorbeeldenParade Sociaal Domein 2027"
    assert event["published"] and event["edition"] == 4
    assert event["timezone"] == "Europe/Amsterdam"
    assert event["date"].weekday() < 5 and event["date"].year == 2027
    assert event["starts_at"].astimezone(AMSTERDAM).time() == time(9, 30)
    assert event["ends_at"].astimezone(AMSTERDAM).time() == time(16, 30)
    assert event["starts_at"].utcoffset().total_seconds() == 0, "times are stored in UTC"

    rounds = {row["name"]: row for row in await Round.select()}
    assert len(rounds) == 5
    opening = rounds["Plenaire opening"]
    assert opening["starts_at"].astimezone(AMSTERDAM).time() == time(9, 30)
    assert opening["ends_at"].astimezone(AMSTERDAM).time() == time(10, 15)

    rooms = await Room.select()
    assert 5 <= len(rooms) <= 6
    assert all(15 <= room["capacity"] <= 60 for room in rooms)

    practices = await PracticeExample.select()
    assert len(practices) >= 12
    assert all(p["organisation"] and p["contact"] for p in practices)
    assert all(p["summary"] and p["body"] and p["results"] for p in practices)
    themed = {row["practice"] for row in await PracticeTheme.select(PracticeTheme.practice)}
    assert themed == {p["id"] for p in practices}
    titles = " ".join(p["title"] for p in practices)
    for name in ("Regiebox", "Dalfsen", "Binthout", "DOOR", "Leerdam", "Selwerd"):
        assert name in titles
    assert await Theme.count() >= 8

    kinds = await _sessions_by_kind()
    workshops = kinds["workshop"]
    assert len(workshops) >= 8
    assert len({w["round"] for w in workshops}) == 3
    assert all(w["room"] and w["capacity"] for w in workshops)
    stands = kinds["stand"]
    assert len(stands) >= 10
    assert all(s["round"] is None and s["room"] is None for s in stands)
    (excursion,) = kinds["excursion"]
    assert excursion["round"] and excursion["capacity"]
    assert {p["round.name"] for p in kinds["plenary"]} == {
        "Plenaire opening",
        "Plenaire afsluiting",
    }

    presented = {row["session"] for row in await SessionPractice.select(SessionPractice.session)}
    hosted = {row["session"] for row in await SessionHost.select(SessionHost.session)}
    for session in workshops + stands + [excursion]:
        assert session["id"] in presented and session["id"] in hosted

    public = await Person.select().where(Person.public_profile == True)  # noqa: E712
    assert len(public) == 3
    assert all(p["motto"] and p["links"] and p["story"] for p in public)

    assert summary == (
        f"Demo parade ready: 1 event, {len(practices)} practice examples, 5 rounds, "
        f"{await Session.count()} sessions, {await Person.count()} people"
    )


async def test_a_second_load_adds_no_rows_and_keeps_the_uids() -> None:
    await load_demo()
    counts = await _row_counts()
    uids = {row["calendar_uid"]: row["id"] for row in await Session.select()}
    event_uid = await Event.select(Event.calendar_uid).first()

    lines: list[str] = []
    summary = await load_demo(progress=lines.append)

    assert await _row_counts() == counts
    assert {row["calendar_uid"]: row["id"] for row in await Session.select()} == uids
    assert await Event.select(Event.calendar_uid).first() == event_uid
    assert all(uid.endswith("@demo.events") for uid in uids)
    assert "Themes: 8 (0 new)" in lines
    assert not [line for line in lines if "new)" in line and "(0 new)" not in line]
    assert summary.startswith("Demo parade ready: 1 event")


async def test_a_second_load_keeps_what_an_organiser_changed() -> None:
    await load_demo()
    await Event.update({Event.description: "Aangepast door de organisator."}, force=True)
    await load_demo()
    event = await Event.select(Event.description).first()
    assert event["description"] == "Aangepast door de organisator."


async def test_demo_people_are_invented_and_only_reachable_at_example_org() -> None:
    await load_demo()
    people = await Person.select(Person.name, Person.email, Person.links)
    assert people
    assert all(person["email"].endswith("@example.org") for person in people)
    assert len({person["email"] for person in people}) == len(people)
    real_names = (
        "Gertru",
        "Diender",
        "Diana Piek",
        "Pim van Vliet",
        "Bunnik",
        "Marius Hendriks",
        "Nooijen",
        "ter Meer",
        "ter Beest",
        "Markslag",
        "Christa Slim",
        "Rijswijk",
        "Marielle Don",
        "Hogendorp",
    )
    everything = " ".join(f"{p['name']} {p['links']}" for p in people)
    for text in (data.PAIRS, data.PLEDGES):
        everything += repr(text)
    for name in real_names:
        assert name not in everything
    assert "leiden.nl" not in everything and "vijfheerenlanden.nl" not in everything


async def test_workshops_fit_their_rooms_and_rooms_are_not_double_booked() -> None:
    await load_demo()
    sessions = await Session.select(
        Session.title, Session.kind, Session.capacity, Session.round, Session.room
    ).where(Session.room.is_not_null())
    rooms = {row["id"]: row["capacity"] for row in await Room.select()}
    for session in sessions:
        assert session["capacity"] is not None
        assert session["capacity"] <= rooms[session["room"]], session["title"]
    per_room_and_round = Counter((s["round"], s["room"]) for s in sessions)
    assert per_room_and_round and max(per_room_and_round.values()) == 1


async def test_a_failing_load_leaves_nothing_behind() -> None:
    def fail_at_sessions(line: str) -> None:
        if line.startswith("Sessions"):
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        await load_demo(progress=fail_at_sessions)
    assert set((await _row_counts()).values()) == {0}


def test_events_demo_on_the_command_line_prints_progress_and_summary() -> None:
    from events.cli import main

    runner = CliRunner()
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    assert "Themes: 8 (8 new)" in first.output
    assert "Follow-up campaign: 4 steps (new)" in first.output
    assert "Demo parade ready: 1 event, " in first.output.splitlines()[-1]

    second = runner.invoke(main, ["demo"])
    assert second.exit_code == 0, second.output
    assert "Themes: 8 (0 new)" in second.output
    assert "Follow-up campaign" not in second.output
    assert second.output.splitlines()[-1] == first.output.splitlines()[-1]


async def test_demo_wall_and_report_show_the_report_pledges_and_pairs(client) -> None:
    await load_demo()
    await load_demo()

    wall = await client.get("/events/parade-2027/wall")
    report = await client.get("/events/parade-2027/report")

    for page in (wall, report):
        assert page.status_code == 200
        assert "Twee vliegen in één klap" in page.text
        assert "Netwerkmakelaar &amp; Filmavonden" in page.text

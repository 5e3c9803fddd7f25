"""Copying an event: the demo parade copied to a new date keeps its structure and local times,
gets new calendar UIDs, and takes nobody's registration, pledge, pair or mail along."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events import cloning
from events.demo.loader import load_demo
from events.followup.tables import CampaignStep
from events.organise import event_lifecycle
from events.outbox.tables import OutboxMessage
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge, PledgeSettings
from events.programme.tables import (
    Event,
    PracticeExample,
    PracticeTheme,
    Room,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
)
from events.registration.tables import MailText, Participant, SeatChoice
from events.settings import load_settings
from tests.conftest import post_form
from tests.registration.test_manage import registered

NEW_DATE = date(2028, 3, 21)
ZONE = ZoneInfo("Europe/Amsterdam")


async def _demo_with_a_booking() -> dict[str, Any]:
    """The demo parade (with its campaign) plus one registration that holds a seat."""
    await load_demo(settings=load_settings())
    event = await Event.select().where(Event.slug == "parade-2027").first()
    workshop = (
        await Session.select(Session.id)
        .where((Session.event == event["id"]) & (Session.kind == "workshop"))
        .first()
    )
    await registered(event["id"], "booked@example.org", [workshop["id"]])
    return event


async def _structure(event_id: int) -> dict[str, Any]:
    sessions = await Session.select().where(Session.event == event_id).order_by(Session.title)
    session_ids = [row["id"] for row in sessions] or [0]
    practices = [
        row["id"] for row in await PracticeExample.select().where(PracticeExample.event == event_id)
    ] or [0]
    rounds = await Round.select().where(Round.event == event_id).order_by(Round.starts_at)
    return {
        "rounds": [
            (
                row["name"],
                row["starts_at"].astimezone(ZONE).time(),
                row["ends_at"].astimezone(ZONE).time(),
            )
            for row in rounds
        ],
        "round_dates": {row["starts_at"].astimezone(ZONE).date() for row in rounds},
        "rooms": sorted(
            (row["name"], row["capacity"])
            for row in await Room.select().where(Room.event == event_id)
        ),
        "sessions": [(row["title"], row["kind"], row["capacity"]) for row in sessions],
        "session_uids": {row["calendar_uid"] for row in sessions},
        "session_sequences": {row["calendar_sequence"] for row in sessions},
        "practices": await PracticeExample.count().where(PracticeExample.event == event_id),
        "steps": sorted(
            (row["name"], row["subject_nl"], row["offset_days"])
            for row in await CampaignStep.select().where(CampaignStep.event == event_id)
        ),
        "hosts": await SessionHost.count().where(SessionHost.session.is_in(session_ids)),
        "session_themes": await SessionTheme.count().where(SessionTheme.session.is_in(session_ids)),
        "session_practices": await SessionPractice.count().where(
            SessionPractice.session.is_in(session_ids)
        ),
        "practice_themes": await PracticeTheme.count().where(
            PracticeTheme.practice.is_in(practices)
        ),
        "participants": await Participant.count().where(Participant.event == event_id),
        "choices": await SeatChoice.count().where(SeatChoice.session.is_in(session_ids)),
        "pledges": await Pledge.count().where(Pledge.event == event_id),
        "pairs": await Pair.count().where(Pair.event == event_id),
    }


async def test_a_copy_of_the_demo_parade_has_its_structure_on_the_new_date() -> None:
    source = await _demo_with_a_booking()
    before = await _structure(source["id"])
    outbox_before = await OutboxMessage.count()
    members_before = await PairMember.count()
    assert before["participants"] and before["choices"] and before["pledges"] and before["pairs"]
    assert outbox_before and before["steps"] and before["hosts"] and before["session_themes"]

    outcome = await event_lifecycle.copy_event(
        source["id"],
        {"name": "Parade 2028", "slug": "parade-2028", "date": NEW_DATE.isoformat()},
        list(cloning.PARTS),
    )

    assert outcome.ok, outcome.errors
    copy = await Event.select().where(Event.id == outcome.id).first()
    after = await _structure(copy["id"])
    for key in ("rounds", "rooms", "sessions", "practices", "steps", "hosts"):
        assert after[key] == before[key], key
    for key in ("session_themes", "session_practices", "practice_themes"):
        assert after[key] == before[key], key
    assert after["round_dates"] == {NEW_DATE} and before["round_dates"] == {source["date"]}
    assert copy["date"] == NEW_DATE
    assert copy["starts_at"].astimezone(ZONE).time() == source["starts_at"].astimezone(ZONE).time()
    assert copy["ends_at"].astimezone(ZONE).time() == source["ends_at"].astimezone(ZONE).time()
    # Nobody came along: no participants, seat choices, pledges, pairs or mail.
    assert (after["participants"], after["choices"], after["pledges"], after["pairs"]) == (
        0,
        0,
        0,
        0,
    )
    assert await OutboxMessage.count() == outbox_before
    assert await PairMember.count() == members_before
    # New calendar identities, starting over; a draft with the source's text.
    assert copy["calendar_uid"] != source["calendar_uid"] and copy["calendar_sequence"] == 0
    assert not after["session_uids"] & before["session_uids"]
    assert len(after["session_uids"]) == len(before["sessions"])
    assert after["session_sequences"] == {0}
    assert copy["published"] is False and copy["archived_at"] is None
    assert copy["description"] == source["description"]
    assert copy["edition"] == source["edition"] + 1
    steps = await CampaignStep.select().where(CampaignStep.event == copy["id"])
    assert {step["sequence"] for step in steps} == {0}
    for step in steps:  # after the new date, or (reminders) the given days before it
        due_day = step["due_at"].astimezone(ZONE).date()
        if step["anchor"] == "start":
            assert (NEW_DATE - due_day).days == step["offset_days"]
        else:
            assert due_day > NEW_DATE
    settings = await PledgeSettings.select().where(PledgeSettings.event == copy["id"]).first()
    assert settings is not None and settings["report_published"] is False


async def test_only_the_chosen_parts_are_copied() -> None:
    source = await _demo_with_a_booking()

    outcome = await event_lifecycle.copy_event(
        source["id"],
        {"name": "Alleen rondes", "slug": "alleen-rondes", "date": "2028-01-10"},
        ["rounds_rooms", "sessions", "unknown-part"],
    )

    assert outcome.ok, outcome.errors
    after = await _structure(outcome.id)
    before = await _structure(source["id"])
    assert after["rounds"] == before["rounds"] and after["sessions"] == before["sessions"]
    assert (after["practices"], after["steps"], after["session_themes"]) == (0, [], 0)
    assert after["session_practices"] == 0 and after["hosts"] == before["hosts"]
    copy = await Event.select().where(Event.id == outcome.id).first()
    assert copy["description"] == ""
    descriptions = await Session.select(Session.description).where(Session.event == outcome.id)
    assert {row["description"] for row in descriptions} == {""}


async def test_own_mail_texts_come_along_with_the_texts_only() -> None:
    source = await _demo_with_a_booking()
    own = MailText(event=source["id"], kind="confirmation", language="nl")
    own.subject, own.body = "Welkom, [naam]", "Tot dan! [mijn link]"
    await MailText.insert(own)

    with_texts = await event_lifecycle.copy_event(
        source["id"], {"name": "Met", "slug": "met-teksten", "date": "2028-01-10"}, ["texts"]
    )
    without = await event_lifecycle.copy_event(
        source["id"], {"name": "Zonder", "slug": "zonder-teksten", "date": "2028-01-11"}, []
    )

    assert with_texts.ok and without.ok
    copied = await MailText.select(MailText.subject, MailText.body).where(
        MailText.event == with_texts.id
    )
    assert copied == [{"subject": "Welkom, [naam]", "body": "Tot dan! [mijn link]"}]
    assert await MailText.count().where(MailText.event == without.id) == 0


async def test_sessions_without_rounds_and_rooms_keep_no_place() -> None:
    source = await _demo_with_a_booking()

    outcome = await event_lifecycle.copy_event(
        source["id"], {"name": "Kaal", "slug": "kaal", "date": "2028-01-10"}, ["sessions"]
    )

    assert outcome.ok, outcome.errors
    rows = await Session.select(Session.round, Session.room).where(Session.event == outcome.id)
    assert rows and all(row["round"] is None and row["room"] is None for row in rows)
    assert await Round.count().where(Round.event == outcome.id) == 0


async def test_the_copy_needs_a_free_web_address_and_another_date() -> None:
    source = await _demo_with_a_booking()
    events_before = await Event.count()

    taken = await event_lifecycle.copy_event(
        source["id"], {"name": "X", "slug": "parade-2027", "date": "2028-01-10"}, []
    )
    same_day = await event_lifecycle.copy_event(
        source["id"], {"name": "X", "slug": "vrij", "date": source["date"].isoformat()}, []
    )
    empty = await event_lifecycle.copy_event(source["id"], {"name": "", "slug": "", "date": ""}, [])

    assert "slug" in taken.errors and "date" in same_day.errors
    assert {"name", "slug", "date"} <= empty.errors.keys()
    assert await Event.count() == events_before


async def test_the_organiser_copies_from_the_event_page(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    source = await _demo_with_a_booking()
    page = await organiser_client.get(f"/organise/events/{source['id']}")
    assert "Kopiëren" in page.text and "Rondes en zalen" in page.text

    response = await post_form(
        organiser_client,
        f"/organise/events/{source['id']}/copy",
        {
            "name": "Parade 2028",
            "slug": "parade-2028",
            "date": "2028-03-21",
            "parts": ["rounds_rooms", "sessions"],
        },
    )

    assert response.status_code == 200
    assert "<h1" in response.text and "Parade 2028" in response.text
    assert "concept" in response.text
    copy = await Event.select().where(Event.slug == "parade-2028").first()
    assert str(response.url).endswith(f"/organise/events/{copy['id']}")
    refused = await post_form(
        organiser_client,
        f"/organise/events/{source['id']}/copy",
        {"name": "Nog een", "slug": "parade-2028", "date": "2028-03-22"},
    )
    assert refused.status_code == 400
    assert "Een ander evenement gebruikt dit webadres al" in refused.text


def test_each_domain_registers_its_own_cloner() -> None:
    assert cloning.cloners() == ["programme", "followup", "pledges", "registration"]

"""Waiting-list offers: a freed seat is held for the first person waiting, who accepts or
declines it on /me; an offer nobody answers lapses on the clock and moves on. Real outbox,
real SMTP server, the mails parsed back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.engine.postgres import PostgresEngine

from events import piccolo_conf
from events.programme.tables import Event, Room
from events.registration import manage, offers, seats
from events.registration.notifications import deadline
from events.registration.services import RegistrationForm, register
from events.registration.tables import Participant, SeatChoice, SessionSeats
from events.settings import load_settings
from events.web.i18n import _current_language, set_current_language
from tests.conftest import post_form
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.mailbox import deliver, invite_of, link_in, text_of

SETTINGS = load_settings()
LATER = timedelta(hours=49)


@pytest.fixture
async def connection_pool() -> AsyncIterator[None]:
    """Concurrent writers on PostgreSQL share a pool, as the app does."""
    engine = piccolo_conf.DB
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(max_size=20)
    yield
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


async def a_full_workshop(
    capacity: int = 1, people: int = 3, offers_on: bool = True, hours: int = 48
) -> tuple[int, int, list[int]]:
    """An event whose one workshop is full, with the rest waiting: (event, workshop, people)."""
    event_id = await make_event()
    await Event.update({Event.waitlist_offers: offers_on, Event.waitlist_offer_hours: hours}).where(
        Event.id == event_id
    )
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", capacity)
    registered = []
    for name in ["anna", "bram", "carla", "dirk", "eva", "fleur"][:people]:
        result = await register(
            event_id,
            RegistrationForm(
                name=name.title(),
                email=f"{name}@example.org",
                consent_event=True,
                choices=[workshop],
            ),
            SETTINGS,
        )
        registered.append(result.participant_id)
    return event_id, workshop, registered


async def choice(participant_id: int) -> dict:
    row = await SeatChoice.select().where(SeatChoice.participant == participant_id).first()
    return row or {}


async def taken(workshop: int) -> int:
    row = await SessionSeats.select(SessionSeats.taken).where(SessionSeats.session == workshop)
    return int(row[0]["taken"])


def by_address(messages: list) -> dict:
    return {message["To"].addresses[0].addr_spec: message for message in messages}


def dutch_deadline(moment: datetime) -> str:
    token = set_current_language("nl")
    try:
        return deadline(moment, "Europe/Amsterdam")
    finally:
        _current_language.reset(token)


async def test_a_cancelled_seat_is_offered_and_accepting_it_confirms_with_a_new_invite(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    event_id, workshop, (anna, bram, carla) = await a_full_workshop()
    await deliver(smtp)
    before = datetime.now(UTC)

    await manage.cancel_registration(anna, SETTINGS)

    offer = await choice(bram)
    assert offer["status"] == "waitlisted" and offer["offer_expires_at"] is not None
    assert before + timedelta(hours=48) <= offer["offer_expires_at"]
    assert offer["offer_expires_at"] <= datetime.now(UTC) + timedelta(hours=48)
    assert await taken(workshop) == 1, "the offered seat stays taken"
    late = await register(
        event_id,
        RegistrationForm(
            name="Dirk", email="dirk@example.org", consent_event=True, choices=[workshop]
        ),
        SETTINGS,
    )
    assert late.outcomes[0].status == "waitlisted", "nobody else gets the held seat"
    mails = by_address(await deliver(smtp))
    assert set(mails) == {"anna@example.org", "bram@example.org", "dirk@example.org"}
    offer_mail = mails["bram@example.org"]
    until = dutch_deadline(offer["offer_expires_at"])
    assert offer_mail["Subject"] == f"Er is een plaats vrij voor je: neem hem aan vóór {until}"
    assert "Er is een plaats vrijgekomen in Binthout" in text_of(offer_mail)
    assert f"tot {until}" in text_of(offer_mail)
    _method, offered_invite = invite_of(offer_mail)
    assert f"vastgehouden tot {until}" in str(offered_invite["DESCRIPTION"])

    # Bram opens his link: /me shows the offer; looking changes nothing.
    page = await client.get(link_in(offer_mail))
    assert "Plaats aannemen" in page.text and "Afslaan" in page.text
    assert (await choice(bram))["offer_expires_at"] is not None
    refused = await client.post(f"/me/offers/{offer['id']}/accept")
    assert refused.status_code == 403, "no CSRF token, no change"
    accepted = await post_form(client, f"/me/offers/{offer['id']}/accept", {})
    assert "De plaats is van jou" in accepted.text

    confirmed = await choice(bram)
    assert confirmed["status"] == "confirmed" and confirmed["offer_expires_at"] is None
    assert await taken(workshop) == 1
    (promotion,) = await deliver(smtp)
    assert promotion["To"].addresses[0].addr_spec == "bram@example.org"
    method, invite = invite_of(promotion)
    assert method == "REQUEST"
    assert int(invite["SEQUENCE"]) == int(offered_invite["SEQUENCE"]) + 1
    assert "Binthout (Room Binthout): bevestigd" in text_of(promotion)
    again = await post_form(client, f"/me/offers/{offer['id']}/accept", {})
    assert "Dit aanbod staat niet meer open" in again.text
    assert (await choice(carla))["offer_expires_at"] is None


async def test_declining_passes_the_offer_on_and_with_nobody_left_the_seat_is_free(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    event_id, workshop, (anna, bram, carla) = await a_full_workshop()
    await manage.cancel_registration(anna, SETTINGS)
    offer_mail = by_address(await deliver(smtp))["bram@example.org"]
    await client.get(link_in(offer_mail))
    offer = await choice(bram)

    declined = await post_form(client, f"/me/offers/{offer['id']}/decline", {})

    assert "Je hebt de plaats afgeslagen" in declined.text
    assert await choice(bram) == {}, "who declines leaves the waiting list"
    assert (await choice(carla))["offer_expires_at"] is not None
    assert await taken(workshop) == 1
    mails = by_address(await deliver(smtp))
    assert set(mails) == {"bram@example.org", "carla@example.org"}
    assert mails["carla@example.org"]["Subject"].startswith("Er is een plaats vrij voor je")

    # Carla declines too, through the service: nobody is left, the seat is free again.
    assert await offers.decline(SETTINGS, carla, (await choice(carla))["id"])
    assert await taken(workshop) == 0
    late = await register(
        event_id,
        RegistrationForm(
            name="Dirk", email="dirk@example.org", consent_event=True, choices=[workshop]
        ),
        SETTINGS,
    )
    assert late.outcomes[0].status == "confirmed"


async def test_an_offer_nobody_answers_lapses_on_the_clock_and_moves_on(
    smtp: SMTPServer,
) -> None:
    _event, workshop, (anna, bram, carla) = await a_full_workshop()
    await manage.cancel_registration(anna, SETTINGS)
    await deliver(smtp)
    now = datetime.now(UTC)

    assert await offers.expire_offers(SETTINGS, now + timedelta(hours=47)) == []
    lapsed = await offers.expire_offers(SETTINGS, now + LATER)

    assert len(lapsed) == 1
    assert await choice(bram) == {}
    carla_offer = await choice(carla)
    assert carla_offer["offer_expires_at"] == now + LATER + timedelta(hours=48), (
        "the next offer runs from the moment the last one lapsed"
    )
    mails = by_address(await deliver(smtp))
    assert set(mails) == {"bram@example.org", "carla@example.org"}
    assert "niet op tijd aangenomen" in text_of(mails["bram@example.org"])
    assert "Er is een plaats vrijgekomen in Binthout" in text_of(mails["carla@example.org"])
    assert not await offers.accept(SETTINGS, carla, carla_offer["id"], now + LATER * 3), (
        "an offer past its deadline cannot be accepted"
    )

    assert len(await offers.expire_offers(SETTINGS, now + LATER * 3)) == 1
    assert await choice(carla) == {}
    assert await taken(workshop) == 0, "with nobody left the seat is free"
    assert await offers.expire_offers(SETTINGS, now + LATER * 4) == []


async def test_with_offers_off_the_first_waiting_person_is_promoted_at_once(
    smtp: SMTPServer,
) -> None:
    _event, _workshop, (anna, bram, _carla) = await a_full_workshop(offers_on=False)
    await deliver(smtp)

    await manage.cancel_registration(anna, SETTINGS)

    promoted = await choice(bram)
    assert promoted["status"] == "confirmed" and promoted["offer_expires_at"] is None
    mails = by_address(await deliver(smtp))
    assert "Goed nieuws" in text_of(mails["bram@example.org"])
    assert await offers.expire_offers(SETTINGS, datetime.now(UTC) + LATER) == []


async def test_raising_the_capacity_offers_the_new_seats_in_the_programme_mail(
    smtp: SMTPServer,
) -> None:
    from events.organise import queries as organise_queries
    from events.organise import services as workflows

    event_id, workshop, (_anna, bram, carla) = await a_full_workshop()
    await Room.update({Room.capacity: 10}, force=True)
    await deliver(smtp)
    values = await organise_queries.session_form_values(event_id, workshop)
    assert values is not None

    saved = await workflows.update_session(
        SETTINGS, event_id, workshop, {**values, "capacity": "2"}
    )

    assert saved.ok, saved.errors
    assert (await choice(bram))["offer_expires_at"] is not None
    assert (await choice(carla))["offer_expires_at"] is None
    assert await taken(workshop) == 2
    (mail,) = await deliver(smtp)
    assert mail["To"].addresses[0].addr_spec == "bram@example.org"
    assert "houden we een tijdje voor je vast" in text_of(mail)
    assert "er wordt een plaats voor je vastgehouden tot" in text_of(mail)


async def test_answers_at_the_same_time_never_overbook(
    connection_pool: None, smtp: SMTPServer
) -> None:
    """Two seats come free while five wait: accepting, declining and lapsing all at once, and
    new people registering meanwhile, leave at most two seats held or confirmed."""
    event_id, workshop, people = await a_full_workshop(capacity=2, people=6)
    first, second, *waiting = people
    await manage.cancel_registration(first, SETTINGS)
    await manage.cancel_registration(second, SETTINGS)
    offered = [pid for pid in waiting if (await choice(pid)).get("offer_expires_at")]
    assert len(offered) == 2
    ids = {pid: (await choice(pid))["id"] for pid in offered}
    a, b = offered
    late = datetime.now(UTC) + LATER

    results = await asyncio.gather(
        offers.accept(SETTINGS, a, ids[a]),
        offers.decline(SETTINGS, a, ids[a]),
        offers.accept(SETTINGS, a, ids[a]),
        offers.decline(SETTINGS, b, ids[b]),
        offers.accept(SETTINGS, b, ids[b]),
        offers.decline(SETTINGS, b, ids[b]),
        offers.expire_offers(SETTINGS, late),
        *[
            register(
                event_id,
                RegistrationForm(
                    name=f"Laat {n}",
                    email=f"laat{n}@example.org",
                    consent_event=True,
                    choices=[workshop],
                ),
                SETTINGS,
            )
            for n in range(5)
        ],
        return_exceptions=True,
    )

    failures = [result for result in results if isinstance(result, BaseException)]
    assert not failures, failures
    assert results[:3].count(True) <= 1, "A's offer is answered at most once"
    assert results[3:6].count(True) <= 1, "B's offer is answered at most once"
    rows = await SeatChoice.select().where(SeatChoice.session == workshop)
    holding = [r for r in rows if r["status"] == "confirmed" or r["offer_expires_at"]]
    assert len(holding) <= 2
    assert await taken(workshop) == len(holding)
    await seats.recount(event_id)
    assert await taken(workshop) == len(holding), "the counter matches the choices"
    registered = await Participant.count().where(Participant.status == "registered")
    assert registered == 9


async def test_the_organiser_turns_offers_on_in_the_event_form_within_a_week(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    form = (await organiser_client.get(f"/organise/events/{event_id}/edit")).text
    assert "Wachtlijst-aanbod" in form
    assert 'name="waitlist_offer_hours" type="number"' in form and 'value="24"' in form
    values = {
        "name": "Parade",
        "slug": "parade",
        "date": "2027-03-18",
        "start_time": "09:30",
        "end_time": "16:30",
        "timezone": "Europe/Amsterdam",
        "published": "1",
        "unconfirmed_release_hours": "24",
        "waitlist_offers": "1",
    }
    edit = f"/organise/events/{event_id}/edit"

    too_long = await post_form(organiser_client, edit, {**values, "waitlist_offer_hours": "169"})
    saved = await post_form(
        organiser_client, edit, {**values, "waitlist_offer_hours": "48"}, follow_redirects=False
    )

    assert too_long.status_code == 400
    assert saved.status_code == 303, saved.text
    event = await Event.select().where(Event.id == event_id).first()
    assert (event["waitlist_offers"], event["waitlist_offer_hours"]) == (True, 48)
    with pytest.raises(Exception, match=r"(?i)constraint|check|waitlist_offer_hours"):
        await Event.update({Event.waitlist_offer_hours: 0}).where(Event.id == event_id)


async def test_the_organiser_sees_the_offer_and_a_cancelled_workshop_withdraws_it(
    organiser_client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    from events.organise import services as workflows

    event_id, workshop, (anna, bram, _carla) = await a_full_workshop()
    await manage.cancel_registration(anna, SETTINGS)
    await deliver(smtp)

    page = await organiser_client.get(f"/organise/events/{event_id}/participants/{bram}")
    assert "wachtlijst-aanbod" in page.text

    assert await workflows.set_session_status(SETTINGS, event_id, workshop, "cancelled")

    assert (await choice(bram))["offer_expires_at"] is None
    assert await taken(workshop) == 0
    assert not await offers.accept(SETTINGS, bram, (await choice(bram))["id"])
    mails = by_address(await deliver(smtp))
    assert "Workshop Binthout gaat niet door" in text_of(mails["bram@example.org"])

    assert await workflows.set_session_status(SETTINGS, event_id, workshop, "scheduled")
    assert (await choice(bram))["offer_expires_at"] is not None, "offered again"
    assert await taken(workshop) == 1

"""The registration window and total capacity: a clear page and API answer when registration
is not open yet, closed or full, and a total capacity that holds under concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.engine.postgres import PostgresEngine

from events import piccolo_conf
from events.programme.tables import Event
from events.registration import seats
from events.registration.services import RegistrationForm, register
from events.registration.tables import Participant
from events.settings import load_settings
from tests.conftest import post_form
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered
from tests.registration.test_register_pages import registration

SETTINGS = load_settings()
API = "/api/events/parade/registrations"
BODY = {"name": "Bram", "email": "bram@example.org", "consents": {"event": True}}


async def _set(event_id: int, **values: object) -> None:
    await Event.update({getattr(Event, key): value for key, value in values.items()}).where(
        Event.id == event_id
    )


async def test_before_the_window_opens_the_page_says_when_it_opens(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await _set(event_id, registration_opens_at=datetime(2099, 2, 1, 8, 0, tzinfo=UTC))

    page = await client.get("/events/parade/register")
    posted = await post_form(client, "/events/parade/register", registration())
    api = await client.post(API, json=BODY)
    english = await client.post(API, json=BODY, headers={"Accept-Language": "en"})

    assert page.status_code == 200
    assert "De aanmelding is nog niet open" in page.text
    assert "Ze opent op zondag 1 februari 2099 09:00." in page.text
    assert 'name="email"' not in page.text
    assert posted.status_code == 409 and "De aanmelding is nog niet open" in posted.text
    assert api.status_code == 409
    assert api.json() == {
        "status": "not_open",
        "message": "De aanmelding is nog niet open. Ze opent op zondag 1 februari 2099 09:00.",
    }
    assert english.json()["message"].startswith("Registration is not open yet. It opens on")
    assert await Participant.count() == 0


async def test_after_the_window_closed_nobody_new_and_nobody_known_registers(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await registered(event_id, "anna@example.org", [])
    await _set(event_id, registration_closes_at=datetime.now(UTC) - timedelta(minutes=1))

    page = await client.get("/events/parade/register")
    new = await client.post(API, json=BODY)
    known = await client.post(API, json={**BODY, "email": "anna@example.org"})

    assert "De aanmelding is gesloten" in page.text and "Stuur mijn link opnieuw" in page.text
    assert new.status_code == known.status_code == 409
    assert (
        new.json() == known.json() == {"status": "closed", "message": "De aanmelding is gesloten."}
    )
    assert await Participant.count() == 1


async def test_an_archived_event_takes_no_registrations(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await _set(event_id, archived_at=datetime.now(UTC))

    response = await client.post(API, json=BODY, headers={"Accept-Language": "en"})

    assert response.status_code == 409
    assert response.json() == {"status": "closed", "message": "Registration is closed."}


async def test_a_full_event_says_so_and_a_cancellation_makes_room(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await _set(event_id, max_participants=1)
    anna, _link = await registered(event_id, "anna@example.org", [])

    page = await client.get("/events/parade/register")
    full = await client.post(API, json=BODY, headers={"Accept-Language": "en"})

    assert "Het evenement is vol" in page.text
    assert "De aanmelding is gesloten: het evenement is vol." in page.text
    assert full.status_code == 409
    assert full.json() == {
        "status": "full",
        "message": "Registration is closed: the event is full.",
    }

    await Participant.update({Participant.status: "cancelled"}).where(Participant.id == anna)
    room = await client.post(API, json=BODY)

    assert room.status_code == 202, room.text


async def test_a_cancelled_registration_cannot_come_back_into_a_full_event(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await _set(event_id, max_participants=1)
    _anna, link = await registered(event_id, "anna@example.org", [])
    await client.get(link)
    await post_form(client, "/me/cancel", {})
    await registered(event_id, "bram@example.org", [])

    refused = await post_form(client, "/me/reactivate", {})

    assert refused.status_code == 409
    assert "De aanmelding is gesloten: het evenement is vol." in refused.text
    statuses = {row["email"]: row["status"] for row in await Participant.select()}
    assert statuses == {"anna@example.org": "cancelled", "bram@example.org": "registered"}


@pytest.fixture
async def connection_pool() -> AsyncIterator[None]:
    engine = piccolo_conf.DB
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(max_size=20)
    yield
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


async def _thirty_at_once(event_id: int) -> list:
    return await asyncio.gather(
        *[
            register(
                event_id,
                RegistrationForm(
                    name=f"Deelnemer {n}", email=f"deelnemer{n}@example.org", consent_event=True
                ),
                SETTINGS,
            )
            for n in range(30)
        ],
        return_exceptions=True,
    )


async def test_thirty_at_once_for_ten_places_register_exactly_ten(connection_pool: None) -> None:
    event_id = await make_event()
    await _set(event_id, max_participants=10)

    results = await _thirty_at_once(event_id)

    failures = [result for result in results if isinstance(result, BaseException)]
    assert not failures, failures[:3]
    assert sum(1 for result in results if result.created) == 10
    assert sorted({result.refusal.reason for result in results if result.refusal}) == ["full"]
    assert await Participant.count().where(Participant.status == "registered") == 10


async def test_without_the_transaction_the_test_sees_too_many(
    connection_pool: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: with the test-only switch that drops the transaction, the count and the
    insert of concurrent registrations interleave and the capacity is exceeded."""
    event_id = await make_event()
    await _set(event_id, max_participants=10)
    monkeypatch.setattr(seats, "UNSAFE_READ_THEN_WRITE", True)

    await _thirty_at_once(event_id)

    assert await Participant.count().where(Participant.status == "registered") > 10


async def test_the_event_page_offers_registering_only_while_the_window_is_open(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    button = 'href="/events/parade/register">Aanmelden</a></p>'
    assert button in (await client.get("/events/parade")).text

    await _set(event_id, registration_opens_at=datetime(2099, 2, 1, 8, 0, tzinfo=UTC))
    not_open = (await client.get("/events/parade", headers={"Cache-Control": "no-cache"})).text
    await _set(
        event_id,
        registration_opens_at=None,
        registration_closes_at=datetime.now(UTC) - timedelta(minutes=1),
    )
    closed = (await client.get("/events/parade", headers={"Cache-Control": "no-cache"})).text

    assert button not in not_open and "Ze opent op zondag 1 februari 2099 09:00." in not_open
    assert button not in closed and "De aanmelding is gesloten." in closed

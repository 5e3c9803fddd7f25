"""Seats under concurrency: many registrations at once never overbook a workshop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from piccolo.engine.postgres import PostgresEngine

from events import piccolo_conf
from events.registration import seats
from events.registration.services import RegistrationForm, register
from events.registration.tables import SeatChoice, SessionSeats
from events.settings import load_settings
from tests.registration.helpers import make_event, make_round, make_workshop

PARTICIPANTS = 200
SETTINGS = load_settings()
CAPACITY = 10


@pytest.fixture
async def connection_pool() -> AsyncIterator[None]:
    """PostgreSQL allows ~100 connections: share a pool, as the app does, for 200 writers."""
    engine = piccolo_conf.DB
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(max_size=40)
    yield
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


def form(number: int, session_id: int) -> RegistrationForm:
    return RegistrationForm(
        name=f"Deelnemer {number}",
        email=f"deelnemer{number}@example.org",
        organisation=f"Gemeente {number % 7}",
        consent_event=True,
        choices=[session_id],
    )


async def register_all_at_once(event_id: int, session_id: int) -> list:
    return await asyncio.gather(
        *[register(event_id, form(number, session_id), SETTINGS) for number in range(PARTICIPANTS)],
        return_exceptions=True,
    )


async def test_two_hundred_at_once_fill_ten_seats_and_queue_the_rest(connection_pool: None) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    session_id = await make_workshop(event_id, round_id, "Regiebox", CAPACITY)

    results = await register_all_at_once(event_id, session_id)

    failures = [result for result in results if isinstance(result, BaseException)]
    assert not failures, failures[:3]
    statuses = [result.outcomes[0].status for result in results]
    assert statuses.count("confirmed") == CAPACITY
    assert statuses.count("waitlisted") == PARTICIPANTS - CAPACITY
    positions = sorted(r.outcomes[0].position for r in results if r.outcomes[0].position)
    assert positions == list(range(1, PARTICIPANTS - CAPACITY + 1))
    confirmed = await SeatChoice.count().where(
        (SeatChoice.session == session_id) & (SeatChoice.status == "confirmed")
    )
    assert confirmed == CAPACITY
    counter = await SessionSeats.select(SessionSeats.taken).first()
    assert counter["taken"] == CAPACITY


async def test_without_the_atomic_update_the_test_sees_overbooking(
    connection_pool: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Control: with a read-then-write seat counter, the same load overbooks."""
    monkeypatch.setattr(seats, "UNSAFE_READ_THEN_WRITE", True)
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    session_id = await make_workshop(event_id, round_id, "Regiebox", CAPACITY)

    results = await register_all_at_once(event_id, session_id)

    confirmed = sum(
        1
        for result in results
        if not isinstance(result, BaseException) and result.outcomes[0].status == "confirmed"
    )
    assert confirmed > CAPACITY, "the unsafe control should overbook; the test cannot see races"


async def test_a_freed_seat_goes_to_the_first_on_the_waiting_list() -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    session_id = await make_workshop(event_id, round_id, "Binthout", 1)
    first = await register(event_id, form(1, session_id), SETTINGS)
    second = await register(event_id, form(2, session_id), SETTINGS)
    third = await register(event_id, form(3, session_id), SETTINGS)
    assert [r.outcomes[0].status for r in (first, second, third)] == [
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert third.outcomes[0].position == 2

    promoted = await seats.release_seat(session_id)

    second_choice = await SeatChoice.select().where(SeatChoice.participant == second.participant_id)
    assert promoted == [second_choice[0]["id"]]
    assert second_choice[0]["status"] == "confirmed"


async def test_capacity_raised_while_a_hundred_register_serves_the_waiting_list_first(
    connection_pool: None,
) -> None:
    """The organiser raises 5 seats to 30 while 100 people register: those already waiting get
    the new seats before anybody who arrives later, and nothing is overbooked."""
    from events.organise import queries as organise_queries
    from events.organise import services as workflows
    from events.programme.tables import Room

    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    session_id = await make_workshop(event_id, round_id, "Regiebox", 5)
    await Room.update({Room.capacity: 100}, force=True)
    for number in range(15):  # 5 seats taken, 10 waiting
        await register(event_id, form(number, session_id), SETTINGS)
    waiting_before = {
        row["participant"]
        for row in await SeatChoice.select(SeatChoice.participant).where(
            SeatChoice.status == "waitlisted"
        )
    }
    values = await organise_queries.session_form_values(event_id, session_id)
    assert values is not None

    async def raise_capacity() -> None:
        await asyncio.sleep(0.05)
        saved = await workflows.update_session(
            SETTINGS, event_id, session_id, {**values, "capacity": "30"}
        )
        assert saved.ok, saved.errors

    results = await asyncio.gather(
        raise_capacity(),
        *[register(event_id, form(number, session_id), SETTINGS) for number in range(15, 115)],
        return_exceptions=True,
    )

    failures = [result for result in results if isinstance(result, BaseException)]
    assert not failures, failures[:3]
    choices = await SeatChoice.select(SeatChoice.id, SeatChoice.participant, SeatChoice.status)
    confirmed = [row for row in choices if row["status"] == "confirmed"]
    waitlisted = [row for row in choices if row["status"] == "waitlisted"]
    assert len(confirmed) == 30 and len(waitlisted) == 85
    counter = await SessionSeats.select(SessionSeats.taken).first()
    assert counter["taken"] == 30
    assert max(row["id"] for row in confirmed) < min(row["id"] for row in waitlisted), (
        "somebody who came later got a seat before somebody who was waiting"
    )
    assert waiting_before <= {row["participant"] for row in confirmed}
    from events.outbox.tables import OutboxMessage

    told = await OutboxMessage.select(OutboxMessage.about).where(
        OutboxMessage.kind == "registration-programme"
    )
    promoted_by_raise = {int(row["about"].split(":")[1]) for row in told}
    assert waiting_before <= promoted_by_raise

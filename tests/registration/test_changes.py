"""Organisers change what people booked: who is told what, and what their pages then say.

Every test drives the organiser's real forms, lets the real dispatcher deliver to a real SMTP
server, parses what arrived (text, METHOD and SEQUENCE of the invite) and reads the participant's
own /me page.
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.organise import queries as organise_queries
from events.programme.tables import Person, Room, Session, SessionHost
from events.registration.services import RegistrationForm, register
from events.registration.tables import Participant, SeatChoice, SessionSeats
from events.settings import load_settings
from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_mails import deliver, invite_of, manage_path, smtp  # noqa: F401

PEOPLE = ("anna", "bram", "carla", "dirk")  # two seats: anna and bram in, carla 1st, dirk 2nd


def by_recipient(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    return {message["To"].addresses[0].addr_spec.split("@")[0]: message for message in messages}


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def sequence_and_description(message: EmailMessage) -> tuple[str, int, str]:
    method, calendar = invite_of(message)
    event = calendar.walk("VEVENT")[0]
    return method, int(event["SEQUENCE"]), str(event.get("DESCRIPTION", ""))


@pytest.fixture
async def parade(smtp) -> dict[str, Any]:  # noqa: F811
    """A parade with one two-seat workshop, four people booked (two waiting) and a host."""
    event_id = await make_event()
    first = await make_round(event_id, "Ronde 1", 9)
    second = await make_round(event_id, "Ronde 2", 11)
    workshop = await make_workshop(event_id, first, "Mantelzorgers ontlasten", 2)
    other = await make_workshop(event_id, first, "Regiebox", 10)
    await Room.update({Room.capacity: 50}, force=True)
    host = await Person.insert(Person(name="Henk Host", email="henk@example.org")).returning(
        Person.id
    )
    await SessionHost.insert(SessionHost(session=workshop, person=host[0]["id"]))
    settings = load_settings()
    participants = {}
    for name in PEOPLE:
        result = await register(
            event_id,
            RegistrationForm(
                name=name.title(),
                email=f"{name}@example.org",
                consent_event=True,
                choices=[workshop],
            ),
            settings,
        )
        participants[name] = result.participant_id
    confirmations = by_recipient(await deliver(smtp))
    return {
        "event": event_id,
        "rounds": (first, second),
        "workshop": workshop,
        "other": other,
        "participants": participants,
        "links": {name: manage_path(message) for name, message in confirmations.items()},
        "smtp": smtp,
    }


async def edit_session(
    organiser: AsyncTestClient[Litestar], event_id: int, session_id: int, **changes: Any
) -> httpx.Response:
    """Save the session form as the organiser would, with some fields changed."""
    values = await organise_queries.session_form_values(event_id, session_id)
    assert values is not None
    values.update(changes)
    data = {
        key: [str(item) for item in value]
        if isinstance(value, list)
        else ("" if value is None else str(value))
        for key, value in values.items()
        if key != "status"
    }
    return await post_form(
        organiser,
        f"/organise/events/{event_id}/sessions/{session_id}/edit",
        data,
        follow_redirects=False,
    )


async def me_page(client_factory, link: str) -> str:
    async with client_factory() as participant:
        response = await participant.get(link)
        assert response.status_code == 200, response.text
        return response.text


async def test_cancelling_a_booked_workshop_tells_everybody_and_me_says_so(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    event_id, workshop = parade["event"], parade["workshop"]
    confirm = await organiser_client.get(f"/organise/events/{event_id}/sessions/{workshop}/cancel")
    assert "2 mensen hebben een plaats; 2 staan op de wachtlijst. Zij krijgen" in confirm.text
    assert await deliver(parade["smtp"]) == [], "asking is not doing"

    response = await post_form(
        organiser_client, f"/organise/events/{event_id}/sessions/{workshop}/cancel", {}
    )
    assert response.status_code == 200

    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {*PEOPLE, "henk"}
    for name in PEOPLE:
        assert mails[name]["Subject"] == "Je programma voor Parade is gewijzigd"
        assert "Workshop Mantelzorgers ontlasten gaat niet door" in text_of(mails[name])
        method, sequence, description = sequence_and_description(mails[name])
        assert (method, sequence) == ("REQUEST", 1)
        assert "Mantelzorgers ontlasten (Room Mantelzorgers ontlasten): gaat niet door" in (
            description
        )
    assert "Sessie Mantelzorgers ontlasten gaat niet door" in text_of(mails["henk"])

    page = await me_page(client_factory, parade["links"]["anna"])
    assert "deze workshop gaat niet door; kies hieronder een andere" in page
    assert "Mantelzorgers ontlasten gaat niet door." in page
    overview = await organiser_client.get(f"/organise/events/{event_id}/registrations")
    assert "geannuleerd" in overview.text

    await post_form(
        organiser_client, f"/organise/events/{event_id}/sessions/{workshop}/reinstate", {}
    )
    again = by_recipient(await deliver(parade["smtp"]))
    assert set(again) == {*PEOPLE, "henk"}
    assert "Workshop Mantelzorgers ontlasten gaat toch door (10:00–10:45)" in text_of(again["anna"])
    assert sequence_and_description(again["anna"])[1] == 2
    assert "bevestigd" in sequence_and_description(again["anna"])[2]


async def test_a_workshop_that_moves_gives_one_mail_with_the_new_time_and_room(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    event_id, workshop = parade["event"], parade["workshop"]
    later = parade["rounds"][1]
    room = await Room.insert(Room(event=event_id, name="Raadzaal", capacity=40)).returning(Room.id)

    response = await edit_session(
        organiser_client,
        event_id,
        workshop,
        round=later,
        room=room[0]["id"],
        title="Mantelzorg ontlasten",
    )

    assert response.status_code == 303, response.text
    mails = by_recipient(await deliver(parade["smtp"]))
    assert sorted(mails) == sorted([*PEOPLE, "henk"]), "one mail per person, not one per field"
    text = text_of(mails["bram"])
    assert "Je workshop Mantelzorg ontlasten is nu om 12:00–12:45 in Raadzaal." in text
    assert "Workshop Mantelzorgers ontlasten heet nu Mantelzorg ontlasten." in text
    assert sequence_and_description(mails["bram"])[:2] == ("REQUEST", 1)
    assert (
        "12:00–12:45 Mantelzorg ontlasten (Raadzaal): bevestigd"
        in (sequence_and_description(mails["bram"])[2])
    )
    rounds = {row["round"] for row in await SeatChoice.select(SeatChoice.round)}
    assert rounds == {later}, "the bookings moved along with the session"
    assert "12:00–12:45: Mantelzorg ontlasten (Raadzaal)" in await me_page(
        client_factory, parade["links"]["bram"]
    )

    # Saving again without a change tells nobody.
    await edit_session(organiser_client, event_id, workshop)
    assert await deliver(parade["smtp"]) == []


async def test_moving_a_round_tells_the_people_booked_in_it(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    event_id, first = parade["event"], parade["rounds"][0]
    response = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/rounds/{first}/edit",
        {"name": "Ronde 1", "start_time": "10:30", "end_time": "11:15"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {*PEOPLE, "henk"}
    assert "is nu om 10:30–11:15 in Room Mantelzorgers ontlasten" in text_of(mails["dirk"])
    assert sequence_and_description(mails["dirk"])[1] == 1


async def test_more_seats_go_to_the_waiting_list_first(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    event_id, workshop = parade["event"], parade["workshop"]
    response = await edit_session(organiser_client, event_id, workshop, capacity="3")
    assert response.status_code == 303, response.text

    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"carla"}, "only the first on the waiting list is affected"
    assert "Er is een plaats vrijgekomen in Mantelzorgers ontlasten" in text_of(mails["carla"])
    assert sequence_and_description(mails["carla"])[:2] == ("REQUEST", 1)
    page = await me_page(client_factory, parade["links"]["carla"])
    assert "Je plaats" in page
    dirk = await me_page(client_factory, parade["links"]["dirk"])
    assert "Je staat op de wachtlijst als nummer 1" in dirk

    late = await register(
        event_id,
        RegistrationForm(
            name="Eva", email="eva@example.org", consent_event=True, choices=[workshop]
        ),
        load_settings(),
    )
    assert (late.outcomes[0].status, late.outcomes[0].position) == ("waitlisted", 2)


async def test_capacity_cannot_drop_below_the_seats_taken(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    event_id, workshop = parade["event"], parade["workshop"]
    response = await edit_session(organiser_client, event_id, workshop, capacity="1")

    assert response.status_code == 400
    assert "Er zijn 2 plaatsen bezet; de capaciteit kan niet lager." in response.text
    row = await Session.select(Session.capacity).where(Session.id == workshop).first()
    assert row["capacity"] == 2
    assert await deliver(parade["smtp"]) == []

    stand = await edit_session(organiser_client, event_id, workshop, kind="stand", capacity="")
    assert "Voor deze sessie zijn 4 mensen ingeschreven" in stand.text


async def test_deleting_a_booked_workshop_says_who_is_booked_and_tells_them(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    event_id, workshop = parade["event"], parade["workshop"]
    confirm = await organiser_client.get(f"/organise/events/{event_id}/sessions/{workshop}/delete")
    assert "2 mensen hebben een plaats; 2 staan op de wachtlijst. Zij krijgen" in confirm.text

    await post_form(organiser_client, f"/organise/events/{event_id}/sessions/{workshop}/delete", {})

    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {*PEOPLE, "henk"}
    assert "Workshop Mantelzorgers ontlasten staat niet meer in het programma" in text_of(
        mails["carla"]
    )
    method, sequence, description = sequence_and_description(mails["carla"])
    assert (method, sequence) == ("REQUEST", 1)
    assert "Mantelzorgers" not in description
    page = await me_page(client_factory, parade["links"]["carla"])
    assert "Je heeft geen workshops gekozen" in page or "geen workshop" in page.lower()


async def test_deleting_a_round_frees_the_seats_and_tells_the_people(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    event_id, first = parade["event"], parade["rounds"][0]
    confirm = await organiser_client.get(f"/organise/events/{event_id}/rounds/{first}/delete")
    assert "2 mensen hebben een plaats; 2 staan op de wachtlijst. Zij krijgen" in confirm.text

    await post_form(organiser_client, f"/organise/events/{event_id}/rounds/{first}/delete", {})

    mails = by_recipient(await deliver(parade["smtp"]))
    assert {*PEOPLE} <= set(mails)
    assert "staat niet meer in het programma" in text_of(mails["anna"])
    counters = await SessionSeats.select(SessionSeats.taken)
    assert {row["taken"] for row in counters} == {0}


async def test_me_describes_my_own_choice_not_the_queue_behind_it(
    client_factory, parade: dict[str, Any]
) -> None:
    anna = await me_page(client_factory, parade["links"]["anna"])
    assert "Je plaats" in anna
    assert (
        "je komt op de wachtlijst"
        not in anna.split("Mantelzorgers ontlasten")[-1].split("</div>")[0]
    )
    dirk = await me_page(client_factory, parade["links"]["dirk"])
    assert "Je staat op de wachtlijst als nummer 2" in dirk
    assert "op de wachtlijst, nummer 2" in dirk


async def test_a_change_to_nothing_booked_sends_nothing(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    event_id, other = parade["event"], parade["other"]
    await edit_session(organiser_client, event_id, other, capacity="8", title="Regiebox 2.0")
    assert await deliver(parade["smtp"]) == []
    assert await Participant.count() == len(PEOPLE)

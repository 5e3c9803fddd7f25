"""The registration form and API as a participant and an integration use them."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.registration.tables import Participant, SeatChoice
from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop


def registration(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "Anna de Vries",
        "email": "anna@example.org",
        "organisation": "Gemeente Waadhoeke",
        "job_title": "Beleidsadviseur",
        "language": "nl",
        "consent_event": "1",
    }
    values.update(overrides)
    return values


async def test_form_shows_rounds_with_seats_and_full_workshops(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    await make_workshop(event_id, round_id, "Regiebox", 2)
    full = await make_workshop(event_id, round_id, "Binthout", 1)
    await post_form(client, "/events/parade/register", registration(**{f"round-{round_id}": full}))

    page = await client.get("/events/parade/register")

    assert page.status_code == 200
    assert "Ronde 1" in page.text
    assert "2 plaatsen vrij" in page.text
    assert "Vol" in page.text and "wachtlijst als nummer 1" in page.text


async def test_register_with_a_workshop_takes_a_seat(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Regiebox", 5)

    response = await post_form(
        client, "/events/parade/register", registration(**{f"round-{round_id}": workshop})
    )

    assert response.status_code == 200
    assert "Controleer je e-mail" in response.text
    participant = await Participant.select().first()
    assert participant["email"] == "anna@example.org"
    assert participant["consent_follow_up_at"] is None
    assert participant["consent_text_version"]
    choices = await SeatChoice.select(SeatChoice.status, SeatChoice.session)
    assert choices == [{"status": "confirmed", "session": workshop}]


async def test_errors_are_shown_next_to_the_fields_and_nothing_is_saved(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()

    response = await post_form(
        client,
        "/events/parade/register",
        registration(name="", email="not-an-address", consent_event="", job_title="Adviseur"),
    )

    assert response.status_code == 400
    assert re.search(r'id="error-name"[^>]*>Vul je naam in', response.text)
    assert re.search(r'id="error-email"[^>]*>Vul een e-mailadres in', response.text)
    assert 'id="error-consent_event"' in response.text
    assert 'value="Adviseur"' in response.text, "what the user typed is kept"
    assert await Participant.count() == 0


async def test_errors_in_english(client: AsyncTestClient[Litestar]) -> None:
    await make_event()
    response = await post_form(
        client,
        "/events/parade/register",
        registration(name=""),
        headers={"Accept-Language": "en"},
    )
    assert "Please fill in your name." in response.text


async def test_same_email_twice_makes_one_registration_and_says_the_same(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()
    first = await post_form(client, "/events/parade/register", registration())
    second = await post_form(
        client, "/events/parade/register", registration(email="ANNA@example.org ")
    )
    assert first.text == second.text
    assert await Participant.count() == 1


async def test_honeypot_registers_nothing(client: AsyncTestClient[Litestar]) -> None:
    await make_event()
    response = await post_form(
        client, "/events/parade/register", registration(website="http://spam.example")
    )
    assert response.status_code == 200
    assert await Participant.count() == 0


async def test_api_registers_and_answers_check_your_mail(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_one = await make_round(event_id, "Ronde 1", 9)
    round_two = await make_round(event_id, "Ronde 2", 11)
    open_workshop = await make_workshop(event_id, round_one, "Regiebox", 3)
    full_workshop = await make_workshop(event_id, round_two, "Filmavond", 0)
    body = {
        "name": "Bram",
        "email": "bram@example.org",
        "organisation": "Gemeente Almere",
        "consents": {"event": True, "public_name": False, "follow_up": True},
        "choices": [open_workshop, full_workshop],
    }

    created = await client.post("/api/events/parade/registrations", json=body)
    again = await client.post("/api/events/parade/registrations", json=body)

    assert created.status_code == again.status_code == 202, created.text
    assert created.json() == again.json() == {"status": "check_your_mail"}
    assert "manage" not in created.text
    choices = await SeatChoice.select(SeatChoice.session, SeatChoice.status).order_by(
        SeatChoice.session
    )
    assert choices == [
        {"session": open_workshop, "status": "confirmed"},
        {"session": full_workshop, "status": "waitlisted"},
    ]
    assert await Participant.count() == 1


async def test_api_gives_a_message_per_field(client: AsyncTestClient[Litestar]) -> None:
    await make_event()
    response = await client.post(
        "/api/events/parade/registrations",
        json={"name": "", "email": "x", "consents": {"event": False}},
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "email", "consent_event"}


async def test_one_workshop_per_round(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    first = await make_workshop(event_id, round_id, "A", 3)
    second = await make_workshop(event_id, round_id, "B", 3)
    response = await client.post(
        "/api/events/parade/registrations",
        json={
            "name": "C",
            "email": "c@example.org",
            "consents": {"event": True},
            "choices": [first, second],
        },
    )
    assert response.status_code == 400
    assert "choices" in response.json()["errors"]


async def test_unpublished_event_has_no_registration(client: AsyncTestClient[Litestar]) -> None:
    await make_event(published=False)
    assert (await client.get("/events/parade/register")).status_code == 404


async def test_rate_limits_stop_a_flood_with_a_clear_message() -> None:
    import os

    from events.app import create_app
    from events.settings import load_settings

    await make_event()
    limited = create_app(
        load_settings({**os.environ, "EVENTS_RATE_LIMITS": "address=100/minute,email=2/hour"})
    )
    async with AsyncTestClient(app=limited) as client:
        answers = [
            (
                await post_form(
                    client,
                    "/events/parade/register",
                    registration(),
                    headers={"Accept": "text/html"},
                )
            ).status_code
            for _ in range(3)
        ]
        other_address = await post_form(
            client, "/events/parade/register", registration(email="bram@example.org")
        )
        api = await client.post(
            "/api/events/parade/registrations",
            json={"name": "A", "email": "anna@example.org", "consents": {"event": True}},
        )
    assert answers == [200, 200, 429]
    assert other_address.status_code == 200
    assert api.status_code == 429


async def test_programme_api_counts_seats_and_waiting_lists(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 1)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        await client.post(
            "/api/events/parade/registrations",
            json={"name": "X", "email": email, "consents": {"event": True}, "choices": [workshop]},
        )
    programme = (await client.get("/api/events/parade/programme")).json()
    (session,) = [s for s in programme["sessions"] if s["id"] == workshop]
    assert (session["seats_taken"], session["waitlist_length"]) == (1, 2)

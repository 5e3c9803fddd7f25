"""The manage link and /me: a participant sees and changes only their own registration."""

from __future__ import annotations

import json
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.registration.links import manage_token
from events.registration.services import RegistrationForm, register
from events.registration.tables import ManageLink, Participant, SeatChoice
from events.settings import load_settings
from tests.conftest import TEST_ENVIRONMENT, post_form
from tests.registration.helpers import make_event, make_round, make_workshop

SECRET = TEST_ENVIRONMENT["EVENTS_SECRET_KEY"]


async def registered(event_id: int, email: str, choices: list[int]) -> tuple[int, str]:
    """Register someone and return (participant id, their manage link path)."""
    result = await register(
        event_id,
        RegistrationForm(
            name=email.split("@")[0].title(),
            email=email,
            consent_event=True,
            choices=choices,
        ),
        load_settings(),
    )
    assert result.participant_id and result.link_nonce
    return result.participant_id, f"/manage/{manage_token(SECRET, result.link_nonce)}"


async def test_link_opens_me_without_the_token_in_the_address(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _participant, link = await registered(event_id, "anna@example.org", [])

    opened = await client.get(link, follow_redirects=False)

    assert opened.status_code == 303
    assert opened.headers["location"] == "/me"
    assert opened.headers["referrer-policy"] == "no-referrer"
    me = await client.get("/me")
    assert me.status_code == 200
    assert "anna@example.org" in me.text
    assert link.split("/")[-1] not in me.text


async def test_wrong_token_does_not_open_me_and_a_second_link_adds_one(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    _participant, first_link = await registered(event_id, "anna@example.org", [])
    _same, second_link = await registered(event_id, "anna@example.org", [])

    assert (await client.get("/manage/not-a-real-token")).status_code == 404
    assert await Participant.count() == 1
    for link in (first_link, second_link):
        async with client_factory() as browser:
            assert (await browser.get(link)).status_code == 200, "every link sent keeps working"
            assert "anna@example.org" in (await browser.get("/me")).text
    assert (
        await client.get("/me", headers={"cookie": "events_participant=1.forged"})
    ).status_code == 401


async def test_without_a_session_me_explains_how_to_get_in(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/me")
    assert response.status_code == 401
    assert "Deze link werkt niet" in response.text


async def test_participant_sees_only_their_own_data(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    await registered(event_id, "anna@example.org", [])
    _bram, bram_link = await registered(event_id, "bram@example.org", [])

    await client.get(bram_link)
    me = await client.get("/me")
    export = await client.get("/me/export.json")

    assert "bram@example.org" in me.text and "anna@example.org" not in me.text
    assert export.json()["participant"]["email"] == "bram@example.org"
    assert "anna" not in export.text


async def test_changing_a_workshop_moves_the_seat_and_promotes_the_waiting_list(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    small = await make_workshop(event_id, round_id, "Binthout", 1)
    other = await make_workshop(event_id, round_id, "Regiebox", 5)
    _anna, anna_link = await registered(event_id, "anna@example.org", [small])
    bram, _bram_link = await registered(event_id, "bram@example.org", [small])

    await client.get(anna_link)
    response = await post_form(client, "/me/choices", {f"round-{round_id}": str(other)})

    assert response.status_code == 200
    assert "Regiebox" in response.text and "bevestigd" in response.text
    bram_choice = await SeatChoice.select(SeatChoice.status).where(SeatChoice.participant == bram)
    assert bram_choice == [{"status": "confirmed"}]


async def test_get_requests_change_nothing(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 1)
    _anna, link = await registered(event_id, "anna@example.org", [workshop])
    await client.get(link)
    before = await SeatChoice.select()
    for path in ("/me", "/me/erase", "/me/cancel", "/me/choices", "/me/export.json"):
        await client.get(path)
    assert await SeatChoice.select() == before
    assert (await Participant.select(Participant.status).first())["status"] == "registered"


async def test_cancel_frees_the_seat(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 1)
    _anna, link = await registered(event_id, "anna@example.org", [workshop])
    bram, _ = await registered(event_id, "bram@example.org", [workshop])
    await client.get(link)

    page = await post_form(client, "/me/cancel", {})

    assert "Je aanmelding is geannuleerd" in page.text
    promoted = await SeatChoice.select(SeatChoice.participant, SeatChoice.status)
    assert promoted == [{"participant": bram, "status": "confirmed"}]


async def test_profile_and_consents_can_be_changed(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    participant, link = await registered(event_id, "anna@example.org", [])
    await client.get(link)

    bad = await post_form(client, "/me/profile", {"name": "", "language": "nl"})
    good = await post_form(
        client,
        "/me/profile",
        {"name": "Anna Jansen", "language": "en", "consent_follow_up": "1", "offer": "Regiebox"},
    )

    assert bad.status_code == 400 and "Vul je naam in." in bad.text
    assert good.status_code == 200
    row = await Participant.select().where(Participant.id == participant).first()
    assert row["name"] == "Anna Jansen" and row["language"] == "en"
    assert row["consent_follow_up_at"] is not None and row["consent_public_name_at"] is None


async def test_erase_removes_personal_data_frees_seats_and_ends_the_link(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 1)
    anna, link = await registered(event_id, "anna@example.org", [workshop])
    bram, _ = await registered(event_id, "bram@example.org", [workshop])
    await client.get(link)

    erased = await post_form(client, "/me/erase", {})

    assert "Je gegevens zijn gewist" in erased.text
    row = await Participant.select().where(Participant.id == anna).first()
    assert row["status"] == "erased"
    assert "anna" not in json.dumps(row, default=str).lower()
    assert (await client.get("/me")).status_code == 401
    assert (await client.get(link)).status_code == 404
    seats = await SeatChoice.select(SeatChoice.participant, SeatChoice.status)
    assert seats == [{"participant": bram, "status": "confirmed"}]


async def test_send_link_again_says_the_same_for_any_address(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    anna, first_link = await registered(event_id, "anna@example.org", [])

    known = await post_form(client, "/events/parade/link", {"email": "anna@example.org"})
    unknown = await post_form(client, "/events/parade/link", {"email": "nobody@example.org"})
    invalid = await post_form(client, "/events/parade/link", {"email": "nobody"})

    assert known.text == unknown.text
    assert "Controleer je e-mail" in known.text
    assert invalid.status_code == 400
    assert await ManageLink.count().where(ManageLink.participant == anna) == 2
    assert (await client.get(first_link)).status_code == 200, "the first link still works"


async def test_personal_feed_has_the_day_and_my_confirmed_workshops(
    client: AsyncTestClient[Litestar],
) -> None:
    from icalendar import Calendar

    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    mine = await make_workshop(event_id, round_id, "Binthout", 5)
    await make_workshop(event_id, round_id, "Regiebox", 5)
    participant, link = await registered(event_id, "anna@example.org", [mine])
    await client.get(link)
    me = await client.get("/me")
    feed_path = re.search(r'href="http://testserver.local(/feeds/[^"]+\.ics)"', me.text)
    assert feed_path, "the /me page links the personal feed"

    feed = await client.get(feed_path.group(1))
    forged = await client.get(f"/feeds/{participant}-{'0' * 32}.ics")

    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    summaries = sorted(str(item["SUMMARY"]) for item in calendar.walk("VEVENT"))
    assert summaries == ["Binthout", "Parade"]
    assert calendar.walk("VTIMEZONE")
    assert forged.status_code == 404

"""Organiser views of registration: list, seats, CSV, check-in and badges."""

from __future__ import annotations

import csv
import io
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.registration.tables import Participant
from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_manage import registered


async def test_list_shows_registrations_seats_and_waiting_lists(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 1)
    await registered(event_id, "anna@example.org", [workshop])
    await registered(event_id, "bram@example.org", [workshop])

    page = await organiser_client.get(f"/organise/events/{event_id}/registrations")
    search = await organiser_client.get(f"/organise/events/{event_id}/registrations?q=BRAM")
    seats = await organiser_client.get(f"/organise/events/{event_id}/attendance")

    assert page.status_code == 200
    assert "anna@example.org" in page.text and "bram@example.org" in page.text
    assert re.search(r"Binthout</a></td><td>1</td><td>1</td><td>1</td>", seats.text)
    assert "bram@example.org" in search.text and "anna@example.org" not in search.text


async def test_csv_export_cannot_run_formulas(organiser_client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    participant, _link = await registered(event_id, "anna@example.org", [])
    await Participant.update({Participant.name: '=HYPERLINK("http://x")'}).where(
        Participant.id == participant
    )

    response = await organiser_client.get(f"/organise/events/{event_id}/registrations.csv")

    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Naam", "E-mail"]
    assert rows[1][1] == '\'=HYPERLINK("http://x")'


async def test_check_in_by_name(organiser_client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    participant, _link = await registered(event_id, "anna@example.org", [])

    found = await organiser_client.get(f"/organise/events/{event_id}/check-in?q=anna")
    done = await post_form(
        organiser_client, f"/organise/events/{event_id}/check-in/{participant}", {"q": "anna"}
    )

    assert "Anna" in found.text
    assert "Ingecheckt." in done.text
    row = await Participant.select(Participant.checked_in_at).first()
    assert row["checked_in_at"] is not None


async def test_a_badge_opens_check_in_for_organisers_and_nothing_personal_for_anyone_else(
    organiser_client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    await registered(event_id, "anna@example.org", [])
    _bram, bram_link = await registered(event_id, "bram@example.org", [])
    await Participant.update({Participant.access_needs: "rolstoel"}).where(
        Participant.email == "anna@example.org"
    )
    badges = await organiser_client.get(f"/organise/events/{event_id}/badges")
    assert badges.status_code == 200
    assert "data:image/svg+xml" in badges.text
    row = (
        await Participant.select(Participant.id, Participant.calendar_uid)
        .where(Participant.email == "anna@example.org")
        .first()
    )
    from events.registration.organiser import badge_code
    from events.settings import load_settings

    code = badge_code(load_settings(), row["id"], row["calendar_uid"])
    scanned = await organiser_client.get(f"/badge/{row['id']}/{code}")
    assert "Anna inchecken" in scanned.text

    async with client_factory() as stranger:
        opened = await stranger.get(f"/badge/{row['id']}/{code}", follow_redirects=False)
        assert opened.status_code == 200
        assert "events_participant" not in opened.headers.get("set-cookie", "")
        assert "anna@example.org" not in opened.text and "Anna" not in opened.text
        assert (await stranger.get("/me", follow_redirects=False)).status_code == 401
        wrong = await stranger.get(f"/badge/{row['id']}/{'0' * 32}")
        assert wrong.status_code == 404

    async with client_factory() as bram:
        await bram.get(bram_link)
        scanned_by_bram = await bram.get(f"/badge/{row['id']}/{code}")
        assert "rolstoel" not in scanned_by_bram.text and "anna@" not in scanned_by_bram.text
        own = await bram.get("/me")
        assert "bram@example.org" in own.text and "anna@example.org" not in own.text

    await Participant.update({Participant.consent_public_name_at: Participant.created_at}).where(
        Participant.id == row["id"]
    )
    async with client_factory() as stranger:
        public = await stranger.get(f"/badge/{row['id']}/{code}")
        assert "Anna" in public.text and "anna@example.org" not in public.text


async def test_anonymous_and_participants_cannot_see_registrations(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _participant, link = await registered(event_id, "anna@example.org", [])
    await client.get(link)
    for path in ("registrations", "registrations.csv", "check-in", "badges"):
        response = await client.get(f"/organise/events/{event_id}/{path}", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")

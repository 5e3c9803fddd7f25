""" "Confirm the address first": seats are provisional until the mailed link is opened, and a
registration nobody confirms is released to the waiting list after the event's hours."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.outbox.worker import app_dispatcher_hooks
from events.programme.tables import Event
from events.registration.confirmation import release_unconfirmed
from events.registration.tables import Participant, SeatChoice
from events.settings import load_settings
from tests.conftest import post_form
from tests.mail.conftest import SMTPServer, mail_settings
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.mailbox import (
    deliver,
    invite_of,
    link_in,
    register_on_the_form,
    text_of,
)

LATER = timedelta(hours=25)


async def a_full_workshop(confirm_first: bool) -> tuple[int, int, int]:
    """An event with one workshop of one seat; returns (event, round, workshop)."""
    event_id = await make_event()
    if confirm_first:
        await Event.update({Event.confirm_address_first: True}).where(Event.id == event_id)
    round_id = await make_round(event_id, "Ronde 1", 9)
    return event_id, round_id, await make_workshop(event_id, round_id, "Binthout", 1)


async def confirm(browser: AsyncTestClient[Litestar], link: str) -> None:
    """Open the mailed link and press "Mijn aanmelding bevestigen", as the person does."""
    assert "Bevestig je aanmelding" in (await browser.get(link)).text
    pressed = await post_form(browser, link, {}, follow_redirects=False)
    assert pressed.status_code == 303


async def status_of(email: str) -> str:
    row = await Participant.select(Participant.status).where(Participant.email == email).first()
    return row["status"]


async def choice_of(email: str) -> str:
    row = (
        await SeatChoice.select(SeatChoice.status)
        .where(SeatChoice.participant.email == email)
        .first()
    )
    return row["status"]


async def test_with_the_setting_off_nothing_is_provisional_or_released(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    _event, round_id, workshop = await a_full_workshop(confirm_first=False)
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})

    released = await release_unconfirmed(load_settings(), datetime.now(UTC) + LATER * 40)

    assert released == []
    assert await status_of("anna@example.org") == "registered"
    assert await choice_of("anna@example.org") == "confirmed"
    (mail,) = await deliver(smtp)
    assert "Bevestig je e-mailadres" not in text_of(mail)


async def test_an_unconfirmed_registration_holds_its_seat_and_is_listed_as_unconfirmed(
    client: AsyncTestClient[Litestar], organiser_client: AsyncTestClient[Litestar], smtp
) -> None:
    event_id, round_id, workshop = await a_full_workshop(confirm_first=True)
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    await register_on_the_form(client, "bram@example.org", **{f"round-{round_id}": str(workshop)})

    page = await organiser_client.get(f"/organise/events/{event_id}/registrations")
    mails = {message["To"].addresses[0].addr_spec: message for message in await deliver(smtp)}

    assert await choice_of("anna@example.org") == "confirmed"
    assert await choice_of("bram@example.org") == "waitlisted"
    assert page.text.count("niet bevestigd") == 2
    assert "Bevestig je e-mailadres: open binnen 24 uur" in text_of(mails["anna@example.org"])
    released = await release_unconfirmed(load_settings(), datetime.now(UTC) + timedelta(hours=23))
    assert released == []


async def test_released_after_the_time_the_waiting_list_served_and_both_told(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    _event, round_id, workshop = await a_full_workshop(confirm_first=True)
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    await register_on_the_form(client, "bram@example.org", **{f"round-{round_id}": str(workshop)})
    first = {message["To"].addresses[0].addr_spec: message for message in await deliver(smtp)}
    async with client_factory() as bram:  # Bram confirms; Anna never opens her mail
        await confirm(bram, link_in(first["bram@example.org"]))

    released = await release_unconfirmed(load_settings(), datetime.now(UTC) + LATER)

    assert len(released) == 1
    assert await status_of("anna@example.org") == "cancelled"
    assert await status_of("bram@example.org") == "registered"
    assert await choice_of("bram@example.org") == "confirmed"
    told = {message["To"].addresses[0].addr_spec: message for message in await deliver(smtp)}
    assert told["anna@example.org"]["Subject"] == "Je aanmelding voor Parade is niet bevestigd"
    assert "je plaatsen zijn aan anderen gegeven" in text_of(told["anna@example.org"])
    assert invite_of(told["anna@example.org"])[0] == "CANCEL"
    assert told["bram@example.org"]["Subject"] == "Er is een plaats voor je vrijgekomen: Parade"
    assert await release_unconfirmed(load_settings(), datetime.now(UTC) + LATER) == []


async def test_a_confirmed_registration_is_not_released(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    _event, round_id, workshop = await a_full_workshop(confirm_first=True)
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    (mail,) = await deliver(smtp)
    async with client_factory() as anna:
        await confirm(anna, link_in(mail))

    released = await release_unconfirmed(load_settings(), datetime.now(UTC) + LATER * 10)

    assert released == []
    assert await status_of("anna@example.org") == "registered"
    assert await choice_of("anna@example.org") == "confirmed"


async def test_the_dispatcher_clock_releases_in_the_running_app(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    _event, round_id, workshop = await a_full_workshop(confirm_first=True)
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    await Participant.update({Participant.unconfirmed_since: datetime.now(UTC) - LATER}, force=True)
    start, stop = app_dispatcher_hooks(mail_settings(smtp_url=smtp.url, dispatcher_enabled="true"))
    await start()
    try:
        for _ in range(100):
            if await status_of("anna@example.org") == "cancelled":
                break
            await asyncio.sleep(0.1)
    finally:
        await stop()
    assert await status_of("anna@example.org") == "cancelled"


async def test_the_organiser_turns_it_on_in_the_event_form(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    form = (await organiser_client.get(f"/organise/events/{event_id}/edit")).text
    assert 'name="confirm_address_first"' in form
    assert 'name="unconfirmed_release_hours" type="number"' in form

    saved = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/edit",
        {
            "name": "Parade",
            "slug": "parade",
            "date": "2027-03-18",
            "start_time": "09:30",
            "end_time": "16:30",
            "timezone": "Europe/Amsterdam",
            "published": "1",
            "confirm_address_first": "1",
            "unconfirmed_release_hours": "48",
        },
        follow_redirects=False,
    )

    assert saved.status_code == 303, saved.text
    event = await Event.select().where(Event.id == event_id).first()
    assert (event["confirm_address_first"], event["unconfirmed_release_hours"]) == (True, 48)


async def test_a_mail_scanner_opening_the_link_does_not_confirm_only_the_button_does(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    _event, round_id, workshop = await a_full_workshop(confirm_first=True)
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    (mail,) = await deliver(smtp)
    link = link_in(mail)
    async with client_factory() as scanner:
        scanned = await scanner.get(link, follow_redirects=False)
    assert scanned.status_code == 200 and "Bevestig je aanmelding" in scanned.text
    assert "events_participant" not in scanned.headers.get("set-cookie", "")
    row = await Participant.select(Participant.address_confirmed_at).first()
    assert row["address_confirmed_at"] is None

    async with client_factory() as anna:
        await anna.get(link)
        pressed = await post_form(anna, link, {}, follow_redirects=False)
        assert pressed.status_code == 303
        me = await anna.get("/me")
    assert me.status_code == 200 and "Binthout" in me.text
    row = await Participant.select(Participant.address_confirmed_at).first()
    assert row["address_confirmed_at"] is not None
    assert await release_unconfirmed(load_settings(), datetime.now(UTC) + LATER * 10) == []

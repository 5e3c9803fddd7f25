"""Registration e-mails through the real outbox and a real SMTP server, parsed back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from icalendar import Calendar
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.outbox.dispatcher import Dispatcher
from events.outbox.tables import OutboxMessage
from events.registration.tables import Participant
from tests.conftest import free_port, post_form
from tests.mail.conftest import Clock, SMTPServer, mail_settings
from tests.registration.helpers import make_event, make_round, make_workshop


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


async def deliver(smtp: SMTPServer) -> list[EmailMessage]:
    """Run the dispatcher until the outbox is empty; return the newly received messages."""
    before = len(smtp.received)
    await Dispatcher(mail_settings(smtp_url=smtp.url), now=Clock()).drain()
    return [received.message for received in smtp.received[before:]]


def invite_of(message: EmailMessage) -> tuple[str, Calendar]:
    """(MIME method, parsed calendar) of the text/calendar part of a message."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), Calendar.from_ical(part.get_content())
    raise AssertionError("no text/calendar part")


def manage_path(message: EmailMessage) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"http://testserver\.local(/manage/[A-Za-z0-9_-]+)", text)
    assert found, text
    return found.group(1)


async def test_confirmation_change_promotion_and_cancel_mails(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    small = await make_workshop(event_id, round_id, "Binthout", 1)
    other = await make_workshop(event_id, round_id, "Regiebox", 5)

    await post_form(
        client,
        "/events/parade/register",
        {
            "name": "Anna de Vries",
            "email": "anna@example.org",
            "language": "nl",
            "consent_event": "1",
            f"round-{round_id}": str(small),
        },
    )
    api = await client.post(
        "/api/events/parade/registrations",
        json={
            "name": "Bram",
            "email": "bram@example.org",
            "language": "en",
            "consents": {"event": True},
            "choices": [small],
        },
    )
    assert api.json() == {"status": "check_your_mail"}, "the outcome is only in the mail"

    first = {message["To"].addresses[0].addr_spec: message for message in await deliver(smtp)}
    anna_mail, bram_mail = first["anna@example.org"], first["bram@example.org"]
    anna = await Participant.select().where(Participant.email == "anna@example.org").first()

    assert anna_mail["Subject"] == "Je aanmelding voor Parade"
    anna_text = anna_mail.get_body(preferencelist=("plain",)).get_content()
    assert "10:00–10:45 Binthout (Room Binthout): bevestigd" in anna_text
    assert "on the waiting list, number 1" in bram_mail.get_body(("plain",)).get_content()
    method, calendar = invite_of(anna_mail)
    event = calendar.walk("VEVENT")[0]
    assert method == "REQUEST" == str(calendar["METHOD"])
    assert str(event["UID"]) == anna["calendar_uid"]
    assert int(event["SEQUENCE"]) == 0
    assert str(event["ATTENDEE"]).lower() == "mailto:anna@example.org"
    assert calendar.walk("VTIMEZONE")

    # Anna opens her link and moves to another workshop: Bram gets her seat.
    await client.get(manage_path(anna_mail))
    await post_form(client, "/me/choices", {f"round-{round_id}": str(other)})
    second = {message["To"].addresses[0].addr_spec: message for message in await deliver(smtp)}
    _method, changed = invite_of(second["anna@example.org"])
    assert str(changed.walk("VEVENT")[0]["UID"]) == anna["calendar_uid"]
    assert int(changed.walk("VEVENT")[0]["SEQUENCE"]) == 1
    promoted_text = second["bram@example.org"].get_body(("plain",)).get_content()
    assert "a seat came free" in promoted_text
    assert "Binthout (Room Binthout): confirmed" in promoted_text

    # Anna cancels: a METHOD:CANCEL in the MIME type and in the calendar.
    await post_form(client, "/me/cancel", {})
    (cancel_mail,) = await deliver(smtp)
    method, cancelled = invite_of(cancel_mail)
    assert method == "CANCEL" == str(cancelled["METHOD"])
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert str(cancelled.walk("VEVENT")[0]["UID"]) == anna["calendar_uid"]

    # Registering again sends one more link; the first one keeps working too.
    async with client_factory() as stranger:
        await post_form(
            stranger,
            "/events/parade/register",
            {"name": "Anna", "email": "anna@example.org", "consent_event": "1"},
        )
    (link_mail,) = await deliver(smtp)
    for mail in (anna_mail, link_mail):
        async with client_factory() as anna_again:
            assert (await anna_again.get(manage_path(mail))).status_code == 200


async def test_erasure_cancels_mail_that_was_not_sent(
    client: AsyncTestClient[Litestar],
    organiser_client: AsyncTestClient[Litestar],
    smtp: SMTPServer,
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 5)
    await post_form(
        client,
        "/events/parade/register",
        {"name": "Anna", "email": "anna@example.org", "consent_event": "1"},
    )
    (confirmation,) = await deliver(smtp)
    await client.get(manage_path(confirmation))
    await post_form(client, "/me/choices", {f"round-{round_id}": str(workshop)})
    await post_form(client, "/me/erase", {})

    assert await deliver(smtp) == []
    # The outbox keeps what happened (one sent, the rest cancelled) but not who it was for.
    rows = await OutboxMessage.select().order_by(OutboxMessage.id)
    assert rows[0]["status"] == "sent"
    assert {row["status"] for row in rows[1:]} == {"cancelled"}
    for row in rows:
        assert row["recipient"].startswith("erased-") and row["recipient"].endswith("@invalid")
        assert row["recipient_name"] == "" and row["context"] == '{"erased": true}'
    page = await organiser_client.get(f"/organise/outbox/{rows[0]['id']}")
    assert page.status_code == 200
    assert "persoonsgegevens van de ontvanger zijn gewist" in page.text
    assert "anna@example.org" not in page.text


async def test_moving_the_event_sends_every_participant_an_update(
    organiser_client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    from events.organise import queries as organise_queries
    from events.registration.services import RegistrationForm, register
    from events.settings import load_settings

    event_id = await make_event()
    for email in ("anna@example.org", "bram@example.org"):
        await register(
            event_id, RegistrationForm(name="X", email=email, consent_event=True), load_settings()
        )
    await deliver(smtp)
    values = organise_queries.event_form_values(await organise_queries.event(event_id))
    values = {key: "" if value is None else value for key, value in values.items()}
    values["start_time"] = "10:00"

    response = await post_form(organiser_client, f"/organise/events/{event_id}/edit", values)

    assert response.status_code == 200, response.text
    updates = await deliver(smtp)
    assert sorted(m["To"].addresses[0].addr_spec for m in updates) == [
        "anna@example.org",
        "bram@example.org",
    ]
    _method, calendar = invite_of(updates[0])
    event = calendar.walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").strftime("%H:%M") == "10:00"


async def test_hostile_names_stay_harmless_in_mail_and_calendar(smtp: SMTPServer) -> None:
    from events.registration.services import RegistrationForm, register
    from events.settings import load_settings

    hostile = '"><img src=x onerror=alert(1)> =HYPERLINK("http://x") <script>alert(1)</script>'
    event_id = await make_event()
    await register(
        event_id,
        RegistrationForm(name=hostile, email="anna@example.org", consent_event=True),
        load_settings(),
    )
    (message,) = await deliver(smtp)

    assert message.get_all("To") and len(message.get_all("To")) == 1
    assert message["To"].addresses[0].addr_spec == "anna@example.org"
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    _method, calendar = invite_of(message)
    attendee = calendar.walk("VEVENT")[0]["ATTENDEE"]
    assert "script" in attendee.params["CN"], "the name stays data in the calendar"
    assert str(attendee).lower() == "mailto:anna@example.org"

"""What a participant receives, for the link and session tests: mail through the real outbox
and a real SMTP server, the manage link taken out of the text, the invite parsed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from icalendar import Calendar

from events.outbox.dispatcher import Dispatcher
from tests.conftest import free_port, post_form
from tests.mail.conftest import Clock, SMTPServer, mail_settings

LINK = re.compile(r"http://testserver\.local(/manage/[A-Za-z0-9_-]+)")


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


async def deliver_one(smtp: SMTPServer, to: str) -> EmailMessage:
    """The one message that goes out now, checked to be addressed to `to`."""
    messages = await deliver(smtp)
    assert len(messages) == 1, [message["Subject"] for message in messages]
    assert messages[0]["To"].addresses[0].addr_spec == to
    return messages[0]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage) -> str:
    """The path of the manage link in a message (/manage/...)."""
    found = LINK.search(text_of(message))
    assert found, text_of(message)
    return found.group(1)


def invite_of(message: EmailMessage) -> tuple[str, Any]:
    """(MIME method, the VEVENT) of the text/calendar part of a message."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = Calendar.from_ical(part.get_content())
            assert str(calendar["METHOD"]) == part.get_param("method")
            return part.get_param("method"), calendar.walk("VEVENT")[0]
    raise AssertionError("no text/calendar part")


async def register_on_the_form(client: Any, email: str, **fields: str) -> None:
    """Fill in the public registration form of the event `parade`, as a person does."""
    response = await post_form(
        client,
        "/events/parade/register",
        {
            "name": email.split("@")[0].title(),
            "email": email,
            "language": "nl",
            "consent_event": "1",
            **fields,
        },
    )
    assert response.status_code == 200, response.text


async def ask_for_link(client: Any, email: str, continue_path: str = "") -> str:
    """Use "Stuur mijn link opnieuw" (or "Mail mij mijn link"); returns the page's text."""
    data = {"email": email}
    if continue_path:
        data["continue"] = continue_path
    response = await post_form(client, "/events/parade/link", data)
    assert response.status_code == 200, response.text
    return response.text

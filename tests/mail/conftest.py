"""Fixtures of the mail tests: a real SMTP server (aiosmtpd) and settings pointing at it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

# The app of these tests must not run its own dispatcher next to the one a test drives.
os.environ["EVENTS_DISPATCHER_ENABLED"] = "false"

from events.db import write_transaction
from events.outbox.services import enqueue
from events.settings import Settings, load_settings
from tests.conftest import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class SinkHandler:
    """Accepts everything, except what a test tells it to refuse."""

    received: list[Received] = field(default_factory=list)
    temporary_failures: int = 0
    refuse: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.temporary_failures > 0:
                self.temporary_failures -= 1
                return "451 4.3.0 Mailbox busy, try again later"
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        return "250 2.0.0 Message accepted"


class SMTPServer:
    """aiosmtpd on 127.0.0.1 at a fixed port, which can be stopped and started again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = SinkHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


def mail_settings(**overrides: Any) -> Settings:
    """Test settings with short intervals; keyword `smtp_url=...` etc. override EVENTS_*."""
    environ = {
        **os.environ,
        "EVENTS_MAIL_FROM": "parade@example.org",
        "EVENTS_ORGANISER_EMAIL": "organisatie@example.org",
        "EVENTS_MAIL_RETRY_SECONDS": "1",
        "EVENTS_MAIL_LEASE_SECONDS": "30",
        "EVENTS_MAIL_SAFETY_INTERVAL": "0.2",
        "EVENTS_MAIL_MAX_ATTEMPTS": "5",
    }
    environ.update({f"EVENTS_{key.upper()}": str(value) for key, value in overrides.items()})
    return load_settings(environ)


class Clock:
    """A controllable clock for the dispatcher: time passes only when a test says so.

    It starts a few seconds ahead of the wall clock, so messages a test enqueues "now" are due."""

    def __init__(self) -> None:
        self.moment = datetime.now(UTC) + timedelta(seconds=5)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def enqueue_many(count: int, prefix: str = "p") -> None:
    """`count` test messages to <prefix><n>@example.org, in one transaction."""
    settings = mail_settings()
    async with write_transaction():
        for number in range(count):
            await enqueue(
                settings,
                key=f"bulk:{prefix}{number}",
                recipient=f"{prefix}{number}@example.org",
                kind="test",
                template="test",
            )

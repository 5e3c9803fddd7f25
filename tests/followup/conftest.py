"""Fixtures of the follow-up tests: a real SMTP server and a dispatcher on a test's clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage

import pytest

os.environ["EVENTS_DISPATCHER_ENABLED"] = "false"

from events.followup.campaign_sync import CampaignDispatcher
from tests.conftest import free_port
from tests.mail.conftest import SMTPServer, mail_settings


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


async def deliver(smtp: SMTPServer, at: datetime) -> list[EmailMessage]:
    """Run the campaign dispatcher with its clock at `at`; return the newly received mail."""
    before = len(smtp.received)
    await CampaignDispatcher(mail_settings(smtp_url=smtp.url), now=lambda: at).drain()
    return [received.message for received in smtp.received[before:]]

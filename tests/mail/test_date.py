"""The Date header is the moment a message is handed to the server; the Message-ID is the row's.

Every test parses what the real SMTP server (or the .eml file) received.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Any

from events.calendar.invites import InviteData
from events.mail.messages import MessageParts, build_message, with_date
from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue
from events.outbox.tables import OutboxMessage
from tests.conftest import TEST_ENVIRONMENT
from tests.mail.conftest import Clock, SMTPServer, mail_settings

MONTHS_AGO = timedelta(days=190)


def date_of(message: EmailMessage) -> datetime:
    [value] = message.get_all("Date") or []
    return parsedate_to_datetime(str(value))


def assert_sent_between(message: EmailMessage, before: datetime, after: datetime) -> None:
    """The Date lies between two wall-clock readings around the send (Date has whole seconds)."""
    date = date_of(message)
    assert before.replace(microsecond=0) <= date <= after, (date, before, after)


async def queue_long_ago(settings: Any, key: str, **values: Any) -> dict[str, Any]:
    """A message queued ~half a year ago (as a follow-up queued at registration), due a minute
    ago; returns its row."""
    row_id = await enqueue(
        settings,
        key=key,
        recipient=values.pop("recipient", "anna@example.org"),
        kind="followup",
        template=values.pop("template", "test"),
        due_at=datetime.now(UTC) - timedelta(minutes=1),
        **values,
    )
    await OutboxMessage.update({OutboxMessage.created_at: datetime.now(UTC) - MONTHS_AGO}).where(
        OutboxMessage.id == row_id
    )
    row = await OutboxMessage.select().where(OutboxMessage.id == row_id).first()
    assert row is not None
    return row


async def test_a_message_queued_months_ago_is_dated_when_it_is_sent(
    smtp_server: SMTPServer,
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    row = await queue_long_ago(
        settings,
        "late:1",
        template="invite",
        invite=InviteData(
            uid="day-1@parade.example.org",
            sequence=0,
            summary="Parade",
            start=datetime(2027, 4, 14, 8, 30, tzinfo=UTC),
            end=datetime(2027, 4, 14, 15, 0, tzinfo=UTC),
        ),
    )
    before = datetime.now(UTC)
    assert await Dispatcher(settings).drain() == 1
    after = datetime.now(UTC)

    [received] = smtp_server.received
    message = received.message
    assert_sent_between(message, before, after)
    assert message["Message-ID"] == row["message_id"]
    assert date_of(message) - row["created_at"] > MONTHS_AGO - timedelta(minutes=1)
    sent = await OutboxMessage.select().where(OutboxMessage.id == row["id"]).first()
    assert sent is not None and sent["status"] == "sent"
    assert abs(sent["sent_at"] - date_of(message)) < timedelta(seconds=2)


async def test_a_follow_up_delivered_in_june_is_dated_june(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    """Queued in December, due in June: the dispatcher's clock at the send is the Date."""
    settings = mail_settings(smtp_url=smtp_server.url)
    december = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    june = datetime(2027, 6, 14, 7, 0, 3, tzinfo=UTC)
    row_id = await enqueue(
        settings,
        key="followup:june",
        recipient="anna@example.org",
        kind="followup",
        template="test",
        due_at=june - timedelta(seconds=3),
    )
    await OutboxMessage.update({OutboxMessage.created_at: december}).where(
        OutboxMessage.id == row_id
    )
    clock.moment = june
    assert await Dispatcher(settings, now=clock).drain() == 1
    [received] = smtp_server.received
    assert date_of(received.message) == june


@dataclass
class AttemptsHandler:
    """An SMTP server that refuses the first `refusals` messages with 451 but keeps what it was
    given each time, so a test can compare the attempts."""

    refusals: int = 1
    attempts: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts.append(bytes(envelope.content))
        if len(self.attempts) <= self.refusals:
            return "451 4.3.0 Mailbox busy, try again later"
        return "250 2.0.0 Message accepted"


async def test_a_retry_days_later_carries_the_new_date_and_the_same_message_id(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    handler = AttemptsHandler()
    smtp_server.stop()
    smtp_server.handler = handler  # type: ignore[assignment]
    smtp_server.start()
    settings = mail_settings(
        smtp_url=smtp_server.url, mail_retry_seconds=60, mail_catchup_max_age_hours=24 * 7
    )
    row_id = await enqueue(
        settings, key="retry:1", recipient="anna@example.org", kind="test", template="test"
    )
    dispatcher = Dispatcher(settings, now=clock)
    first_attempt = clock()
    assert await dispatcher.drain() == 0
    row = await OutboxMessage.select().where(OutboxMessage.id == row_id).first()
    assert row is not None and row["status"] == "retry"

    clock.advance(3 * 24 * 3600)  # the server came back three days later
    assert await dispatcher.drain() == 1

    first, second = (message_from_bytes(data, policy=policy.default) for data in handler.attempts)
    assert first["Message-ID"] == second["Message-ID"] == row["message_id"]
    assert date_of(first) == first_attempt.replace(microsecond=0)
    assert date_of(second) == clock().replace(microsecond=0)
    assert date_of(second) - date_of(first) >= timedelta(days=3)


async def test_an_eml_file_is_dated_when_it_is_written() -> None:
    settings = mail_settings(smtp_url="")
    row = await queue_long_ago(settings, "file:1")
    before = datetime.now(UTC)
    assert await Dispatcher(settings).drain() == 1
    after = datetime.now(UTC)
    written = [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in (settings.var_dir / "mail").glob("*.eml")
    ]
    [message] = [m for m in written if m["Message-ID"] == row["message_id"]]
    assert_sent_between(message, before, after)  # type: ignore[arg-type]


async def test_events_mail_test_is_dated_when_it_is_sent(smtp_server: SMTPServer) -> None:
    before = datetime.now(UTC)
    result = subprocess.run(
        [sys.executable, "-m", "events.cli", "mail-test", "--to", "ops@example.org"],
        env={**os.environ, **TEST_ENVIRONMENT, "EVENTS_SMTP_URL": smtp_server.url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    after = datetime.now(UTC)
    assert result.returncode == 0, result.stderr
    [received] = smtp_server.received
    assert_sent_between(received.message, before, after)


async def test_the_message_id_is_the_rows_from_the_moment_it_is_queued(
    smtp_server: SMTPServer,
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    row = await queue_long_ago(settings, "id:1")
    assert row["message_id"].startswith("<") and row["message_id"].endswith("@example.org>")
    await Dispatcher(settings).drain()
    [received] = smtp_server.received
    assert received.message["Message-ID"] == row["message_id"]


async def test_with_date_changes_the_date_and_nothing_else() -> None:
    built = build_message(
        MessageParts(
            sender="parade@example.org",
            sender_name="Parade",
            recipient="anna@example.org",
            recipient_name="Anna",
            subject="Hallo",
            text="Tekst",
            html="<p>Tekst</p>",
            message_id="<m1@example.org>",
            date=datetime(2026, 12, 2, 9, 0, tzinfo=UTC),
        )
    )
    later = datetime(2027, 6, 14, 7, 0, 5, tzinfo=UTC)
    dated = with_date(built, later)
    assert dated.split(b"\r\n", 1)[1] == built.split(b"\r\n", 1)[1]
    message = message_from_bytes(dated, policy=policy.default)
    assert date_of(message) == later  # type: ignore[arg-type]
    assert message["Message-ID"] == "<m1@example.org>"
    assert message.get_body(preferencelist=("plain",)).get_content().strip() == "Tekst"  # type: ignore[union-attr]

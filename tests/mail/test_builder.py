"""Messages built in the helper process: broken messages fail visibly, a dead helper loses none."""

from __future__ import annotations

import os
import signal
from email import message_from_bytes, policy

import pytest

from events.outbox.builder import MessageBuilder
from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue
from events.outbox.tables import OutboxMessage
from tests.mail.conftest import Clock, SMTPServer, enqueue_many, mail_settings


@pytest.mark.parametrize("processes", [0, 1])
async def test_a_message_that_cannot_be_built_fails_visibly_and_the_others_go(
    smtp_server: SMTPServer, clock: Clock, processes: int
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url, mail_build_processes=processes)
    await enqueue_many(12, prefix="b")  # more than one chunk: the helper builds them
    broken = await enqueue(
        settings, key="broken", recipient="x@example.org", kind="test", template="no-such-mail"
    )

    assert await Dispatcher(settings, now=clock).drain() == 12

    assert sorted(r.recipients[0] for r in smtp_server.received) == sorted(
        f"b{number}@example.org" for number in range(12)
    )
    row = await OutboxMessage.select().where(OutboxMessage.id == broken).first()
    assert row is not None and row["status"] == "failed"
    assert row["last_answer"].startswith("could not be built:")
    assert "no-such-mail" in row["last_answer"]


async def test_messages_are_built_here_when_the_helper_dies_mid_batch(clock: Clock) -> None:
    settings = mail_settings(mail_build_processes=1)
    await enqueue_many(25, prefix="b")
    rows = await OutboxMessage.select().order_by(OutboxMessage.id)
    builder = MessageBuilder(settings)
    await builder.start()
    helper = await builder.helper_info()
    assert helper is not None and helper.pid != os.getpid()

    ahead = builder.ahead(rows)
    os.kill(helper.pid, signal.SIGKILL)
    messages = [await builder.message(row, ahead) for row in rows]

    for row, data in zip(rows, messages, strict=True):
        parsed = message_from_bytes(data, policy=policy.default)
        assert parsed["Message-ID"] == row["message_id"]
        assert parsed["To"].addresses[0].addr_spec == row["recipient"]

    # The next batch gets a new helper that works.
    again = builder.ahead(rows[:15])
    assert len(again) == 15
    rebuilt = [await builder.message(row, again) for row in rows[:15]]
    assert [message_from_bytes(data)["Message-ID"] for data in rebuilt] == [
        row["message_id"] for row in rows[:15]
    ]
    replacement = await builder.helper_info()
    assert replacement is not None and replacement.pid not in (helper.pid, os.getpid())

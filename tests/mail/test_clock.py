"""The real clock: the app's in-process dispatcher wakes up for due messages by itself."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from litestar.testing import AsyncTestClient

from events.app import create_app
from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue
from events.outbox.tables import OutboxMessage
from tests.mail.conftest import SMTPServer, mail_settings


async def wait_until(condition, timeout: float) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        await asyncio.sleep(0.02)


async def test_the_app_runs_the_dispatcher_which_sends_when_messages_fall_due(
    smtp_server: SMTPServer,
) -> None:
    settings = mail_settings(
        smtp_url=smtp_server.url, dispatcher_enabled="true", mail_safety_interval=1
    )
    await enqueue(settings, key="now", recipient="a@example.org", kind="test", template="test")
    async with AsyncTestClient(app=create_app(settings)):
        await wait_until(lambda: len(smtp_server.received) == 1, 10)  # catch-up at start
        await enqueue(
            settings,
            key="soon",
            recipient="b@example.org",
            kind="test",
            template="test",
            due_at=datetime.now(UTC) + timedelta(seconds=1.5),
        )
        await asyncio.sleep(1.2)
        assert len(smtp_server.received) == 1  # not before it is due
        await wait_until(lambda: len(smtp_server.received) == 2, 6)
    assert await OutboxMessage.count().where(OutboxMessage.status == "sent") == 2


async def test_enqueue_wakes_a_dispatcher_of_the_same_process(smtp_server: SMTPServer) -> None:
    settings = mail_settings(smtp_url=smtp_server.url, mail_safety_interval=600)
    dispatcher = Dispatcher(settings)
    await dispatcher.start()
    try:
        await asyncio.sleep(0.3)  # the first (empty) drain has run
        await enqueue(settings, key="x", recipient="d@example.org", kind="test", template="test")
        await wait_until(lambda: len(smtp_server.received) == 1, 30)  # not the 600 s interval
    finally:
        await dispatcher.stop()


async def test_a_dispatcher_sets_its_wake_up_for_the_next_due_message(
    smtp_server: SMTPServer,
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url, mail_safety_interval=600)
    due = datetime.now(UTC) + timedelta(seconds=1)
    await enqueue(
        settings, key="later", recipient="c@example.org", kind="test", template="test", due_at=due
    )
    dispatcher = Dispatcher(settings)
    await dispatcher.start()
    try:
        await asyncio.sleep(0.5)
        assert smtp_server.received == []
        wake = dispatcher.scheduler.get_job("wake")  # type: ignore[union-attr]
        assert wake is not None and abs((wake.next_run_time - due).total_seconds()) < 0.3
        await wait_until(lambda: len(smtp_server.received) == 1, 30)  # not the 600 s interval
    finally:
        await dispatcher.stop()

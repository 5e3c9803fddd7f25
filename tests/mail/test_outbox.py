"""The outbox: one row per key, written in the caller's transaction, and the catch-up rule."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from events.db import write_transaction
from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue, retry_now
from events.outbox.tables import OutboxMessage
from tests.mail.conftest import Clock, SMTPServer, mail_settings


async def test_enqueuing_the_same_thing_twice_makes_one_message(clock: Clock) -> None:
    settings = mail_settings()
    first = await enqueue(
        settings, key="pledge:3:week6", recipient="a@example.org", kind="followup", template="test"
    )
    again = await enqueue(
        settings, key="pledge:3:week6", recipient="a@example.org", kind="followup", template="test"
    )
    assert first == again
    assert await OutboxMessage.count() == 1
    row = await OutboxMessage.select().first()
    assert (
        row is not None
        and row["status"] == "queued"
        and row["message_id"].endswith("@example.org>")
    )


async def test_a_rollback_leaves_no_message_behind() -> None:
    settings = mail_settings()

    class Refused(Exception):
        pass

    with pytest.raises(Refused):
        async with write_transaction():
            await enqueue(
                settings,
                key="reg:9",
                recipient="b@example.org",
                kind="confirmation",
                template="test",
            )
            assert await OutboxMessage.count() == 1  # visible inside the transaction
            raise Refused
    assert await OutboxMessage.count() == 0

    async with write_transaction():
        await enqueue(
            settings, key="reg:9", recipient="b@example.org", kind="confirmation", template="test"
        )
    assert await OutboxMessage.count() == 1


async def test_without_smtp_messages_become_eml_files(clock: Clock) -> None:
    settings = mail_settings(smtp_url="")
    await enqueue(
        settings, key="t1", recipient="c@example.org", kind="test", template="test", language="en"
    )
    assert await Dispatcher(settings, now=clock).drain() == 1
    row = await OutboxMessage.select().first()
    assert row is not None and row["status"] == "sent"
    files = sorted((settings.var_dir / "mail").glob("*.eml"))
    written = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]
    [message] = [m for m in written if m["Message-ID"] == row["message_id"]]
    assert message["Subject"] == "Test message from the practice example parade"
    assert str(files[0]) in row["last_answer"] or "written to" in row["last_answer"]


async def test_messages_missed_for_too_long_are_expired_not_sent(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url, mail_catchup_max_age_hours=24)
    await enqueue(
        settings,
        key="old",
        recipient="d@example.org",
        kind="followup",
        template="test",
        due_at=clock() - timedelta(days=3),
    )
    await enqueue(
        settings,
        key="recent",
        recipient="e@example.org",
        kind="followup",
        template="test",
        due_at=clock() - timedelta(hours=5),
    )
    await enqueue(
        settings,
        key="future",
        recipient="f@example.org",
        kind="followup",
        template="test",
        due_at=clock() + timedelta(days=1),
    )
    assert await Dispatcher(settings, now=clock).drain() == 1
    assert [r.recipients for r in smtp_server.received] == [["e@example.org"]]
    statuses = {
        row["idempotency_key"]: (row["status"], row["last_answer"])
        for row in await OutboxMessage.select()
    }
    assert statuses["old"][0] == "expired" and "catch-up" in statuses["old"][1]
    assert statuses["future"][0] == "queued"

    old = (
        await OutboxMessage.select(OutboxMessage.id)
        .where(OutboxMessage.idempotency_key == "old")
        .first()
    )
    assert old is not None and await retry_now(old["id"])
    clock.advance(1)
    assert await Dispatcher(settings, now=clock).drain() == 1
    assert smtp_server.received[-1].recipients == ["d@example.org"]
    clock.advance(86400 + 10)
    assert await Dispatcher(settings, now=clock).drain() == 1
    assert smtp_server.received[-1].recipients == ["f@example.org"]

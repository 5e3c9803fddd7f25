"""Delivery faults against a real SMTP server: temporary refusals, permanent ones, no server."""

from __future__ import annotations

from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue
from events.outbox.tables import OutboxMessage
from tests.conftest import free_port
from tests.mail.conftest import Clock, SMTPServer, mail_settings


async def statuses() -> dict[str, dict]:  # type: ignore[type-arg]
    return {row["recipient"]: row for row in await OutboxMessage.select()}


async def test_451_for_a_while_then_delivered_after_retries(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url, mail_retry_seconds=10)
    smtp_server.handler.temporary_failures = 3
    await enqueue(settings, key="k", recipient="a@example.org", kind="test", template="test")
    dispatcher = Dispatcher(settings, now=clock)

    assert await dispatcher.drain() == 0
    row = (await statuses())["a@example.org"]
    assert row["status"] == "retry" and row["last_answer"].startswith("451")
    first_retry = row["due_at"]
    assert (first_retry - clock()).total_seconds() == 10

    assert await dispatcher.drain() == 0  # not due yet: nothing is tried
    assert (await statuses())["a@example.org"]["attempts"] == 1

    clock.advance(10)
    assert await dispatcher.drain() == 0
    row = (await statuses())["a@example.org"]
    assert row["attempts"] == 2 and (row["due_at"] - clock()).total_seconds() == 20  # back-off

    clock.advance(20)
    assert await dispatcher.drain() == 0
    clock.advance(40)
    assert await dispatcher.drain() == 1
    row = (await statuses())["a@example.org"]
    assert row["status"] == "sent" and row["attempts"] == 4
    assert row["last_answer"].startswith("250")
    assert len(smtp_server.received) == 1


async def test_temporary_failures_give_up_after_the_configured_attempts(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url, mail_max_attempts=2, mail_retry_seconds=1)
    smtp_server.handler.temporary_failures = 10
    await enqueue(settings, key="k", recipient="a@example.org", kind="test", template="test")
    dispatcher = Dispatcher(settings, now=clock)
    await dispatcher.drain()
    clock.advance(1)
    await dispatcher.drain()
    row = (await statuses())["a@example.org"]
    assert row["status"] == "failed"
    assert "451" in row["last_answer"] and "2 attempts" in row["last_answer"]


async def test_550_fails_at_once_and_keeps_the_answer(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    smtp_server.handler.refuse["gone@example.org"] = "550 5.1.1 No such user here"
    for recipient in ("gone@example.org", "here@example.org"):
        await enqueue(
            settings, key=recipient, recipient=recipient, kind="confirmation", template="test"
        )
    assert await Dispatcher(settings, now=clock).drain() == 1
    rows = await statuses()
    assert rows["gone@example.org"]["status"] == "failed"
    assert rows["gone@example.org"]["last_answer"] == "550 5.1.1 No such user here"
    assert rows["gone@example.org"]["attempts"] == 1
    assert rows["here@example.org"]["status"] == "sent"  # same connection, next message
    assert [r.recipients for r in smtp_server.received] == [["here@example.org"]]


async def test_an_address_the_server_cannot_take_fails_at_once_and_the_rest_go(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    """aiosmtpd does not offer SMTPUTF8, so an address with an accent cannot be sent to it."""
    settings = mail_settings(smtp_url=smtp_server.url)
    for recipient in ("jöran@example.org", "here@example.org"):
        await enqueue(
            settings, key=recipient, recipient=recipient, kind="confirmation", template="test"
        )
    assert await Dispatcher(settings, now=clock).drain() == 1
    rows = await statuses()
    assert rows["jöran@example.org"]["status"] == "failed"
    assert rows["jöran@example.org"]["last_answer"].startswith("the address cannot be sent")
    assert rows["here@example.org"]["status"] == "sent"
    assert [r.recipients for r in smtp_server.received] == [["here@example.org"]]


async def test_server_down_at_start_then_delivered_once_it_is_up(clock: Clock) -> None:
    server = SMTPServer(free_port())
    settings = mail_settings(smtp_url=server.url, mail_retry_seconds=5)
    for number in range(3):
        await enqueue(
            settings,
            key=f"k{number}",
            recipient=f"p{number}@example.org",
            kind="test",
            template="test",
        )
    dispatcher = Dispatcher(settings, now=clock)
    assert await dispatcher.drain() == 0
    rows = await statuses()
    assert {row["status"] for row in rows.values()} == {"retry"}
    assert all("connection" in row["last_answer"] for row in rows.values())

    server.start()
    try:
        clock.advance(5)
        assert await dispatcher.drain() == 3
        assert sorted(r.recipients[0] for r in server.received) == [
            "p0@example.org",
            "p1@example.org",
            "p2@example.org",
        ]
    finally:
        server.stop()

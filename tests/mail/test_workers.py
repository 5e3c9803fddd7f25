"""`events worker` processes: killed with SIGKILL while sending, and several on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict

import asyncpg
import pytest

from events.outbox.tables import OutboxMessage
from tests.conftest import TEST_DATABASE_URL, TEST_ENVIRONMENT
from tests.mail.conftest import SMTPServer, enqueue_many

IS_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


def start_worker(smtp_url: str, **settings: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        **TEST_ENVIRONMENT,
        "EVENTS_SMTP_URL": smtp_url,
        "EVENTS_DISPATCHER_ENABLED": "false",
        "EVENTS_MAIL_SAFETY_INTERVAL": "0.2",
        "EVENTS_DATABASE_POOL_SIZE": "10",  # events.db passes only max_size; min is 10
        **{f"EVENTS_{key.upper()}": value for key, value in settings.items()},
    }
    return subprocess.Popen(
        [sys.executable, "-m", "events.cli", "worker"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def children_of(pid: int) -> set[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    children = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.add(int(entry))
    return children


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


async def message_ids() -> dict[str, str]:
    return {
        row["recipient"]: row["message_id"]
        for row in await OutboxMessage.select(OutboxMessage.recipient, OutboxMessage.message_id)
    }


async def test_a_worker_killed_while_sending_loses_nothing(smtp_server: SMTPServer) -> None:
    total = 500
    await enqueue_many(total)
    expected = await message_ids()
    options = {"mail_lease_seconds": "1", "mail_batch_size": "20"}
    kills = 0
    for kill_at in (60, 170, 290):
        worker = start_worker(smtp_server.url, **options)
        try:
            wait_for(lambda at=kill_at: len(smtp_server.received) >= at, 60, f"{kill_at} messages")
            helpers = children_of(worker.pid)  # its message builder (and multiprocessing's)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        kills += 1
        assert len(smtp_server.received) < total, "the worker finished before it was killed"
        assert helpers, "the worker built its messages in a helper process"
        wait_for(
            lambda helpers=helpers: not any(running(pid) for pid in helpers),
            10,
            "the killed worker's helper processes to exit",
        )

    worker = start_worker(smtp_server.url, **options)
    try:
        wait_for(
            lambda: len({r.recipients[0] for r in smtp_server.received}) >= total,
            60,
            "every message",
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0

    copies: dict[str, list[str]] = defaultdict(list)
    for received in smtp_server.received:
        copies[received.recipients[0]].append(received.message["Message-ID"])
    assert set(copies) == set(expected)
    for recipient, ids in copies.items():
        assert set(ids) == {expected[recipient]}  # a duplicate is the same message
    duplicates = sum(len(ids) - 1 for ids in copies.values())
    print(
        f"crash test: {kills} kills, {duplicates} duplicates, {len(smtp_server.received)} received"
    )
    assert duplicates <= kills
    assert await OutboxMessage.count().where(OutboxMessage.status != "sent") == 0


async def test_several_workers_on_postgresql_deliver_each_message_exactly_once(
    smtp_server: SMTPServer,
) -> None:
    if not IS_POSTGRES:
        pytest.skip("several workers share one database on PostgreSQL only")
    try:  # unreachable PostgreSQL is a failure here, never a skip
        connection = await asyncpg.connect(TEST_DATABASE_URL, timeout=5)
        await connection.close()
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"PostgreSQL at {TEST_DATABASE_URL} is unreachable: {error}")

    total = 2000
    await enqueue_many(total)
    workers = [
        start_worker(smtp_server.url, mail_batch_size="25", mail_lease_seconds="60")
        for _ in range(4)
    ]
    try:
        wait_for(lambda: len(smtp_server.received) >= total, 100, "2,000 messages")
        time.sleep(0.5)  # room for any (wrong) second copy to arrive
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=20)[1].decode() for worker in workers]
    counts = Counter(received.recipients[0] for received in smtp_server.received)
    assert len(counts) == total
    assert max(counts.values()) == 1
    assert await OutboxMessage.count().where(OutboxMessage.status != "sent") == 0
    busy = [output.count("started") for output in outputs]
    assert all(busy), outputs

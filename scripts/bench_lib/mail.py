"""The mail benchmark (run it with ./scripts/bench_mail): N messages with invites through the
outbox dispatcher into a local SMTP sink, then the same pre-built messages through plain
aiosmtplib; prints msgs/s, their ratio and peak memory. A file rather than a heredoc, because
the dispatcher's message builder processes are spawned, and import the main module by its
path."""

import asyncio
import multiprocessing
import os
import resource
import socket
import sys
import tempfile
import time

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
# Dispatcher and plain sending take turns in rounds, so both see the same moments of a busy
# machine.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
VAR = tempfile.mkdtemp(prefix="events-bench-")
os.environ.update(
    EVENTS_DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{VAR}/bench.sqlite3",
    EVENTS_DATABASE_POOL_SIZE="10",
    EVENTS_VAR_DIR=VAR,
    EVENTS_SECRET_KEY="bench-secret-key-that-is-long-enough-for-the-settings",
    EVENTS_DISPATCHER_ENABLED="false",
    EVENTS_MAIL_BATCH_SIZE="200",
    PICCOLO_CONF="events.piccolo_conf",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_sink(port: int, ready) -> None:  # type: ignore[no-untyped-def]
    """An aiosmtpd sink in its own process, so it does not share the measured process's CPU."""
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 2.0.0 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main(port: int) -> None:
    from datetime import UTC, datetime, timedelta

    import aiosmtplib
    from piccolo.engine.postgres import PostgresEngine

    from events import db, piccolo_conf
    from events.calendar.invites import InviteData
    from events.outbox import services
    from events.outbox.dispatcher import Dispatcher
    from events.outbox.tables import OutboxMessage
    from events.settings import load_settings

    settings = load_settings({**os.environ, "EVENTS_SMTP_URL": f"smtp://127.0.0.1:{port}"})
    engine = piccolo_conf.DB
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
    assert await db.run_migrations()
    await db.start_pool(settings)
    print(
        f"database: {settings.database_url.split('@')[-1]}; sink: 127.0.0.1:{port}; "
        f"messages: {COUNT}",
        file=sys.stderr,
    )

    # All messages are enqueued at once; round r's are due r hours after the first, so each
    # round's drain sends exactly its share.
    first_due = datetime.now(UTC)
    per_round = -(-COUNT // ROUNDS)
    start = datetime(2027, 4, 14, 8, 30, tzinfo=UTC)
    began = time.perf_counter()
    async with db.write_transaction():
        for number in range(COUNT):
            await services.enqueue(
                settings,
                key=f"bench:{number}",
                recipient=f"participant{number}@example.org",
                recipient_name=f"Deelnemer {number}",
                language="nl" if number % 3 else "en",
                kind="bench",
                template="invite",
                transactional=bool(number % 2),
                due_at=first_due + timedelta(hours=number // per_round),
                invite=InviteData(
                    uid=f"session-{number % 40}@parade.example.org",
                    sequence=number % 3,
                    summary=f"Workshop {number % 40}: schuldpreventie in de wijk",
                    start=start + timedelta(hours=number % 6),
                    end=start + timedelta(hours=number % 6 + 1),
                    location="Stadhuis, Utrecht",
                ),
            )
    enqueue_seconds = time.perf_counter() - began

    clock = [first_due]
    dispatcher = Dispatcher(settings, now=lambda: clock[0])
    await dispatcher.builder.start()  # as `events worker` does when it starts
    dispatch_seconds = plain_seconds = 0.0
    sizes: list[int] = []
    for number in range(ROUNDS):
        clock[0] = first_due + timedelta(hours=number, seconds=1)
        began = time.perf_counter()
        sent = await dispatcher.drain()
        dispatch_seconds += time.perf_counter() - began
        assert sent == min(per_round, COUNT - number * per_round), f"round {number}: {sent}"

        # The same messages, built beforehand (not timed), through one plain connection.
        rows = await OutboxMessage.select().where(
            OutboxMessage.due_at == first_due + timedelta(hours=number)
        )
        prebuilt = [(row["recipient"], services.render_row(settings, row).message) for row in rows]
        sizes += [len(data) for _recipient, data in prebuilt]
        began = time.perf_counter()
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as smtp:
            for recipient, data in prebuilt:
                await smtp.sendmail(settings.mail_from, [recipient], data)
        plain_seconds += time.perf_counter() - began
        del rows, prebuilt
        print(f"round {number + 1}/{ROUNDS} done", file=sys.stderr)
    helper = await dispatcher.builder.helper_info()
    builder_peak = helper.peak_memory_mb if helper else 0.0
    await db.close_pool()

    dispatcher_rate = COUNT / dispatch_seconds
    plain_rate = COUNT / plain_seconds
    print(f"enqueue (one transaction):   {COUNT / enqueue_seconds:8.0f} msgs/s")
    print(f"dispatcher (outbox → SMTP):  {dispatcher_rate:8.0f} msgs/s  ({dispatch_seconds:.1f} s)")
    print(f"plain aiosmtplib (prebuilt): {plain_rate:8.0f} msgs/s  ({plain_seconds:.1f} s)")
    print(f"ratio dispatcher / plain:    {dispatcher_rate / plain_rate:8.2f}   (goal >= 0.7)")
    print(
        f"peak memory (RSS): dispatcher process {peak_mb():.0f} MB (pre-built messages of the "
        f"plain runs included) + message builder {builder_peak:.0f} MB (goal < 250 MB); "
        f"message size {sum(sizes) / len(sizes) / 1024:.1f} KB"
    )


if __name__ == "__main__":
    port = free_port()
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(port, ready), daemon=True)
    sink.start()
    ready.wait(10)
    try:
        asyncio.run(main(port))
    finally:
        sink.terminate()

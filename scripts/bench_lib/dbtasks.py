"""Database tasks of scripts/bench, run in their own process on EVENTS_DATABASE_URL.

    python scripts/bench_lib/dbtasks.py reset              empty the database (PostgreSQL schema)
    python scripts/bench_lib/dbtasks.py workshop SLUG SEATS
        add a round and one workshop with SEATS seats to event SLUG; prints its session id
    python scripts/bench_lib/dbtasks.py seats SESSION_ID    prints the seat figures as JSON
    python scripts/bench_lib/dbtasks.py organiser-lists SLUG COUNT
        give the outbox and the audit log COUNT rows each (once), like a parade's worth of
        mail and organiser changes; prints the event's id

The benchmark process itself never opens the database, so it can use two different databases
(SQLite for pages, PostgreSQL for registrations) in one run.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("PICCOLO_CONF", "events.piccolo_conf")


async def reset() -> None:
    from piccolo.engine.postgres import PostgresEngine

    from events import piccolo_conf

    if isinstance(piccolo_conf.DB, PostgresEngine):
        await piccolo_conf.DB.run_ddl("DROP SCHEMA public CASCADE")
        await piccolo_conf.DB.run_ddl("CREATE SCHEMA public")


async def workshop(slug: str, seats: int) -> int:
    from events.db import write_transaction
    from events.programme.tables import Event, Room, Round, Session
    from events.registration.tables import SessionSeats

    async with write_transaction():
        event = await Event.select(Event.id, Event.ends_at).where(Event.slug == slug).first()
        ends = event["ends_at"]
        round_ = Round(
            event=event["id"],
            name="Benchmarkronde",
            starts_at=ends - timedelta(hours=1),
            ends_at=ends - timedelta(minutes=5),
        )
        await round_.save()
        room = Room(event=event["id"], name=f"Benchmarkzaal {round_.id}", capacity=seats)
        await room.save()
        session = Session(
            event=event["id"],
            kind="workshop",
            title="Benchmarkworkshop",
            round=round_.id,
            room=room.id,
            capacity=seats,
            calendar_uid=f"session-bench-{event['id']}-{round_.id}@demo.events",
        )
        await session.save()
        await SessionSeats.insert(SessionSeats(session=session.id, taken=0))
    return int(session.id)


async def seats(session_id: int) -> dict[str, int]:
    from events.programme.tables import Session
    from events.registration.tables import SeatChoice, SessionSeats

    session = await Session.select(Session.capacity).where(Session.id == session_id).first()
    counter = (
        await SessionSeats.select(SessionSeats.taken)
        .where(SessionSeats.session == session_id)
        .first()
    )

    async def count(status: str) -> int:
        return await SeatChoice.count().where(
            (SeatChoice.session == session_id) & (SeatChoice.status == status)
        )

    return {
        "capacity": session["capacity"],
        "taken": counter["taken"],
        "confirmed": await count("confirmed"),
        "waitlisted": await count("waitlisted"),
    }


async def organiser_lists(slug: str, count: int) -> int:
    """Rows for the outbox and audit log benchmarks (the demo makes neither); idempotent."""
    import uuid
    from datetime import UTC, datetime

    from events.db import write_transaction
    from events.organise.tables import AuditEntry
    from events.outbox.tables import OutboxMessage
    from events.programme.tables import Event

    event = await Event.select(Event.id).where(Event.slug == slug).first()
    if event is None:
        raise SystemExit(f"no event {slug!r}")
    now = datetime.now(UTC)
    kinds = ("registration", "reminder", "campaign", "host_change")
    if not await OutboxMessage.exists().where(OutboxMessage.idempotency_key.like("bench-list:%")):
        async with write_transaction():
            for start in range(0, count, 500):
                await OutboxMessage.insert(
                    *[
                        OutboxMessage(
                            idempotency_key=f"bench-list:{number}",
                            message_id=f"<{uuid.uuid4()}@bench.invalid>",
                            recipient=f"deelnemer{number}@example.org",
                            kind=kinds[number % len(kinds)],
                            template="test",
                            due_at=now - timedelta(minutes=number),
                            status="sent" if number % 10 else "failed",
                        )
                        for number in range(start, min(start + 500, count))
                    ]
                )
                await AuditEntry.insert(
                    *[
                        AuditEntry(
                            at=now - timedelta(minutes=number),
                            username=f"organisator{number % 5}",
                            method="POST",
                            path=f"/organise/events/{event['id']}/sessions/{number}",
                            status_code=303,
                        )
                        for number in range(start, min(start + 500, count))
                    ]
                )
    return int(event["id"])


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "reset":
        asyncio.run(reset())
    elif command == "workshop":
        print(asyncio.run(workshop(args[0], int(args[1]))))
    elif command == "seats":
        print(json.dumps(asyncio.run(seats(int(args[0])))))
    elif command == "organiser-lists":
        print(asyncio.run(organiser_lists(args[0], int(args[1]))))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()

"""Database tasks of scripts/bench, run in their own process on EVENTS_DATABASE_URL.

    python scripts/bench_lib/dbtasks.py reset              empty the database (PostgreSQL schema)
    python scripts/bench_lib/dbtasks.py workshop SLUG SEATS
        add a round and one workshop with SEATS seats to event SLUG; prints its session id
    python scripts/bench_lib/dbtasks.py seats SESSION_ID    prints the seat figures as JSON

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


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "reset":
        asyncio.run(reset())
    elif command == "workshop":
        print(asyncio.run(workshop(args[0], int(args[1]))))
    elif command == "seats":
        print(json.dumps(asyncio.run(seats(int(args[0])))))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()

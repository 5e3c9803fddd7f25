"""The dispatcher: claims due outbox rows, sends them, records the outcome.

APScheduler 3 (AsyncIOScheduler, in-memory job store) is only the clock: a job on a short safety
interval plus a one-off "wake" job at the next due time. The outbox is the truth, so a restart
loses nothing. One drain:

1. Catch-up rule: queued/retry rows due more than EVENTS_MAIL_CATCHUP_MAX_AGE_HOURS ago become
   `expired` (never sent late without a decision; organisers see them and may "retry now").
2. Claim a batch in one statement that is its own short transaction: due queued/retry rows and
   `sending` rows whose lease ran out become `sending` with our lease owner and a lease expiry.
   PostgreSQL: the candidates are picked `FOR UPDATE SKIP LOCKED`, so dispatchers never wait for
   or share rows. SQLite: the UPDATE re-checks the status in its WHERE (compare-and-set) inside
   an IMMEDIATE transaction.
3. Send the batch over EVENTS_MAIL_CONNECTIONS transport connections side by side ("lanes";
   all messages to one recipient take the same lane, in due order), with the messages built
   ahead in a helper process (builder.py) while the lanes wait for the server. After each
   message its outcome is committed at once (only while we still hold its lease): sent; retry
   with back-off for 4xx / network trouble (failed after EVENTS_MAIL_MAX_ATTEMPTS); failed at
   once for 5xx; cancelled when a non-transactional recipient unsubscribed. A message is
   dated (its Date header) right before it is handed to the server, by the dispatcher's clock,
   so a retry carries the moment of its own attempt; its Message-ID is always the row's.
   Handing a message to the server and committing it as sent happen under one lock, so a crash
   can duplicate at most the one message between the server's "250 OK" and that commit, and it
   carries the same Message-ID.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import uuid
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from events.db import engine, write_transaction
from events.mail.messages import with_date
from events.mail.transports import DeliveryError, Transport, transport_for
from events.outbox import services
from events.outbox.builder import Ahead, MessageBuilder
from events.outbox.tables import OutboxMessage
from events.settings import Settings

log = logging.getLogger("events.outbox.dispatcher")

MAX_BACKOFF = timedelta(hours=1)

CLAIMABLE = (
    "((status IN ('queued', 'retry') AND due_at <= {}) "
    "OR (status = 'sending' AND lease_expires_at < {}))"
)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """EVENTS_MAIL_RETRY_SECONDS, doubled for every attempt after the first, capped at 1 hour."""
    seconds = settings.mail_retry_seconds * (2 ** max(attempts - 1, 0))
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


class _Outcomes:
    """Commits the outcome of one message at a time, each its own autocommitted statement, and
    only while the row is still ours (same lease owner, still `sending`).

    One connection serves the whole batch, with plain SQL: through Piccolo's query builder each
    outcome would open (SQLite) or check out (PostgreSQL) a connection and build a query, which
    costs about as much as sending the message. The lanes of a batch take turns on it."""

    def __init__(self) -> None:
        self.connection: Any = None
        self._release: Callable[[], Awaitable[object]] | None = None
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> _Outcomes:
        # A "sent" mark needs no flush to disk before the next message goes: it survives a
        # crash of this process either way, and losing it to a crash of the database server
        # or the machine only means the message is sent again, with the same Message-ID.
        database = engine()
        if isinstance(database, SQLiteEngine):
            # Piccolo's SQLite connections autocommit (isolation_level None).
            self.connection = await database.get_connection()
            await self.connection.execute("PRAGMA synchronous = NORMAL")
            self._release = self.connection.close
            return self
        if isinstance(database, PostgresEngine) and database.pool is not None:
            pool = database.pool
            self.connection = await pool.acquire()
            self._release = lambda: pool.release(self.connection)
        else:
            self.connection = await database.get_new_connection()
            self._release = self.connection.close
        await self.connection.execute("SET synchronous_commit = off")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        release, self._release = self._release, None
        if release is not None:
            await release()
        self.connection = None

    async def record(self, row: dict[str, Any], values: dict[str, Any]) -> None:
        sqlite = isinstance(engine(), SQLiteEngine)
        if sqlite:
            marks = [f'"{name}" = ?' for name in values]
            where = "id = ? AND lease_owner = ?"
        else:
            marks = [f'"{name}" = ${number}' for number, name in enumerate(values, start=1)]
            where = f"id = ${len(values) + 1} AND lease_owner = ${len(values) + 2}"
        sql = f"UPDATE outbox_message SET {', '.join(marks)} WHERE {where} AND status = 'sending'"
        arguments = [*values.values(), row["id"], row["lease_owner"]]
        async with self._lock:
            if sqlite:
                await self.connection.execute(sql, arguments)
            else:
                await self.connection.execute(sql, *arguments)


class Dispatcher:
    """Delivers the outbox. `now` and `transport_factory` can be replaced (tests, benchmarks)."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport_factory: Callable[[], Transport] | None = None,
        now: Callable[[], datetime] = services.utcnow,
        name: str | None = None,
    ) -> None:
        self.settings = settings
        self.transport_factory = transport_factory or (lambda: transport_for(settings))
        self.now = now
        self.name = name or f"dispatcher-{uuid.uuid4().hex[:12]}"
        self.scheduler: AsyncIOScheduler | None = None
        self.builder = MessageBuilder(settings)
        self._lock = asyncio.Lock()
        self._accepting = asyncio.Lock()
        self._again = False
        self._stopping = False
        self.sent = 0

    # --- the clock ---------------------------------------------------------------------

    async def start(self) -> None:
        """Start the clock in the running loop; the first drain (catch-up) runs right away."""
        await self.builder.start()
        scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.settings.mail_safety_interval,
            id="safety",
            next_run_time=datetime.now(UTC),
        )
        scheduler.start()
        self.scheduler = scheduler
        services.WAKE_CALLBACKS.add(self.wake)
        log.info("%s started", self.name)

    async def stop(self) -> None:
        """Stop the clock, let the message being sent finish, and free the rest of the batch."""
        self._stopping = True
        services.WAKE_CALLBACKS.discard(self.wake)
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            scheduler.pause()  # no new runs
        # A running drain stops after its current message (it checks _stopping). Only then is
        # the scheduler shut down: its executor cancels running jobs, which could otherwise cut
        # off the commit of a message the server already accepted (a needless duplicate).
        async with self._lock:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            await self._release_claims()
        log.info("%s stopped after sending %d messages", self.name, self.sent)

    def wake(self, at: datetime | None = None) -> None:
        """Run a drain at `at` (soon if None or past); a later wake replaces an earlier one
        only when it is sooner."""
        if self.scheduler is None:
            return
        soon = datetime.now(UTC) + timedelta(milliseconds=200)
        when = max(at.astimezone(UTC), soon) if at else soon
        current = self.scheduler.get_job("wake")
        if current is not None and current.next_run_time and current.next_run_time <= when:
            return
        # Wake-ups are asked for from inside a request's transaction (enqueue); scheduled in
        # that context, the job would inherit the transaction through contextvars and use its
        # closed connection. An empty context keeps the dispatcher outside any transaction.
        contextvars.Context().run(
            self.scheduler.add_job,
            self.tick,
            "date",
            run_date=when,
            id="wake",
            replace_existing=True,
        )

    async def tick(self) -> None:
        """One scheduled run: drain what is due, then set the wake-up for the next due row."""
        if self._lock.locked():
            self._again = True
            return
        try:
            await self.drain()
            next_due = await self.next_due()
            if next_due is not None and self.scheduler is not None:
                self.wake(next_due)
        except Exception:
            log.exception("%s: dispatching failed; the safety interval tries again", self.name)

    # --- the work ----------------------------------------------------------------------

    async def drain(self) -> int:
        """Send everything due now; returns how many messages were sent."""
        sent = 0
        async with self._lock:
            while not self._stopping:
                self._again = False
                await self.expire_overdue()
                batch = await self.claim()
                if not batch:
                    if not self._again:
                        break
                    continue
                sent += await self.send_batch(batch)
        return sent

    async def expire_overdue(self) -> int:
        """The catch-up rule: mark rows that are too late to send as `expired`."""
        now = self.now()
        limit = now - timedelta(hours=self.settings.mail_catchup_max_age_hours)
        answer = (
            f"not sent: due more than {self.settings.mail_catchup_max_age_hours:g} hours before "
            f"the dispatcher reached it at {now:%Y-%m-%d %H:%M} UTC (catch-up limit)"
        )
        rows = (
            await OutboxMessage.update(
                {OutboxMessage.status: "expired", OutboxMessage.last_answer: answer}
            )
            .where(OutboxMessage.status.is_in(["queued", "retry"]) & (OutboxMessage.due_at < limit))
            .returning(OutboxMessage.id)
        )
        if rows:
            log.warning("%s: %d overdue messages marked expired", self.name, len(rows))
        return len(rows)

    async def claim(self, only_id: int | None = None) -> list[dict[str, Any]]:
        """Claim up to a batch of due rows (see the module docstring); returns them in order.
        With `only_id`, claim just that row (if it is claimable)."""
        now = self.now()
        only = "" if only_id is None else f" AND id = {int(only_id)}"
        owner = f"{self.name}:{uuid.uuid4().hex[:8]}"
        lease = now + timedelta(seconds=self.settings.mail_lease_seconds)
        size = self.settings.mail_batch_size
        if isinstance(engine(), PostgresEngine):
            sql = (
                "UPDATE outbox_message SET status = 'sending', lease_owner = {}, "
                "lease_expires_at = {}, attempts = attempts + 1 WHERE id IN ("
                f"SELECT id FROM outbox_message WHERE {CLAIMABLE}{only} "
                "ORDER BY due_at, id LIMIT {} FOR UPDATE SKIP LOCKED) RETURNING id"
            )
            rows = await OutboxMessage.raw(sql, owner, lease, now, now, size)
        else:
            sql = (
                "UPDATE outbox_message SET status = 'sending', lease_owner = {}, "
                "lease_expires_at = {}, attempts = attempts + 1 WHERE id IN ("
                f"SELECT id FROM outbox_message WHERE {CLAIMABLE}{only} ORDER BY due_at, id "
                "LIMIT {}) "
                f"AND {CLAIMABLE} RETURNING id"
            )
            async with write_transaction():
                rows = await OutboxMessage.raw(sql, owner, lease, now, now, size, now, now)
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        claimed = await OutboxMessage.select().where(
            OutboxMessage.id.is_in(ids) & (OutboxMessage.lease_owner == owner)
        )
        return sorted(claimed, key=lambda row: (row["due_at"], row["id"]))

    async def deliver_now(self, row_id: int) -> dict[str, Any] | None:
        """Send one queued row at once (e.g. `events mail-test`); returns the row afterwards."""
        async with self._lock:
            batch = await self.claim(only_id=row_id)
            if batch:
                await self.send_batch(batch)
        return await services.get_row(row_id)

    async def send_batch(self, batch: list[dict[str, Any]]) -> int:
        """Send claimed rows over up to EVENTS_MAIL_CONNECTIONS connections side by side,
        committing each outcome right after it. Each recipient's messages go through one lane,
        in due order, so a change never overtakes the invitation it changes."""
        unsubscribed = await services.unsubscribed_among(
            [row["recipient"] for row in batch if not row["transactional"]]
        )
        count = max(1, min(self.settings.mail_connections, len(batch)))
        shares: list[list[dict[str, Any]]] = [[] for _ in range(count)]
        for row in batch:
            shares[zlib.crc32(row["recipient"].lower().encode()) % count].append(row)
        ahead = self.builder.ahead(
            [
                row
                for row in batch
                if row["transactional"] or row["recipient"].lower() not in unsubscribed
            ]
        )
        try:
            async with _Outcomes() as self._outcomes, asyncio.TaskGroup() as group:
                lanes = [
                    group.create_task(self._lane(share, unsubscribed, ahead))
                    for share in shares
                    if share
                ]
        finally:
            self.builder.discard(ahead)
        sent = sum(lane.result() for lane in lanes)
        self.sent += sent
        return sent

    async def _lane(
        self,
        rows: list[dict[str, Any]],
        unsubscribed: set[str],
        ahead: Ahead,
    ) -> int:
        """One connection's share of a batch, its messages built ahead (see builder.py) while
        the lanes wait for the server. From handing a message to the server until its outcome
        is committed, a lane holds `_accepting`, so at most one message at a time can be
        delivered but not yet recorded as sent (what a crash could duplicate)."""
        sent = 0
        connection_error: DeliveryError | None = None
        reconnects = 0
        async with self.transport_factory() as transport:
            for row in rows:
                if self._stopping:
                    break
                if connection_error is not None:
                    await self._retry_or_fail(row, connection_error.answer)
                    continue
                if not row["transactional"] and row["recipient"].lower() in unsubscribed:
                    await self._finish(row, "cancelled", "not sent: the recipient unsubscribed")
                    continue
                try:
                    message = await self.builder.message(row, ahead)
                except Exception as error:  # a template or data bug: an organiser must look
                    log.exception("%s: message %s cannot be rendered", self.name, row["id"])
                    await self._finish(row, "failed", f"could not be built: {error}")
                    continue
                try:
                    await transport.envelope(self.settings.mail_from, row["recipient"])
                    # Dated as it is handed over (not when it was queued or built).
                    message = with_date(message, self.now())
                    async with self._accepting:
                        answer = await transport.data(message)
                        await self._finish(row, "sent", answer)
                except DeliveryError as error:
                    if not error.temporary:
                        await self._finish(row, "failed", error.answer)
                    else:
                        await self._retry_or_fail(row, error.answer)
                    if error.connection_lost:
                        # The lane reconnects on its next message, once per batch; if that
                        # fails too, the rest of its share waits for a retry.
                        if reconnects >= 1:
                            connection_error = error
                        reconnects += 1
                    continue
                sent += 1
        return sent

    async def _finish(self, row: dict[str, Any], status: str, answer: str) -> None:
        values: dict[str, Any] = {
            "status": status,
            "last_answer": answer[:2000],
            "lease_expires_at": None,
        }
        if status == "sent":
            values["sent_at"] = self.now()
        # Once a message is out (or will never go), its manage link lives only in the mailbox.
        # A failed or expired message keeps it: an organiser may still send it again.
        context = services.without_link_nonce(row.get("context") or "")
        if context is not None and status in ("sent", "cancelled"):
            values["context"] = context
        await self._outcomes.record(row, values)

    async def _retry_or_fail(self, row: dict[str, Any], answer: str) -> None:
        if row["attempts"] >= self.settings.mail_max_attempts:
            await self._finish(
                row, "failed", f"{answer} (gave up after {row['attempts']} attempts)"
            )
            return
        due = self.now() + backoff(self.settings, row["attempts"])
        await self._outcomes.record(
            row,
            {
                "status": "retry",
                "due_at": due,
                "last_answer": answer[:2000],
                "lease_expires_at": None,
            },
        )

    async def _release_claims(self) -> None:
        """On a clean stop: rows we claimed but did not send are free for others at once."""
        await OutboxMessage.update(
            {OutboxMessage.status: "retry", OutboxMessage.lease_expires_at: None}
        ).where(
            OutboxMessage.lease_owner.like(f"{self.name}:%") & (OutboxMessage.status == "sending")
        )

    async def next_due(self) -> datetime | None:
        """When the next row becomes claimable (due time or lease expiry), if any."""
        due = (
            await OutboxMessage.select(OutboxMessage.due_at)
            .where(OutboxMessage.status.is_in(["queued", "retry"]))
            .order_by(OutboxMessage.due_at)
            .first()
        )
        lease = (
            await OutboxMessage.select(OutboxMessage.lease_expires_at)
            .where(OutboxMessage.status == "sending")
            .order_by(OutboxMessage.lease_expires_at)
            .first()
        )
        moments = [
            moment
            for moment in (due and due["due_at"], lease and lease["lease_expires_at"])
            if moment is not None
        ]
        return min(moments) if moments else None

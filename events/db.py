"""Database engine choice (SQLite file by default, PostgreSQL by URL), pools and transactions."""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from events.settings import Settings


def build_engine(settings: Settings) -> Engine:
    """The Piccolo engine for the configured database; SQLite is switched to WAL mode."""
    if settings.is_sqlite:
        path = settings.sqlite_path
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
        return SQLiteEngine(path=str(path), timeout=30)
    return PostgresEngine(config={"dsn": settings.database_url})


def engine() -> Engine:
    """The engine Piccolo's tables use (the one in events.piccolo_conf)."""
    from events import piccolo_conf

    return piccolo_conf.DB


_sqlite_writer_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def _sqlite_writer_lock() -> asyncio.Lock:
    """One lock per event loop, so writers of this process queue here instead of busy-polling."""
    loop = asyncio.get_running_loop()
    lock = _sqlite_writer_locks.get(loop)
    if lock is None:
        lock = _sqlite_writer_locks[loop] = asyncio.Lock()
    return lock


_in_read_snapshot: ContextVar[bool] = ContextVar("events_read_snapshot", default=False)


@asynccontextmanager
async def read_snapshot() -> AsyncIterator[None]:
    """The reads of one page on one connection, seeing one consistent state of the data.

    SQLite: a deferred transaction, so the page's queries share one connection instead of
    opening one each (which costs more than most of these queries). Other engines: nothing (the
    pool hands out connections). A `write_transaction` inside runs on its own connection and
    commits on its own; the snapshot does not see what it wrote.
    """
    db = engine()
    if not isinstance(db, SQLiteEngine) or db.current_transaction.get() is not None:
        yield
        return
    async with db.transaction(transaction_type=TransactionType.deferred):
        flag = _in_read_snapshot.set(True)
        try:
            yield
        finally:
            _in_read_snapshot.reset(flag)


@asynccontextmanager
async def outside_snapshot() -> AsyncIterator[None]:
    """Leave the page's read snapshot for the block (work after the response, a write): its
    queries run on their own connections and see the latest committed data."""
    if not _in_read_snapshot.get():
        yield
        return
    db = engine()
    outer = db.current_transaction.set(None)
    flag = _in_read_snapshot.set(False)
    try:
        yield
    finally:
        _in_read_snapshot.reset(flag)
        db.current_transaction.reset(outer)


@asynccontextmanager
async def write_transaction() -> AsyncIterator[Any]:
    """A transaction for writes that must be atomic.

    PostgreSQL: an ordinary transaction. SQLite: IMMEDIATE, so the write lock is taken at BEGIN
    and writers queue instead of failing on upgrade; writers of one process also queue on an
    asyncio lock first, which is much faster than SQLite's busy polling. Nested calls join the
    outer transaction.
    """
    db = engine()
    if _in_read_snapshot.get():
        # Out of the page's read snapshot: a write of its own, on its own connection.
        async with outside_snapshot(), write_transaction() as transaction:
            yield transaction
        return
    if db.current_transaction.get() is not None:
        async with db.transaction() as transaction:
            yield transaction
        return
    if isinstance(db, SQLiteEngine):
        async with (
            _sqlite_writer_lock(),
            db.transaction(transaction_type=TransactionType.immediate) as transaction,
        ):
            yield transaction
        return
    async with db.transaction() as transaction:
        yield transaction


async def start_pool(settings: Settings) -> None:
    db = engine()
    if isinstance(db, PostgresEngine) and settings.database_pool_size > 0:
        size = settings.database_pool_size
        await db.start_connection_pool(min_size=min(2, size), max_size=size)


async def close_pool() -> None:
    db = engine()
    if isinstance(db, PostgresEngine) and db.pool is not None:
        await db.close_connection_pool()


async def database_is_reachable() -> bool:
    try:
        await engine().run_ddl("SELECT 1")
    except Exception:
        return False
    return True


async def run_migrations() -> bool:
    """Apply all migrations of all apps; True when the database is up to date."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all")
    return bool(result.success)

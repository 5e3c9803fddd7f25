"""Building outbox messages in a separate process, beside the dispatcher.

Building a message (its Jinja templates, the invite with icalendar, the MIME bytes) is CPU
work of about 0.7 ms, while sending it is mostly waiting for the SMTP server. With
EVENTS_MAIL_BUILD_PROCESSES=1 (the default) a batch's messages are built in a helper process, on
another core, while the dispatcher's lanes talk to the server; a dispatcher inside the web
process (`events serve`) then does not hold up requests with that work either. 0 builds them
in the dispatcher's own process.

The helper processes are spawned (fresh interpreters, never a fork of the running app, which
has threads) and shared by the dispatchers of one process. They hold no state: each task
carries the settings and the outbox row. A helper whose dispatcher process is gone (even
killed with SIGKILL) notices within a second and exits. If a helper dies, the pool is dropped
(the next batch makes a new one) and the message is built here instead.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import resource
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from events.outbox import links, services
from events.settings import Settings

log = logging.getLogger("events.outbox.builder")

# Rows per helper task: large enough that passing tasks around costs little, small enough that
# the first message of a batch does not wait long.
CHUNK = 10

_pools: dict[int, ProcessPoolExecutor] = {}

# Row id -> (the future of the chunk that builds it, its place in the chunk).
Ahead = dict[int, tuple["asyncio.Future[list[bytes | Exception]]", int]]


def build(
    settings: Settings,
    row: dict[str, Any],
    renderers: tuple[links.LinkRenderer, ...] | None = None,
) -> bytes:
    """The message of an outbox row, as the bytes the SMTP server gets."""
    return services.render_row(settings, row, renderers=renderers).message


def build_chunk(
    settings: Settings,
    rows: list[dict[str, Any]],
    renderers: tuple[links.LinkRenderer, ...] | None = None,
) -> list[bytes | Exception]:
    """The messages of several rows; a row that cannot be built gets its error instead. A
    helper process gets the personal links' renderers with the task (see `links`)."""
    built: list[bytes | Exception] = []
    for row in rows:
        try:
            built.append(build(settings, row, renderers))
        except Exception as error:
            built.append(error)
    return built


def _watch_parent(parent: int) -> None:
    """In a helper: exit as soon as the process that started it is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ready() -> bool:
    return True


@dataclass(frozen=True)
class HelperInfo:
    pid: int
    peak_memory_mb: float


def _helper_info() -> HelperInfo:
    return HelperInfo(os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _pool(processes: int) -> ProcessPoolExecutor:
    pool = _pools.get(processes)
    if pool is None:
        pool = _pools[processes] = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_watch_parent,
            initargs=(os.getpid(),),
        )
    return pool


def _drop(processes: int, pool: ProcessPoolExecutor) -> None:
    if _pools.get(processes) is pool:
        del _pools[processes]
    pool.shutdown(wait=False, cancel_futures=True)


class MessageBuilder:
    """Builds the messages of a batch ahead of the lanes that send them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.processes = settings.mail_build_processes

    async def start(self) -> None:
        """Start the helper processes now rather than on the first batch (they take a moment
        to import the app). If they cannot start, messages are built in this process."""
        if not self.processes:
            return
        try:
            await asyncio.get_running_loop().run_in_executor(_pool(self.processes), _ready)
        except Exception:
            log.exception("the message builder helpers did not start; building in-process")
            self.processes = 0

    async def helper_info(self) -> HelperInfo | None:
        """Process id and peak memory of a helper (benchmarks, tests); None without helpers."""
        if not self.processes:
            return None
        pool = _pool(self.processes)
        return await asyncio.get_running_loop().run_in_executor(pool, _helper_info)

    def ahead(self, rows: list[dict[str, Any]]) -> Ahead:
        """Start building `rows` in the helper processes, CHUNK rows per task (one task per
        message would spend more on passing it around than on building it). Empty when
        messages are built in this process, which is also what a batch of one chunk or less
        gets: it is built sooner here than a helper could be asked (or started)."""
        if not self.processes or len(rows) <= CHUNK:
            return {}
        loop = asyncio.get_running_loop()
        pool = _pool(self.processes)
        ahead: Ahead = {}
        try:
            for first in range(0, len(rows), CHUNK):
                chunk = rows[first : first + CHUNK]
                future = loop.run_in_executor(
                    pool, build_chunk, self.settings, chunk, links.renderers()
                )
                for index, row in enumerate(chunk):
                    ahead[row["id"]] = (future, index)
        except BrokenProcessPool:
            _drop(self.processes, pool)
        return ahead

    async def message(self, row: dict[str, Any], ahead: Ahead) -> bytes:
        """The built message of `row`: from the helpers if they built it, else built here.
        A template or data error is raised as it is."""
        planned = ahead.pop(row["id"], None)
        if planned is not None:
            future, index = planned
            try:
                built = (await future)[index]
            except Exception as error:  # the helper died, or a result could not be sent back
                log.warning(
                    "message %s was not built by a helper (%r); building it here", row["id"], error
                )
                if isinstance(error, BrokenProcessPool):
                    pool = _pools.get(self.processes)
                    if pool is not None:
                        _drop(self.processes, pool)
            else:
                if isinstance(built, Exception):
                    raise built
                return built
        return build(self.settings, row)

    @staticmethod
    def discard(ahead: Ahead) -> None:
        """Forget messages that will not be sent now (a stop, a lost connection)."""
        for future in {future for future, _index in ahead.values()}:
            if not future.cancel() and not future.cancelled():
                future.exception()  # retrieved, so asyncio does not report it as lost
        ahead.clear()

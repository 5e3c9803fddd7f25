"""Running the dispatcher: inside the web app (`events serve`) or alone (`events worker`).

Which dispatcher runs, and which other jobs share its clock (releasing unconfirmed seats,
pruning old data versions), belongs to the domains above the outbox: `events.app.wire` sets
them with `configure` when the app is built. Until then it is the plain dispatcher alone.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from events import db
from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue
from events.settings import Settings

log = logging.getLogger("events.outbox.worker")

# A job that runs on the dispatcher's clock: it adds itself to the scheduler.
ScheduledJob = Callable[[AsyncIOScheduler, Settings], None]


@dataclass
class WorkerSetup:
    dispatcher: Callable[[Settings], Dispatcher] = Dispatcher
    jobs: tuple[ScheduledJob, ...] = ()


SETUP = WorkerSetup()


def configure(dispatcher: Callable[[Settings], Dispatcher], jobs: Sequence[ScheduledJob]) -> None:
    """The dispatcher to run (a subclass of `Dispatcher`) and the jobs on its clock."""
    SETUP.dispatcher = dispatcher
    SETUP.jobs = tuple(jobs)


async def start_dispatcher(settings: Settings) -> Dispatcher:
    """The configured dispatcher, started, with its jobs on its scheduler."""
    dispatcher = SETUP.dispatcher(settings)
    await dispatcher.start()
    for job in SETUP.jobs:
        job(dispatcher.scheduler, settings)
    return dispatcher


def app_dispatcher_hooks(
    settings: Settings,
) -> tuple[Callable[[], Awaitable[None]], Callable[[], Awaitable[None]]]:
    """(on_startup, on_shutdown) hooks that run the dispatcher in the web process when
    EVENTS_DISPATCHER_ENABLED is true; they do nothing otherwise."""
    holder: dict[str, Dispatcher] = {}

    async def start() -> None:
        if settings.dispatcher_enabled:
            holder["dispatcher"] = await start_dispatcher(settings)

    async def stop() -> None:
        dispatcher = holder.pop("dispatcher", None)
        if dispatcher is not None:
            await dispatcher.stop()

    return start, stop


async def run_worker(settings: Settings) -> int:
    """The dispatcher alone until SIGTERM or SIGINT; a clean stop finishes the message being
    sent and frees the rest of its batch. Returns how many messages it sent."""
    await db.start_pool(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    dispatcher = await start_dispatcher(settings)
    transport = f"SMTP {settings.smtp_url.split('@')[-1]}" if settings.smtp_url else "files"
    log.info("worker %s delivering through %s", dispatcher.name, transport)
    try:
        await stop.wait()
    finally:
        await dispatcher.stop()
        await db.close_pool()
    return dispatcher.sent


async def send_test_message(settings: Settings, to: str, language: str) -> tuple[str, str]:
    """Enqueue one test message to `to` and send it at once: (status, the server's answer)."""
    row_id = await enqueue(
        settings,
        key=f"mail-test:{uuid.uuid4()}",
        recipient=to,
        kind="test",
        template="test",
        language=language,
    )
    row = await Dispatcher(settings, name="mail-test").deliver_now(row_id)
    if row is None:
        return "missing", "the outbox row disappeared"
    return row["status"], row["last_answer"]

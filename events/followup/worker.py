"""Running the dispatcher: inside the web app (`events serve`) or alone (`events worker`)."""

from __future__ import annotations

import asyncio
import logging
import signal
import uuid
from collections.abc import Awaitable, Callable

from events import db
from events.followup.campaigns import CampaignDispatcher
from events.followup.dispatcher import Dispatcher
from events.followup.services import enqueue
from events.freshness.services import schedule_pruning
from events.registration.confirmation import schedule_release
from events.registration.offers import schedule_offer_expiry
from events.settings import Settings

log = logging.getLogger("events.followup.worker")


def app_dispatcher_hooks(
    settings: Settings,
) -> tuple[Callable[[], Awaitable[None]], Callable[[], Awaitable[None]]]:
    """(on_startup, on_shutdown) hooks that run the dispatcher in the web process when
    EVENTS_DISPATCHER_ENABLED is true; they do nothing otherwise."""
    holder: dict[str, Dispatcher] = {}

    async def start() -> None:
        if settings.dispatcher_enabled:
            dispatcher = CampaignDispatcher(settings)
            await dispatcher.start()
            schedule_release(dispatcher.scheduler, settings)
            schedule_offer_expiry(dispatcher.scheduler, settings)
            schedule_pruning(dispatcher.scheduler)
            holder["dispatcher"] = dispatcher

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
    dispatcher = CampaignDispatcher(settings)
    await dispatcher.start()
    schedule_release(dispatcher.scheduler, settings)
    schedule_offer_expiry(dispatcher.scheduler, settings)
    schedule_pruning(dispatcher.scheduler)
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

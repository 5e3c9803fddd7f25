"""Organiser workflows that span domains: the programme changes, registration is told."""

from __future__ import annotations

from typing import Any

from events.db import write_transaction
from events.followup import campaigns
from events.programme import services as programme
from events.programme.tables import Event
from events.registration import notifications
from events.settings import Settings


async def update_event(
    settings: Settings, event_id: int, values: dict[str, Any]
) -> programme.Saved:
    """Save an event; when its day or times moved, participants get updated invites in the
    same transaction."""
    async with write_transaction():
        before = await Event.select(Event.calendar_sequence).where(Event.id == event_id).first()
        saved = await programme.save_event(values, event_id)
        after = await Event.select(Event.calendar_sequence).where(Event.id == event_id).first()
        if (
            saved.ok
            and before
            and after
            and after["calendar_sequence"] != before["calendar_sequence"]
        ):
            await notifications.event_changed(settings, event_id)
            await campaigns.event_moved(settings, event_id)
    return saved


async def create_event(settings: Settings, values: dict[str, Any]) -> programme.Saved:
    """Create an event with its default follow-up campaign, in one transaction."""
    async with write_transaction():
        saved = await programme.save_event(values)
        if saved.ok and saved.id is not None:
            await campaigns.create_default_campaign(settings, saved.id)
    return saved

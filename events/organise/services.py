"""Organiser workflows that span domains: the programme changes, the people it affects are told.

Every write that can touch what somebody booked runs inside `changes.programme_change`, which
compares everybody's personal programme before and after and queues one message per person
whose programme changed (see `events.registration.changes`).
"""

from __future__ import annotations

from typing import Any

from events.db import write_transaction
from events.followup import campaigns
from events.programme import services as programme
from events.programme.tables import Event
from events.registration import changes
from events.settings import Settings


async def update_event(
    settings: Settings, event_id: int, values: dict[str, Any]
) -> programme.Saved:
    """Save an event; when its day, times or place moved, participants get updated invites
    and the follow-up steps move along, in the same transaction."""
    async with changes.programme_change(settings, event_id) as change:
        before = await Event.select(Event.calendar_sequence).where(Event.id == event_id).first()
        saved = await programme.save_event(values, event_id)
        if not saved.ok:
            change.discard()
            return saved
        after = await Event.select(Event.calendar_sequence).where(Event.id == event_id).first()
        if before and after and after["calendar_sequence"] != before["calendar_sequence"]:
            await campaigns.event_moved(settings, event_id)
    return saved


async def create_event(settings: Settings, values: dict[str, Any]) -> programme.Saved:
    """Create an event with its default follow-up campaign, in one transaction."""
    async with write_transaction():
        saved = await programme.save_event(values)
        if saved.ok and saved.id is not None:
            await campaigns.create_default_campaign(settings, saved.id)
    return saved


async def update_session(
    settings: Settings, event_id: int, session_id: int, values: dict[str, Any]
) -> programme.Saved:
    """Save a session; people booked in it hear about a new time, room or title, a capacity
    that grew gives its waiting list seats, and edits that would strand them are refused."""
    async with changes.programme_change(settings, event_id) as change:
        errors = await changes.session_edit_errors(session_id, values)
        saved = programme.Saved(None, errors) if errors else None
        if saved is None:
            saved = await programme.save_session(event_id, values, session_id)
        if not saved.ok:
            change.discard()
            return saved
        await changes.follow_session(session_id)
    return saved


async def set_session_status(
    settings: Settings, event_id: int, session_id: int, status: str
) -> bool:
    """Cancel or reinstate a session and tell everybody booked in it."""
    async with changes.programme_change(settings, event_id) as change:
        found = await programme.set_session_status(event_id, session_id, status)
        if not found:
            change.discard()
    return found


async def delete_session(settings: Settings, event_id: int, session_id: int) -> bool:
    """Delete a session; the people booked in it are told before their bookings go."""
    async with changes.programme_change(settings, event_id) as change:
        deleted = await programme.delete_session(event_id, session_id)
        if not deleted:
            change.discard()
    return deleted


async def save_round(
    settings: Settings, event_id: int, values: dict[str, Any], round_id: int | None = None
) -> programme.Saved:
    """Create or change a round; a new time reaches everybody booked in its sessions."""
    if round_id is None:
        return await programme.save_round(event_id, values)
    async with changes.programme_change(settings, event_id) as change:
        saved = await programme.save_round(event_id, values, round_id)
        if not saved.ok:
            change.discard()
    return saved


async def delete_round(settings: Settings, event_id: int, round_id: int) -> bool:
    """Delete a round; bookings in its sessions go, and their people are told."""
    async with changes.programme_change(settings, event_id) as change:
        deleted = await programme.delete_round(event_id, round_id)
        if not deleted:
            change.discard()
    return deleted


async def save_room(
    settings: Settings, event_id: int, values: dict[str, Any], room_id: int | None = None
) -> programme.Saved:
    """Create or change a room; a new name reaches everybody booked in it."""
    if room_id is None:
        return await programme.save_room(event_id, values)
    async with changes.programme_change(settings, event_id) as change:
        saved = await programme.save_room(event_id, values, room_id)
        if not saved.ok:
            change.discard()
    return saved


async def delete_room(settings: Settings, event_id: int, room_id: int) -> bool:
    """Delete a room; its sessions stay without a room, and their people are told."""
    async with changes.programme_change(settings, event_id) as change:
        deleted = await programme.delete_room(event_id, room_id)
        if not deleted:
            change.discard()
    return deleted

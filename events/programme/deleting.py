"""Deleting parts of the programme (organisers' "delete" buttons; `services` re-exports these).

Each function says whether there was something to delete. Sessions outlive their round or room
(without it, with a new calendar sequence); practice examples and hosts go with their rows.
"""

from __future__ import annotations

from events.db import write_transaction
from events.programme.tables import (
    Organisation,
    Person,
    PracticeExample,
    Room,
    Round,
    Session,
    Theme,
)


async def bump_sessions(condition: object) -> None:
    """Sessions whose time or place changed get a new calendar sequence."""
    await Session.update({Session.calendar_sequence: Session.calendar_sequence + 1}).where(
        condition
    )


async def delete_round(event_id: int, round_id: int) -> bool:
    """Delete a round; its sessions stay, without a round, with a new calendar sequence."""
    async with write_transaction():
        if not await Round.exists().where((Round.id == round_id) & (Round.event == event_id)):
            return False
        await bump_sessions(Session.round == round_id)
        await Round.delete().where(Round.id == round_id)
    return True


async def delete_room(event_id: int, room_id: int) -> bool:
    """Delete a room; its sessions stay, without a room, with a new calendar sequence."""
    async with write_transaction():
        if not await Room.exists().where((Room.id == room_id) & (Room.event == event_id)):
            return False
        await bump_sessions(Session.room == room_id)
        await Room.delete().where(Room.id == room_id)
    return True


async def delete_session(event_id: int, session_id: int) -> bool:
    async with write_transaction():
        deleted = (
            await Session.delete()
            .where((Session.id == session_id) & (Session.event == event_id))
            .returning(Session.id)
        )
    return bool(deleted)


async def delete_practice(event_id: int, practice_id: int) -> bool:
    async with write_transaction():
        deleted = (
            await PracticeExample.delete()
            .where((PracticeExample.id == practice_id) & (PracticeExample.event == event_id))
            .returning(PracticeExample.id)
        )
    return bool(deleted)


async def delete_organisation(organisation_id: int) -> bool:
    """Delete an organisation; its people and practice examples stay, without organisation."""
    async with write_transaction():
        deleted = (
            await Organisation.delete()
            .where(Organisation.id == organisation_id)
            .returning(Organisation.id)
        )
    return bool(deleted)


async def delete_person(person_id: int) -> bool:
    async with write_transaction():
        deleted = await Person.delete().where(Person.id == person_id).returning(Person.id)
    return bool(deleted)


async def delete_theme(theme_id: int) -> bool:
    async with write_transaction():
        deleted = await Theme.delete().where(Theme.id == theme_id).returning(Theme.id)
    return bool(deleted)

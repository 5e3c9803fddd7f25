"""Shared helpers of the organiser-page tests: a small parade built through the services."""

from __future__ import annotations

from typing import Any

from events.programme import services
from events.programme.tables import (
    Event,
    Organisation,
    Person,
    PracticeExample,
    PracticeTheme,
    Room,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
    Theme,
)

PROGRAMME_TABLES = (
    Event,
    Organisation,
    Person,
    PracticeExample,
    PracticeTheme,
    Room,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
    Theme,
)

EVENT_FORM = {
    "name": "Parade Sociaal Domein",
    "slug": "parade-2026",
    "edition": "4",
    "date": "2026-04-14",
    "start_time": "09:30",
    "end_time": "16:30",
    "timezone": "Europe/Amsterdam",
    "venue": "Stadhuis Leiden",
    "address": "Stadhuisplein 1, Leiden",
    "description": "De vierde parade.",
    "published": "1",
}


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every programme table, to prove that nothing was written."""
    return {
        table._meta.tablename: await table.select().order_by(table.id) for table in PROGRAMME_TABLES
    }


def created(result: services.Saved) -> int:
    assert result.ok, result.errors
    assert result.id is not None
    return result.id


async def build_parade() -> dict[str, int]:
    """An event with a round, a room (20 seats), a workshop in it, a stand, people and themes."""
    organisation = created(await services.save_organisation({"name": "Gemeente Leiden"}))
    person = created(
        await services.save_person({"name": "Anna de Vries", "organisation": str(organisation)})
    )
    theme = created(await services.save_theme({"name": "Schuldpreventie"}))
    event = created(await services.save_event(EVENT_FORM))
    round_ = created(
        await services.save_round(
            event, {"name": "Ronde 1", "start_time": "10:00", "end_time": "11:00"}
        )
    )
    room = created(await services.save_room(event, {"name": "Zaal A", "capacity": "20"}))
    practice = created(
        await services.save_practice(
            event, {"title": "Regiebox", "organisation": str(organisation), "themes": [str(theme)]}
        )
    )
    session = created(
        await services.save_session(
            event,
            {
                "kind": "workshop",
                "title": "Samen tegen schulden",
                "round": str(round_),
                "room": str(room),
                "capacity": "15",
                "hosts": [str(person)],
                "practices": [str(practice)],
                "themes": [str(theme)],
            },
        )
    )
    return {
        "organisation": organisation,
        "person": person,
        "theme": theme,
        "event": event,
        "round": round_,
        "room": room,
        "practice": practice,
        "session": session,
    }

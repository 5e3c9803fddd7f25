"""Builders for pairs tests: participants with an organisation, consent, texts and themes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from events.programme.tables import Organisation, PracticeExample, PracticeTheme, Theme
from events.registration.participant_session import PARTICIPANT_COOKIE, start_session
from events.registration.tables import Participant, ParticipantTheme
from events.settings import load_settings


async def organisation(name: str) -> int:
    row = await Organisation.select(Organisation.id).where(Organisation.name == name).first()
    if row:
        return int(row["id"])
    rows = await Organisation.insert(Organisation(name=name)).returning(Organisation.id)
    return int(rows[0]["id"])


async def theme(name: str) -> int:
    row = await Theme.select(Theme.id).where(Theme.name == name).first()
    if row:
        return int(row["id"])
    rows = await Theme.insert(Theme(name=name, slug=name.lower())).returning(Theme.id)
    return int(rows[0]["id"])


async def practice(event_id: int, title: str, organisation_name: str, themes: list[str]) -> int:
    rows = await PracticeExample.insert(
        PracticeExample(
            event=event_id, title=title, organisation=await organisation(organisation_name)
        )
    ).returning(PracticeExample.id)
    for name in themes:
        await PracticeTheme.insert(PracticeTheme(practice=rows[0]["id"], theme=await theme(name)))
    return int(rows[0]["id"])


async def person(
    event_id: int,
    name: str,
    organisation_name: str | None = None,
    public_name: bool = False,
    offer: str = "",
    looking_for: str = "",
    themes: list[str] | None = None,
    status: str = "registered",
) -> int:
    """A participant of the event; returns their id."""
    now = datetime.now(UTC)
    rows = await Participant.insert(
        Participant(
            event=event_id,
            name=name,
            email=f"{name.lower().replace(' ', '.')}@example.org",
            organisation=await organisation(organisation_name) if organisation_name else None,
            offer=offer,
            looking_for=looking_for,
            consent_event_at=now,
            consent_public_name_at=now if public_name else None,
            consent_text_version="test",
            manage_token_hash=uuid.uuid4().hex + uuid.uuid4().hex,
            calendar_uid=f"{uuid.uuid4()}@test",
            status=status,
        )
    ).returning(Participant.id)
    participant_id = int(rows[0]["id"])
    for theme_name in themes or []:
        await ParticipantTheme.insert(
            ParticipantTheme(participant=participant_id, theme=await theme(theme_name))
        )
    return participant_id


async def session_value(participant_id: int) -> str:
    """The value of a new session cookie of the participant, as the manage link would set it."""
    cookie = await start_session(load_settings(), participant_id, label="test")
    return str(cookie.value)


async def log_in(client: Any, participant_id: int) -> None:
    """Make `client` act as this participant."""
    client.cookies.set(PARTICIPANT_COOKIE, await session_value(participant_id))


__all__ = ["PARTICIPANT_COOKIE", "log_in", "organisation", "person", "practice", "theme"]

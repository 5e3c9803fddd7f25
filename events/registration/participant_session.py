"""The participant's session after opening a manage link: kept on the server, revocable.

The cookie holds a random 256-bit secret; the database keeps only its SHA-256 hash in a
ParticipantSession row. Deleting the row ends the session: "sign out on this device" deletes
one, "sign out everywhere" and erasure delete all of a participant's.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

from events.db import write_transaction
from events.programme.queries import upcoming_events
from events.programme.tables import Event
from events.registration.tables import ParticipantSession
from events.settings import Settings

PARTICIPANT_COOKIE = "events_participant"
SESSION_DAYS = 30
LAST_SEEN_EVERY = timedelta(minutes=5)


class ParticipantSessionRequired(NotAuthorizedException):
    """Raised for participant pages without a valid session.

    `event` (id, name, slug) and `continue_path`, when the raiser knows them, let the page offer
    "mail me my link" for that event, with a link that continues where the person was.
    """

    def __init__(
        self,
        *args: Any,
        event: dict[str, Any] | None = None,
        continue_path: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.continue_path = continue_path


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def session_cookie(settings: Settings, value: str) -> Cookie:
    return Cookie(
        key=PARTICIPANT_COOKIE,
        value=value,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=SESSION_DAYS * 24 * 3600,
    )


async def start_session(
    settings: Settings, participant_id: int, label: str = "", replacing: str | None = None
) -> Cookie:
    """A new session for the participant; `replacing` is the browser's old cookie value, whose
    session (if any) ends. Returns the cookie to set."""
    value = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    async with write_transaction():
        if replacing:
            await ParticipantSession.delete().where(
                ParticipantSession.session_hash == _hash(replacing)
            )
        await ParticipantSession.insert(
            ParticipantSession(
                participant=participant_id,
                session_hash=_hash(value),
                created_at=now,
                expires_at=now + timedelta(days=SESSION_DAYS),
                last_seen_at=now,
                label=label[:100],
            )
        )
    return session_cookie(settings, value)


async def end_session(value: str | None) -> None:
    """This browser's session ends (sign out on this device)."""
    if value:
        async with write_transaction():
            await ParticipantSession.delete().where(ParticipantSession.session_hash == _hash(value))


async def end_all_sessions(participant_id: int) -> None:
    """Every session of the participant ends (inside the caller's transaction, if any)."""
    await ParticipantSession.delete().where(ParticipantSession.participant == participant_id)


async def sessions_of(participant_id: int) -> list[dict[str, Any]]:
    """The participant's signed-in devices, most recently used first (for /me)."""
    return (
        await ParticipantSession.select(
            ParticipantSession.id,
            ParticipantSession.label,
            ParticipantSession.created_at,
            ParticipantSession.last_seen_at,
        )
        .where(
            (ParticipantSession.participant == participant_id)
            & (ParticipantSession.expires_at > datetime.now(UTC))
        )
        .order_by(ParticipantSession.last_seen_at, ascending=False)
    )


async def end_device_session(participant_id: int, session_id: int) -> None:
    """End one session of the participant (never somebody else's: both ids must match)."""
    async with write_transaction():
        await ParticipantSession.delete().where(
            (ParticipantSession.id == session_id)
            & (ParticipantSession.participant == participant_id)
        )


def device_label(user_agent: str) -> str:
    """A short name for a browser, e.g. "Firefox, Android", from its User-Agent header."""
    agent = user_agent or ""
    browsers = (
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    )
    systems = (
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    )
    browser = next((name for needle, name in browsers if needle in agent), "")
    system = next((name for needle, name in systems if needle in agent), "")
    return ", ".join(part for part in (browser, system) if part)


async def session_row(value: str | None) -> dict[str, Any] | None:
    """The session of a cookie value, expired or not: id, participant, expires_at, the
    participant's event and last_seen_at. None for an unknown value or an erased participant."""
    if not value or len(value) > 100:
        return None
    return (
        await ParticipantSession.select(
            ParticipantSession.id,
            ParticipantSession.participant,
            ParticipantSession.expires_at,
            ParticipantSession.last_seen_at,
            ParticipantSession.participant.event.as_alias("event"),
        )
        .where(
            (ParticipantSession.session_hash == _hash(value))
            & (ParticipantSession.participant.status != "erased")
        )
        .first()
    )


async def valid_session(value: str | None) -> dict[str, Any] | None:
    """The session row (see `session_row`) of a valid session cookie, else None. Notes when it
    was last used (at most every few minutes, so reading pages does not write each time)."""
    row = await session_row(value)
    now = datetime.now(UTC)
    if row is None or row["expires_at"] <= now:
        return None
    if row["last_seen_at"] is None or row["last_seen_at"] < now - LAST_SEEN_EVERY:
        async with write_transaction():
            await ParticipantSession.update({ParticipantSession.last_seen_at: now}).where(
                ParticipantSession.id == row["id"]
            )
    return row


async def participant_from_cookie(value: str | None) -> int | None:
    """The participant id of a valid session cookie, else None (see `valid_session`)."""
    row = await valid_session(value)
    return None if row is None else int(row["participant"])


async def event_for_help(value: str | None) -> dict[str, Any] | None:
    """The event whose "mail me my link" form a person without a session is offered: that of
    their expired session, else the only upcoming event when there is just one."""
    row = await session_row(value)
    if row is not None:
        return (
            await Event.select(Event.id, Event.name, Event.slug)
            .where((Event.id == row["event"]) & (Event.published == True))  # noqa: E712
            .first()
        )
    upcoming = await upcoming_events()
    if len(upcoming) == 1:
        return {key: upcoming[0][key] for key in ("id", "name", "slug")}
    return None


def continue_path_of(connection: ASGIConnection) -> str:
    """Where a person who gets in should continue: the page they asked for, when it is a GET."""
    if connection.scope.get("method", "GET") != "GET":
        return ""
    query = connection.scope.get("query_string", b"").decode("latin-1")
    return connection.url.path + (f"?{query}" if query else "")


async def participant_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Only a participant with a valid session passes; its id (`participant_id`) and the
    session's (`participant_session_id`) land in connection.state."""
    value = connection.cookies.get(PARTICIPANT_COOKIE)
    session = await valid_session(value)
    if session is None:
        raise ParticipantSessionRequired(
            detail="participant session required",
            event=await event_for_help(value),
            continue_path=continue_path_of(connection),
        )
    connection.state.participant_id = int(session["participant"])
    connection.state.participant_session_id = int(session["id"])


async def participant_of(connection: ASGIConnection) -> int | None:
    """The participant of this request's session, for pages that also serve people without."""
    return await participant_from_cookie(connection.cookies.get(PARTICIPANT_COOKIE))

"""The participant's session after opening a manage link: a signed cookie, no password.

The cookie holds the participant id and an HMAC over that id and the current manage-token hash.
Any worker can check it; sending a new link (which replaces the token) or erasing the
registration ends every older session.
"""

from __future__ import annotations

import hashlib
import hmac

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

from events.registration.tables import Participant
from events.settings import Settings

PARTICIPANT_COOKIE = "events_participant"


class ParticipantSessionRequired(NotAuthorizedException):
    """Raised for /me pages without a valid participant session."""


def _signature(secret_key: str, participant_id: int, token_hash: str) -> str:
    message = f"{participant_id}:{token_hash}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def session_cookie(settings: Settings, participant_id: int, token_hash: str) -> Cookie:
    return Cookie(
        key=PARTICIPANT_COOKIE,
        value=f"{participant_id}.{_signature(settings.secret_key, participant_id, token_hash)}",
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=30 * 24 * 3600,
    )


async def participant_from_cookie(settings: Settings, value: str | None) -> int | None:
    """The participant id of a valid session cookie, else None."""
    if not value or "." not in value:
        return None
    raw_id, signature = value.split(".", 1)
    if not raw_id.isdigit():
        return None
    row = (
        await Participant.select(Participant.manage_token_hash)
        .where((Participant.id == int(raw_id)) & (Participant.status != "erased"))
        .first()
    )
    if row is None:
        return None
    expected = _signature(settings.secret_key, int(raw_id), row["manage_token_hash"])
    return int(raw_id) if hmac.compare_digest(expected, signature) else None


async def participant_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Only a participant with a valid session passes; the id lands in connection.state."""
    settings: Settings = connection.app.state["settings"]
    participant_id = await participant_from_cookie(
        settings, connection.cookies.get(PARTICIPANT_COOKIE)
    )
    if participant_id is None:
        raise ParticipantSessionRequired(detail="participant session required")
    connection.state.participant_id = participant_id

"""A session's hosts see who is coming: names and organisations, never e-mail addresses.

The host's link carries an HMAC of the session and the person (`derived_code`), so it cannot be
guessed or moved to another session. It works only while the person hosts the session and the
event is not archived: taking a host off the session, or archiving the event, ends it. The link
reaches the host in the mail about a change to their session, and when an organiser sends the
hosts their lists from the workshop's attendance page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from events.db import write_transaction
from events.outbox.services import enqueue
from events.programme.tables import Event, Session, SessionHost
from events.settings import Settings
from events.web.signing import derived_code


def host_list_url(settings: Settings, session_id: int, person_id: int) -> str:
    code = derived_code(settings, "host-list", session_id, person_id)
    return f"{settings.base_url.rstrip('/')}/hosts/{session_id}/{person_id}/{code}"


async def host_sessions(
    settings: Settings, person_id: int, session_ids: list[int]
) -> list[dict[str, Any]]:
    """Title and list link of each of these sessions that the person hosts."""
    if not session_ids:
        return []
    rows = await Session.select(Session.id, Session.title).where(
        Session.id.is_in(session_ids)
        & Session.id.is_in(
            SessionHost.select(SessionHost.session).where(SessionHost.person == person_id)
        )
    )
    return [
        {"title": row["title"], "url": host_list_url(settings, row["id"], person_id)}
        for row in sorted(rows, key=lambda row: row["title"])
    ]


async def send_lists(settings: Settings, event_id: int, session_id: int) -> int:
    """Queue every host of the session with an address their list link; returns how many."""
    hosts = await SessionHost.select(
        SessionHost.person,
        SessionHost.person.name.as_alias("name"),
        SessionHost.person.email.as_alias("email"),
        SessionHost.session.title.as_alias("title"),
    ).where((SessionHost.session == session_id) & (SessionHost.session.event == event_id))
    event = await Event.select(Event.name).where(Event.id == event_id).first()
    sent = 0
    minute = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")
    async with write_transaction():
        for host in hosts:
            if not host["email"]:
                continue
            await enqueue(
                settings,
                # Pressing twice within a minute (a double click) sends one mail.
                key=f"host-list:{session_id}:{host['person']}:{minute}",
                recipient=host["email"],
                recipient_name=host["name"],
                kind="host-list",
                template="host_list",
                context={
                    "event_name": event["name"] if event else "",
                    "sessions": [
                        {
                            "title": host["title"],
                            "url": host_list_url(settings, session_id, host["person"]),
                        }
                    ],
                },
                language=settings.default_language,
                about=f"person:{host['person']}",
            )
            sent += 1
    return sent

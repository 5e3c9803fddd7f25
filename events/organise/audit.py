"""The audit log: every organiser request that changes something is written down.

An ASGI middleware watches requests under /organise/ and /admin/ with a method other than GET,
HEAD or OPTIONS, and after the response records who (from the organiser session), what
(method and path, never the body), when and the outcome (status code). The path is the one the
client asked for: the mounted admin sees its own paths without the /admin prefix.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from events.organise.tables import AuditEntry
from events.web.auth import SESSION_COOKIE, organiser_from_token
from events.web.middleware import cookie_value, full_path, is_under
from events.web.pagination import paginate

log = logging.getLogger(__name__)
AUDITED_PREFIXES = ("/organise", "/admin")
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def audit_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != ScopeType.HTTP
            or scope["method"] in READ_METHODS
            or not is_under(full_path(scope), AUDITED_PREFIXES)
        ):
            await app(scope, receive, send)
            return
        status: dict[str, Any] = {}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await app(scope, receive, watch)
        finally:
            await record(scope, status.get("code", 500))

    return middleware


async def record(scope: Scope, status_code: int) -> None:
    """Write one entry; a failure to audit is logged, never shown to the organiser."""
    try:
        organiser = await organiser_from_token(cookie_value(scope, SESSION_COOKIE))
        await AuditEntry.insert(
            AuditEntry(
                user_id=organiser.id if organiser else None,
                username=organiser.username if organiser else "",
                method=scope["method"],
                path=full_path(scope)[:500],
                status_code=status_code,
            )
        )
    except Exception:
        log.exception(
            "could not write the audit entry for %s %s", scope["method"], full_path(scope)
        )


async def recent_entries(limit: int = 200) -> list[dict[str, Any]]:
    return await AuditEntry.select().order_by(AuditEntry.at, ascending=False).limit(limit)


async def entry_page(search: str = "", person: str = "", page: int = 1) -> dict[str, Any]:
    """One page of the audit log, newest first, by who made the change and a search in what
    was changed (method and path); two queries whatever the page size."""
    conditions: list[Any] = []
    if person:
        conditions.append(AuditEntry.username == person)
    if search:
        pattern = f"%{search}%"
        conditions.append(AuditEntry.path.ilike(pattern) | AuditEntry.method.ilike(pattern))
    select = AuditEntry.select()
    count = AuditEntry.count()
    if conditions:
        select = select.where(*conditions)
        count = count.where(*conditions)
    query = select.order_by(AuditEntry.at, ascending=False).order_by(AuditEntry.id, ascending=False)
    return await paginate(count, query, page)


async def people() -> list[str]:
    """Everyone who appears in the audit log, by name (for the filter)."""
    rows = (
        await AuditEntry.select(AuditEntry.username)
        .where(AuditEntry.username != "")
        .distinct()
        .order_by(AuditEntry.username)
    )
    return [row["username"] for row in rows]

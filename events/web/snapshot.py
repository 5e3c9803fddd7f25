"""The participant's own pages read in one database snapshot, their session check included.

On SQLite every query outside a transaction opens its own connection, which costs more than
the small queries of these pages. For GET requests of /me, /me/day and /me/pairs the whole
request (the participant guard's session lookup, the handler, the template) reads through one
connection in one consistent snapshot (`events.db.read_snapshot`); writes inside (the session's
"last seen", suggestions computed on a first view) run on their own connection, and work
after the response leaves the snapshot (`events.db.outside_snapshot`). Other engines: nothing.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from events import db
from events.web.middleware import full_path

SNAPSHOT_PATHS = frozenset({"/me", "/me/", "/me/day", "/me/day/", "/me/pairs", "/me/pairs/"})


def snapshot_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == ScopeType.HTTP
            and scope.get("method") in ("GET", "HEAD")
            and full_path(scope) in SNAPSHOT_PATHS
        ):
            async with db.read_snapshot():
                await app(scope, receive, send)
            return
        await app(scope, receive, send)

    return middleware

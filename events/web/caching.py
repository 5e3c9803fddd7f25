"""Short-lived response caching of public pages (programme, catalogue, wall, report, feeds).

A page is cached per path, query and language, and only when it was made for an anonymous
visitor (no organiser or participant session): organisers see previews and controls, and
they always get a fresh page. Pages with a form that needs a CSRF token are not cached.
Each process keeps its own cache (memory store), so several workers simply each cache. The
keys hold the data version (`events.freshness`), which lives in the database: a committed
change to public data makes every worker build the page anew on its very next request, so a
cached page is never older than the data it shows. `data_version_middleware` reads the version
once per anonymous page request. What counts as a session (the cookie names) and how the version
is read are given by the app when it is built (events.app), so this module names no domain.

The store never keeps a `Set-Cookie`: a cookie set for the first visitor (the CSRF token, say)
would otherwise be handed to every later visitor of the cached page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

import msgspec
from litestar import Request
from litestar.config.response_cache import ResponseCacheConfig
from litestar.enums import ScopeType
from litestar.stores.memory import MemoryStore
from litestar.types import ASGIApp, HTTPScope, Receive, Scope, Send

from events.settings import Settings
from events.web.auth import SESSION_COOKIE
from events.web.flash import FLASH_COOKIE
from events.web.middleware import cookie_value, full_path, is_under

T = TypeVar("T")
PAGE_SECONDS = 30
LIVE_SECONDS = 4


SessionCheck = Callable[[Any], bool]


def session_check(other_cookies: Sequence[str]) -> SessionCheck:
    """Whether a request (its scope) has an organiser session, a success message waiting
    (events.web.flash) or one of `other_cookies` (the sessions of other kinds of visitors, e.g.
    a participant's)."""
    names = (SESSION_COOKIE, FLASH_COOKIE, *other_cookies)

    def has_session(scope: Any) -> bool:
        return any(cookie_value(scope, name) for name in names)

    return has_session


UNCACHED_PREFIXES = ("/static", "/vendor", "/organise", "/me", "/admin", "/manage", "/login")


def cache_key_builder(has_session: SessionCheck) -> Callable[[Request[Any, Any, Any]], str]:
    def cache_key(request: Request[Any, Any, Any]) -> str:
        query = sorted(request.query_params.dict().items())
        state = request.scope.get("state", {})
        language = state.get("language", "")
        version = state.get("data_version", "")
        viewer = "session" if has_session(request.scope) else "public"
        path = f"{request.method}{request.url.path}?{urlencode(query, doseq=True)}"
        return f"v{version}:{viewer}:{language}:{path}"

    return cache_key


def data_version_middleware(
    read_version: Callable[[], Awaitable[int]], has_session: SessionCheck
) -> Callable[[ASGIApp], ASGIApp]:
    """A middleware that puts the data version (`read_version`) into the state of anonymous
    page requests, for the cache key."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if (
                scope["type"] == ScopeType.HTTP
                and scope["method"] in ("GET", "HEAD")
                and not has_session(scope)
                and not is_under(full_path(scope), UNCACHED_PREFIXES)
            ):
                try:
                    version: int | str = await read_version()
                except Exception:  # the database is away: the page (or /healthz) says so itself
                    version = "unknown"
                scope.setdefault("state", {})["data_version"] = version
            await app(scope, receive, send)

        return middleware

    return factory


def only_public_pages(has_session: SessionCheck) -> Callable[[HTTPScope, int], bool]:
    def only_public(scope: HTTPScope, status_code: int) -> bool:
        """Store a response only when it is a successful page made for an anonymous visitor."""
        return status_code == 200 and not has_session(scope)

    return only_public


def never(_scope: HTTPScope, _status_code: int) -> bool:
    return False


class CookieFreeStore(MemoryStore):
    """The page cache's store: responses are kept without their Set-Cookie headers."""

    async def set(self, key: str, value: str | bytes, expires_in: Any = None) -> None:
        messages = msgspec.msgpack.decode(value if isinstance(value, bytes) else value.encode())
        for message in messages:
            if message.get("type") == "http.response.start":
                message["headers"] = [
                    header
                    for header in message.get("headers", [])
                    if bytes(header[0]).lower() != b"set-cookie"
                ]
        await super().set(key, msgspec.msgpack.encode(messages), expires_in=expires_in)


def response_cache_config(settings: Settings, has_session: SessionCheck) -> ResponseCacheConfig:
    """Caching as configured; EVENTS_PAGE_CACHE=false stores nothing (e.g. in tests)."""
    return ResponseCacheConfig(
        default_expiration=PAGE_SECONDS,
        key_builder=cache_key_builder(has_session),
        cache_response_filter=only_public_pages(has_session) if settings.page_cache else never,
    )


class SingleFlight:
    """Callers that ask for the same thing at the same time share one computation.

    When a cached page expires under load, every request in flight would otherwise rebuild it
    at once and wait for each other; with this, one builds and the others await its result.
    Flights are kept per event loop (the test client runs apps in loops of their own).
    """

    def __init__(self) -> None:
        self._flights: dict[tuple[int, Hashable], asyncio.Future[Any]] = {}

    async def run(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        flight_key = (id(asyncio.get_running_loop()), key)
        flight = self._flights.get(flight_key)
        if flight is None:
            flight = asyncio.ensure_future(compute())
            self._flights[flight_key] = flight
            flight.add_done_callback(lambda _done: self._flights.pop(flight_key, None))
        return await asyncio.shield(flight)

"""A small in-memory rate limiter for the endpoints people can abuse (registration, links, login).

Counts per process in a sliding window; behind a proxy the client address comes from
X-Forwarded-For (uvicorn runs with proxy headers). Several workers each count for themselves,
so the real limit is the configured one times the number of workers.

The login counts only failed attempts, per username *and* client address (and, more loosely,
per client address over all usernames): someone guessing passwords elsewhere cannot lock the
real organiser out, and a correct password from a client that has not failed always works.
"""

from __future__ import annotations

import time
from collections import deque

from litestar import Request
from litestar.exceptions import TooManyRequestsException

from events.settings import Settings, parse_rate_limits


class SlidingWindow:
    """At most `limit` hits per `window` seconds for each key."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.hits: dict[str, deque[float]] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count a hit for `key`, unless it already had its `limit` in the window."""
        if self.is_full(key, now):
            return False
        self.record(key, now)
        return True

    def is_full(self, key: str, now: float | None = None) -> bool:
        """Whether `key` had its `limit` of hits in the window (counts nothing)."""
        now = time.monotonic() if now is None else now
        hits = self.hits.get(key)
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits is not None and len(hits) >= self.limit

    def record(self, key: str, now: float | None = None) -> None:
        self.hits.setdefault(key, deque()).append(time.monotonic() if now is None else now)
        if len(self.hits) > 100_000:
            self.hits = {k: v for k, v in self.hits.items() if v}

    def forget(self, key: str) -> None:
        self.hits.pop(key, None)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class LoginThrottle:
    """Failed logins: at most `per_user` per username and client, `per_client` per client.

    Without windows (rate limits "off") it lets everything through.
    """

    def __init__(self, per_user: SlidingWindow | None, per_client: SlidingWindow | None) -> None:
        self.per_user = per_user
        self.per_client = per_client

    @staticmethod
    def _keys(request: Request, username: str) -> tuple[str, str]:
        address = client_address(request)
        return f"login:{username.strip().lower()}|{address}", f"login:{address}"

    def check(self, request: Request, username: str) -> None:
        """Raise 429 when this client failed too often (for this username, or at all)."""
        user_key, client_key = self._keys(request, username)
        if (self.per_user is not None and self.per_user.is_full(user_key)) or (
            self.per_client is not None and self.per_client.is_full(client_key)
        ):
            raise TooManyRequestsException(detail="too many failed logins")

    def failed(self, request: Request, username: str) -> None:
        user_key, client_key = self._keys(request, username)
        if self.per_user is not None:
            self.per_user.record(user_key)
        if self.per_client is not None:
            self.per_client.record(client_key)

    def succeeded(self, request: Request, username: str) -> None:
        """A correct password clears this client's failures for this username."""
        if self.per_user is not None:
            self.per_user.forget(self._keys(request, username)[0])


LOGIN_FAILURES = (5, 15 * 60.0)  # per username and client address


class RateLimits:
    """The limits of one app: per client address and per e-mail address; failed logins."""

    def __init__(self, settings: Settings) -> None:
        limits = parse_rate_limits(settings.rate_limits)
        self.windows = {key: SlidingWindow(*rule) for key, rule in (limits or {}).items()}
        per_user = SlidingWindow(*LOGIN_FAILURES) if limits is not None else None
        self.login = LoginThrottle(per_user, self.windows.get("address"))

    def check(self, request: Request, bucket: str, email: str | None = None) -> None:
        """Raise 429 when this client (or this e-mail address) asked too often."""
        address = client_address(request)
        checks = [("address", f"{bucket}:{address}")]
        if email:
            checks.append(("email", f"{bucket}:{email.strip().lower()}"))
        for kind, key in checks:
            window = self.windows.get(kind)
            if window is not None and not window.allow(key):
                raise TooManyRequestsException(detail="too many requests")

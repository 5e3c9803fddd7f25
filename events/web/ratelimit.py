"""A small in-memory rate limiter for the endpoints people can abuse (registration, links).

Counts per process in a sliding window; behind a proxy the client address comes from
X-Forwarded-For (uvicorn runs with proxy headers). Several workers each count for themselves,
so the real limit is the configured one times the number of workers.
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
        now = time.monotonic() if now is None else now
        hits = self.hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self.hits) > 100_000:
            self.hits = {k: v for k, v in self.hits.items() if v}
        return True


class RateLimits:
    """The limits of one app: per client address and per e-mail address."""

    def __init__(self, settings: Settings) -> None:
        limits = parse_rate_limits(settings.rate_limits) or {}
        self.windows = {key: SlidingWindow(*rule) for key, rule in limits.items()}

    def check(self, request: Request, bucket: str, email: str | None = None) -> None:
        """Raise 429 when this client (or this e-mail address) asked too often."""
        address = request.client.host if request.client else "unknown"
        checks = [("address", f"{bucket}:{address}")]
        if email:
            checks.append(("email", f"{bucket}:{email.strip().lower()}"))
        for kind, key in checks:
            window = self.windows.get(kind)
            if window is not None and not window.allow(key):
                raise TooManyRequestsException(detail="too many requests")

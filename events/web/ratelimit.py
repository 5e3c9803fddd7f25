"""Rate limits for the endpoints people can abuse (registration, links, login, accounts).

The counters live in a store shared by every worker (the database: see
events.ratelimits.store, wired in app.py), so the configured limit is the limit, however many
workers serve the site. Behind a proxy the client address comes from X-Forwarded-For (uvicorn
runs with proxy headers).

The login counts only failed attempts, per username *and* client address (and, more loosely,
per client address over all usernames): someone guessing passwords elsewhere cannot lock the
real organiser out, and a correct password from a client that has not failed always works.
"""

from __future__ import annotations

from typing import Protocol

from litestar import Request
from litestar.exceptions import TooManyRequestsException

from events.settings import Settings, parse_rate_limits


class RateStore(Protocol):
    """Hit counters per key over the last `window` seconds."""

    async def hit(self, key: str, window: float) -> float: ...

    async def count(self, key: str, window: float) -> float: ...

    async def forget(self, key: str) -> None: ...


Rule = tuple[int, float]  # at most this many hits per this many seconds


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class LoginThrottle:
    """Failed logins: at most `per_user` per username and client, `per_client` per client.

    Without rules (rate limits "off") it lets everything through.
    """

    def __init__(self, store: RateStore, per_user: Rule | None, per_client: Rule | None) -> None:
        self.store = store
        self.per_user = per_user
        self.per_client = per_client

    @staticmethod
    def _keys(request: Request, username: str) -> tuple[str, str]:
        address = client_address(request)
        return f"login:{username.strip().lower()}|{address}", f"login:{address}"

    async def check(self, request: Request, username: str) -> None:
        """Raise 429 when this client failed too often (for this username, or at all)."""
        user_key, client_key = self._keys(request, username)
        for rule, key in ((self.per_user, user_key), (self.per_client, client_key)):
            if rule is not None and await self.store.count(key, rule[1]) >= rule[0]:
                raise TooManyRequestsException(detail="too many failed logins")

    async def failed(self, request: Request, username: str) -> None:
        user_key, client_key = self._keys(request, username)
        for rule, key in ((self.per_user, user_key), (self.per_client, client_key)):
            if rule is not None:
                await self.store.hit(key, rule[1])

    async def succeeded(self, request: Request, username: str) -> None:
        """A correct password clears this client's failures for this username."""
        if self.per_user is not None:
            await self.store.forget(self._keys(request, username)[0])


LOGIN_FAILURES: Rule = (5, 15 * 60.0)  # per username and client address


class RateLimits:
    """The limits of one app: per client address and per e-mail address; failed logins."""

    def __init__(self, settings: Settings, store: RateStore) -> None:
        limits = parse_rate_limits(settings.rate_limits)
        self.rules: dict[str, Rule] = dict(limits or {})
        self.store = store
        per_user = LOGIN_FAILURES if limits is not None else None
        self.login = LoginThrottle(store, per_user, self.rules.get("address"))

    async def check(self, request: Request, bucket: str, email: str | None = None) -> None:
        """Count this request; raise 429 when this client (or this e-mail address) asked too
        often. Refused requests count too, so hammering keeps a client out."""
        checks = [("address", f"{bucket}:{client_address(request)}")]
        if email:
            checks.append(("email", f"{bucket}:{email.strip().lower()}"))
        for kind, key in checks:
            rule = self.rules.get(kind)
            if rule is not None and await self.store.hit(key, rule[1]) > rule[0]:
                raise TooManyRequestsException(detail="too many requests")

"""Failed logins count per username and client: a guesser cannot lock the organiser out."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.testing import AsyncTestClient
from litestar.types import Receive, Scope, Send

from events.app import create_app
from events.settings import load_settings
from events.web.auth import create_organiser
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME, post_form

DEFAULT_LIMITS = "address=30/minute,email=5/hour"  # config/default.toml


def limited_app() -> Litestar:
    return create_app(load_settings({**os.environ, "EVENTS_RATE_LIMITS": DEFAULT_LIMITS}))


@asynccontextmanager
async def client_at(app: Litestar, address: str) -> AsyncIterator[AsyncTestClient]:
    """A client of `app` whose requests come from `address` (as a proxy would report it)."""

    async def from_address(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "client": (address, 50000)}  # type: ignore[typeddict-item]
        await app(scope, receive, send)

    async with AsyncTestClient(app=from_address) as client:  # type: ignore[arg-type]
        yield client


async def log_in(client: AsyncTestClient, password: str) -> int:
    response = await post_form(
        client,
        "/login",
        {"username": ORGANISER_USERNAME, "password": password},
        follow_redirects=False,
    )
    return response.status_code


async def test_wrong_passwords_elsewhere_do_not_lock_the_organiser_out() -> None:
    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    app = limited_app()
    async with client_at(app, "203.0.113.9") as attacker, client_at(app, "198.51.100.7") as own:
        guesses = [await log_in(attacker, f"guess-{n}") for n in range(7)]
        organiser = await log_in(own, ORGANISER_PASSWORD)
        attacker_with_the_password = await log_in(attacker, ORGANISER_PASSWORD)

    assert guesses == [400] * 5 + [429] * 2
    assert organiser == 303, "the organiser's own client has not failed: it logs in"
    assert attacker_with_the_password == 429, "the guessing client stays blocked"


async def test_only_failures_count() -> None:
    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    app = limited_app()
    async with client_at(app, "198.51.100.7") as own:
        codes = []
        for _ in range(4):
            codes.append(await log_in(own, "typo"))
            codes.append(await log_in(own, ORGANISER_PASSWORD))
        codes += [await log_in(own, ORGANISER_PASSWORD) for _ in range(8)]

    assert codes == [400, 303] * 4 + [303] * 8

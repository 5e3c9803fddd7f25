"""Helpers for double-submit tests: the key of a rendered form, a second tab of the same
browser (same cookies), and two identical POSTs sent at once or one after the other."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx

from tests.conftest import csrf_token, post_form

_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def keys_of(page: str) -> list[str]:
    """The submission keys of the forms on a rendered page."""
    return _KEY.findall(page)


def key_of(page: str) -> str:
    found = keys_of(page)
    assert found, "the page has no submission_key field"
    return found[0]


@contextlib.asynccontextmanager
async def same_browser(client: Any, client_factory: Callable[[], Any]) -> AsyncIterator[Any]:
    """Another client with `client`'s cookies: a second request from the same browser."""
    await csrf_token(client)
    async with client_factory() as other:
        for name, value in client.cookies.items():
            other.cookies.set(name, value)
        yield other


async def twice_at_once(
    first: Any, second: Any, url: str, data: dict[str, Any]
) -> list[httpx.Response]:
    """The same form POSTed by two clients at the same moment (a double tap)."""
    return list(
        await asyncio.gather(
            post_form(first, url, data, follow_redirects=False),
            post_form(second, url, data, follow_redirects=False),
        )
    )


async def twice_in_turn(client: Any, url: str, data: dict[str, Any]) -> list[httpx.Response]:
    """The same form POSTed twice, one after the other (back and submit again)."""
    return [await post_form(client, url, data, follow_redirects=False) for _ in range(2)]


def same_answer(responses: list[httpx.Response]) -> str:
    """Both answered with the same redirect; returns where to."""
    assert [r.status_code for r in responses] == [303, 303], [r.text for r in responses]
    locations = {r.headers["location"] for r in responses}
    assert len(locations) == 1, locations
    return locations.pop()

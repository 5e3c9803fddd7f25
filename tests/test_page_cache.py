"""The page cache never hands one visitor's cookies to another."""

from __future__ import annotations

import os

from litestar.testing import AsyncTestClient

from events.app import CSRF_COOKIE, create_app
from events.settings import load_settings
from tests.registration.helpers import make_event


async def test_a_cached_page_never_carries_the_first_visitors_csrf_cookie() -> None:
    await make_event()
    cached = create_app(load_settings({**os.environ, "EVENTS_PAGE_CACHE": "true"}))
    async with AsyncTestClient(app=cached) as first, AsyncTestClient(app=cached) as second:
        made = await first.get("/events/parade/programme")
        replayed = await second.get("/events/parade/programme")
    assert CSRF_COOKIE in made.headers.get("set-cookie", ""), "the first visitor gets a token"
    assert made.text == replayed.text, "the second visitor's page came from the cache"
    assert first.cookies[CSRF_COOKIE] not in replayed.headers.get("set-cookie", "")
    assert first.cookies.get(CSRF_COOKIE) != second.cookies.get(CSRF_COOKIE)

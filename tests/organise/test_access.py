"""Only organisers reach /organise/; reading an organiser page never changes anything."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import post_form
from tests.organise.helpers import build_parade, snapshot

Client = AsyncTestClient[Litestar]

EVENT = "/organise/events/{event}"
GET_PAGES = [
    "/organise/",
    "/organise/events/new",
    EVENT,
    EVENT + "/edit",
    EVENT + "/rounds/new",
    EVENT + "/rounds/{round}/edit",
    EVENT + "/rounds/{round}/delete",
    EVENT + "/rooms/new",
    EVENT + "/rooms/{room}/edit",
    EVENT + "/rooms/{room}/delete",
    EVENT + "/sessions/new",
    EVENT + "/sessions/{session}/edit",
    EVENT + "/sessions/{session}/delete",
    EVENT + "/practices/new",
    EVENT + "/practices/{practice}/edit",
    EVENT + "/practices/{practice}/delete",
    "/organise/organisations/",
    "/organise/organisations/new",
    "/organise/organisations/{organisation}/edit",
    "/organise/organisations/{organisation}/delete",
    "/organise/people/",
    "/organise/people/new",
    "/organise/people/{person}/edit",
    "/organise/people/{person}/delete",
    "/organise/themes/",
    "/organise/themes/new",
    "/organise/themes/{theme}/edit",
    "/organise/themes/{theme}/delete",
]
POST_ACTIONS = [
    "/organise/events/new",
    EVENT + "/edit",
    EVENT + "/rounds/new",
    EVENT + "/rounds/{round}/edit",
    EVENT + "/rounds/{round}/delete",
    EVENT + "/rooms/new",
    EVENT + "/rooms/{room}/edit",
    EVENT + "/rooms/{room}/delete",
    EVENT + "/sessions/new",
    EVENT + "/sessions/{session}/edit",
    EVENT + "/sessions/{session}/cancel",
    EVENT + "/sessions/{session}/reinstate",
    EVENT + "/sessions/{session}/delete",
    EVENT + "/practices/new",
    EVENT + "/practices/{practice}/edit",
    EVENT + "/practices/{practice}/delete",
    "/organise/organisations/new",
    "/organise/organisations/{organisation}/edit",
    "/organise/organisations/{organisation}/delete",
    "/organise/people/new",
    "/organise/people/{person}/edit",
    "/organise/people/{person}/delete",
    "/organise/themes/new",
    "/organise/themes/{theme}/edit",
    "/organise/themes/{theme}/delete",
]
ONES = dict.fromkeys(
    ("event", "round", "room", "session", "practice", "organisation", "person", "theme"), 1
)


@pytest.mark.parametrize("page", GET_PAGES)
async def test_anonymous_visitors_are_sent_to_the_login(client: Client, page: str) -> None:
    url = page.format(**ONES)
    response = await client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/organise")


async def test_anonymous_posts_are_refused_and_change_nothing(client: Client) -> None:
    ids = await build_parade()
    before = await snapshot()
    for action in POST_ACTIONS:
        response = await post_form(
            client, action.format(**ids), {"name": "x", "title": "x"}, follow_redirects=False
        )
        assert response.status_code in (303, 401), action
    assert await snapshot() == before


async def test_organiser_pages_change_nothing_on_get(organiser_client: Client) -> None:
    ids = await build_parade()
    before = await snapshot()
    for page in GET_PAGES:
        response = await organiser_client.get(page.format(**ids))
        assert response.status_code == 200, page
        assert "<h1" in response.text
    assert await snapshot() == before


async def test_another_events_rows_are_not_found(organiser_client: Client) -> None:
    ids = await build_parade()
    other = {**ids, "event": ids["event"] + 1000}
    for page in GET_PAGES:
        if "{event}" in page and page != EVENT + "/edit" and "new" not in page:
            url = page.format(**other)
            assert (await organiser_client.get(url)).status_code == 404, url

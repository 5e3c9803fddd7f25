"""Out-of-range ids in paths, generated from the app's own route list: every route with an int
path parameter answers 404 for a number no row can have, never a database error (500).

Each int parameter in turn gets the impossible number while the other parameters name real
rows of a demo parade, so every lookup on the way is reached. Organiser routes are asked as
the organiser, participant routes as the participant; nobody is turned away at the door.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.web.auth import create_organiser
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME, post_form
from tests.test_access import fill, rule_for, seed

IMPOSSIBLE = (2**31, 2**63, 10**30)
INT_PARAMETER = re.compile(r"\{(\w+):int\}")


def routes_with_int_parameters(app: Litestar) -> list[tuple[str, str, list[str]]]:
    """(method, path, names of its int parameters) of every GET and POST route that has any."""
    return sorted(
        (method, route.path, INT_PARAMETER.findall(route.path))
        for route in app.routes
        for method in (getattr(route, "methods", None) or {"GET"})
        if method in ("GET", "POST") and INT_PARAMETER.search(route.path)
    )


@pytest.fixture
async def clients(app: Litestar) -> AsyncIterator[dict[str, Any]]:
    """An organiser and participant A, logged in, and the demo parade's real path values."""
    data = await seed()
    async with contextlib.AsyncExitStack() as stack:
        organiser = await stack.enter_async_context(AsyncTestClient(app=app))
        participant = await stack.enter_async_context(AsyncTestClient(app=app))
        await participant.get(data["links"]["a"])
        await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
        await post_form(
            organiser, "/login", {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD}
        )
        yield {"organiser": organiser, "participant": participant, "params": data["params"]}


async def test_every_route_answers_404_for_an_id_no_row_can_have(
    app: Litestar, clients: dict[str, Any]
) -> None:
    routes = routes_with_int_parameters(app)
    assert len(routes) > 40
    assert ("GET", "/organise/events/{event_id:int}/edit", ["event_id"]) in routes
    problems: list[str] = []
    for method, path, names in routes:
        who = "participant" if rule_for(path) == "participant" else "organiser"
        client = clients[who]
        for name in names:
            for number in IMPOSSIBLE:
                url = fill(path, {**clients["params"], name: number})
                if method == "GET":
                    response = await client.get(url, follow_redirects=False)
                else:
                    response = await post_form(client, url, {}, follow_redirects=False)
                if response.status_code != 404:
                    problems.append(f"{who} {method} {url} -> {response.status_code}")
    assert not problems, "\n".join(problems)


async def test_ids_read_from_text_in_a_path_are_404_too(clients: dict[str, Any]) -> None:
    """Some routes take an id inside a text parameter (`/sessions/12.ics`, `/feeds/12-….ics`);
    the database's out-of-range error becomes the same not-found page."""
    organiser = clients["organiser"]
    for url in (
        "/organise/events/99999999999999999999/edit",
        f"/events/{clients['params']['slug']}/sessions/9223372036854775808",
        "/people/99999999999",
        f"/events/{clients['params']['slug']}/sessions/{2**31}.ics",
        f"/events/{clients['params']['slug']}/sessions/%C2%B2",  # "²": a digit, not a number
        "/feeds/99999999999999999999-abc.ics",
    ):
        response = await organiser.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 404, url
        assert "Pagina niet gevonden" in response.text

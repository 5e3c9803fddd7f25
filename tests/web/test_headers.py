"""Security headers on every response (error pages too), and no-store where it is personal."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import post_form
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered

HTML = {"Accept": "text/html"}


def assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", "")
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("referrer-policy") in ("same-origin", "no-referrer")
    assert response.headers.get("x-frame-options") == "DENY"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no-such-page", 404),
        ("GET", "/events/parade/no-such-page/deeper", 404),
        ("DELETE", "/", 405),
        ("PUT", "/login", 405),
        ("GET", "/vendor/.package-lock.json", 404),
        ("GET", "/events/no-such-event", 404),
    ],
)
@pytest.mark.parametrize("accept", ["text/html", "application/json"])
async def test_error_pages_carry_security_headers(
    client: AsyncTestClient[Litestar], method: str, path: str, status: int, accept: str
) -> None:
    response = await client.request(method, path, headers={"Accept": accept})

    assert response.status_code == status
    assert_security_headers(response)


async def test_personal_pages_and_files_are_never_stored(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _participant, link = await registered(event_id, "anna@example.org", [])

    opened = await client.get(link, follow_redirects=False)
    me = await client.get("/me")
    feed_path = re.search(r"https?://[^/]+(/feeds/[^\"<\s]+)", me.text)
    assert feed_path, "the /me page shows the personal feed"
    responses = {
        "manage link": opened,
        "/me": me,
        "/me/export.json": await client.get("/me/export.json"),
        "personal feed": await client.get(feed_path.group(1)),
        "progress link": await client.get("/progress/1/not-the-code", headers=HTML),
        "follow-up link": await client.get("/follow-up/1/not-the-code", headers=HTML),
        "badge": await client.get("/badge/1/not-the-code", headers=HTML),
        "unsubscribe": await client.get("/unsubscribe/not-the-token", headers=HTML),
        "link request": await client.get("/events/parade/link"),
        "login": await client.get("/login"),
    }

    for name, response in responses.items():
        assert response.headers.get("cache-control") == "no-store", name
        assert_security_headers(response)
    assert responses["/me"].status_code == 200 and "anna@example.org" in me.text
    assert responses["personal feed"].status_code == 200


async def test_organiser_pages_exports_and_the_admin_are_never_stored(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await registered(event_id, "anna@example.org", [])
    paths = [
        "/organise/",
        f"/organise/events/{event_id}/registrations",
        f"/organise/events/{event_id}/registrations.csv",
        f"/organise/events/{event_id}/report/report.csv",
        f"/organise/events/{event_id}/outcomes/outcomes.csv",
        "/organise/audit",
        "/admin/",
        "/admin/api/tables/",
    ]

    for path in paths:
        response = await organiser_client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("cache-control") == "no-store", path
    logout = await post_form(organiser_client, "/logout", {}, follow_redirects=False)
    assert logout.headers.get("cache-control") == "no-store"


async def test_public_pages_may_still_be_cached(client: AsyncTestClient[Litestar]) -> None:
    await make_event()
    css = "/vendor/@utrecht/component-library-css/dist/index.css"
    for path in ("/", "/events/parade/programme", css):
        response = await client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("cache-control", ""), path

"""The foundation: settings, health check, security headers, organiser login and access control."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.settings import SettingsError, load_settings
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME, post_form


def test_bad_settings_name_the_variable() -> None:
    with pytest.raises(SettingsError, match="EVENTS_PORT"):
        load_settings({"EVENTS_PORT": "eighty"})
    with pytest.raises(SettingsError, match="EVENTS_DATABASE_URL"):
        load_settings({"EVENTS_DATABASE_URL": "mysql://x"})
    with pytest.raises(SettingsError, match="EVENTS_DEFAULT_LANGUAGE"):
        load_settings({"EVENTS_DEFAULT_LANGUAGE": "fr"})
    with pytest.raises(SettingsError, match="EVENTS_BASE_URL"):
        load_settings({"EVENTS_BASE_URL": "parade.example.org"})


async def test_healthz_reports_the_database(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


async def test_pages_carry_security_headers(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/organise/", "/admin/", "/admin/api/tables/"])
async def test_anonymous_visitors_cannot_reach_organiser_pages(
    client: AsyncTestClient[Litestar], path: str
) -> None:
    response = await client.get(path, follow_redirects=False)
    assert response.status_code in (303, 401)
    if response.status_code == 303:
        assert response.headers["location"].startswith("/login?next=")


async def test_wrong_password_is_refused_with_a_message(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    await post_form(organiser_client, "/logout", {})
    response = await post_form(
        organiser_client, "/login", {"username": ORGANISER_USERNAME, "password": "wrong"}
    )
    assert response.status_code == 400
    assert "gebruikersnaam of het wachtwoord klopt niet" in response.text


async def test_organiser_login_opens_organise_and_admin(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    assert (await organiser_client.get("/organise/")).status_code == 200
    admin_api = await organiser_client.get("/admin/api/tables/")
    assert admin_api.status_code == 200
    assert "event" in admin_api.json()


async def test_login_never_redirects_off_site(client: AsyncTestClient[Litestar]) -> None:
    from events.web.auth import create_organiser

    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    response = await post_form(
        client,
        "/login",
        {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD, "next": "//evil.example"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/organise/"


async def test_post_without_csrf_token_is_refused(client: AsyncTestClient[Litestar]) -> None:
    await client.get("/")
    response = await client.post("/logout", data={})
    assert response.status_code == 403


async def test_organiser_changes_are_audited_without_secrets(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    response = await post_form(
        organiser_client,
        "/organise/themes/new",
        {"name": "Schuldpreventie", "password": "do-not-store-me"},
    )
    assert response.status_code == 200
    page = await organiser_client.get("/organise/audit")
    assert "POST /organise/themes/new" in page.text
    assert ORGANISER_USERNAME in page.text
    from events.organise.tables import AuditEntry

    rows = await AuditEntry.select()
    assert "do-not-store-me" not in str(rows)
    assert ORGANISER_PASSWORD not in str(rows)


async def test_login_is_rate_limited() -> None:
    import os

    from events.app import create_app

    limited = create_app(load_settings({**os.environ, "EVENTS_RATE_LIMITS": "address=3/minute"}))
    async with AsyncTestClient(app=limited) as client:
        codes = [
            (await post_form(client, "/login", {"username": "x", "password": "y"})).status_code
            for _ in range(4)
        ]
    assert codes == [400, 400, 400, 429]


async def test_public_pages_are_cached_for_visitors_but_never_for_organisers() -> None:
    import os

    from events.app import create_app
    from events.freshness.services import data_version
    from events.freshness.tables import DataChange
    from events.programme.tables import Event
    from events.web.auth import create_organiser
    from tests.registration.helpers import make_event

    await make_event()
    cached = create_app(load_settings({**os.environ, "EVENTS_PAGE_CACHE": "true"}))
    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    async with AsyncTestClient(app=cached) as organiser:
        await post_form(
            organiser, "/login", {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD}
        )
        async with AsyncTestClient(app=cached) as first_visitor:
            first = await first_visitor.get("/events/parade/programme")
        # A rename whose change record is taken back: the data version stays, so a visitor
        # who gets the old name got the page from the cache.
        version = await data_version()
        await Event.update({Event.name: "Quietly renamed"}).where(Event.slug == "parade")
        await DataChange.delete().where(DataChange.id > version)
        if await data_version() != version:  # SQLite keeps only the newest change
            await DataChange.insert(DataChange(id=version))
        async with AsyncTestClient(app=cached) as second_visitor:
            again = await second_visitor.get("/events/parade/programme")
        await Event.update({Event.name: "Renamed parade"}).where(Event.slug == "parade")
        async with AsyncTestClient(app=cached) as third_visitor:
            renamed = await third_visitor.get("/events/parade/programme")
            english = await third_visitor.get(
                "/events/parade/programme", headers={"Accept-Language": "en"}
            )
        fresh = await organiser.get("/events/parade/programme")
    assert first.text == again.text and "Quietly renamed" not in again.text, "from the cache"
    assert "Renamed parade" in renamed.text, "a change shows on the very next request"
    assert "Programme" in english.text and "Renamed parade" in english.text
    assert "Renamed parade" in fresh.text, "organisers always see the current page"


async def test_behind_tls_cookies_are_secure_and_hsts_is_sent() -> None:
    import os

    from events.app import create_app
    from events.web.auth import create_organiser

    tls = create_app(load_settings({**os.environ, "EVENTS_BASE_URL": "https://parade.example.org"}))
    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    async with AsyncTestClient(app=tls, base_url="https://testserver.local") as client:
        page = await client.get("/login")
        login = await post_form(
            client,
            "/login",
            {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD},
            follow_redirects=False,
        )
    csrf_cookie = page.headers["set-cookie"].lower()
    session_cookie = login.headers["set-cookie"].lower()
    for cookie in (csrf_cookie, session_cookie):
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert page.headers["strict-transport-security"].startswith("max-age=")


async def test_organiser_passwords_are_stored_with_pbkdf2_sha256() -> None:
    from piccolo.apps.user.tables import BaseUser

    from events.web.auth import create_organiser

    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    stored = (await BaseUser.select(BaseUser.password).first())["password"]
    algorithm, iterations, *_rest = stored.split("$")
    assert algorithm == "pbkdf2_sha256" and int(iterations) >= 600_000
    assert ORGANISER_PASSWORD not in stored


async def test_callers_at_the_same_time_share_one_computation() -> None:
    import asyncio

    from events.web.caching import SingleFlight

    flights = SingleFlight()
    calls = 0

    async def build() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return "wall"

    results = await asyncio.gather(*[flights.run("wall", build) for _ in range(20)])
    assert results == ["wall"] * 20 and calls == 1
    assert await flights.run("wall", build) == "wall" and calls == 2, "done flights are not kept"

"""Becoming somebody else in a browser: a new CSRF token each time, and no silent swaps."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.app import CSRF_COOKIE
from events.web.auth import create_organiser
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME, csrf_token, post_form
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered

CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}


async def test_organiser_login_and_logout_give_a_new_csrf_token(
    client: AsyncTestClient[Litestar],
) -> None:
    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    before = await csrf_token(client)
    await post_form(
        client, "/login", {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD}
    )
    logged_in = client.cookies[CSRF_COOKIE]
    await post_form(client, "/logout", {})
    logged_out = client.cookies[CSRF_COOKIE]
    assert len({before, logged_in, logged_out}) == 3
    assert (await client.get("/organise/", follow_redirects=False)).status_code in (302, 303)


async def test_opening_a_manage_link_gives_a_new_csrf_token(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _anna, link = await registered(event_id, "anna@example.org", [])
    before = await csrf_token(client)
    await client.get(link)
    assert client.cookies[CSRF_COOKIE] != before
    assert "anna@example.org" in (await client.get("/me")).text


async def test_a_link_opened_from_another_site_asks_before_it_swaps_my_session(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _anna, anna_link = await registered(event_id, "anna@example.org", [])
    _mallory, mallory_link = await registered(event_id, "mallory@example.org", [])
    await client.get(anna_link)

    asked = await client.get(mallory_link, headers=CROSS_SITE, follow_redirects=False)

    assert asked.status_code == 200 and "Open mijn aanmelding" in asked.text
    assert "anna@example.org" in (await client.get("/me")).text, "my session is unchanged"
    chosen = await post_form(client, mallory_link, {}, follow_redirects=False)
    assert chosen.status_code == 303
    assert "mallory@example.org" in (await client.get("/me")).text


async def test_a_link_from_my_mail_or_without_a_session_opens_at_once(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    _anna, anna_link = await registered(event_id, "anna@example.org", [])
    _bram, bram_link = await registered(event_id, "bram@example.org", [])
    async with client_factory() as fresh:
        first = await fresh.get(anna_link, headers=CROSS_SITE, follow_redirects=False)
        assert first.status_code == 303, "nobody to protect: no session yet"
        mailed = await fresh.get(bram_link, headers={"Sec-Fetch-Site": "none"})
        assert "bram@example.org" in mailed.text

"""Participant sessions live on the server: sign out here, sign out everywhere, erasure."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.registration.tables import ManageLink, ParticipantSession
from tests.conftest import post_form
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_event
from tests.registration.mailbox import (
    ask_for_link,
    deliver_one,
    link_in,
    register_on_the_form,
)

Client = AsyncTestClient[Any]


async def anna_on_two_devices(phone: Client, laptop: Client, smtp: SMTPServer) -> list[str]:
    """Anna registers on her phone, asks for her link again on her laptop, and opens each
    mail's link on that device. Returns both links."""
    await make_event()
    await register_on_the_form(phone, "anna@example.org")
    first = link_in(await deliver_one(smtp, "anna@example.org"))
    await ask_for_link(laptop, "anna@example.org")
    second = link_in(await deliver_one(smtp, "anna@example.org"))
    assert (await phone.get(first)).status_code == 200
    assert (await laptop.get(second)).status_code == 200
    return [first, second]


async def test_sign_out_everywhere_ends_every_session_and_every_link(
    client_factory, smtp: SMTPServer
) -> None:
    async with client_factory() as phone, client_factory() as laptop:
        links = await anna_on_two_devices(phone, laptop, smtp)
        me = await laptop.get("/me")
        assert "Overal afmelden" in me.text and "Afmelden op dit apparaat" in me.text

        signed_out = await post_form(laptop, "/me/sign-out-everywhere", {})

        assert signed_out.status_code == 200
        assert "Je bent op alle apparaten afgemeld" in signed_out.text
        assert 'href="/events/parade/link"' in signed_out.text, "where to ask for a new link"
        assert (await laptop.get("/me")).status_code == 401
        other_device = await phone.get("/me")
        assert other_device.status_code == 401
        assert "Deze link werkt niet" in other_device.text
        for link in links:
            async with client_factory() as browser:
                assert (await browser.get(link)).status_code == 404
        assert await ParticipantSession.count() == 0 and await ManageLink.count() == 0

        # A new link can be asked for, and works.
        await ask_for_link(laptop, "anna@example.org")
        fresh = link_in(await deliver_one(smtp, "anna@example.org"))
        back_in = await laptop.get(fresh)
        assert back_in.status_code == 200 and "anna@example.org" in back_in.text


async def test_sign_out_on_this_device_ends_only_this_session(
    client_factory, smtp: SMTPServer
) -> None:
    async with client_factory() as phone, client_factory() as laptop:
        links = await anna_on_two_devices(phone, laptop, smtp)
        signed_out = await post_form(laptop, "/me/sign-out", {})

        assert "Je bent afgemeld op dit apparaat" in signed_out.text
        assert "events_participant" not in laptop.cookies
        assert (await laptop.get("/me")).status_code == 401
        assert (await phone.get("/me")).status_code == 200, "the phone stays signed in"
        assert await ParticipantSession.count() == 1
        # The links in the mails still work, on the laptop too.
        assert (await laptop.get(links[1])).status_code == 200


async def test_signing_out_needs_a_post_with_csrf(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    await make_event()
    await register_on_the_form(client, "anna@example.org")
    await client.get(link_in(await deliver_one(smtp, "anna@example.org")))

    for path in ("/me/sign-out", "/me/sign-out-everywhere"):
        assert (await client.get(path)).status_code == 405
        assert (await client.post(path, data={})).status_code == 403
    assert (await client.get("/me")).status_code == 200
    assert await ParticipantSession.count() == 1 and await ManageLink.count() == 1


async def test_erasure_ends_every_session_and_every_link(client_factory, smtp: SMTPServer) -> None:
    async with client_factory() as phone, client_factory() as laptop:
        links = await anna_on_two_devices(phone, laptop, smtp)
        erased = await post_form(phone, "/me/erase", {})

        assert "Je gegevens zijn gewist" in erased.text
        other_device = await laptop.get("/me")
        assert other_device.status_code == 401
        assert "Deze link werkt niet" in other_device.text
        for link in links:
            async with client_factory() as browser:
                assert (await browser.get(link)).status_code == 404
        assert await ParticipantSession.count() == 0 and await ManageLink.count() == 0


async def test_opening_a_link_replaces_the_browsers_older_session(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    await make_event()
    await register_on_the_form(client, "anna@example.org")
    anna_link = link_in(await deliver_one(smtp, "anna@example.org"))
    await register_on_the_form(client, "bram@example.org")
    bram_link = link_in(await deliver_one(smtp, "bram@example.org"))

    await client.get(anna_link)
    me = await client.get(bram_link, headers={"Sec-Fetch-Site": "none"})  # opened from a mail app

    assert "bram@example.org" in me.text and "anna@example.org" not in me.text
    assert await ParticipantSession.count() == 1, "Anna's session in this browser ended"

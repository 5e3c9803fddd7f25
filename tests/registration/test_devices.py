"""A participant sees where their registration is open and can end it there; signing out
everywhere also revokes the codes printed on the badge and the calendar feed address."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.registration.organiser import badge_code, feed_token
from events.registration.participant_session import ParticipantSession
from events.registration.tables import Participant
from events.settings import load_settings
from tests.conftest import post_form
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered

PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile"}
DESKTOP = {"User-Agent": "Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0"}


async def test_my_devices_are_listed_and_one_can_be_signed_out_from_another(
    client_factory,
) -> None:
    event_id = await make_event()
    _anna, link = await registered(event_id, "anna@example.org", [])
    _bram, bram_link = await registered(event_id, "bram@example.org", [])
    async with (
        client_factory() as phone,
        client_factory() as desktop,
        client_factory() as bram,
    ):
        await phone.get(link, headers=PHONE)
        page = await desktop.get(link, headers=DESKTOP)
        assert "Chrome, Android" in page.text and "Firefox, Windows" in page.text
        assert "dit apparaat" in page.text
        phone_id = (
            await ParticipantSession.select(ParticipantSession.id)
            .where(ParticipantSession.label == "Chrome, Android")
            .first()
        )["id"]

        await bram.get(bram_link)
        await post_form(bram, f"/me/devices/{phone_id}/end", {})
        assert (await phone.get("/me")).status_code == 200, "nobody ends another's session"

        await post_form(desktop, f"/me/devices/{phone_id}/end", {})
        assert (await phone.get("/me", follow_redirects=False)).status_code == 401
        assert (await desktop.get("/me")).status_code == 200


async def test_signing_out_everywhere_revokes_the_badge_and_the_feed(
    client: AsyncTestClient[Litestar],
) -> None:
    settings = load_settings()
    event_id = await make_event()
    anna, link = await registered(event_id, "anna@example.org", [])
    row = await Participant.select().where(Participant.id == anna).first()
    old_badge = f"/badge/{anna}/{badge_code(settings, anna, row['calendar_uid'])}"
    old_feed = f"/feeds/{feed_token(settings, anna, row['calendar_uid'])}.ics"
    await client.get(link)
    page = await client.get("/me")
    assert old_feed in page.text
    assert (await client.get(old_feed)).status_code == 200

    await post_form(client, "/me/sign-out-everywhere", {})

    assert (await client.get(old_feed)).status_code == 404
    assert (await client.get(old_badge)).status_code == 404
    row = await Participant.select().where(Participant.id == anna).first()
    new_feed = f"/feeds/{feed_token(settings, anna, row['calendar_uid'], row['code_version'])}.ics"
    assert new_feed != old_feed and (await client.get(new_feed)).status_code == 200
    new_badge = badge_code(settings, anna, row["calendar_uid"], row["code_version"])
    assert (await client.get(f"/badge/{anna}/{new_badge}")).status_code == 200
    assert re.fullmatch(r"[0-9a-f]{32}", new_badge)

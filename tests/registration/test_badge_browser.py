"""In a real browser: a participant scans another participant's badge with their own phone."""

from __future__ import annotations

from typing import Any

import pytest

from events.registration.organiser import badge_code
from events.registration.tables import Participant
from events.settings import load_settings
from tests.conftest import serve_app
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
async def test_scanning_someone_elses_badge_keeps_my_session_and_shows_nothing_of_theirs(
    browser: Any,
) -> None:
    event_id = await make_event()
    anna, _anna_link = await registered(event_id, "anna@example.org", [])
    _bram, bram_link = await registered(event_id, "bram@example.org", [])
    await Participant.update({Participant.access_needs: "rolstoelplek"}).where(
        Participant.id == anna
    )
    row = await Participant.select().where(Participant.id == anna).first()
    badge = f"/badge/{anna}/{badge_code(load_settings(), anna, row['calendar_uid'])}"
    with serve_app() as base:
        context = await browser.new_context(viewport=PHONE, locale="nl-NL")
        bram = await context.new_page()
        await bram.goto(base + bram_link)
        await bram.get_by_text("bram@example.org").first.wait_for()
        before = {c["name"]: c["value"] for c in await context.cookies()}

        await bram.goto(base + badge)
        await bram.get_by_role("heading", name="Een badge van Parade").wait_for()
        scanned = await bram.content()
        assert "anna@example.org" not in scanned and "rolstoelplek" not in scanned
        assert "Anna" not in scanned, "Anna did not agree to show her name"
        after = {c["name"]: c["value"] for c in await context.cookies()}
        assert after["events_participant"] == before["events_participant"]

        await bram.get_by_role("link", name="Naar mijn eigen aanmelding").click()
        await bram.get_by_text("bram@example.org").first.wait_for()
        mine = await bram.content()
        assert "anna@example.org" not in mine

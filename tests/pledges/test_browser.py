"""In a real chromium: a participant posts a pledge on a phone, an organiser approves it, and the
wall on the big screen shows it without anyone reloading the page."""

from __future__ import annotations

from typing import Any

import pytest

from events.pledges import services
from events.web.auth import create_organiser
from tests.pledges.helpers import participant
from tests.registration.helpers import make_event

TITLE = "Twee vliegen in één klap"


@pytest.mark.browser
async def test_pledge_from_phone_to_wall(live_server: str, browser: Any) -> None:
    event_id = await make_event()
    await services.save_settings(event_id, moderation_mode="approve_first")
    _pid, link = await participant(
        event_id,
        "henk@example.org",
        name="Henk Beest",
        organisation="Gemeente Aalten",
        consent_name=True,
    )
    await create_organiser("organiser", "organiser@example.org", "a-long-test-password-2026")

    phone = await browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    desk = await browser.new_context(locale="nl-NL")
    screen = await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    try:
        wall = await screen.new_page()
        await wall.goto(f"{live_server}/events/parade/wall")
        assert await wall.get_by_text("Hier verschijnen de eerste voornemens.").is_visible()

        me = await phone.new_page()
        await me.goto(f"{live_server}{link}")
        await me.get_by_role("link", name="Mijn dag: plaats wat ik ga doen").click()
        await me.wait_for_url("**/me/day")
        await me.get_by_label("Titel: een kort citaat in je eigen woorden").fill(TITLE)
        await me.get_by_label("Wat ga je doen?").fill("Bijstandsgerechtigden helpen ouderen.")
        await me.get_by_label("Wie mag het zien?").select_option("public_named")
        await me.get_by_role("button", name="Plaats mijn voornemen").click()
        await me.get_by_text("Bedankt! Je voornemen is geplaatst").wait_for()
        assert await me.get_by_text("wacht op goedkeuring").is_visible()
        assert await me.evaluate("document.documentElement.scrollWidth") <= 390

        organiser = await desk.new_page()
        await organiser.goto(f"{live_server}/login")
        await organiser.get_by_label("Gebruikersnaam").fill("organiser")
        await organiser.get_by_label("Wachtwoord").fill("a-long-test-password-2026")
        await organiser.get_by_role("button", name="Inloggen").click()
        await organiser.goto(f"{live_server}/organise/events/{event_id}/pledges")
        await organiser.get_by_role("button", name=f"Goedkeuren ‘{TITLE}’").click()
        await organiser.get_by_text("0 wachtend, 1 goedgekeurd, 0 verborgen.").wait_for()

        url_before = wall.url
        await wall.get_by_text(f"‘{TITLE}’").wait_for(timeout=15_000)
        assert await wall.get_by_text("Henk Beest (Gemeente Aalten)").is_visible()
        assert await wall.locator('[data-count="pledges"]').inner_text() == "1"
        assert wall.url == url_before
        assert await wall.evaluate("performance.getEntriesByType('navigation').length") == 1
        assert await wall.evaluate("performance.getEntriesByType('navigation')[0].type") == (
            "navigate"
        ), "the wall was not reloaded"
    finally:
        await phone.close()
        await desk.close()
        await screen.close()

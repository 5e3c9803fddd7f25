"""The day on phones, end to end: a pair made by code, a pledge, moderation, the wall shows both."""

from __future__ import annotations

from typing import Any

import pytest

from events.web.auth import create_organiser
from tests.pairs.helpers import person
from tests.pairs.test_browser import PHONE, _phone
from tests.registration.helpers import make_event

PLEDGE = "Twee vliegen in één klap"
PAIR = "Netwerkmakelaar & Filmavonden"


@pytest.mark.browser
async def test_pair_by_code_pledge_and_the_wall_after_approval(
    live_server: str, browser: Any
) -> None:
    event_id = await make_event()
    inge = await person(event_id, "Inge Nooijen", "Gemeente Dalfsen", public_name=True)
    michelle = await person(event_id, "Michelle ter Meer", "Gemeente Stichtse Vecht", True)
    await create_organiser("organiser", "organiser@example.org", "a-long-test-password-2026")
    phone_a = await _phone(browser, live_server, inge)
    phone_b = await _phone(browser, live_server, michelle)
    a, b = await phone_a.new_page(), await phone_b.new_page()
    screen = await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    wall = await screen.new_page()
    await wall.goto(f"{live_server}/events/parade/wall")

    await a.goto(f"{live_server}/me/pairs")
    await a.get_by_role("button", name="Begin een gesprekspaar").click()
    code = (await a.locator(".pairs-code__value").inner_text()).strip()
    await b.goto(f"{live_server}/me/pairs/join")
    await b.get_by_label("Code van het gesprekspaar").fill(code)
    await b.get_by_role("button", name="Meedoen").click()
    await b.get_by_text("Inge Nooijen").wait_for()
    await a.reload()
    for page, recommendation in ((b, "Een netwerkmakelaar"), (a, "Filmavonden")):
        await page.get_by_label("Titel van het gesprekspaar").fill(PAIR)
        await page.get_by_role("textbox", name="wat zou de ander eens moeten doen?").fill(
            recommendation
        )
        await page.get_by_label("Waarom?").fill("Het werkt bij ons")
        await page.get_by_role("button", name="Opslaan").click()
        await page.get_by_text("Je wijzigingen zijn opgeslagen.").wait_for()
    for page in (a, b):
        await page.reload()
        await page.get_by_role("button", name="Bevestigen").click()
        await page.get_by_text("bevestigd").first.wait_for()
    await b.get_by_text("Klaar: allebei bevestigd, het gesprekspaar is openbaar.").wait_for()

    await a.goto(f"{live_server}/me/day")
    await a.get_by_label("Titel: een kort citaat in je eigen woorden").fill(PLEDGE)
    await a.get_by_label("Wat ga je doen?").fill("Mensen in de bijstand helpen ouderen.")
    await a.get_by_label("Wie mag het zien?").select_option("public_named")
    await a.get_by_role("button", name="Plaats mijn voornemen").click()
    await a.get_by_text("wacht op goedkeuring").wait_for()
    assert await a.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    organiser = await (await browser.new_context(locale="nl-NL")).new_page()
    await organiser.goto(f"{live_server}/login")
    await organiser.get_by_label("Gebruikersnaam").fill("organiser")
    await organiser.get_by_label("Wachtwoord").fill("a-long-test-password-2026")
    await organiser.get_by_role("button", name="Inloggen").click()
    await organiser.goto(f"{live_server}/organise/events/{event_id}/pledges")
    await organiser.get_by_role("button", name=f"Goedkeuren ‘{PLEDGE}’").click()

    await wall.get_by_text(f"‘{PLEDGE}’").wait_for(timeout=15_000)
    await wall.get_by_text(PAIR).wait_for(timeout=15_000)
    for context in (phone_a, phone_b, screen, organiser.context):
        await context.close()

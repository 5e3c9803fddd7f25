"""In a real chromium: the pledge list of a busy parade on a phone (390 px) and a desk (1280 px)
pages and filters without scrolling sideways, and the pager keeps the filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from events.web.auth import create_organiser
from tests.organise.test_paged_lists import participants, pledges
from tests.registration.helpers import make_event

PASSWORD = "a-long-test-password-2026"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
async def test_the_pledge_list_pages_and_filters_without_sideways_scrolling(
    live_server: str, browser: Any, width: int, tmp_path: Path
) -> None:
    event_id = await make_event()
    people = await participants(event_id, 5)
    await pledges(event_id, people, 120)
    await create_organiser("organiser", "organiser@example.org", PASSWORD)
    context = await browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    try:
        page = await context.new_page()
        await page.goto(f"{live_server}/login")
        await page.get_by_label("Gebruikersnaam").fill("organiser")
        await page.get_by_label("Wachtwoord").fill(PASSWORD)
        await page.get_by_role("button", name="Inloggen").click()
        await page.wait_for_url("**/organise/**")
        await page.goto(f"{live_server}/organise/events/{event_id}/pledges/")
        assert await page.get_by_text("120 voornemens gevonden. 1–50 van 120.").is_visible()
        await page.screenshot(path=str(tmp_path / f"pledges-{width}.png"), full_page=False)
        assert await page.evaluate("document.documentElement.scrollWidth") <= width

        await page.get_by_label("Zoeken in titel, tekst of auteur").fill("buurt")
        await page.get_by_label("Status", exact=True).select_option("pending")
        await page.get_by_role("button", name="Filter").click()
        await page.get_by_text("40 voornemens gevonden. 1–40 van 40.").wait_for()
        await page.get_by_label("Status", exact=True).select_option("")
        await page.get_by_role("button", name="Filter").click()
        await page.get_by_text("60 voornemens gevonden. 1–50 van 60.").wait_for()
        await page.get_by_role("link", name="Volgende pagina").click()
        await page.get_by_text("60 voornemens gevonden. 51–60 van 60.").wait_for()
        assert await page.get_by_label("Zoeken in titel, tekst of auteur").input_value() == "buurt"
        await page.screenshot(path=str(tmp_path / f"pledges-{width}-page-2.png"), full_page=True)
        assert await page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        await context.close()

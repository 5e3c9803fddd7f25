"""The programme on a phone, in a real chromium: browse to a session and switch to English."""

from __future__ import annotations

from typing import Any

import pytest

from tests.programme.conftest import SLUG, seed_parade


@pytest.mark.browser
async def test_programme_on_a_phone(live_server: str, browser: Any) -> None:
    await seed_parade()
    context = await browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = await context.new_page()
    try:
        await page.goto(f"{live_server}/events/{SLUG}/programme")
        heading = page.get_by_role("heading", level=1)
        assert await heading.inner_text() == "Programma"
        for round_name in ("Opening", "Ronde 1", "Ronde 2", "Markt"):
            assert await page.get_by_role("heading", name=round_name, level=2).is_visible()
        workshop = page.get_by_role("link", name="Regiebox: snel hulp bij schulden")
        assert await workshop.is_visible()
        # Nothing overflows sideways on a phone.
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390

        await workshop.click()
        await page.wait_for_url(f"**/events/{SLUG}/sessions/*")
        assert await heading.inner_text() == "Regiebox: snel hulp bij schulden"
        assert await page.get_by_role("heading", name="Begeleiders").is_visible()

        await page.get_by_role("button", name="English").click()
        await page.get_by_role("heading", name="Hosts", level=2).wait_for()
        assert f"/events/{SLUG}/sessions/" in page.url
        assert await page.get_by_role("link", name="Back to the programme").is_visible()
    finally:
        await context.close()

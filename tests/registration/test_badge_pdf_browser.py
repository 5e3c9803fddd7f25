"""In a real browser: an organiser makes the badge PDF on label sheets, watches it being made
and downloads it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from events.registration.tables import Participant
from events.web.auth import create_organiser
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered
from tests.test_accessibility import violations


@pytest.mark.browser
async def test_an_organiser_downloads_the_badges_on_label_sheets(
    live_server: str, browser: Any
) -> None:
    event_id = await make_event()
    for index in range(9):
        participant, _link = await registered(event_id, f"p{index}@example.org", [])
        await Participant.update({Participant.name: f"Deelnemer {index} Ruïz"}).where(
            Participant.id == participant
        )
    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    context = await browser.new_context(locale="nl-NL", accept_downloads=True, bypass_csp=True)
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.get_by_label("Gebruikersnaam").fill(ORGANISER_USERNAME)
    await page.get_by_label("Wachtwoord").fill(ORGANISER_PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await page.wait_for_url(lambda url: "/login" not in url)

    await page.goto(f"{live_server}/organise/events/{event_id}/badges")
    assert await violations(page) == []
    await page.get_by_label("A4-etiketvel", exact=False).check()
    await page.get_by_role("button", name="Maak de pdf").click()
    link = page.get_by_role("link", name="De pdf downloaden")
    await link.wait_for(timeout=60_000)  # the page refreshes itself until the PDF is ready
    assert "Klaar: 9 badges." in await page.content()
    assert await violations(page) == [], "the progress page passes axe (WCAG 2.1 AA)"
    async with page.expect_download() as info:
        await link.click()
    download = await info.value
    data = Path(await download.path()).read_bytes()

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2, "9 labels: a full sheet of 8 and one more"
    text = reader.pages[0].extract_text()
    assert "Deelnemer 0 Ruïz" in text and "Deelnemer 8" not in text
    assert download.suggested_filename == "badges-l7165-parade.pdf"
    await context.close()

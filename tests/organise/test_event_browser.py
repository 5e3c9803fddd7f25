"""In a browser, in Dutch: the web address preview follows what the organiser types, and the
copy form on the event page makes a draft copy."""

from __future__ import annotations

from typing import Any

import pytest

from events.programme import services
from events.programme.tables import Event
from events.web.auth import create_organiser
from tests.conftest import serve_app
from tests.organise.helpers import EVENT_FORM, created

PASSWORD = "a-long-test-password-2026"


@pytest.mark.browser
async def test_the_preview_follows_the_name_and_the_address_and_the_copy_form_works(
    browser: Any,
) -> None:
    source = created(await services.save_event(EVENT_FORM))
    created(
        await services.save_round(
            source, {"name": "Ronde 1", "start_time": "10:00", "end_time": "11:00"}
        )
    )
    await create_organiser("organiser", "organiser@example.org", PASSWORD)
    with serve_app() as base:
        page = await (await browser.new_context(locale="nl-NL")).new_page()
        await page.goto(f"{base}/login")
        await page.get_by_label("Gebruikersnaam").fill("organiser")
        await page.get_by_label("Wachtwoord").fill(PASSWORD)
        await page.get_by_role("button", name="Inloggen").click()

        await page.goto(f"{base}/organise/events/new")
        preview = page.locator("[data-slug-preview]")
        await page.locator("#field-name").fill("Parade Sociaal Domein Één")
        assert await preview.text_content() == f"{base}/events/parade-sociaal-domein-een"
        await page.locator("#field-slug").fill("mijn-dag")
        assert await preview.text_content() == f"{base}/events/mijn-dag"
        assert await page.locator("#field-timezone").input_value() == "Europe/Amsterdam"

        await page.goto(f"{base}/organise/events/{source}")
        await page.get_by_text("Kopiëren", exact=True).click()
        await page.locator("details #field-slug").fill("parade-2027")
        await page.locator("details #field-date").fill("2027-04-13")
        await page.get_by_role("button", name="Evenement kopiëren").click()
        await page.get_by_text("Ronde 1").first.wait_for()
        assert "concept" in await page.locator("dl.organise-facts").text_content()
    copy = await Event.select().where(Event.slug == "parade-2027").first()
    assert copy is not None and copy["published"] is False

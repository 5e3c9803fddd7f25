"""On phones, in Dutch: an organiser cancels a booked workshop; the participant hears, rebooks."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from events.registration.services import RegistrationForm, register
from events.settings import load_settings
from events.web.auth import create_organiser
from tests.conftest import TEST_VAR_DIR, free_port, serve_app
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_event, make_round, make_workshop

PHONE = {"width": 390, "height": 844}
PASSWORD = "a-long-test-password-2026"


async def mail_with(smtp: SMTPServer, subject: str, seconds: float = 30) -> Any:
    for _ in range(int(seconds * 10)):
        for received in smtp.received:
            if received.message["Subject"] == subject:
                return received.message
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {subject!r}; got {[r.message['Subject'] for r in smtp.received]}")


async def fits_the_screen(page: Any) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


@pytest.mark.browser
async def test_a_cancelled_workshop_reaches_the_participant_who_picks_another(
    browser: Any,
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    cancelled = await make_workshop(event_id, round_id, "Mantelzorgers ontlasten", 10)
    await make_workshop(event_id, round_id, "Regiebox", 10)
    await create_organiser("organiser", "organiser@example.org", PASSWORD)
    await register(
        event_id,
        RegistrationForm(
            name="Anna de Vries", email="anna@example.org", consent_event=True, choices=[cancelled]
        ),
        load_settings(),
    )
    smtp = SMTPServer(free_port())
    smtp.start()
    try:
        with serve_app(
            dispatcher_enabled="true", smtp_url=smtp.url, mail_safety_interval="0.5"
        ) as base:
            await mail_with(smtp, "Je aanmelding voor Parade")
            organiser = await (await browser.new_context(viewport=PHONE, locale="nl-NL")).new_page()
            await organiser.goto(f"{base}/login")
            await organiser.get_by_label("Gebruikersnaam").fill("organiser")
            await organiser.get_by_label("Wachtwoord").fill(PASSWORD)
            await organiser.get_by_role("button", name="Inloggen").click()
            await organiser.goto(f"{base}/organise/events/{event_id}")
            await organiser.get_by_role("link", name="Annuleren Mantelzorgers ontlasten").click()
            await organiser.get_by_text(
                "1 persoon heeft een plaats; 0 staan op de wachtlijst."
            ).wait_for()
            await fits_the_screen(organiser)
            await organiser.get_by_role("button", name="Sessie annuleren en hen inlichten").click()
            await organiser.get_by_text("geannuleerd").first.wait_for()

            mail = await mail_with(smtp, "Je programma voor Parade is gewijzigd")
            assert mail["To"].addresses[0].addr_spec == "anna@example.org"
            text = mail.get_body(("plain",)).get_content()
            assert "Workshop Mantelzorgers ontlasten gaat niet door." in text
            link = re.search(r"http://127\.0\.0\.1:\d+/manage/\S+", text)
            assert link, "the message carries a link to choose another workshop"

            anna = await (await browser.new_context(viewport=PHONE, locale="nl-NL")).new_page()
            await anna.goto(link.group(0))
            await anna.get_by_text(
                "deze workshop gaat niet door; kies hieronder een andere."
            ).wait_for()
            await fits_the_screen(anna)
            await anna.screenshot(
                path=str(Path(TEST_VAR_DIR) / "cancelled-workshop-390.png"), full_page=True
            )
            await anna.get_by_label(re.compile("^Regiebox")).check()
            await anna.get_by_role("button", name="Workshops opslaan").click()
            await anna.get_by_text("Je wijzigingen zijn opgeslagen.").wait_for()
            workshops = await anna.locator("#my-workshops + ul").inner_text()
            assert "Regiebox" in workshops and "bevestigd" in workshops
            assert "Mantelzorgers" not in workshops
    finally:
        smtp.stop()

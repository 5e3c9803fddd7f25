"""In Dutch, in a real browser: an organiser writes an announcement to the people of one
workshop, sees "3 ontvangers", sends a test to themselves and then sends it; those three get it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from events.outbox.tables import OutboxMessage
from events.web.auth import create_organiser
from tests.announcements.seed import seed
from tests.conftest import TEST_VAR_DIR, free_port, serve_app
from tests.mail.conftest import SMTPServer

PASSWORD = "a-long-test-password-2026"
LAPTOP = {"width": 1280, "height": 900}


async def mails_with(smtp: SMTPServer, subject: str, count: int, seconds: float = 30) -> list[Any]:
    for _ in range(int(seconds * 10)):
        found = [r.message for r in smtp.received if r.message["Subject"] == subject]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"{subject!r}: got {[r.message['Subject'] for r in smtp.received]}")


@pytest.mark.browser
async def test_an_announcement_to_one_workshop_reaches_exactly_its_three_people(
    browser: Any,
) -> None:
    seeded = await seed()
    await create_organiser("organiser", "organiser@example.org", PASSWORD)
    smtp = SMTPServer(free_port())
    smtp.start()
    try:
        with serve_app(
            dispatcher_enabled="true", smtp_url=smtp.url, mail_safety_interval="0.5"
        ) as base:
            page = await (await browser.new_context(viewport=LAPTOP, locale="nl-NL")).new_page()
            await page.goto(f"{base}/login")
            await page.get_by_label("Gebruikersnaam").fill("organiser")
            await page.get_by_label("Wachtwoord").fill(PASSWORD)
            await page.get_by_role("button", name="Inloggen").click()
            await page.goto(f"{base}/organise/events/{seeded.event_id}")
            await page.get_by_role("link", name="Berichten").click()
            await page.get_by_role("link", name="Nieuw bericht").click()

            await page.get_by_label("Iedereen die is aangemeld").uncheck()
            await page.get_by_label("De mensen van gekozen workshops of rondes").check()
            await page.get_by_label("Mantelzorg (Ronde 1)").check()
            await page.get_by_label("Onderwerp (Nederlands)").fill("Mantelzorg verhuist")
            await page.get_by_label("Bericht (Nederlands)").fill(
                "De workshop Mantelzorg is nu in de Raadzaal."
            )
            await page.get_by_role("button", name="Ontvangers en voorbeeld bekijken").click()
            await page.get_by_text("3 ontvangers", exact=True).wait_for()
            await page.get_by_text("Voorbeeld in het Engels").wait_for()
            await page.screenshot(
                path=str(TEST_VAR_DIR / "announcement-review.png"), full_page=True
            )

            await page.get_by_role("button", name="Stuur mij een test").click()
            await page.get_by_text("Er is een test onderweg naar organiser@example.org.").wait_for()
            (test,) = await mails_with(smtp, "[TEST] Mantelzorg verhuist", 1)
            assert test["To"].addresses[0].addr_spec == "organiser@example.org"

            await page.get_by_role("button", name="Versturen aan 3 ontvangers").click()
            await page.get_by_text("Het bericht is onderweg naar 3 ontvangers.").wait_for()
            sent = await mails_with(smtp, "Mantelzorg verhuist", 3)
            queued = await OutboxMessage.count().where(OutboxMessage.kind == "announcement")
    finally:
        smtp.stop()
    assert queued == 3, "nobody else is in the outbox for it"
    assert sorted(m["To"].addresses[0].addr_spec for m in sent) == [
        "anna@example.org",
        "bram@example.org",
        "cor@example.org",
    ]
    assert "nu in de Raadzaal" in sent[0].get_body(("plain",)).get_content()

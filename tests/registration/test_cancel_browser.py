"""On a phone with JavaScript switched off: cancel after a confirmation, then come back."""

from __future__ import annotations

import re

import pytest

from events.registration.services import RegistrationForm, register
from events.settings import load_settings
from tests.conftest import free_port, serve_app
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_browser import wait_for_mail


@pytest.mark.browser
async def test_cancel_and_reactivate_without_javascript(browser) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 10)
    smtp = SMTPServer(free_port())
    smtp.start()
    try:
        with serve_app(
            dispatcher_enabled="true",
            smtp_url=smtp.url,
            mail_safety_interval="0.5",
            mail_from="parade@example.org",
        ) as _base_url:
            await register(
                event_id,
                RegistrationForm(
                    name="Anna", email="anna@example.org", consent_event=True, choices=[workshop]
                ),
                load_settings(),
            )
            await wait_for_mail(smtp, 1)
            text = smtp.received[0].message.get_body(("plain",)).get_content()
            link = re.search(r"http://127\.0\.0\.1:\d+/manage/\S+", text).group(0)
            context = await browser.new_context(
                viewport={"width": 390, "height": 844}, locale="nl-NL", java_script_enabled=False
            )
            page = await context.new_page()
            await page.goto(link)

            await page.get_by_role("link", name="Mijn aanmelding annuleren").click()
            await page.get_by_role("heading", name="Mijn aanmelding annuleren").wait_for()
            assert "Ronde 1: Binthout" in await page.locator("main").inner_text()
            await page.get_by_role("button", name="Ja, annuleer mijn aanmelding").click()
            await page.get_by_text("Je aanmelding is geannuleerd.").wait_for()
            await wait_for_mail(smtp, 2)
            assert "geannuleerd" in smtp.received[1].message["Subject"]

            await page.get_by_role("button", name="Mijn aanmelding heractiveren").click()
            await page.get_by_text("Welkom terug: je aanmelding is weer actief.").wait_for()
            await wait_for_mail(smtp, 3)
            assert smtp.received[2].message["Subject"] == "Je aanmelding voor Parade"
            await context.close()
    finally:
        smtp.stop()

"""A participant in a real browser: register, open the link from the e-mail, change a workshop."""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.conftest import free_port, serve_app
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_event, make_round, make_workshop


async def wait_for_mail(smtp: SMTPServer, count: int, seconds: float = 20) -> None:
    for _ in range(int(seconds * 10)):
        if len(smtp.received) >= count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"expected {count} messages, got {len(smtp.received)}")


@pytest.mark.browser
async def test_register_open_the_mailed_link_and_change_the_workshop(browser) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    await make_workshop(event_id, round_id, "Binthout", 10)
    await make_workshop(event_id, round_id, "Regiebox", 10)
    smtp = SMTPServer(free_port())
    smtp.start()
    try:
        with serve_app(
            dispatcher_enabled="true",
            smtp_url=smtp.url,
            mail_safety_interval="0.5",
            mail_from="parade@example.org",
        ) as base_url:
            context = await browser.new_context(
                viewport={"width": 390, "height": 844}, locale="nl-NL"
            )
            page = await context.new_page()
            await page.goto(f"{base_url}/events/parade/register")
            await page.locator("#field-name").fill("Anna de Vries")
            await page.locator("#field-email").fill("anna@example.org")
            await page.get_by_label(re.compile("^Binthout")).check()
            await page.get_by_label(re.compile("verwerken voor de organisatie")).check()
            await page.get_by_role("button", name="Aanmelden").click()
            await page.get_by_role("heading", name="Controleer je e-mail").wait_for()

            await wait_for_mail(smtp, 1)
            text = smtp.received[0].message.get_body(("plain",)).get_content()
            link = re.search(r"http://127\.0\.0\.1:\d+/manage/\S+", text).group(0)
            await page.goto(link)
            assert page.url.endswith("/me"), "the token leaves the address bar"
            await page.get_by_text("Binthout").first.wait_for()

            await page.get_by_label(re.compile("^Regiebox")).check()
            await page.get_by_role("button", name="Workshops opslaan").click()
            await page.get_by_text("Je wijzigingen zijn opgeslagen.").wait_for()
            workshops = await page.locator("#my-workshops + ul").inner_text()
            assert "Regiebox" in workshops and "Binthout" not in workshops
            await wait_for_mail(smtp, 2)
            assert "gewijzigd" in smtp.received[1].message["Subject"]
            await context.close()
    finally:
        smtp.stop()

"""In a real browser, in Dutch, on a phone: a coordinator invites a volunteer for the check-in
desk; the volunteer opens the mailed link, chooses a password, registers a walk-in, and is
refused the registrations export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from piccolo.apps.user.tables import BaseUser

from events.accounts.services import grant
from tests.accounts.test_links import link_in
from tests.conftest import ORGANISER_PASSWORD, TEST_VAR_DIR, serve_app
from tests.registration.helpers import make_event
from tests.registration.test_mails import deliver, smtp  # noqa: F401

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = TEST_VAR_DIR / "screenshots"


async def no_sideways_scrolling(page: Any) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


async def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.browser
async def test_a_volunteer_invited_for_the_check_in_desk_registers_a_walk_in(
    browser: Any,
    smtp,  # noqa: F811
) -> None:
    event_id = await make_event()
    coordinator = await BaseUser.create_user(
        username="Cora",
        password=ORGANISER_PASSWORD,
        email="cora@example.org",
        admin=True,
        active=True,
    )
    await grant(event_id, coordinator.id, "coordinator")
    with serve_app() as base:
        cora_context = await browser.new_context(viewport=PHONE, locale="nl-NL")
        cora = await cora_context.new_page()
        await cora.goto(f"{base}/login?next=/organise/events/{event_id}/team/")
        await cora.locator("#field-username").fill("Cora")
        await cora.locator("#field-password").fill(ORGANISER_PASSWORD)
        await cora.get_by_role("button", name="Inloggen").click()
        await cora.get_by_role("heading", name="Team").wait_for()
        await cora.locator("#field-email").fill("vera@example.org")
        await cora.locator("#field-role").select_option(label="Incheck")
        await cora.get_by_role("button", name="Uitnodiging versturen").click()
        await cora.get_by_text("De uitnodiging is onderweg.").wait_for()
        assert "vera@example.org" in await cora.content()
        await no_sideways_scrolling(cora)
        print(await screenshot(cora, "team"))

        (mail,) = await deliver(smtp)
        assert mail["Subject"] == "Uitnodiging: organiseer Parade mee"
        vera_context = await browser.new_context(viewport=PHONE, locale="nl-NL")
        vera = await vera_context.new_page()
        await vera.goto(base + link_in(mail, "invite"))
        await vera.get_by_role("heading", name="Word lid van de organisatie").wait_for()
        await no_sideways_scrolling(vera)
        print(await screenshot(vera, "invite"))
        await vera.locator("#field-username").fill("Vera")
        await vera.locator("#field-password").fill("vera-haar-eigen-wachtwoord")
        await vera.locator("#field-password_again").fill("vera-haar-eigen-wachtwoord")
        await vera.get_by_role("button", name="Opslaan en inloggen").click()
        await vera.get_by_text("Ingelogd als Vera.").wait_for()
        await vera.get_by_role("link", name="Parade", exact=True).click()
        await vera.get_by_role("link", name="Binnenloper").click()
        await vera.locator("#field-name").fill("Willem Binnenloper")
        await vera.get_by_role("button", name="Aanmelden en inchecken").click()
        await vera.get_by_text("De binnenloper is aangemeld en ingecheckt.").wait_for()
        await no_sideways_scrolling(vera)
        print(await screenshot(vera, "walk-in-done"))

        export = await vera.goto(f"{base}/organise/events/{event_id}/registrations.csv")
        assert export is not None and export.status == 403
        await vera.get_by_text("je rol geeft geen toegang tot deze pagina").wait_for()
        print(await screenshot(vera, "refused"))

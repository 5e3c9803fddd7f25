"""In a real browser: the admin works under its own Content-Security-Policy, with no CSP errors."""

from __future__ import annotations

from typing import Any

from events.programme.tables import Organisation
from events.web.auth import create_organiser
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME


async def test_the_admin_loads_without_csp_errors(live_server: str, browser: Any) -> None:
    await create_organiser(ORGANISER_USERNAME, "organiser@example.org", ORGANISER_PASSWORD)
    await Organisation.insert(Organisation(name="Gemeente Zwolle"))
    page = await browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    await page.goto(f"{live_server}/login")
    await page.fill("input[name=username]", ORGANISER_USERNAME)
    await page.fill("input[name=password]", ORGANISER_PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_url(f"{live_server}/organise/**")
    await page.goto(f"{live_server}/admin/")
    await page.get_by_text("Session Host").first.wait_for(timeout=20_000)
    await page.goto(f"{live_server}/admin/#/organisation")
    await page.get_by_text("Gemeente Zwolle").wait_for(timeout=20_000)
    await page.wait_for_load_state("networkidle")

    csp_errors = [text for text in problems if "Content Security Policy" in text]
    assert csp_errors == [], csp_errors
    assert page.url.startswith(f"{live_server}/admin/")
    assert await page.get_by_text(ORGANISER_USERNAME).first.is_visible()

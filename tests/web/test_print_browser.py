"""Pages people print, in chromium with print media: the content in black on white, without the
site's header, navigation, forms or buttons; on screen a "Printen" button (or, without
JavaScript, a hint how to print)."""

from __future__ import annotations

from typing import Any

import pytest

from events.demo.loader import load_demo
from events.pledges.services import save_settings
from events.programme.tables import Event, Session
from events.web.auth import create_organiser
from tests.registration.test_manage import registered

HIDDEN_ON_PAPER = """() => {
  const shown = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const visible = [...document.querySelectorAll(
      '.site-header, nav, form, button, .utrecht-button, .print-action, .skip-link')]
    .filter(shown).map(el => el.outerHTML.slice(0, 80));
  const colours = [...document.querySelectorAll('main h1, main h2, main p, main td, main a')]
    .filter(shown).map(el => getComputedStyle(el).color)
    .filter(colour => colour !== 'rgb(0, 0, 0)');
  return {visible, colours, background: getComputedStyle(document.body).backgroundColor,
          text: document.querySelector('main').innerText.length};
}"""


async def log_in(page: Any, base: str) -> None:
    await page.goto(f"{base}/login")
    await page.get_by_label("Gebruikersnaam").fill("organiser")
    await page.get_by_label("Wachtwoord").fill("a-long-test-password-2026")
    await page.get_by_role("button", name="Inloggen").click()
    await page.wait_for_url("**/organise/**")


@pytest.mark.browser
async def test_printable_pages_print_only_their_content(live_server: str, browser: Any) -> None:
    await load_demo()
    event = await Event.select(Event.id).where(Event.slug == "parade-2027").first()
    event_id = event["id"]
    await save_settings(event_id, report_published=True)
    workshop = (
        await Session.select(Session.id)
        .where((Session.event == event_id) & (Session.kind == "workshop"))
        .first()
    )
    participant, link = await registered(event_id, "papier@example.org", [workshop["id"]])
    await create_organiser("organiser", "organiser@example.org", "a-long-test-password-2026")
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(live_server + link)
    printable = ["/me", "/events/parade-2027/programme", "/events/parade-2027/report"]
    organiser = [
        f"/organise/events/{event_id}/attendance",
        f"/organise/events/{event_id}/attendance/{workshop['id']}",
        f"/organise/events/{event_id}/participants/{participant}/badge",
        f"/organise/events/{event_id}/badges",
    ]
    problems: dict[str, Any] = {}
    for number, path in enumerate(printable + organiser):
        if number == len(printable):
            await context.close()
            context = await browser.new_context(locale="nl-NL")
            page = await context.new_page()
            await log_in(page, live_server)
        await page.emulate_media(media="screen")
        response = await page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        button = page.get_by_role("button", name="Printen")
        if not await button.is_visible():
            problems[path] = "no visible Printen button"
            continue
        await page.emulate_media(media="print")
        paper = await page.evaluate(HIDDEN_ON_PAPER)
        if (
            paper["visible"]
            or paper["colours"]
            or paper["background"]
            not in (
                "rgb(255, 255, 255)",
                "rgba(0, 0, 0, 0)",
            )
        ):
            problems[path] = paper
        assert paper["text"] > 50, f"{path} prints nothing"
    await context.close()
    assert not problems, problems

    plain = await browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = await plain.new_page()
    await page.goto(f"{live_server}/events/parade-2027/programme")
    assert not await page.get_by_role("button", name="Printen").is_visible()
    hint = page.locator(".print-action")
    assert await hint.is_visible()
    assert "Print deze pagina met de printopdracht" in await hint.inner_text()
    await plain.close()

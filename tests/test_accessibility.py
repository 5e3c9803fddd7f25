"""Accessibility: axe-core (WCAG 2.0/2.1 A and AA) on the pages people use, in their states.

axe-core comes from npm (events/web/assets, installed by the set-up scripts) and is injected
into Debian's chromium through Playwright; the page's CSP is bypassed for that script only.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from events.demo.loader import load_demo
from events.followup.progress import followup_code, progress_code
from events.outbox.services import unsubscribe_token
from events.pledges.services import PledgeForm, create_pledge
from events.programme.tables import Event, Organisation, Session
from events.registration.tables import SessionSeats
from events.settings import load_settings
from events.web.auth import create_organiser
from events.web.static import ASSET_DIR
from tests.registration.test_manage import registered

AXE = ASSET_DIR / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


async def violations(page: Any) -> list[str]:
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.browser
async def test_pages_in_each_state_have_no_axe_violations(live_server: str, browser: Any) -> None:
    await load_demo()
    event = await Event.select(Event.id, Event.slug).where(Event.slug == "parade-2027").first()
    slug, event_id = event["slug"], event["id"]
    workshop = (
        await Session.select(Session.id, Session.capacity)
        .where((Session.event == event_id) & (Session.kind == "workshop"))
        .first()
    )
    # Fill one workshop, so the form shows a full workshop with its waiting list.
    await SessionSeats.insert(
        SessionSeats(session=workshop["id"], taken=workshop["capacity"])
    ).on_conflict(target=SessionSeats.session, action="DO NOTHING")
    participant, link = await registered(event_id, "toegankelijk@example.org", [])
    pledge = await create_pledge(
        participant, PledgeForm(title="Toegankelijk", text="Voor iedereen.")
    )
    # A registrant's suggestion that looks like an organisation already known: the organisations
    # page shows it waiting, the duplicates page groups the two, the merge page asks first.
    alike = await Organisation.insert(
        Organisation(name="Gemeente Toegankelijk"),
        Organisation(name="Gem. Toegankelijk", status="suggested", suggested_at_event=event_id),
    ).returning(Organisation.id)
    settings = load_settings()
    await create_organiser("organiser", "organiser@example.org", "a-long-test-password-2026")
    problems: dict[str, list[str]] = {}
    for width in (320, 390, 1280):
        context = await browser.new_context(
            bypass_csp=True, locale="nl-NL", viewport={"width": width, "height": 900}
        )
        page = await context.new_page()

        async def check(name: str, page: Any = page, width: int = width) -> None:
            found = await violations(page)
            if found:
                problems[f"{width}: {name}"] = found

        async def visit(path: str, page: Any = page, width: int = width) -> None:
            response = await page.goto(live_server + path)
            assert response is not None
            if response.status >= 400 and path != "/no-such-page":
                problems[f"{width}: {path}"] = [f"the page answered {response.status}"]
            await check(path)

        public = [
            "/",
            f"/events/{slug}",
            f"/events/{slug}/programme",
            f"/events/{slug}/practices",
            f"/events/{slug}/practices?q=geen-enkel-resultaat",
            f"/events/{slug}/sessions/{workshop['id']}",
            f"/events/{slug}/wall",
            f"/events/{slug}/report",
            f"/events/{slug}/register",
            f"/events/{slug}/register/sent",
            f"/events/{slug}/link",
            "/login",
            "/no-such-page",
        ]
        for path in public:
            await visit(path)

        await page.goto(f"{live_server}/events/{slug}/register")
        await page.get_by_role("button", name="Aanmelden").click()
        await page.wait_for_load_state()
        await check("register with errors")

        await page.goto(live_server + link)
        for path in (
            "/me",
            "/me/day",
            f"/me/day/pledges/{pledge.pledge_id}",
            "/me/pairs",
            "/me/pairs/join",
            "/me/erase",
            f"/progress/{pledge.pledge_id}/{progress_code(settings, pledge.pledge_id)}",
            f"/follow-up/{participant}/{followup_code(settings, participant)}",
            f"/unsubscribe/{unsubscribe_token(settings, 'toegankelijk@example.org')}",
        ):
            await visit(path)

        await page.goto(f"{live_server}/login")
        await page.get_by_label("Gebruikersnaam").fill("organiser")
        await page.get_by_label("Wachtwoord").fill("a-long-test-password-2026")
        await page.get_by_role("button", name="Inloggen").click()
        for path in (
            "/organise/",
            "/organise/events/new",
            f"/organise/events/{event_id}",
            f"/organise/events/{event_id}/edit",
            f"/organise/events/{event_id}/registrations",
            f"/organise/events/{event_id}/check-in?q=a",
            f"/organise/events/{event_id}/badges",
            f"/organise/events/{event_id}/pledges",
            f"/organise/events/{event_id}/pairs/",
            f"/organise/events/{event_id}/campaign",
            f"/organise/events/{event_id}/campaign/new",
            f"/organise/events/{event_id}/outcomes",
            f"/organise/events/{event_id}/report",
            f"/organise/events/{event_id}/rounds/new",
            f"/organise/events/{event_id}/rooms/new",
            f"/organise/events/{event_id}/sessions/new",
            f"/organise/events/{event_id}/practices/new",
            f"/organise/events/{event_id}/team/",
            f"/organise/events/{event_id}/attendance",
            f"/organise/events/{event_id}/attendance/{workshop['id']}",
            f"/organise/events/{event_id}/mail-texts/",
            f"/organise/events/{event_id}/mail-texts/confirmation",
            "/account/forgot",
            "/organise/organisations",
            "/organise/organisations/duplicates",
            f"/organise/organisations/merge?keep={alike[0]['id']}&merge={alike[1]['id']}",
            "/organise/people",
            "/organise/people/new",
            "/organise/themes",
            "/organise/themes/duplicates",
            "/organise/outbox",
            "/organise/audit",
        ):
            await visit(path)
        await page.goto(f"{live_server}/organise/events/{event_id}/rounds/new")
        await page.locator("form button[type=submit]").last.click()
        await page.wait_for_load_state()
        await check("round form with errors")
        await context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


@pytest.mark.browser
async def test_registration_form_works_with_the_keyboard_alone(
    live_server: str, browser: Any
) -> None:
    await load_demo()
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{live_server}/events/parade-2027/register")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Direct naar de inhoud"
    await page.keyboard.press("Enter")
    typed = {"field-name": "Kees Toetsenbord", "field-email": "kees@example.org"}
    for _ in range(60):
        await page.keyboard.press("Tab")
        focused = await page.evaluate("document.activeElement.id")
        if focused in typed:
            await page.keyboard.type(typed.pop(focused))
        if focused == "field-consent_event":
            await page.keyboard.press("Space")
            break
    assert not typed, f"never reached {typed} with Tab"
    for _ in range(10):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.type") == "submit":
            break
    await page.keyboard.press("Enter")
    await page.get_by_role("heading", name="Controleer je e-mail").wait_for()
    await context.close()

"""Reflow (WCAG 1.4.10): no page scrolls sideways at 320 px, nor at 1280 px.

One chromium, one context per width and actor, every public, participant and main organiser
page in its states (a full workshop, a form with errors, a page that does not exist), each
checked for `document.documentElement.scrollWidth <= window.innerWidth`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from events.demo.loader import load_demo
from events.followup.progress import followup_code, progress_code
from events.pledges.services import PledgeForm, create_pledge
from events.programme.tables import Event, Session
from events.registration.tables import SessionSeats
from events.settings import load_settings
from events.web.auth import create_organiser
from tests.registration.test_manage import registered

WIDTHS = (320, 1280)
SIDEWAYS = """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"""


async def scenario() -> dict[str, Any]:
    await load_demo()
    event = await Event.select(Event.id, Event.slug).where(Event.slug == "parade-2027").first()
    slug, event_id = event["slug"], event["id"]
    workshop = (
        await Session.select(Session.id, Session.capacity)
        .where((Session.event == event_id) & (Session.kind == "workshop"))
        .first()
    )
    participant, link = await registered(event_id, "smal@example.org", [workshop["id"]])
    # The workshop is full now: the form and the session page show the waiting list.
    await SessionSeats.update({SessionSeats.taken: workshop["capacity"]}).where(
        SessionSeats.session == workshop["id"]
    )
    pledge = await create_pledge(participant, PledgeForm(title="Smal scherm", text="Past."))
    settings = load_settings()
    await create_organiser("organiser", "organiser@example.org", "a-long-test-password-2026")
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
        "/account/forgot",
        "/no-such-page",
    ]
    personal = [
        "/me",
        "/me/day",
        f"/me/day/pledges/{pledge.pledge_id}",
        "/me/pairs",
        "/me/pairs/join",
        "/me/erase",
        "/me/cancel",
        f"/progress/{pledge.pledge_id}/{progress_code(settings, pledge.pledge_id)}",
        f"/follow-up/{participant}/{followup_code(settings, participant)}",
    ]
    base = f"/organise/events/{event_id}"
    organiser = [
        "/organise/",
        "/organise/events/new",
        base,
        f"{base}/edit",
        f"{base}/registrations",
        f"{base}/participants/{participant}",
        f"{base}/check-in?q=a",
        f"{base}/attendance",
        f"{base}/attendance/{workshop['id']}",
        f"{base}/badges",
        f"{base}/pledges",
        f"{base}/pairs/",
        f"{base}/campaign",
        f"{base}/outcomes",
        f"{base}/report",
        f"{base}/sessions/new",
        f"{base}/team/",
        "/organise/organisations",
        "/organise/people",
        "/organise/themes",
        "/organise/outbox",
        "/organise/audit",
    ]
    return {
        "slug": slug,
        "link": link,
        "public": public,
        "personal": personal,
        "organiser": organiser,
    }


async def check(page: Any, name: str, wide: dict[str, Any]) -> None:
    """Note the page when it is wider than the window."""
    await page.evaluate("document.fonts.ready")
    size = await page.evaluate(SIDEWAYS)
    if size["scroll"] > size["inner"]:
        wide[f"{size['inner']}: {name}"] = size["scroll"]


async def visit(page: Any, base: str, paths: list[str], wide: dict[str, Any]) -> None:
    for path in paths:
        response = await page.goto(base + path)
        assert response is not None
        if response.status >= 400 and path != "/no-such-page":
            wide[path] = f"answered {response.status}"
        await check(page, path, wide)


@pytest.mark.browser
async def test_no_page_scrolls_sideways(live_server: str, browser: Any) -> None:
    pages = await scenario()
    wide: dict[str, Any] = {}
    for width in WIDTHS:
        viewport = {"width": width, "height": 800}
        context = await browser.new_context(viewport=viewport, locale="nl-NL")
        page = await context.new_page()
        await visit(page, live_server, pages["public"], wide)
        await page.goto(f"{live_server}/events/{pages['slug']}/register")
        await page.get_by_role("button", name="Aanmelden").click()
        await page.wait_for_load_state()
        await check(page, "register with errors", wide)
        await page.goto(live_server + pages["link"])
        await visit(page, live_server, pages["personal"], wide)
        await context.close()

        context = await browser.new_context(viewport=viewport, locale="nl-NL")
        page = await context.new_page()
        await page.goto(f"{live_server}/login")
        await page.get_by_label("Gebruikersnaam").fill("organiser")
        await page.get_by_label("Wachtwoord").fill("a-long-test-password-2026")
        await page.get_by_role("button", name="Inloggen").click()
        await page.wait_for_url("**/organise/**")
        await visit(page, live_server, pages["organiser"], wide)
        await page.goto(f"{live_server}/organise/themes/new")
        await page.locator("form button[type=submit]").last.click()
        await page.wait_for_load_state()
        await check(page, "theme form with errors", wide)
        await context.close()
    assert not wide, json.dumps(wide, indent=1, ensure_ascii=False)


@pytest.mark.browser
async def test_nothing_scrolls_sideways_at_the_scale_of_the_large_parade(
    live_server: str, browser: Any
) -> None:
    """The wall with 6,000 pledges and the organiser's lists of 3,000 participants."""
    from events.demo.large import LARGE_SLUG, load_large

    await load_demo()
    await load_large()
    event = await Event.select(Event.id).where(Event.slug == LARGE_SLUG).first()
    base = f"/organise/events/{event['id']}"
    await create_organiser("organiser", "organiser@example.org", "a-long-test-password-2026")
    public = [f"/events/{LARGE_SLUG}/wall", f"/events/{LARGE_SLUG}/wall?page=500"]
    organiser = [
        f"{base}/registrations",
        f"{base}/registrations?page=30&status=registered",
        f"{base}/check-in?q=a",
        f"{base}/attendance",
        f"{base}/pledges/",
        f"{base}/pairs/",
        f"{base}/badges",
        f"/events/{LARGE_SLUG}/report",
        "/organise/outbox",
    ]
    wide: dict[str, Any] = {}
    for width in WIDTHS:
        context = await browser.new_context(
            viewport={"width": width, "height": 800}, locale="nl-NL"
        )
        page = await context.new_page()
        await visit(page, live_server, public, wide)
        await page.goto(f"{live_server}/login")
        await page.get_by_label("Gebruikersnaam").fill("organiser")
        await page.get_by_label("Wachtwoord").fill("a-long-test-password-2026")
        await page.get_by_role("button", name="Inloggen").click()
        await page.wait_for_url("**/organise/**")
        await visit(page, live_server, organiser, wide)
        await context.close()
    assert not wide, json.dumps(wide, indent=1, ensure_ascii=False)

"""Two phones make a conversation pair by code, fill it in and both confirm (real browser)."""

from __future__ import annotations

from typing import Any

import pytest

from events.pairs import queries
from tests.pairs.helpers import PARTICIPANT_COOKIE, person, session_value
from tests.registration.helpers import make_event

PHONE = {"width": 390, "height": 844}


async def _phone(browser: Any, base_url: str, participant_id: int) -> Any:
    context = await browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True)
    await context.add_cookies(
        [
            {
                "name": PARTICIPANT_COOKIE,
                "value": await session_value(participant_id),
                "url": base_url,
            }
        ]
    )
    return context


@pytest.mark.browser
async def test_two_phones_make_a_pair_by_code(live_server: str, browser: Any) -> None:
    event_id = await make_event()
    inge = await person(event_id, "Inge Nooijen", "Gemeente Dalfsen", public_name=True)
    michelle = await person(event_id, "Michelle ter Meer", "Gemeente Stichtse Vecht", True)
    phone_a = await _phone(browser, live_server, inge)
    phone_b = await _phone(browser, live_server, michelle)
    a = await phone_a.new_page()
    b = await phone_b.new_page()

    await a.goto(f"{live_server}/me/pairs")
    await a.get_by_role("button", name="Begin een gesprekspaar").click()
    code = (await a.locator(".pairs-code__value").inner_text()).strip()
    assert len(code) == 6
    assert await a.get_by_role(
        "img", name=f"QR-code die de pagina opent om mee te doen met code {code}"
    ).is_visible()
    width = await a.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "no sideways scrolling on a phone"

    await b.goto(f"{live_server}/me/pairs")
    await b.get_by_role("link", name="Doe mee met een code").click()
    await b.get_by_label("Code van het gesprekspaar").fill(code.lower())
    await b.get_by_role("button", name="Meedoen").click()
    await b.get_by_text("Inge Nooijen").wait_for()
    await b.get_by_label("Titel van het gesprekspaar").fill("Netwerkmakelaar & Filmavonden")
    await b.get_by_role("textbox", name="wat zou de ander eens moeten doen?").fill(
        "Een netwerkmakelaar"
    )
    await b.get_by_label("Waarom?").fill("Verbindt nieuwkomers met bewoners")
    await b.get_by_role("button", name="Opslaan").click()
    await b.get_by_text("Je wijzigingen zijn opgeslagen.").wait_for()

    await a.reload()
    assert await a.get_by_label("Titel van het gesprekspaar").input_value() == (
        "Netwerkmakelaar & Filmavonden"
    )
    await a.get_by_role("textbox", name="wat zou de ander eens moeten doen?").fill(
        "Filmavonden met verhalen"
    )
    await a.get_by_role("button", name="Opslaan").click()
    await a.get_by_role("button", name="Bevestigen").click()
    await a.get_by_text("Je hebt bevestigd; wacht tot de ander ook bevestigt.").wait_for()
    assert await queries.count_public_pairs(event_id) == 0

    await b.reload()
    await b.get_by_role("button", name="Bevestigen").click()
    await b.get_by_text("Klaar: allebei bevestigd, het gesprekspaar is openbaar.").wait_for()
    await a.reload()
    await a.get_by_text("Klaar: allebei bevestigd, het gesprekspaar is openbaar.").wait_for()

    [pair] = await queries.public_pairs(event_id)
    assert pair["title"] == "Netwerkmakelaar & Filmavonden"
    assert [p["name"] for p in pair["people"]] == ["Inge Nooijen", "Michelle ter Meer"]
    assert [p["recommendation"] for p in pair["people"]] == [
        "Filmavonden met verhalen",
        "Een netwerkmakelaar",
    ]
    await phone_a.close()
    await phone_b.close()

"""Buttons and charts people can read: the main action looks like a button with enough contrast,
moderation buttons say one short word (the title is for screen readers), and chart series
differ in hue and lightness with readable numbers."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import pytest

from events.followup.outcomes import DARK_TEXT, FILLS, bar_chart
from events.pledges.services import moderate
from tests.pledges.helpers import participant, pledge
from tests.registration.helpers import make_event


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def lightness(colour: str) -> float:
    """CIE L* (0 black … 100 white), how light a colour looks."""
    return 116 * luminance(colour) ** (1 / 3) - 16


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_chart_series_differ_in_lightness_and_their_numbers_are_readable() -> None:
    for series in (["not_started", "under_way", "done", "dropped"], ["responded", "silent"]):
        looks = sorted(lightness(FILLS[key]) for key in series)
        for a, b in pairwise(looks):
            assert b - a >= 15, (series, looks)
        for key in series:
            text = "#001a40" if key in DARK_TEXT else "#ffffff"
            assert contrast(FILLS[key], text) >= 4.5, key
    svg = str(
        bar_chart(
            "Respons",
            [("Stap 1", {"responded": 3, "silent": 5})],
            [("responded", "Gereageerd"), ("silent", "Geen reactie")],
        )
    )
    assert "outcome-chart__bar--responded" in svg and "outcome-chart__bar--silent" in svg
    assert f'fill="{FILLS["responded"]}"' in svg and f'fill="{FILLS["silent"]}"' in svg


async def test_moderation_buttons_are_short_and_name_the_pledge_for_screen_readers(
    organiser_client: Any,
) -> None:
    event_id = await make_event()
    author, _link = await participant(event_id, "lang@example.org")
    title = "Een heel lange titel van een voornemen dat niet in een knop past"
    pledge_id = await pledge(author, title)
    page = (await organiser_client.get(f"/organise/events/{event_id}/pledges")).text
    buttons = re.findall(r"<button[^>]*>(.*?)</button>", page, re.S)
    assert f'Goedkeuren<span class="visually-hidden"> ‘{title}’</span>' in buttons
    assert f'Verbergen<span class="visually-hidden"> ‘{title}’</span>' in buttons
    await moderate(event_id, pledge_id, "approved")


@pytest.mark.browser
async def test_the_main_action_looks_like_a_button(live_server: str, browser: Any) -> None:
    await make_event()
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{live_server}/events/parade")
    register = page.get_by_role("link", name="Aanmelden").last
    style = await register.evaluate(
        """el => { const s = getComputedStyle(el);
                   return {color: s.color, background: s.backgroundColor,
                           underline: s.textDecorationLine, height: el.offsetHeight}; }"""
    )
    await context.close()

    def hex_of(rgb: str) -> str:
        return "#" + "".join(f"{int(n):02x}" for n in re.findall(r"\d+", rgb)[:3])

    assert style["underline"] == "none"
    assert style["height"] >= 44
    assert contrast(hex_of(style["color"]), hex_of(style["background"])) >= 4.5, style

"""The wall on a real venue screen in chromium: one page fits 1920x1080 and 1280x720 with
nothing cut off, axe-core finds nothing, JavaScript turns the pages in place, and without
JavaScript the meta refresh walks through every pledge."""

from __future__ import annotations

from typing import Any

import pytest

from tests.pledges.wall_seed import approved_pledges, complete_pairs
from tests.registration.helpers import make_event
from tests.test_accessibility import violations

FITS = """() => {
  const cut = [...document.querySelectorAll('.wall__card, .wall__counts, .wall__heading')]
    .filter(el => {
      const box = el.getBoundingClientRect();
      return box.bottom > window.innerHeight + 0.5 || box.right > window.innerWidth + 0.5
        || el.scrollHeight > el.clientHeight + 1;
    })
    .map(el => el.getAttribute('data-item') || el.className);
  return {
    cut,
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    cards: document.querySelectorAll('.wall__card').length,
  };
}"""


@pytest.mark.browser
async def test_the_wall_fits_a_big_screen_and_rotates(live_server: str, browser: Any) -> None:
    event_id = await make_event()
    pledges = await approved_pledges(event_id, 14, long=True)
    pairs = await complete_pairs(event_id, 4)
    wall = f"{live_server}/events/parade/wall"
    for width, height in ((1920, 1080), (1280, 720)):
        context = await browser.new_context(
            viewport={"width": width, "height": height}, locale="nl-NL", bypass_csp=True
        )
        page = await context.new_page()
        await page.goto(wall)
        fit = await page.evaluate(FITS)
        assert fit["cards"] == 9
        assert not fit["cut"], f"cut off at {width}x{height}: {fit['cut']}"
        assert fit["scrollHeight"] <= height and fit["scrollWidth"] <= width, fit
        if width == 1920:
            assert await violations(page) == []
            # With JavaScript the page turns in place, without a reload.
            await page.locator('[data-page="2"]').wait_for(timeout=30_000)
            assert page.url == wall
            assert not (await page.evaluate(FITS))["cut"]
        await context.close()

    context = await browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="nl-NL", java_script_enabled=False
    )
    page = await context.new_page()
    await page.goto(wall)
    seen_pledges: list[int] = []
    seen_pairs: set[int] = set()
    for number in (1, 2, 3):
        assert await page.locator(f'[data-page="{number}"]').count() == 1
        for item in await page.locator("[data-item]").all():
            kind, _, item_id = (await item.get_attribute("data-item")).partition("-")
            (seen_pledges.append if kind == "pledge" else seen_pairs.add)(int(item_id))
        following = f"{wall}?page={1 if number == 3 else number + 1}"
        if number == 1:  # the browser follows the meta refresh by itself
            await page.wait_for_url(following, timeout=30_000)
        else:
            refresh = await page.locator('meta[http-equiv="refresh"]').get_attribute("content")
            assert refresh.endswith("url=" + following.removeprefix(live_server))
            await page.goto(following)
    assert seen_pledges == pledges
    assert seen_pairs == set(pairs)
    await context.close()

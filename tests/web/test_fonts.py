"""The theme's fonts are served and used: pages ask for Noto Sans and Noto Serif, the font
files answer 200, and a real browser renders text in them, not in a fallback."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.registration.helpers import make_event


async def test_pages_ask_for_the_theme_fonts_and_the_files_answer(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()
    page = await client.get("/events/parade")
    sheets = re.findall(r'href="(/vendor/@fontsource/[^"]+\.css)"', page.text)
    assert {s.split("/")[3] for s in sheets} == {"noto-sans", "noto-serif"}
    for sheet in sheets:
        css = await client.get(sheet)
        assert css.status_code == 200
        files = re.findall(r"url\(\./files/([^)]+\.woff2)\)", css.text)
        assert files, sheet
        base = sheet.rsplit("/", 1)[0]
        for name in files:
            font = await client.get(f"{base}/files/{name}")
            assert font.status_code == 200 and font.content[:4] == b"wOF2", name


@pytest.mark.browser
async def test_a_browser_renders_headings_and_text_in_the_theme_fonts(
    browser: Any, live_server: str
) -> None:
    await make_event()
    page = await browser.new_page()
    await page.goto(f"{live_server}/events/parade")
    await page.evaluate("document.fonts.ready")
    used = await page.evaluate(
        """() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"""
    )
    assert {"Noto Sans", "Noto Serif"} <= {family.strip("\"'") for family in used}, used
    heading = await page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert heading.startswith('"Noto Serif"'), heading


@pytest.mark.browser
async def test_the_wall_on_the_big_screen_is_in_the_theme_font_too(
    browser: Any, live_server: str
) -> None:
    await make_event()
    page = await browser.new_page(viewport={"width": 1920, "height": 1080})
    await page.goto(f"{live_server}/events/parade/wall")
    await page.evaluate("document.fonts.ready")
    used = await page.evaluate(
        """() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"""
    )
    assert "Noto Sans" in {family.strip("\"'") for family in used}, used

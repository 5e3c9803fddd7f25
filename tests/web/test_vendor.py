"""/vendor/ serves the stylesheets (and fonts) the pages link, nothing else of node_modules."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.web.static import ASSET_DIR

THEME = "@nl-design-system-unstable/voorbeeld-design-tokens"
COMPONENTS = "@utrecht/component-library-css"


async def test_the_stylesheets_the_layout_links_are_served(
    client: AsyncTestClient[Litestar],
) -> None:
    page = await client.get("/login")
    links = re.findall(r'href="(/vendor/[^"]+)"', page.text)

    assert len(links) == 7, links  # components (2), theme, fonts (4)
    for link in links:
        response = await client.get(link)
        assert response.status_code == 200, link
        assert response.headers["content-type"].startswith("text/css")


@pytest.mark.parametrize(
    "path",
    [
        f"{COMPONENTS}/package.json",
        f"{THEME}/package.json",
        ".package-lock.json",
        "htmx.org/dist/htmx.min.js",
        "axe-core/axe.min.js",
        f"{COMPONENTS}/README.md",
        "%2e%2e/package-lock.json",
        "..%2fpackage.json",
    ],
)
async def test_nothing_else_of_node_modules_is_served(
    client: AsyncTestClient[Litestar], path: str
) -> None:
    assert (ASSET_DIR / path.replace("%2e", ".").replace("%2f", "/")).exists() or "%" in path
    response = await client.get(f"/vendor/{path}")
    assert response.status_code == 404, path
    assert "dependencies" not in response.text and "function" not in response.text


async def test_css_of_other_packages_is_not_served(client: AsyncTestClient[Litestar]) -> None:
    other = next(
        path.relative_to(ASSET_DIR).as_posix()
        for path in (ASSET_DIR / "@utrecht").glob("*/dist/*.css")
        if not path.is_relative_to(ASSET_DIR / COMPONENTS)
    )
    assert (await client.get(f"/vendor/{other}")).status_code == 404

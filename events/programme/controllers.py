"""Public programme pages: the list of events (more pages live alongside)."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from events.programme import queries


@get("/", name="home")
async def home() -> Template:
    return Template("programme/home.html", context={"events": await queries.upcoming_events()})


ROUTES = [home]

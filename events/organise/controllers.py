"""Organiser pages under /organise/, all behind the organiser guard."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Template

from events.programme.tables import Event
from events.web.auth import Organiser, organiser_guard


class OrganiseController(Controller):
    path = "/organise"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/", name="organise-home")
    async def dashboard(self, organiser: NamedDependency[Organiser]) -> Template:
        events = await Event.select(
            Event.id, Event.name, Event.slug, Event.starts_at, Event.timezone, Event.published
        ).order_by(Event.starts_at, ascending=False)
        return Template(
            "organise/dashboard.html", context={"events": events, "organiser": organiser}
        )


ROUTES = [OrganiseController]

"""Public programme pages, calendar feeds and the JSON API of the programme.

Handlers are thin: look up the event, read a model from `queries`, render a template, an .ics
(`events.calendar.feeds`) or a msgspec Struct (`schemas`). Unpublished events answer 404 to the
public; a logged-in organiser may preview their pages (not their feeds or API).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from events.calendar import feeds
from events.programme import queries
from events.programme.event_state import registration_window_state
from events.programme.schemas import (
    EventOut,
    NotFoundOut,
    ProgrammeOut,
    SeatCounts,
    event_out,
    session_out,
)
from events.settings import Settings
from events.web.auth import Organiser
from events.web.caching import LIVE_SECONDS, PAGE_SECONDS

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"


@get("/", name="home")
async def home() -> Template:
    return Template("programme/home.html", context={"events": await queries.upcoming_events()})


async def _event_or_404(slug: str, organiser: Organiser | None = None) -> dict[str, Any]:
    event = await queries.event_by_slug(slug, include_unpublished=organiser is not None)
    if event is None:
        raise NotFoundException(detail="event not found")
    return event


def _ics_response(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type=ICS_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def feed_links(settings: Settings, slug: str) -> dict[str, str]:
    """The webcal:// subscribe address and the plain download address of a programme feed."""
    path = f"/events/{slug}/programme.ics"
    base = settings.base_url.rstrip("/")
    return {"subscribe": f"webcal://{urlsplit(base).netloc}{path}", "download": base + path}


class EventPagesController(Controller):
    """The public pages of one event: home, programme, sessions, practice examples."""

    path = "/events/{slug:str}"
    include_in_schema = False

    @get("/", name="event", cache=PAGE_SECONDS)
    async def event_home(
        self,
        slug: FromPath[str],
        organiser: NamedDependency[Organiser | None],
        settings: NamedDependency[Settings],
    ) -> Template:
        event = await _event_or_404(slug, organiser)
        return Template(
            "programme/event.html",
            context={
                "event": event,
                "feed": feed_links(settings, slug),
                "registration_state": registration_window_state(event),
            },
        )

    @get("/programme", name="programme", cache=PAGE_SECONDS)
    async def programme_page(
        self,
        slug: FromPath[str],
        organiser: NamedDependency[Organiser | None],
        settings: NamedDependency[Settings],
    ) -> Template:
        event = await _event_or_404(slug, organiser)
        return Template(
            "programme/programme.html",
            context={
                "event": event,
                "programme": await queries.programme(event),
                "feed": feed_links(settings, slug),
            },
        )

    @get("/programme.ics", name="programme-ics", cache=PAGE_SECONDS)
    async def programme_ics(
        self, slug: FromPath[str], settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        event = await _event_or_404(slug)
        programme = await queries.programme(event)
        content = feeds.programme_feed(event, programme["sessions"], settings.base_url)
        return _ics_response(content, f"{slug}.ics")

    @get("/sessions/{ref:str}", name="session", cache=PAGE_SECONDS)
    async def session_page(
        self,
        slug: FromPath[str],
        ref: FromPath[str],
        organiser: NamedDependency[Organiser | None],
        settings: NamedDependency[Settings],
    ) -> Response[Any]:
        """`/sessions/12` is the page, `/sessions/12.ics` its calendar entry.

        One handler serves both because a path parameter always fills a whole segment.
        """
        wants_ics = ref.endswith(".ics")
        number = ref.removesuffix(".ics")
        if not (number.isascii() and number.isdigit()):  # "²" is a digit, not a number
            raise NotFoundException(detail="session not found")
        event = await _event_or_404(slug, None if wants_ics else organiser)
        session = await queries.session_detail(event, int(number))
        if session is None:
            raise NotFoundException(detail="session not found")
        if wants_ics:
            if session["starts_at"] is None:
                raise NotFoundException(detail="this session has no time yet")
            content = feeds.session_feed(event, session, settings.base_url)
            return _ics_response(content, f"{slug}-{session['id']}.ics")
        return Template("programme/session.html", context={"event": event, "session": session})

    @get("/practices", name="practices", cache=PAGE_SECONDS)
    async def practices_page(
        self,
        slug: FromPath[str],
        organiser: NamedDependency[Organiser | None],
        theme: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
    ) -> Template:
        event = await _event_or_404(slug, organiser)
        text = (q or "").strip()[:200]
        catalogue = await queries.practice_catalogue(event, theme_slug=theme or None, text=text)
        return Template(
            "programme/practices.html",
            context={
                "event": event,
                "practices": catalogue["practices"],
                "theme_options": [(item["slug"], item["name"]) for item in catalogue["themes"]],
                "theme": theme or "",
                "q": text,
                "filtered": bool(theme or text),
            },
        )

    @get("/practices/{practice_id:int}", name="practice", cache=PAGE_SECONDS)
    async def practice_page(
        self,
        slug: FromPath[str],
        practice_id: FromPath[int],
        organiser: NamedDependency[Organiser | None],
    ) -> Template:
        event = await _event_or_404(slug, organiser)
        practice = await queries.practice_detail(event, practice_id)
        if practice is None:
            raise NotFoundException(detail="practice example not found")
        return Template("programme/practice.html", context={"event": event, "practice": practice})


@get("/people/{person_id:int}", name="person", include_in_schema=False, cache=PAGE_SECONDS)
async def person_page(person_id: FromPath[int]) -> Template:
    """A public profile; people who did not make theirs public do not exist here."""
    person = await queries.public_person(person_id)
    if person is None:
        raise NotFoundException(detail="person not found")
    return Template("programme/person.html", context={"person": person})


class ProgrammeApiController(Controller):
    """The public JSON API of the programme (documented at /schema)."""

    path = "/api/events"
    include_in_schema = True
    tags = ["programme"]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/", name="api-events", summary="Published events")
    async def list_events(self, settings: NamedDependency[Settings]) -> list[EventOut]:
        """Every published event, soonest first, with times in the event's time zone."""
        return [event_out(event, settings.base_url) for event in await queries.published_events()]

    @get(
        "/{slug:str}/programme",
        name="api-programme",
        summary="Programme of an event",
        cache=LIVE_SECONDS,
        responses={404: ResponseSpec(NotFoundOut, description="Unknown or unpublished event")},
    )
    async def event_programme(
        self,
        slug: FromPath[str],
        settings: NamedDependency[Settings],
        seat_counts: NamedDependency[SeatCounts],
    ) -> ProgrammeOut:
        """The event and all its sessions; start and end in ISO 8601 with the UTC offset;
        for sessions with seats, how many are taken and how long the waiting list is."""
        event = await _event_or_404(slug)
        programme = await queries.programme(event)
        seated = [s["id"] for s in programme["sessions"] if s["capacity"] and s["round_id"]]
        seats = await seat_counts(seated)
        return ProgrammeOut(
            event=event_out(event, settings.base_url),
            sessions=[
                session_out(event, session, settings.base_url, seats.get(session["id"]))
                for session in programme["sessions"]
            ],
        )


ROUTES = [home, EventPagesController, person_page, ProgrammeApiController]

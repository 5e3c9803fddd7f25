"""Pledge pages: the participant's day page, moderation for organisers, the API and the wall."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.db import read_snapshot
from events.idempotency import services as idempotency
from events.pairs import queries as pair_queries
from events.pairs import stored as pair_stored
from events.pledges import queries, services
from events.pledges.schemas import PledgeOut, pledge_out
from events.pledges.tables import HIDE_REASON_LIMIT, STATUSES, TEXT_LIMIT, TITLE_LIMIT
from events.programme import queries as programme_queries
from events.programme.schemas import NotFoundOut
from events.programme.tables import Event
from events.registration.participant_session import (
    ParticipantSessionRequired,
    participant_guard,
)
from events.web.caching import LIVE_SECONDS, SingleFlight
from events.web.i18n import gettext as _
from events.web.pagination import one_of, optional_int, page_number, query_string, search_text

NO_REFERRER = {"Referrer-Policy": "no-referrer"}
WALL_PLEDGES = 6
WALL_PAIRS = 3
WALL_SECONDS = 12


def _numbers(form: Any, name: str) -> list[int]:
    return [int(value) for value in form.getall(name, []) if str(value).isdigit()]


def form_from_post(form: Any) -> services.PledgeForm:
    """The pledge form as sent by a browser."""
    return services.PledgeForm(
        title=str(form.get("title", "")),
        text=str(form.get("text", "")),
        target_date=str(form.get("target_date", "")),
        visibility=str(form.get("visibility", "")),
        themes=_numbers(form, "themes"),
        practices=_numbers(form, "practices"),
        sessions=_numbers(form, "sessions"),
    )


def _values(form: services.PledgeForm) -> dict[str, Any]:
    return {
        "title": form.title,
        "text": form.text,
        "target_date": form.target_date,
        "visibility": form.visibility,
        "themes": form.themes,
        "practices": form.practices,
        "sessions": form.sessions,
    }


def _values_of(pledge: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": pledge["title"],
        "text": pledge["text"],
        "target_date": pledge["target_date"].isoformat() if pledge["target_date"] else "",
        "visibility": pledge["visibility"],
        "themes": [theme["id"] for theme in pledge["themes"]],
        "practices": [practice["id"] for practice in pledge["practices"]],
        "sessions": [session["id"] for session in pledge["sessions"]],
    }


def visibility_options(has_consent: bool) -> list[tuple[str, str]]:
    options = [
        ("public_anonymous", _("Public, without my name")),
        ("public_named", _("Public, with my name and organisation")),
        ("private", _("Only for the organisers")),
    ]
    return options if has_consent else [options[0], options[2], options[1]]


class DayController(Controller):
    """The participant's day page: post a pledge, my pledges, and conversation pairs."""

    path = "/me/day"
    guards = [participant_guard]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    async def _participant(self, request: Request) -> dict[str, Any]:
        participant = await queries.day_participant(request.state.participant_id)
        if participant is None:
            raise ParticipantSessionRequired()
        return participant

    async def _context(
        self,
        participant: dict[str, Any],
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        has_consent = participant["consent_public_name_at"] is not None
        return {
            "participant": participant,
            "settings": await services.event_settings(participant["event"]),
            "pledges": await queries.my_pledges(participant["id"], themes_only=True),
            "options": await queries.form_options(participant["event"]),
            "visibilities": visibility_options(has_consent),
            "has_consent": has_consent,
            "values": values or {"visibility": "public_anonymous"},
            "errors": errors or {},
            "limits": {"title": TITLE_LIMIT, "text": TEXT_LIMIT},
            "pairs_day": await pair_queries.day_section(participant["id"], participant),
            # One key per rendering, for the page's forms that create something (the pledge
            # form and "Start a pair"); each form's key is used in its own scope.
            "submission_key": idempotency.new_key(),
        }

    @get("/", name="me-day")
    async def day(self, request: Request) -> Template:
        async with read_snapshot():
            participant = await self._participant(request)
            context = await self._context(participant)
        return Template(
            "pledges/day.html",
            context=context,
            headers=NO_REFERRER,
            background=pair_stored.refresh_after(request.app.state, participant["event"]),
        )

    @post("/pledges", name="me-day-pledge")
    async def post_pledge(self, request: Request) -> Response:
        participant = await self._participant(request)
        posted = await request.form()
        form = form_from_post(posted)
        once = await idempotency.once(
            f"pledge:{participant['id']}",
            idempotency.submission_of(posted),
            lambda: services.create_pledge(participant["id"], form),
            lambda result: None if result.errors else idempotency.Made("pledge", result.pledge_id),
        )
        result = once.result
        if result is not None and result.errors:
            context = await self._context(participant, _values(form), result.errors)
            return Template("pledges/day.html", context=context, status_code=400)
        return Redirect(path="/me/day?saved=posted#my-pledges", status_code=303)

    @get("/pledges/{pledge_id:int}", name="me-day-pledge-edit")
    async def edit_form(self, request: Request, pledge_id: FromPath[int]) -> Template:
        participant = await self._participant(request)
        pledge = await queries.my_pledge(participant["id"], pledge_id)
        if pledge is None:
            raise NotFoundException(detail="pledge not found")
        context = await self._context(participant, _values_of(pledge))
        return Template("pledges/edit.html", context={**context, "pledge": pledge})

    @post("/pledges/{pledge_id:int}", name="me-day-pledge-update")
    async def update(self, request: Request, pledge_id: FromPath[int]) -> Response:
        participant = await self._participant(request)
        pledge = await queries.my_pledge(participant["id"], pledge_id)
        if pledge is None:
            raise NotFoundException(detail="pledge not found")
        form = form_from_post(await request.form())
        result = await services.update_pledge(participant["id"], pledge_id, form)
        if result.errors:
            context = await self._context(participant, _values(form), result.errors)
            return Template(
                "pledges/edit.html", context={**context, "pledge": pledge}, status_code=400
            )
        return Redirect(path="/me/day?saved=changed#my-pledges", status_code=303)


async def event_by_id(event_id: int) -> dict[str, Any]:
    event = (
        await Event.select(Event.id, Event.name, Event.slug, Event.timezone, Event.published)
        .where(Event.id == event_id)
        .first()
    )
    if event is None:
        raise NotFoundException(detail="event not found")
    return event


class ModerationController(Controller):
    """Organisers approve and hide pledges and set how an event handles them."""

    path = "/organise/events/{event_id:int}/pledges"
    guards = [requires(Permission.MODERATE)]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    async def _page(
        self,
        event_id: int,
        status: str = "",
        search: str = "",
        page: int = 1,
        errors: dict[str, str] | None = None,
        reasons: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        event = await event_by_id(event_id)
        status = status if status in STATUSES else ""
        listing = await queries.pledge_page(event_id, status, search, page)
        return Template(
            "pledges/moderation.html",
            context={
                "event": event,
                "status": status,
                "search": search,
                "listing": listing,
                "pledges": listing["rows"],
                "list_query": query_string(status=status, q=search),
                "counts": await queries.status_counts(event_id),
                "settings": await services.event_settings(event_id),
                "errors": errors or {},
                "reasons": reasons or {},
                "reason_limit": HIDE_REASON_LIMIT,
            },
            status_code=status_code,
        )

    @get("/", name="organise-pledges")
    async def list_pledges(self, event_id: FromPath[int], request: Request) -> Template:
        params = request.query_params
        async with read_snapshot():
            return await self._page(
                event_id,
                one_of(params, "status", STATUSES),
                search_text(params),
                page_number(params),
            )

    @post("/{pledge_id:int}/approve", name="organise-pledge-approve")
    async def approve(
        self, event_id: FromPath[int], pledge_id: FromPath[int], request: Request
    ) -> Response:
        form = await request.form()
        try:
            await services.moderate(event_id, pledge_id, "approved")
        except services.PledgeNotFound as error:
            raise NotFoundException(detail="pledge not found") from error
        return self._back(event_id, form, pledge_id)

    @post("/{pledge_id:int}/hide", name="organise-pledge-hide")
    async def hide(
        self, event_id: FromPath[int], pledge_id: FromPath[int], request: Request
    ) -> Response:
        form = await request.form()
        reason = str(form.get("reason", ""))
        try:
            errors = await services.moderate(event_id, pledge_id, "hidden", reason)
        except services.PledgeNotFound as error:
            raise NotFoundException(detail="pledge not found") from error
        if errors:
            return await self._page(
                event_id,
                one_of(form, "filter", STATUSES),
                search_text(form),
                page_number(form),
                errors=errors,
                reasons={f"reason-{pledge_id}": reason},
                status_code=400,
            )
        return self._back(event_id, form, pledge_id)

    @post("/settings", name="organise-pledge-settings")
    async def change_settings(self, event_id: FromPath[int], request: Request) -> Response:
        await event_by_id(event_id)
        form = await request.form()
        errors = await services.save_settings(
            event_id,
            moderation_mode=str(form.get("moderation_mode", "")),
            pledges_open=bool(form.get("pledges_open")),
            report_published=bool(form.get("report_published")),
        )
        if errors:
            return await self._page(event_id, errors=errors, status_code=400)
        return Redirect(path=f"/organise/events/{event_id}/pledges?saved=settings", status_code=303)

    @staticmethod
    def _back(event_id: int, form: Any, pledge_id: int) -> Redirect:
        """Back to the list as the organiser left it: same filters, same page."""
        query = query_string(
            status=one_of(form, "filter", STATUSES),
            q=search_text(form),
            page=optional_int(form.get("page")),
        )
        query = f"?{query}" if query else ""
        return Redirect(
            path=f"/organise/events/{event_id}/pledges{query}#pledge-{pledge_id}",
            status_code=303,
        )


async def _published_event(slug: str) -> dict[str, Any]:
    event = await programme_queries.event_by_slug(slug)
    if event is None:
        raise NotFoundException(detail="event not found")
    return event


@get(
    "/api/events/{slug:str}/pledges",
    name="api-pledges",
    tags=["pledges"],
    summary="Public pledges of an event",
    include_in_schema=True,
    responses={404: ResponseSpec(NotFoundOut, description="Unknown or unpublished event")},
    cache=LIVE_SECONDS,
)
async def api_pledges(slug: FromPath[str]) -> list[PledgeOut]:
    """Approved public pledges, newest first. `name` and `organisation` are null unless the
    author chose to be named and agreed to show their name."""
    event = await _published_event(slug)
    return [pledge_out(row) for row in await queries.public_pledges(event["id"])]


def wall_pages(pledge_count: int, pair_count: int) -> int:
    """How many pages the wall rotates through to show every public pledge and pair once."""
    return max(1, -(-pledge_count // WALL_PLEDGES), -(-pair_count // WALL_PAIRS))


async def wall_context(event: dict[str, Any], page: int = 1) -> dict[str, Any]:
    """One page of the wall: a few public pledges and pairs (newest on page 1), the counts, and
    which page comes next. Each column wraps around on its own, so a short column repeats
    while the long one is still being shown; every item appears once per rotation."""
    # Independent reads, run side by side (each has its own connection).
    figures, pledge_count, pair_count = await asyncio.gather(
        queries.figures(event["id"]),
        queries.count_public_pledges(event["id"]),
        pair_queries.count_public_pairs(event["id"]),
    )
    pages = wall_pages(pledge_count, pair_count)
    page = min(max(page, 1), pages)
    pledge_pages = max(1, -(-pledge_count // WALL_PLEDGES))
    pair_pages = max(1, -(-pair_count // WALL_PAIRS))
    pledges, pairs = await asyncio.gather(
        queries.public_pledges(
            event["id"], limit=WALL_PLEDGES, offset=((page - 1) % pledge_pages) * WALL_PLEDGES
        ),
        pair_queries.public_pairs(
            event["id"], limit=WALL_PAIRS, offset=((page - 1) % pair_pages) * WALL_PAIRS
        ),
    )
    return {
        "event": event,
        "pledges": pledges,
        "pairs": pairs,
        "page": page,
        "pages": pages,
        "next_page": page % pages + 1,
        "seconds": WALL_SECONDS,
        "counts": {
            "participants": figures["participants"],
            "pledges": figures["pledges"],
            "pairs": pair_count,
        },
    }


class WallController(Controller):
    """The live wall for the big screen at the venue; only public, approved content.

    It shows a page of items at a time and moves to the next page every WALL_SECONDS: wall.js
    fetches the next page's items; without JavaScript a meta refresh loads the next page."""

    path = "/events/{slug:str}/wall"
    include_in_schema = False

    @get("/", name="wall", cache=LIVE_SECONDS)
    async def wall(
        self, slug: FromPath[str], request: Request, single_flight: NamedDependency[SingleFlight]
    ) -> Template:
        event = await _published_event(slug)
        page = page_number(request.query_params)
        context = await single_flight.run(
            ("wall", event["id"], page), lambda: wall_context(event, page)
        )
        return Template("pledges/wall.html", context=context)

    @get("/items", name="wall-items", cache=LIVE_SECONDS)
    async def items(
        self, slug: FromPath[str], request: Request, single_flight: NamedDependency[SingleFlight]
    ) -> Template:
        """The changing part of the wall, as an HTML fragment that wall.js swaps in."""
        event = await _published_event(slug)
        page = page_number(request.query_params)
        return Template(
            "pledges/_wall_items.html",
            context=await single_flight.run(
                ("wall", event["id"], page), lambda: wall_context(event, page)
            ),
            headers={"Cache-Control": "no-store"},
        )


ROUTES = [DayController, ModerationController, api_pledges, WallController]

"""Pages of conversation pairs: the participant's flow under /me/pairs and the organisers' list."""

from __future__ import annotations

from typing import Any

import segno
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.db import read_snapshot
from events.idempotency import services as idempotency
from events.pairs import queries, services, stored
from events.pairs.suggestions import load_matcher
from events.pairs.tables import REASON_LIMIT, TEXT_LIMIT, TITLE_LIMIT, Pair
from events.programme.tables import Event
from events.registration.participant_session import (
    ParticipantSessionRequired,
    continue_path_of,
    participant_guard,
    participant_of,
)
from events.settings import Settings
from events.web.pagination import (
    SEARCH_LIMIT,
    optional_int,
    page_number,
    query_string,
    search_text,
)

NO_REFERRER = {"Referrer-Policy": "no-referrer"}
LIMITS = {"title": TITLE_LIMIT, "text": TEXT_LIMIT, "reason": REASON_LIMIT}


def join_url(settings: Settings, code: str) -> str:
    return f"{settings.base_url.rstrip('/')}/me/pairs/join?code={code}"


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data URI (allowed by the CSP's img-src data:)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=6, border=2))


async def _registered(request: Request) -> dict[str, Any]:
    person = await queries.participant(request.state.participant_id)
    if person is None or person["status"] != "registered":
        raise ParticipantSessionRequired()
    return person


async def _event_of_code(code: str) -> dict[str, Any] | None:
    """The published event a pair code belongs to (the newest, as codes are unique per event)."""
    return (
        await Pair.select(
            Pair.event.id.as_alias("id"),
            Pair.event.name.as_alias("name"),
            Pair.event.slug.as_alias("slug"),
        )
        .where((Pair.code == code) & (Pair.event.published == True))  # noqa: E712
        .order_by(Pair.event.starts_at, ascending=False)
        .first()
    )


def _join_page(
    code: str,
    errors: dict[str, str],
    same_organisation: bool = False,
    status_code: int = 200,
) -> Template:
    return Template(
        "pairs/join.html",
        context={"code": code, "errors": errors, "same_organisation": same_organisation},
        status_code=status_code,
        headers=NO_REFERRER,
    )


@get("/me/pairs/join", name="pairs-join", include_in_schema=False)
async def join_form(request: Request, code: FromQuery[str] = "") -> Template:
    """Where a pair's QR code leads. Without a session the person is helped in: the page offers
    "mail me my link" for the pair's event, and that link comes back here."""
    code = services.normalise_code(code)[:12]
    participant_id = await participant_of(request)
    if participant_id is None:
        raise ParticipantSessionRequired(
            detail="participant session required",
            event=await _event_of_code(code) if code else None,
            continue_path=continue_path_of(request),
        )
    request.state.participant_id = participant_id
    await _registered(request)
    return _join_page(code, {})


class PairsController(Controller):
    """A participant's conversation pairs: start, join by code, write, confirm."""

    path = "/me/pairs"
    guards = [participant_guard]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    @get("/", name="pairs-mine")
    async def mine(self, request: Request) -> Template:
        async with read_snapshot():
            person = await _registered(request)
            pairs_day = await queries.day_section(person["id"], person)
        return Template(
            "pairs/mine.html",
            context={
                "person": person,
                "pairs_day": pairs_day,
                "submission_key": idempotency.new_key(),
            },
            headers=NO_REFERRER,
            background=stored.refresh_after(request.app.state, person["event"]),
        )

    @post("/start", name="pairs-start")
    async def start(self, request: Request) -> Response:
        person = await _registered(request)
        once = await idempotency.once(
            f"pair-start:{person['id']}",
            idempotency.submission_of(await request.form()),
            lambda: services.start_pair(person["id"]),
            lambda pair_id: idempotency.Made("pair", pair_id),
        )
        pair_id = once.repeat.id if once.repeat else once.result
        return Redirect(path=f"/me/pairs/{pair_id}", status_code=303)

    @post("/join", name="pairs-join-submit")
    async def join(self, request: Request) -> Response:
        person = await _registered(request)
        form = await request.form()
        code = str(form.get("code", ""))
        result = await services.join_pair(
            person["id"], code, same_organisation_ok=bool(form.get("same_organisation_ok"))
        )
        if result.errors:
            return _join_page(
                services.normalise_code(code)[:12],
                result.errors,
                same_organisation=result.same_organisation,
                status_code=400,
            )
        return Redirect(path=f"/me/pairs/{result.pair_id}", status_code=303)

    async def _pair_page(
        self,
        pair_id: int,
        participant_id: int,
        settings: Settings,
        errors: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
        status_code: int = 200,
    ) -> Template:
        pair = await queries.pair_for_member(pair_id, participant_id)
        if pair is None:
            raise NotFoundException(detail="pair not found")
        me = pair["me"]
        values = values or {
            "title": pair["title"],
            "practice": me["recommendation_practice"] or "",
            "recommendation_text": me["recommendation_text"],
            "why": me["why"],
        }
        url = join_url(settings, pair["code"])
        return Template(
            "pairs/pair.html",
            context={
                "pair": pair,
                "join_url": url,
                "qr": qr_data_uri(url) if pair["partner"] is None else None,
                "practices": await queries.practice_options(pair["event"]),
                "values": values,
                "errors": errors or {},
                "limits": LIMITS,
            },
            status_code=status_code,
            headers=NO_REFERRER,
        )

    @get("/{pair_id:int}", name="pairs-pair")
    async def pair(
        self, pair_id: FromPath[int], request: Request, settings: NamedDependency[Settings]
    ) -> Template:
        person = await _registered(request)
        return await self._pair_page(pair_id, person["id"], settings)

    @post("/{pair_id:int}/entry", name="pairs-entry")
    async def entry(
        self, pair_id: FromPath[int], request: Request, settings: NamedDependency[Settings]
    ) -> Response:
        person = await _registered(request)
        if await queries.pair_for_member(pair_id, person["id"]) is None:
            raise NotFoundException(detail="pair not found")
        form = await request.form()
        practice = str(form.get("practice", "")).strip()
        entry = services.EntryForm(
            title=str(form.get("title", "")),
            practice_id=int(practice) if practice.isdigit() else None,
            recommendation_text=str(form.get("recommendation_text", "")),
            why=str(form.get("why", "")),
        )
        errors = await services.save_entry(pair_id, person["id"], entry)
        if errors:
            values = {
                "title": entry.title,
                "practice": practice,
                "recommendation_text": entry.recommendation_text,
                "why": entry.why,
            }
            return await self._pair_page(
                pair_id, person["id"], settings, errors, values, status_code=400
            )
        return Redirect(path=f"/me/pairs/{pair_id}?saved=entry", status_code=303)

    @post("/{pair_id:int}/confirm", name="pairs-confirm")
    async def confirm(
        self, pair_id: FromPath[int], request: Request, settings: NamedDependency[Settings]
    ) -> Response:
        person = await _registered(request)
        if await queries.pair_for_member(pair_id, person["id"]) is None:
            raise NotFoundException(detail="pair not found")
        errors = await services.confirm(pair_id, person["id"])
        if errors:
            return await self._pair_page(pair_id, person["id"], settings, errors, status_code=400)
        return Redirect(path=f"/me/pairs/{pair_id}?saved=confirmed", status_code=303)


async def _event(event_id: int) -> dict[str, Any]:
    event = (
        await Event.select(Event.id, Event.name, Event.slug, Event.timezone)
        .where(Event.id == event_id)
        .first()
    )
    if event is None:
        raise NotFoundException(detail="event not found")
    return event


class OrganisePairsController(Controller):
    """Organisers: every pair of an event, hiding with a reason, suggestions per participant."""

    path = "/organise/events/{event_id:int}/pairs"
    guards = [requires(Permission.MODERATE)]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    async def _page(
        self,
        event_id: int,
        q: str = "",
        participant: int | None = None,
        errors: dict[int, str] | None = None,
        status_code: int = 200,
        search: str = "",
        page: int = 1,
    ) -> Template:
        event = await _event(event_id)
        suggestions: list[dict[str, Any]] = []
        chosen = None
        if participant is not None:
            matcher = await load_matcher(event_id)
            chosen = matcher.people.get(participant)
            if chosen is not None:
                suggestions = [s.as_dict() for s in matcher.suggest(participant, 10)]
        listing = await queries.organiser_pair_page(event_id, search, page)
        return Template(
            "pairs/organise.html",
            context={
                "event": event,
                "pairs": listing["rows"],
                "listing": listing,
                "search": search,
                "pair_counts": await queries.organiser_pair_counts(event_id),
                "list_query": query_string(search=search, q=q, participant=participant),
                "q": q,
                "found": await queries.participants_matching(event_id, q) if q else [],
                "chosen": chosen,
                "suggestions": suggestions,
                "errors": errors or {},
                "reason_limit": REASON_LIMIT,
            },
            status_code=status_code,
        )

    @get("/", name="organise-pairs")
    async def pairs(
        self,
        event_id: FromPath[int],
        q: FromQuery[str] = "",
        participant: FromQuery[str] = "",
        search: FromQuery[str] = "",
        page: FromQuery[str] = "",
    ) -> Template:
        async with read_snapshot():
            return await self._page(
                event_id,
                q.strip()[:SEARCH_LIMIT],
                optional_int(participant),
                search=search.strip()[:SEARCH_LIMIT],
                page=optional_int(page) or 1,
            )

    @post("/{pair_id:int}/hide", name="organise-pairs-hide")
    async def hide(
        self, event_id: FromPath[int], pair_id: FromPath[int], request: Request
    ) -> Response:
        await _event(event_id)
        form = await request.form()
        errors = await services.hide_pair(event_id, pair_id, str(form.get("reason", "")))
        if errors:
            return await self._page(
                event_id,
                errors={pair_id: errors["reason"]},
                status_code=400,
                search=search_text(form, "search"),
                page=page_number(form),
            )
        return _back_to_list(event_id, form)

    @post("/{pair_id:int}/show", name="organise-pairs-show")
    async def show(
        self, event_id: FromPath[int], pair_id: FromPath[int], request: Request
    ) -> Response:
        await _event(event_id)
        form = await request.form()
        await services.show_pair(event_id, pair_id)
        return _back_to_list(event_id, form)


def _back_to_list(event_id: int, form: Any) -> Redirect:
    """Back to the pair list as the organiser left it: same search, same page."""
    query = query_string(search=search_text(form, "search"), page=optional_int(form.get("page")))
    return Redirect(
        path=f"/organise/events/{event_id}/pairs/" + (f"?{query}" if query else ""),
        status_code=303,
    )


ROUTES = [PairsController, join_form, OrganisePairsController]

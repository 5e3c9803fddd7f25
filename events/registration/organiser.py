"""Organiser pages of registration: the list (filtered and paginated on the server), seats
and waiting lists, CSV, check-in search (for the day or a workshop), scanned badges (the
printouts are in printouts)."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires, sees_registrations
from events.db import read_snapshot
from events.programme.tables import Event
from events.registration import exports, queries
from events.registration.organiser_reads import seated_sessions
from events.registration.queries import ListFilters
from events.registration.tables import Participant, WorkshopAttendance
from events.settings import Settings
from events.web.auth import Organiser, organiser_guard
from events.web.csv_export import csv_response
from events.web.pagination import empty_listing, optional_int, page_number, search_text
from events.web.signing import derived_code


def _versioned(
    purpose: str, settings: Settings, participant_id: int, uid: str, version: int
) -> str:
    # Version 0 is the derivation badges and feeds were printed and subscribed with before
    # codes could be revoked; every "sign out everywhere" moves to the next version.
    parts: tuple[object, ...] = (
        (participant_id, uid) if version == 0 else (participant_id, uid, version)
    )
    return derived_code(settings, purpose, *parts)


def badge_code(settings: Settings, participant_id: int, calendar_uid: str, version: int = 0) -> str:
    """The secret printed on a badge, derived from the site key and the participant's code
    version (nothing extra is stored; raising the version revokes it)."""
    return _versioned("badge", settings, participant_id, calendar_uid, version)


def feed_token(settings: Settings, participant_id: int, calendar_uid: str, version: int = 0) -> str:
    """`<id>-<code>` of a participant's personal calendar feed (derived like the badge code)."""
    return f"{participant_id}-{_versioned('feed', settings, participant_id, calendar_uid, version)}"


def list_filters(request: Request) -> ListFilters:
    """The filters of a participant list from its query string (unknown values are ignored)."""
    params = request.query_params
    status = params.get("status", "")
    checked_in = params.get("checked_in", "")
    return ListFilters(
        search=search_text(params),
        status=status if status in queries.LIST_STATUSES else "",
        session_id=optional_int(params.get("session")),
        round_id=optional_int(params.get("round")),
        checked_in=checked_in if checked_in in ("yes", "no") else "",
    )


def badge_url(settings: Settings, participant_id: int, calendar_uid: str, version: int = 0) -> str:
    code = badge_code(settings, participant_id, calendar_uid, version)
    return f"{settings.base_url.rstrip('/')}/badge/{participant_id}/{code}"


async def _event(event_id: int) -> dict[str, Any]:
    event = (
        await Event.select(Event.id, Event.name, Event.slug, Event.timezone, Event.starts_at)
        .where(Event.id == event_id)
        .first()
    )
    if event is None:
        raise NotFoundException(detail="event not found")
    return event


class RegistrationsController(Controller):
    """Registrations of one event, for organisers."""

    path = "/organise/events/{event_id:int}"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    @get(
        "/registrations", name="organise-registrations", guards=[requires(Permission.REGISTRATIONS)]
    )
    async def registrations(self, event_id: FromPath[int], request: Request) -> Template:
        """One page of participants, filtered on the server; seats per workshop are on the
        attendance overview, so this page costs the same however large the programme is."""
        filters = list_filters(request)
        async with read_snapshot():
            event = await _event(event_id)
            listing = await queries.registration_page(
                event_id, filters, page_number(request.query_params)
            )
            context = {
                "event": event,
                "listing": listing,
                "rows": listing["rows"],
                "filters": filters,
                "q": filters.search,
                "status": filters.status,
                "session": filters.session_id,
                "seated": await seated_sessions(event_id),
                "rounds": await queries.event_rounds(event_id),
                "counts": await queries.registration_counts(event_id),
            }
        return Template("registration/organise_list.html", context=context)

    @get(
        "/registrations.csv",
        name="organise-registrations-csv",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def registrations_csv(self, event_id: FromPath[int]) -> Response[bytes]:
        """The same rows as registrations.xlsx: one per participant, a column per round."""
        event = await _event(event_id)
        table = await exports.registrations_table(
            event_id, event["timezone"], await queries.event_rounds(event_id)
        )
        return csv_response(f"registrations-{event['slug']}.csv", exports.csv_rows(table))

    @get("/check-in", name="organise-check-in", guards=[requires(Permission.CHECK_IN)])
    async def check_in_page(
        self, event_id: FromPath[int], request: Request, organiser: NamedDependency[Organiser]
    ) -> Template:
        """Search to check in for the day, or, with a workshop chosen, at that workshop."""
        async with read_snapshot():
            event = await _event(event_id)
            filters = list_filters(request)
            filters = ListFilters(
                search=filters.search,
                status="registered",
                session_id=filters.session_id,
                round_id=filters.round_id,
                checked_in=filters.checked_in,
            )
            workshop = optional_int(request.query_params.get("workshop"))
            searching = bool(filters.search or filters.session_id or filters.checked_in)
            listing = (
                await queries.registration_page(
                    event_id, filters, page_number(request.query_params), order="name"
                )
                if searching
                else empty_listing()
            )
            seen: set[int] = set()
            if workshop is not None and listing["rows"]:
                seen = {
                    row["participant"]
                    for row in await WorkshopAttendance.select(
                        WorkshopAttendance.participant
                    ).where(
                        (WorkshopAttendance.session == workshop)
                        & WorkshopAttendance.participant.is_in([r["id"] for r in listing["rows"]])
                    )
                }
            return Template(
                "registration/check_in.html",
                context={
                    "event": event,
                    "rows": listing["rows"],
                    "listing": listing,
                    "filters": filters,
                    "q": filters.search,
                    "searching": searching,
                    "workshop": workshop,
                    "seen": seen,
                    "seated": await seated_sessions(event_id),
                    "details": await sees_registrations(organiser, event_id),
                    "back": f"/organise/events/{event_id}/check-in?"
                    + filters.query_string(workshop=workshop, page=listing["page"]),
                },
            )

    @post(
        "/check-in/{participant_id:int}",
        name="organise-check-in-submit",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def check_in(
        self, event_id: FromPath[int], participant_id: FromPath[int], request: Request
    ) -> Redirect:
        await Participant.update({Participant.checked_in_at: datetime.now(UTC)}).where(
            (Participant.id == participant_id)
            & (Participant.event == event_id)
            & (Participant.checked_in_at.is_null())
        )
        form = await request.form()
        back = urlencode({"q": str(form.get("q", "")), "done": participant_id})
        return Redirect(path=f"/organise/events/{event_id}/check-in?{back}", status_code=303)


@get("/badge/{participant_id:int}/{code:str}", name="badge", include_in_schema=False)
async def open_badge(
    participant_id: FromPath[int],
    code: FromPath[str],
    settings: NamedDependency[Settings],
    organiser: NamedDependency[Organiser | None],
) -> Response:
    """A scanned badge: organisers get the check-in card; anybody else a page about the badge.

    A badge is worn all day and shows up in photos, so its code opens nothing personal: at
    most the name and organisation the wearer agreed to show, never a participant session.
    """
    row = (
        await Participant.select(
            Participant.id,
            Participant.event,
            Participant.calendar_uid,
            Participant.code_version,
            Participant.status,
            Participant.name,
            Participant.checked_in_at,
            Participant.consent_public_name_at,
            Participant.organisation.name.as_alias("organisation_name"),
            Participant.organisation.status.as_alias("organisation_status"),
            Participant.event.name.as_alias("event_name"),
        )
        .where((Participant.id == participant_id) & (Participant.status == "registered"))
        .first()
    )
    if row is None or not hmac.compare_digest(
        badge_code(settings, participant_id, row["calendar_uid"], row["code_version"]), code
    ):
        raise NotFoundException(detail="badge not found")
    if organiser is not None:
        return Template("registration/badge_scan.html", context={"row": row})
    public = row["consent_public_name_at"] is not None
    return Template(
        "registration/badge_public.html",
        context={
            "event_name": row["event_name"],
            "name": row["name"] if public else "",
            # A suggested organisation is shown to others once an organiser accepted it.
            "organisation": (row["organisation_name"] or "")
            if public and row["organisation_status"] == "accepted"
            else "",
        },
        headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"},
    )


ROUTES = [RegistrationsController, open_badge]

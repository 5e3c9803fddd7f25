"""Organiser pages of registration: the list, seats and waiting lists, CSV, check-in, badges."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Any

import segno
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from events.programme.tables import Event
from events.registration import queries
from events.registration.tables import Participant
from events.settings import Settings
from events.web.auth import Organiser, organiser_guard
from events.web.csv_export import csv_response
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

    @get("/registrations", name="organise-registrations")
    async def registrations(
        self,
        event_id: FromPath[int],
        q: FromQuery[str] = "",
        status: FromQuery[str] = "",
        session: FromQuery[int | None] = None,
    ) -> Template:
        event = await _event(event_id)
        rows = await queries.registrations(event_id, search=q, status=status, session_id=session)
        return Template(
            "registration/organise_list.html",
            context={
                "event": event,
                "rows": rows,
                "q": q,
                "status": status,
                "session": session,
                "sessions": await queries.seat_table(event_id),
                "counts": await queries.registration_counts(event_id),
            },
        )

    @get("/registrations.csv", name="organise-registrations-csv")
    async def registrations_csv(self, event_id: FromPath[int]) -> Response[bytes]:
        event = await _event(event_id)
        rows = await queries.registrations(event_id)
        header = [
            "id",
            "name",
            "email",
            "organisation",
            "job_title",
            "language",
            "status",
            "workshops",
            "access_needs",
            "registered_at",
            "checked_in_at",
        ]
        return csv_response(
            f"registrations-{event['slug']}.csv",
            [
                header,
                *(
                    (
                        row["id"],
                        row["name"],
                        row["email"],
                        row["organisation_name"],
                        row["job_title"],
                        row["language"],
                        row["status"],
                        "; ".join(f"{c['title']} ({c['status']})" for c in row["choices"]),
                        row["access_needs"],
                        row["created_at"].isoformat(),
                        row["checked_in_at"].isoformat() if row["checked_in_at"] else "",
                    )
                    for row in rows
                ),
            ],
        )

    @get("/check-in", name="organise-check-in")
    async def check_in_page(self, event_id: FromPath[int], q: FromQuery[str] = "") -> Template:
        event = await _event(event_id)
        rows = await queries.registrations(event_id, search=q, status="registered") if q else []
        return Template(
            "registration/check_in.html", context={"event": event, "rows": rows, "q": q}
        )

    @post("/check-in/{participant_id:int}", name="organise-check-in-submit")
    async def check_in(
        self, event_id: FromPath[int], participant_id: FromPath[int], request: Request
    ) -> Redirect:
        await Participant.update({Participant.checked_in_at: datetime.now(UTC)}).where(
            (Participant.id == participant_id)
            & (Participant.event == event_id)
            & (Participant.checked_in_at.is_null())
        )
        form = await request.form()
        back = str(form.get("q", ""))
        return Redirect(
            path=f"/organise/events/{event_id}/check-in?q={back}&done={participant_id}",
            status_code=303,
        )

    @get("/badges", name="organise-badges")
    async def badges(
        self, event_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template:
        event = await _event(event_id)
        rows = await queries.registrations(event_id, status="registered")
        for row in rows:
            url = badge_url(settings, row["id"], row["calendar_uid"], row["code_version"])
            row["qr"] = segno.make(url, error="m").svg_data_uri(scale=4)
        return Template("registration/badges.html", context={"event": event, "rows": rows})


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
            "organisation": (row["organisation_name"] or "") if public else "",
        },
        headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"},
    )


ROUTES = [RegistrationsController, open_badge]

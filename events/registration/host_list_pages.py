"""The pages of the hosts' lists: the host's own page behind their link, and the organiser's
button that sends a workshop's hosts their links (see events.registration.host_lists)."""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.programme.tables import Person, Session, SessionHost
from events.registration.host_lists import send_lists
from events.registration.organiser_reads import attendance_list
from events.settings import Settings
from events.web.auth import organiser_guard
from events.web.signing import derived_code

PRIVATE_PAGE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@get(
    "/hosts/{session_id:int}/{person_id:int}/{code:str}", name="host-list", include_in_schema=False
)
async def host_list_page(
    session_id: FromPath[int],
    person_id: FromPath[int],
    code: FromPath[str],
    settings: NamedDependency[Settings],
) -> Response[Any] | Template:
    """The host's list of their session's participants."""
    expected = derived_code(settings, "host-list", session_id, person_id)
    hosting = await SessionHost.exists().where(
        (SessionHost.session == session_id) & (SessionHost.person == person_id)
    )
    session = (
        await Session.select(
            Session.id,
            Session.title,
            Session.status,
            Session.round.starts_at.as_alias("starts_at"),
            Session.room.name.as_alias("room"),
            Session.event.name.as_alias("event_name"),
            Session.event.timezone.as_alias("timezone"),
            Session.event.archived_at.as_alias("archived_at"),
        )
        .where(Session.id == session_id)
        .first()
    )
    if (
        not hmac.compare_digest(expected, code)
        or not hosting
        or session is None
        or session["archived_at"] is not None
    ):
        raise NotFoundException(detail="this link does not work (any more)")
    host = await Person.select(Person.name).where(Person.id == person_id).first()
    rows = await attendance_list(session_id)
    return Template(
        "registration/host_list.html",
        context={
            "session": session,
            "host_name": host["name"] if host else "",
            "confirmed": [row for row in rows if row["choice_status"] == "confirmed"],
            "waiting": sum(1 for row in rows if row["choice_status"] == "waitlisted"),
        },
        headers=PRIVATE_PAGE,
    )


class HostListSending(Controller):
    """The organiser sends a workshop's hosts the link to their list."""

    path = "/organise/events/{event_id:int}/host-lists"
    guards = [organiser_guard, requires(Permission.REGISTRATIONS)]  # noqa: RUF012
    include_in_schema = False

    @post("/{session_id:int}", name="organise-host-lists-send")
    async def send(
        self,
        event_id: FromPath[int],
        session_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        sent = await send_lists(settings, event_id, session_id)
        return Redirect(
            f"/organise/events/{event_id}/attendance/{session_id}?hosts_sent={sent}",
            status_code=303,
        )


ROUTES = [host_list_page, HostListSending]

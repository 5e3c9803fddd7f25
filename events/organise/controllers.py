"""Organiser pages under /organise/, all behind the organiser guard: the dashboard, and the
routes of the event, session and directory pages collected in ROUTES."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Template

from events.accounts.permissions import Permission, requires, role_labels, roles_of
from events.db import read_snapshot
from events.organise import queries
from events.organise.audit import entry_page
from events.organise.audit import people as audit_people
from events.organise.directory_pages import OrganisationPages, PersonPages, ThemePages
from events.organise.event_pages import EventPages
from events.organise.lifecycle_pages import EventLifecyclePages
from events.organise.organisation_pages import OrganisationReviewPages, ThemeMergePages
from events.organise.session_pages import SessionPages
from events.web.auth import Organiser, organiser_guard
from events.web.pagination import one_of, page_number, query_string, search_text


class OrganiseController(Controller):
    path = "/organise"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/", name="organise-home", guards=[requires(Permission.ORGANISER)])
    async def dashboard(
        self, organiser: NamedDependency[Organiser], archived: FromQuery[bool] = False
    ) -> Template:
        """The events, newest first; archived ones only when asked for (?archived=true). A
        colleague sees only the events they have a role in; a server administrator all."""
        roles = await roles_of(organiser.id)
        only = None if organiser.superuser else list(roles)
        return Template(
            "organise/dashboard.html",
            context={
                "events": await queries.events(archived=archived, only=only),
                "archived_count": await queries.archived_count(only=only),
                "showing_archived": archived,
                "organiser": organiser,
                "roles": roles,
                "role_labels": role_labels(),
            },
        )

    @get("/audit", name="organise-audit", guards=[requires(Permission.ADMINISTER)])
    async def audit_log(self, request: Request) -> Template:
        """Who changed what, when (newest first), by person and a search in what changed."""
        params = request.query_params
        async with read_snapshot():
            people = await audit_people()
            person = one_of(params, "person", people)
            search = search_text(params)
            listing = await entry_page(search, person, page_number(params))
        return Template(
            "organise/audit.html",
            context={
                "entries": listing["rows"],
                "listing": listing,
                "people": people,
                "person": person,
                "search": search,
                "list_query": query_string(q=search, person=person),
            },
        )


ROUTES = [
    OrganiseController,
    EventPages,
    EventLifecyclePages,
    SessionPages,
    OrganisationPages,
    OrganisationReviewPages,
    PersonPages,
    ThemePages,
    ThemeMergePages,
]

"""Who may do what: the roles of an event, their permissions, and the `requires` guard.

A server administrator ("beheerder", Piccolo's `superuser`) may do everything everywhere. Other
organisers may act in an event only through their role in it (EventRole). Routes inside an
event carry the event id in the path (`/organise/events/{event_id}/...`); the guard reads it
from there.
"""

from __future__ import annotations

from enum import StrEnum

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from events.accounts.tables import EventRole
from events.web.auth import SESSION_COOKIE, Organiser, organiser_from_token
from events.web.i18n import gettext as _

LARGEST_ID = 2**31 - 1


class Role(StrEnum):
    COORDINATOR = "coordinator"
    PROGRAMME = "programme"
    MODERATOR = "moderator"
    CHECKIN = "checkin"


class Permission(StrEnum):
    ORGANISER = "organiser"  # any logged-in organiser (the dashboard)
    ADMINISTER = "administer"  # server administrator only: directory, outbox, audit, /admin
    VIEW_EVENT = "view_event"  # the event's overview page
    MANAGE_EVENT = "manage_event"  # edit, publish, copy, archive, delete, the team
    PROGRAMME = "programme"  # rounds, rooms, sessions, practice examples
    CAMPAIGN = "campaign"  # campaign texts
    MODERATE = "moderate"  # pledges, pairs, the wall
    CHECK_IN = "check_in"  # check-in desk, walk-ins, badges, attendance
    REGISTRATIONS = "registrations"  # the registrations list, exports, participant details
    REPORTS = "reports"  # report of the day, outcomes


EVENT_PERMISSIONS = frozenset(Permission) - {Permission.ORGANISER, Permission.ADMINISTER}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COORDINATOR: EVENT_PERMISSIONS,
    Role.PROGRAMME: frozenset({Permission.VIEW_EVENT, Permission.PROGRAMME, Permission.CAMPAIGN}),
    Role.MODERATOR: frozenset({Permission.VIEW_EVENT, Permission.MODERATE}),
    Role.CHECKIN: frozenset({Permission.VIEW_EVENT, Permission.CHECK_IN}),
}


async def role_in(user_id: int, event_id: int) -> Role | None:
    """The user's role in the event, or None."""
    if not 0 < event_id <= LARGEST_ID:
        return None
    row = (
        await EventRole.select(EventRole.role)
        .where((EventRole.user == user_id) & (EventRole.event == event_id))
        .first()
    )
    return Role(row["role"]) if row else None


def role_labels() -> dict[str, str]:
    """The roles as colleagues read them, in the current language."""
    return {
        Role.COORDINATOR: _("Coordinator"),
        Role.PROGRAMME: _("Programme"),
        Role.MODERATOR: _("Moderator"),
        Role.CHECKIN: _("Check-in desk"),
    }


async def roles_of(user_id: int) -> dict[int, str]:
    """The user's role per event id."""
    rows = await EventRole.select(EventRole.event, EventRole.role).where(EventRole.user == user_id)
    return {row["event"]: row["role"] for row in rows}


async def permissions_in(organiser: Organiser, event_id: int) -> frozenset[Permission]:
    """What the organiser may do in the event (everything for a server administrator)."""
    if organiser.superuser:
        return EVENT_PERMISSIONS
    role = await role_in(organiser.id, event_id)
    return ROLE_PERMISSIONS[role] if role else frozenset()


async def sees_registrations(organiser: Organiser, event_id: int) -> bool:
    """Whether participant pages and registrations are open to the organiser: the check-in desk
    sees names only, so pages they share with coordinators leave out the links to them."""
    return Permission.REGISTRATIONS in await permissions_in(organiser, event_id)


async def _organiser(connection: ASGIConnection) -> Organiser:
    organiser = connection.state.get("organiser")
    if organiser is None:
        organiser = await organiser_from_token(connection.cookies.get(SESSION_COOKIE))
    if organiser is None:
        raise NotAuthorizedException(detail="login required")
    connection.state.organiser = organiser
    return organiser


def requires(permission: Permission) -> Guard:
    """A guard: the logged-in organiser must hold `permission` (in the event of the path)."""

    async def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        organiser = await _organiser(connection)
        if organiser.superuser or permission is Permission.ORGANISER:
            return
        event_id = connection.path_params.get("event_id")
        if permission is Permission.ADMINISTER or not isinstance(event_id, int):
            raise PermissionDeniedException(detail="server administrators only")
        if permission not in await permissions_in(organiser, event_id):
            raise PermissionDeniedException(detail="your role in this event does not allow this")

    guard.permission = permission  # type: ignore[attr-defined]
    return guard

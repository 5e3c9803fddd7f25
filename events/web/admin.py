"""Piccolo Admin, mounted at /admin/ behind the same organiser session as /organise/."""

from __future__ import annotations

from litestar import asgi
from litestar.handlers.asgi_handlers import ASGIRouteHandler
from litestar.types import Receive, Scope, Send
from piccolo.apps.user.tables import BaseUser
from piccolo_admin.endpoints import create_admin
from piccolo_api.session_auth.tables import SessionsBase

from events.followup import tables as followup
from events.pairs import tables as pairs
from events.pledges import tables as pledges
from events.programme import tables as programme
from events.settings import Settings
from events.web.auth import organiser_guard

ADMIN_TABLES = [
    programme.Event,
    programme.Round,
    programme.Room,
    programme.Session,
    programme.Organisation,
    programme.Person,
    programme.PracticeExample,
    programme.Theme,
    programme.PracticeTheme,
    programme.SessionTheme,
    programme.SessionPractice,
    programme.SessionHost,
    pairs.Pair,
    pairs.PairMember,
    pledges.Pledge,
    pledges.PledgeSettings,
    pledges.PledgeTheme,
    pledges.PledgePractice,
    pledges.PledgeSession,
    followup.CampaignStep,
    followup.PledgeProgress,
    followup.PairReunion,
    followup.MeetingReply,
]


def admin_mount(settings: Settings) -> ASGIRouteHandler:
    """Build the admin app once and mount it."""
    admin_app = create_admin(
        tables=ADMIN_TABLES,
        auth_table=BaseUser,
        session_table=SessionsBase,
        site_name="events admin",
        production=settings.secure_cookies,
        default_language_code="nl" if settings.default_language == "nl" else "en",
    )

    @asgi("/admin", is_mount=True, copy_scope=True, name="admin", guards=[organiser_guard])
    async def admin(scope: Scope, receive: Receive, send: Send) -> None:
        await admin_app(scope, receive, send)  # type: ignore[arg-type]

    return admin

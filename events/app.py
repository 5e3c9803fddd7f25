"""create_app(): builds the Litestar application from the settings, and `wire()`: the wiring of
the layers (README, Development, "Architecture notes"). Nothing else lives here.

The domains below the follow-up, and the cross-cutting `events.web`, name nothing above them;
what they need from higher up (a campaign that follows a registration, the personal links in a
message, the admin's tables, the participants' session cookie) is handed to them here.
"""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.static_files import create_static_files_router
from piccolo.table import Table
from piccolo_admin.endpoints import TableConfig

from events import db, privacy
from events.accounts import tokens as account_tokens
from events.accounts.controllers import ROUTES as ACCOUNT_ROUTES
from events.accounts.permissions import Permission, requires
from events.announcements.controllers import ROUTES as ANNOUNCEMENT_ROUTES
from events.followup import campaign_sync
from events.followup import tables as followup
from events.followup.campaign_controllers import ROUTES as FOLLOWUP_ROUTES
from events.freshness.services import data_version, schedule_pruning
from events.organise.audit import audit_middleware
from events.organise.controllers import ROUTES as ORGANISE_ROUTES
from events.outbox import kinds as outbox_kinds
from events.outbox import links, worker
from events.outbox.controllers import routes as outbox_routes
from events.pairs import stored as stored_suggestions
from events.pairs import tables as pairs
from events.pairs.controllers import ROUTES as PAIRS_ROUTES
from events.pledges import tables as pledges
from events.pledges.controllers import ROUTES as PLEDGES_ROUTES
from events.programme import tables as programme
from events.programme.controllers import ROUTES as PROGRAMME_ROUTES
from events.ratelimits.store import DatabaseRateStore
from events.registration import hooks as registration_hooks
from events.registration import links as registration_links
from events.registration.confirmation import schedule_release
from events.registration.controllers import EXCEPTION_HANDLERS as REGISTRATION_HANDLERS
from events.registration.controllers import ROUTES as REGISTRATION_ROUTES
from events.registration.host_list_pages import ROUTES as HOST_LIST_ROUTES
from events.registration.mail_text_pages import ROUTES as MAIL_TEXT_ROUTES
from events.registration.offers import schedule_offer_expiry
from events.registration.organiser import ROUTES as REGISTRATION_ORGANISER_ROUTES
from events.registration.organiser_people import ROUTES as REGISTRATION_PEOPLE_ROUTES
from events.registration.participant_session import PARTICIPANT_COOKIE
from events.registration.printouts import ROUTES as PRINTOUT_ROUTES
from events.registration.seats import seats_overview
from events.reports.controllers import ROUTES as REPORTS_ROUTES
from events.settings import Settings, load_settings
from events.web import auth
from events.web.admin import admin_mount, read_only, without_columns
from events.web.caching import (
    CookieFreeStore,
    SingleFlight,
    data_version_middleware,
    response_cache_config,
    session_check,
)
from events.web.controllers import ROUTES as WEB_ROUTES
from events.web.csrf import CSRF_COOKIE, CSRF_HEADER
from events.web.errors import EXCEPTION_HANDLERS, refuse_impossible_ids
from events.web.flash import clear_shown_flash
from events.web.middleware import language_middleware_factory, security_headers
from events.web.ratelimit import RateLimits
from events.web.snapshot import snapshot_middleware
from events.web.static import STATIC_DIR, vendor_router
from events.web.templating import template_config


def admin_tables() -> list[type[Table] | TableConfig]:
    """The tables in Piccolo Admin (see events.web.admin), with what it must not show."""
    return [
        read_only(programme.Event),
        read_only(programme.Round),
        read_only(programme.Room),
        read_only(programme.Session),
        programme.Organisation,
        without_columns(programme.Person, "email"),
        programme.PracticeExample,
        programme.Theme,
        programme.PracticeTheme,
        programme.SessionTheme,
        programme.SessionPractice,
        read_only(programme.SessionHost),
        without_columns(pairs.Pair, "code"),
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


async def campaign_step_names(step_ids: list[int]) -> dict[int, str]:
    """The names of campaign steps, for the participant's mail log (registration)."""
    rows = await followup.CampaignStep.select(
        followup.CampaignStep.id, followup.CampaignStep.name
    ).where(followup.CampaignStep.id.is_in(step_ids or [0]))
    return {row["id"]: row["name"] for row in rows}


def _prune_data_versions(scheduler: AsyncIOScheduler, _settings: Settings) -> None:
    schedule_pruning(scheduler)


def wire() -> None:
    """Give the lower layers what they need from the higher ones. Idempotent; `create_app`, the
    `events` commands and the tests' set-up call it."""
    links.register(
        "manage",
        links.LinkRenderer(
            marker=registration_links.MANAGE_NONCE_KEY,
            secret_keys=(registration_links.MANAGE_NONCE_KEY,),
            render=registration_links.render_manage_link,
        ),
    )
    links.register(
        "account",
        links.LinkRenderer(
            marker=account_tokens.PURPOSE_KEY,
            secret_keys=(account_tokens.NONCE_KEY,),
            render=account_tokens.render_account_link,
        ),
    )
    registration_hooks.configure(
        participant_changed=campaign_sync.sync_participant,
        participant_left=campaign_sync.cancel_for_participant,
        export_personal_data=privacy.export_participant,
        erase_personal_data=privacy.erase_participant,
        suggestions_stale=stored_suggestions.forget,
    )
    outbox_kinds.configure(step_names=campaign_step_names)
    worker.configure(
        dispatcher=campaign_sync.CampaignDispatcher,
        jobs=(schedule_release, schedule_offer_expiry, _prune_data_versions),
    )


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()
    wire()

    rate_limits = RateLimits(settings, DatabaseRateStore())
    single_flight = SingleFlight()
    has_session = session_check([PARTICIPANT_COOKIE])
    administer = requires(Permission.ADMINISTER)

    async def open_database() -> None:
        await db.start_pool(settings)

    start_dispatcher, stop_dispatcher = worker.app_dispatcher_hooks(settings)

    return Litestar(
        route_handlers=[
            *WEB_ROUTES,
            auth.login_page,
            auth.login_submit,
            auth.logout,
            *PROGRAMME_ROUTES,
            *ORGANISE_ROUTES,
            *ACCOUNT_ROUTES,
            *outbox_routes(administer),
            *FOLLOWUP_ROUTES,
            *ANNOUNCEMENT_ROUTES,
            *REGISTRATION_ROUTES,
            *REGISTRATION_ORGANISER_ROUTES,
            *REGISTRATION_PEOPLE_ROUTES,
            *PRINTOUT_ROUTES,
            *MAIL_TEXT_ROUTES,
            *HOST_LIST_ROUTES,
            *PAIRS_ROUTES,
            *PLEDGES_ROUTES,
            *REPORTS_ROUTES,
            admin_mount(settings, admin_tables(), administer),
            create_static_files_router(path="/static", directories=[STATIC_DIR], name="static"),
            vendor_router(settings),
        ],
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "organiser": Provide(auth.current_organiser),
            "rate_limits": Provide(lambda: rate_limits, use_cache=True, sync_to_thread=False),
            "seat_counts": Provide(lambda: seats_overview, use_cache=True, sync_to_thread=False),
            "single_flight": Provide(lambda: single_flight, use_cache=True, sync_to_thread=False),
        },
        template_config=template_config(settings),
        response_cache_config=response_cache_config(settings, has_session),
        stores={"response_cache": CookieFreeStore()},
        # Only the JSON API is documented; HTML pages and forms opt out by default.
        include_in_schema=False,
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_secure=settings.secure_cookies,
            cookie_httponly=True,
            exclude=["/admin", "/api/", "/language"],
        ),
        before_send=[security_headers(settings), clear_shown_flash],
        middleware=[
            language_middleware_factory(settings),
            snapshot_middleware,
            audit_middleware,
            *([data_version_middleware(data_version, has_session)] if settings.page_cache else []),
        ],
        # The one place where an out-of-range id in a path becomes a 404 (a layer that sets
        # its own before_request replaces this one: keep it there too).
        before_request=refuse_impossible_ids,
        exception_handlers={
            NotAuthorizedException: auth.login_redirect,
            **REGISTRATION_HANDLERS,
            **EXCEPTION_HANDLERS,
        },
        openapi_config=OpenAPIConfig(
            title="events",
            version="0.1.0",
            description="Programme, practice examples and (later) registrations of a parade.",
            path="/schema",
            # Only the document itself: the interactive viewers load scripts from other
            # sites, which the Content-Security-Policy (rightly) refuses.
            render_plugins=[JsonRenderPlugin(), YamlRenderPlugin()],
        ),
        on_startup=[open_database, start_dispatcher],
        on_shutdown=[stop_dispatcher, db.close_pool],
        state={"settings": settings},
    )

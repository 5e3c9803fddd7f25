"""create_app(): builds the Litestar application from the settings; nothing else lives here."""

from __future__ import annotations

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.static_files import create_static_files_router

from events import db
from events.accounts.controllers import ROUTES as ACCOUNT_ROUTES
from events.announcements.controllers import ROUTES as ANNOUNCEMENT_ROUTES
from events.followup.controllers import ROUTES as FOLLOWUP_ROUTES
from events.followup.worker import app_dispatcher_hooks
from events.organise.audit import audit_middleware
from events.organise.controllers import ROUTES as ORGANISE_ROUTES
from events.pairs.controllers import ROUTES as PAIRS_ROUTES
from events.pledges.controllers import ROUTES as PLEDGES_ROUTES
from events.programme.controllers import ROUTES as PROGRAMME_ROUTES
from events.registration.controllers import EXCEPTION_HANDLERS as REGISTRATION_HANDLERS
from events.registration.controllers import ROUTES as REGISTRATION_ROUTES
from events.registration.organiser import ROUTES as REGISTRATION_ORGANISER_ROUTES
from events.registration.organiser_people import ROUTES as REGISTRATION_PEOPLE_ROUTES
from events.registration.printouts import ROUTES as PRINTOUT_ROUTES
from events.registration.seats import seats_overview
from events.reports.controllers import ROUTES as REPORTS_ROUTES
from events.settings import Settings, load_settings
from events.web import auth
from events.web.admin import admin_mount
from events.web.caching import (
    CookieFreeStore,
    SingleFlight,
    data_version_middleware,
    response_cache_config,
)
from events.web.controllers import ROUTES as WEB_ROUTES
from events.web.csrf import CSRF_COOKIE, CSRF_HEADER
from events.web.errors import EXCEPTION_HANDLERS, refuse_impossible_ids
from events.web.flash import clear_shown_flash
from events.web.middleware import language_middleware_factory, security_headers
from events.web.ratelimit import RateLimits
from events.web.static import STATIC_DIR, vendor_router
from events.web.templating import template_config


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()

    rate_limits = RateLimits(settings)
    single_flight = SingleFlight()

    async def open_database() -> None:
        await db.start_pool(settings)

    start_dispatcher, stop_dispatcher = app_dispatcher_hooks(settings)

    return Litestar(
        route_handlers=[
            *WEB_ROUTES,
            auth.login_page,
            auth.login_submit,
            auth.logout,
            *PROGRAMME_ROUTES,
            *ORGANISE_ROUTES,
            *ACCOUNT_ROUTES,
            *FOLLOWUP_ROUTES,
            *ANNOUNCEMENT_ROUTES,
            *REGISTRATION_ROUTES,
            *REGISTRATION_ORGANISER_ROUTES,
            *REGISTRATION_PEOPLE_ROUTES,
            *PRINTOUT_ROUTES,
            *PAIRS_ROUTES,
            *PLEDGES_ROUTES,
            *REPORTS_ROUTES,
            admin_mount(settings),
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
        response_cache_config=response_cache_config(settings),
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
            audit_middleware,
            *([data_version_middleware] if settings.page_cache else []),
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

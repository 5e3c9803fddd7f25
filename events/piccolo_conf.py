"""Piccolo's configuration: the engine from the settings and every app's tables and migrations."""

from piccolo.conf.apps import AppRegistry

from events.db import build_engine
from events.settings import load_settings

DB = build_engine(load_settings())

APP_REGISTRY = AppRegistry(
    apps=[
        "piccolo.apps.user.piccolo_app",
        "piccolo_api.session_auth.piccolo_app",
        "events.programme.piccolo_app",
        "events.organise.piccolo_app",
        "events.followup.piccolo_app",
        "events.outbox.piccolo_app",
        "events.registration.piccolo_app",
        "events.pairs.piccolo_app",
        "events.pledges.piccolo_app",
        "events.idempotency.piccolo_app",
        "events.accounts.piccolo_app",
        "events.announcements.piccolo_app",
        "events.freshness.piccolo_app",
        "events.ratelimits.piccolo_app",
    ]
)

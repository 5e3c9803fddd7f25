"""ASGI middleware: the request's language; security and no-store headers on every response."""

from __future__ import annotations

import re
from urllib.parse import unquote

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, BeforeMessageSendHookHandler, Message, Receive, Scope, Send

from events.settings import Settings
from events.web import i18n

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


# Piccolo Admin's single-page app loads only its own module scripts; it sets element styles.
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


ADMIN_PREFIX = "/admin"
MANY_SLASHES = re.compile("/{2,}")

# Personal pages and files (a participant's own, secret links, feeds), organiser pages, the
# admin, exports (all under /organise or /me) and the login.
NO_STORE_PREFIXES = (
    "/me",
    "/manage",
    "/feeds",
    "/badge",
    "/progress",
    "/follow-up",
    "/unsubscribe",
    "/organise",
    ADMIN_PREFIX,
    "/login",
    "/logout",
)
# Public pages that answer with what a visitor just typed (their address, their link request).
NO_STORE_PAGES = re.compile(r"^/events/[^/]+/(register|link)(/|$)")


def cookie_value(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                cookie_name, _sep, cookie_value = part.strip().partition("=")
                if cookie_name == name:
                    return cookie_value
    return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def language_middleware_factory(settings: Settings):  # type: ignore[no-untyped-def]
    """Picks the language of each request (cookie, Accept-Language, default) for gettext."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            language = i18n.negotiate_language(
                cookie_value(scope, i18n.LANGUAGE_COOKIE),
                _header(scope, b"accept-language"),
                settings.default_language,
            )
            scope.setdefault("state", {})["language"] = language
            token = i18n.set_current_language(language)
            try:
                await app(scope, receive, send)
            finally:
                i18n._current_language.reset(token)

        return middleware

    return factory


def full_path(scope: Scope) -> str:
    """The path the client asked for, as routing sees it, also inside mounted apps.

    A mounted app (Piccolo Admin at /admin) gets `scope["path"]` without its mount prefix, so
    checks on the path use the raw path (decoded, repeated slashes collapsed as Litestar's router
    does; a trailing slash is kept), or `root_path` + `path` where a server gives no raw path.
    """
    raw_path = scope.get("raw_path")
    if raw_path:
        path = unquote(raw_path.decode("latin-1").partition("?")[0])
    else:
        path = scope.get("root_path", "") + scope["path"]
    return "/" + MANY_SLASHES.sub("/", path).lstrip("/")


def is_under(path: str, prefixes: tuple[str, ...]) -> bool:
    """Whether `path` is one of `prefixes` or below one (`/me` and `/me/x`, not `/meet`)."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in prefixes)


def is_admin_path(path: str) -> bool:
    return is_under(path, (ADMIN_PREFIX,))


def is_no_store_path(path: str) -> bool:
    """Pages and files with personal data, organiser pages and exports: never kept in a cache."""
    return is_under(path, NO_STORE_PREFIXES) or NO_STORE_PAGES.match(path) is not None


def security_headers(settings: Settings) -> BeforeMessageSendHookHandler:
    """A before-send hook: CSP, nosniff, Referrer-Policy, frame protection, HSTS behind TLS,
    and `Cache-Control: no-store` on personal and organiser responses.

    A hook on the app's send sees every response, also the router's own 404 and 405 pages
    that no route middleware wraps, and responses of the mounted admin.
    """

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or scope["type"] != ScopeType.HTTP:
            return
        path = full_path(scope)
        headers = MutableScopeHeaders.from_message(message)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault(
            "Content-Security-Policy",
            ADMIN_CONTENT_SECURITY_POLICY if is_admin_path(path) else CONTENT_SECURITY_POLICY,
        )
        if settings.secure_cookies:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if is_no_store_path(path):
            headers["Cache-Control"] = "no-store"

    return add_headers


def language_cookie(language: str, settings: Settings) -> Cookie:
    return Cookie(
        key=i18n.LANGUAGE_COOKIE,
        value=language,
        max_age=365 * 24 * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )

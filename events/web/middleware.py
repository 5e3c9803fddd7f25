"""ASGI middleware: the request's language, and security headers on every response."""

from __future__ import annotations

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

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


def security_headers_middleware_factory(settings: Settings):  # type: ignore[no-untyped-def]
    """Adds CSP, nosniff, Referrer-Policy, frame protection and (behind TLS) HSTS."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            is_admin = scope["path"].startswith("/admin")

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableScopeHeaders.from_message(message)
                    headers.setdefault("X-Content-Type-Options", "nosniff")
                    headers.setdefault("Referrer-Policy", "same-origin")
                    headers.setdefault("X-Frame-Options", "DENY")
                    headers.setdefault(
                        "Content-Security-Policy",
                        ADMIN_CONTENT_SECURITY_POLICY if is_admin else CONTENT_SECURITY_POLICY,
                    )
                    if settings.secure_cookies:
                        headers.setdefault(
                            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
                        )
                await send(message)

            await app(scope, receive, send_with_headers)

        return middleware

    return factory


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

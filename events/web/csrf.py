"""The CSRF cookie's name and header, and a fresh token for the moments identity changes.

Litestar's CSRF middleware keeps a browser's token for as long as the cookie lives. Whenever
somebody becomes somebody else in that browser (an organiser logs in or out, a manage link
opens a participant's session) the response sets a new token, so a token learnt before the
switch is worth nothing after it.
"""

from __future__ import annotations

from litestar.datastructures import Cookie
from litestar.middleware.csrf import generate_csrf_token

from events.settings import Settings

CSRF_COOKIE = "events_csrf"
CSRF_HEADER = "x-events-csrf"


def fresh_csrf_cookie(settings: Settings) -> Cookie:
    """A new CSRF token, set like the middleware sets its own."""
    return Cookie(
        key=CSRF_COOKIE,
        value=generate_csrf_token(secret=settings.secret_key),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )

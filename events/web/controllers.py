"""Site-wide endpoints: health check and the language switch."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect

from events.db import database_is_reachable
from events.settings import LANGUAGES, Settings
from events.web.middleware import language_cookie


@get("/healthz", name="healthz", include_in_schema=False)
async def healthz() -> Response:
    if await database_is_reachable():
        return Response({"status": "ok", "database": "ok"}, status_code=200)
    return Response({"status": "unavailable", "database": "unreachable"}, status_code=503)


@post("/language", name="language")
async def switch_language(request: Request, settings: NamedDependency[Settings]) -> Response:
    """Remember the chosen language in a cookie and go back to the page it was chosen on."""
    form = await request.form()
    language = str(form.get("language", ""))
    target = str(form.get("next", "/"))
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = Redirect(path=target, status_code=303)
    if language in LANGUAGES:
        response.set_cookie(language_cookie(language, settings))
    return response


ROUTES = [healthz, switch_language]

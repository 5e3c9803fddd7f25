"""Error pages a person can act on: HTML for browsers, JSON for the API."""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from events.web.i18n import gettext as _

logger = logging.getLogger(__name__)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(
        ("/api/", "/schema")
    ) and "text/html" in request.headers.get("accept", "")


def http_error(request: Request, exc: HTTPException) -> Response:
    if not _wants_html(request):
        return Response(
            {"status_code": exc.status_code, "detail": exc.detail}, status_code=exc.status_code
        )
    titles = {
        400: _("Something in the request was not right"),
        403: _("You cannot open this page"),
        404: _("Page not found"),
        405: _("This cannot be done here"),
        429: _("Too many requests; please wait a moment"),
    }
    return Template(
        "web/error.html",
        context={"status_code": exc.status_code, "title": titles.get(exc.status_code, _("Error"))},
        status_code=exc.status_code,
    )


def server_error(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if not _wants_html(request):
        return Response({"status_code": 500, "detail": "Internal Server Error"}, status_code=500)
    return Template(
        "web/error.html",
        context={"status_code": 500, "title": _("Something went wrong on our side")},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


EXCEPTION_HANDLERS = {HTTPException: http_error, HTTP_500_INTERNAL_SERVER_ERROR: server_error}

"""Error pages a person can act on: HTML for browsers, JSON for the API."""

from __future__ import annotations

import logging
import re

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from events.web.i18n import gettext as _

logger = logging.getLogger(__name__)

# Ids are PostgreSQL serials (32-bit); SQLite's are 64-bit. A larger number in a path cannot
# name a row, and passing it to the database fails (SQLite: OverflowError, asyncpg: DataError).
LARGEST_ID = 2**31 - 1
# What the drivers say when a number does not fit the column's integer type.
NUMBER_OUT_OF_RANGE = re.compile(r"too large to convert to SQLite INTEGER|out of int\d+ range")


async def refuse_impossible_ids(request: Request) -> None:
    """Before every handler (after its guards): an int path parameter outside the range of ids
    is a 404, the same answer as a missing row, instead of a database error."""
    for value in request.path_params.values():
        if isinstance(value, int) and not -LARGEST_ID - 1 <= value <= LARGEST_ID:
            raise NotFoundException()


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
        context={
            "status_code": exc.status_code,
            "title": titles.get(exc.status_code, _("Error")),
            "organiser_page": request.url.path.startswith(("/organise", "/admin")),
        },
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


def number_out_of_range(request: Request, exc: Exception) -> Response:
    """The safety net behind `refuse_impossible_ids`, for ids a handler reads from a text path
    parameter (`/sessions/12.ics`) or a form: a number too large for the database names no
    row. GET answers 404, like a missing row; other methods 400. Other errors stay 500s."""
    if isinstance(exc, asyncpg.exceptions.NumericValueOutOfRangeError) or (
        NUMBER_OUT_OF_RANGE.search(str(exc))
    ):
        logger.info("number out of range on %s %s: %s", request.method, request.url.path, exc)
        status = 404 if request.method in ("GET", "HEAD") else 400
        return http_error(request, HTTPException(status_code=status))
    return server_error(request, exc)


EXCEPTION_HANDLERS = {
    HTTPException: http_error,
    OverflowError: number_out_of_range,
    asyncpg.exceptions.DataError: number_out_of_range,
    HTTP_500_INTERNAL_SERVER_ERROR: server_error,
}

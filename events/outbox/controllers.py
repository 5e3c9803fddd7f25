"""Web pages of the outbox: the organiser's outbox and the public unsubscribe link."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.types import Guard

from events.outbox import services
from events.outbox.kinds import kind_names
from events.outbox.tables import STATUSES
from events.settings import Settings
from events.web.i18n import gettext as _
from events.web.pagination import one_of, page_number, query_string, search_text

PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; form-action 'none'; base-uri 'none'"
)


class OutboxController(Controller):
    """The outbox for organisers: what was sent, what waits, what failed and why (only behind
    the guard `routes` puts in front of it)."""

    path = "/organise/outbox"

    @get("/", name="outbox")
    async def index(self, request: Request) -> Template:
        params = request.query_params
        status = one_of(params, "status", STATUSES)
        kinds = await services.outbox_kinds()
        kind = one_of(params, "kind", kinds)
        search = search_text(params)
        listing = await services.outbox_page(status, kind, search, page_number(params))
        return Template(
            "mail/pages/outbox.html",
            context={
                "messages": listing["rows"],
                "listing": listing,
                "search": search,
                "list_query": query_string(status=status, kind=kind, q=search),
                "counts": await services.outbox_counts(),
                "statuses": STATUSES,
                "kinds": kinds,
                "kind_names": await kind_names(kinds),
                "status": status,
                "kind": kind,
            },
        )

    @get("/{message_id:int}", name="outbox-message")
    async def show(
        self, message_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template:
        row = await services.get_row(message_id)
        if row is None:
            raise NotFoundException(_("This message does not exist."))
        error = None
        rendered = None
        erased = services.is_erased(row)
        if not erased:
            try:
                rendered = services.render_row(settings, row, preview=True)
            except Exception as problem:  # show the organiser why it cannot be built
                error = str(problem)
        return Template(
            "mail/pages/message.html",
            context={
                "row": row,
                "kind_name": (await kind_names([row["kind"]]))[row["kind"]],
                "rendered": rendered,
                "error": error,
                "erased": erased,
            },
        )

    @get("/{message_id:int}/html", name="outbox-message-html")
    async def html(
        self, message_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response:
        """The HTML part alone, for the sandboxed frame on the message page."""
        row = await services.get_row(message_id)
        if row is None:
            raise NotFoundException(_("This message does not exist."))
        rendered = services.render_row(settings, row, preview=True)
        return Response(
            rendered.mail.html,
            media_type="text/html",
            headers={
                "Content-Security-Policy": PREVIEW_POLICY,
                "X-Frame-Options": "SAMEORIGIN",
            },
        )

    @post("/{message_id:int}/retry", name="outbox-retry")
    async def retry(self, message_id: FromPath[int]) -> Redirect:
        await services.retry_now(message_id)
        return Redirect(path=f"/organise/outbox/{message_id}", status_code=303)


def _unsubscribe_context(settings: Settings, token: str) -> dict[str, str]:
    email = services.email_from_token(settings, token)
    if email is None:
        raise NotFoundException(_("This unsubscribe link is not valid."))
    return {"email": email, "token": token}


@get("/unsubscribe/{token:str}", name="unsubscribe")
async def unsubscribe_page(token: FromPath[str], settings: NamedDependency[Settings]) -> Template:
    """Only asks; mail scanners that follow links change nothing."""
    context = _unsubscribe_context(settings, token)
    already = await services.is_unsubscribed(context["email"])
    return Template(
        "mail/pages/unsubscribe.html", context={**context, "done": already, "asked": False}
    )


@post("/unsubscribe/{token:str}", name="unsubscribe-confirm", exclude_from_csrf=True)
async def unsubscribe_confirm(
    token: FromPath[str], settings: NamedDependency[Settings]
) -> Template:
    """RFC 8058 one-click: works without cookies or CSRF token (the token is the proof), and
    doing it again changes nothing."""
    context = _unsubscribe_context(settings, token)
    await services.unsubscribe(context["email"])
    return Template(
        "mail/pages/unsubscribe.html",
        context={**context, "done": True, "asked": True},
        status_code=200,
    )


def routes(organiser_guard: Guard) -> list[Any]:
    """The outbox's pages: the organiser's, behind `organiser_guard` (who may see every
    message; the accounts domain knows who that is), and the public unsubscribe pages."""
    organiser_pages = Router(path="/", route_handlers=[OutboxController], guards=[organiser_guard])
    return [organiser_pages, unsubscribe_page, unsubscribe_confirm]

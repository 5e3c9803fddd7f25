"""Registration pages and API: the form, POST /api/…/registrations, the personal feed; the
participant's own pages (manage link, /me) are in participant_pages."""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.handlers import BaseRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.response import Template
from litestar.status_codes import (
    HTTP_202_ACCEPTED,
    HTTP_400_BAD_REQUEST,
    HTTP_409_CONFLICT,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
)

from events.calendar import feeds
from events.db import read_snapshot
from events.idempotency import services as idempotency
from events.mail.addresses import comparison_key
from events.programme import queries as programme_queries
from events.registration import queries, services, window
from events.registration.booked import booked_cookie, booked_sessions
from events.registration.organiser import feed_token
from events.registration.participant_pages import (
    NO_REFERRER,
    MeController,
    SendLinkController,
    confirm_manage_link,
    open_manage_link,
    session_required_page,
)
from events.registration.participant_pages import published_event as _published_event
from events.registration.participant_session import ParticipantSessionRequired
from events.registration.schemas import (
    CheckYourMailOut,
    ClosedOut,
    FieldErrorsOut,
    ProblemOut,
    RegistrationIn,
    form_from_api,
)
from events.settings import Settings
from events.web.flash import redirect_with
from events.web.i18n import gettext as _
from events.web.ratelimit import RateLimits

HONEYPOT_FIELD = "website"


def _form_from_post(form: Any) -> services.RegistrationForm:
    def number_list(name: str) -> list[int]:
        return [int(value) for value in form.getall(name, []) if str(value).isdigit()]

    choices = [
        int(value)
        for key, value in form.multi_items()
        if key.startswith("round-") and str(value).isdigit()
    ]
    return services.RegistrationForm(
        name=str(form.get("name", "")),
        email=str(form.get("email", "")),
        organisation=str(form.get("organisation", "")),
        job_title=str(form.get("job_title", "")),
        language=str(form.get("language", "nl")),
        themes=number_list("themes"),
        offer=str(form.get("offer", "")),
        looking_for=str(form.get("looking_for", "")),
        access_needs=str(form.get("access_needs", "")),
        choices=choices,
        consent_event=bool(form.get("consent_event")),
        consent_public_name=bool(form.get("consent_public_name")),
        consent_follow_up=bool(form.get("consent_follow_up")),
    )


async def _form_context(event: dict[str, Any], values: dict[str, Any], errors: dict[str, str]):
    return {
        "event": event,
        "rounds": await queries.rounds_with_choices(event["id"]),
        "theme_options": [(row["id"], row["name"]) for row in await queries.themes()],
        "organisations": await queries.organisation_names(),
        "languages": [(code, name) for code, name in (("nl", "Nederlands"), ("en", "English"))],
        "values": values,
        "errors": errors,
        "honeypot": HONEYPOT_FIELD,
    }


def _closed_page(event: dict[str, Any], refusal: window.Refusal, status: int) -> Template:
    """The page instead of the form: not open yet, closed or full."""
    return Template(
        "registration/closed.html",
        context={"event": event, "refusal": refusal},
        status_code=status,
    )


class RegistrationController(Controller):
    """The public registration form of one event."""

    path = "/events/{slug:str}"
    include_in_schema = False

    @get("/register", name="register")
    async def form(self, slug: FromPath[str], request: Request) -> Template:
        async with read_snapshot():
            event = await _published_event(slug)
            refusal = await window.refusal(event["id"])
            if refusal is not None:
                return _closed_page(event, refusal, 200)
            values = {
                "language": request.scope.get("state", {}).get("language", "nl"),
                idempotency.FIELD: idempotency.new_key(),
            }
            context = await _form_context(event, values, {})
        return Template("registration/register.html", context=context)

    @post("/register", name="register-submit")
    async def submit(
        self,
        slug: FromPath[str],
        request: Request,
        settings: NamedDependency[Settings],
        rate_limits: NamedDependency[RateLimits],
    ) -> Response:
        event = await _published_event(slug)
        form = await request.form()
        await rate_limits.check(request, "register", comparison_key(str(form.get("email", ""))))
        if form.get(HONEYPOT_FIELD):
            return redirect_with(f"/events/{slug}/register/sent", "registered")
        registration = _form_from_post(form)
        once = await idempotency.once(
            f"register:{event['id']}",
            idempotency.submission_of(form),
            lambda: services.register(event["id"], registration, settings),
            lambda r: None if r.errors else idempotency.Made("participant", r.participant_id),
        )
        result = once.result
        if result is not None and result.refusal is not None:
            return _closed_page(event, result.refusal, HTTP_409_CONFLICT)
        if result is not None and result.errors:
            values = {key: form.get(key) for key in form}
            values["themes"] = registration.themes
            values["choices"] = registration.choices
            context = await _form_context(event, values, result.errors)
            return Template("registration/register.html", context=context, status_code=400)
        done = redirect_with(f"/events/{slug}/register/sent", "registered")
        if result is not None and result.created and result.outcomes:
            done.cookies.append(booked_cookie(settings, event["id"], result.outcomes))
        return done

    @get("/register/sent", name="register-sent")
    async def sent(
        self, slug: FromPath[str], request: Request, settings: NamedDependency[Settings]
    ) -> Template:
        event = await _published_event(slug)
        bookings = await booked_sessions(request, settings, event["id"])
        return Template("registration/sent.html", context={"event": event, "bookings": bookings})


def json_only(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """A guard (run before the body is read): the body must be sent as application/json. A
    page on another site can send text/plain or a form without asking; JSON it cannot."""
    if connection.headers.get("content-type", "").split(";")[0].strip().lower() != (
        "application/json"
    ):
        raise HTTPException(
            status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail="send the body as application/json",
        )


def body_errors(_request: Request, exc: HTTPException) -> Response:
    """A body that is no JSON, or not of the documented shape: 400 like the field errors."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    messages = [
        f"{item['key']}: {item.get('message', '')}" if item.get("key") else item.get("message")
        for item in extra
        if isinstance(item, dict)
    ]
    detail = "; ".join(message for message in messages if message) or _(
        "The request body is not valid JSON."
    )
    return Response({"errors": {"body": detail}}, status_code=HTTP_400_BAD_REQUEST)


@post(
    "/api/events/{slug:str}/registrations",
    name="api-register",
    include_in_schema=True,
    tags=["registration"],
    status_code=HTTP_202_ACCEPTED,
    summary="Register a participant",
    guards=[json_only],
    exception_handlers={HTTP_400_BAD_REQUEST: body_errors},
    responses={
        HTTP_202_ACCEPTED: ResponseSpec(
            CheckYourMailOut, description="Accepted: the outcome goes by e-mail"
        ),
        HTTP_400_BAD_REQUEST: ResponseSpec(FieldErrorsOut, description="Bad input"),
        404: ResponseSpec(ProblemOut, description="Unknown or unpublished event"),
        HTTP_409_CONFLICT: ResponseSpec(
            ClosedOut, description="Registration not open yet, closed, or the event is full"
        ),
        HTTP_415_UNSUPPORTED_MEDIA_TYPE: ResponseSpec(
            ProblemOut, description="The body is not sent as application/json"
        ),
        429: ResponseSpec(ProblemOut, description="Too many requests"),
    },
    description=(
        "The body must be sent as `application/json` (else 415). 400 with a message per field. "
        'Otherwise always 202 `{"status": "check_your_mail"}`, the same for a new and an '
        "already registered address (nobody can find out who is registered): a new "
        "registration is made, or the known address is mailed one more manage link, after "
        "the answer. Each choice's outcome (a seat or a waiting-list place) and the manage "
        "link are only sent by e-mail. The same limits per client and per address apply as "
        "on the registration form; `website` is a trap for bots and must be left empty. "
        "409 when registration is not open yet, closed, or full (`status`: not_open, closed, "
        "full, and a `message` in the request's language)."
    ),
)
async def api_register(
    slug: FromPath[str],
    data: JSONBody[RegistrationIn],
    request: Request,
    settings: NamedDependency[Settings],
    rate_limits: NamedDependency[RateLimits],
) -> Response[CheckYourMailOut]:
    event = await programme_queries.event_by_slug(slug)
    if event is None:
        raise NotFoundException(detail="event not found")
    await rate_limits.check(request, "register", comparison_key(data.email))
    accepted = CheckYourMailOut(status="check_your_mail")
    if data.website:
        return Response(accepted, status_code=HTTP_202_ACCEPTED)
    refusal = await window.refusal(event["id"])
    if refusal is not None:
        return Response(
            {"status": refusal.reason, "message": refusal.message},
            status_code=HTTP_409_CONFLICT,
        )
    form = form_from_api(data)
    errors, _sessions = await services.check_registration(event["id"], form)
    if errors:
        return Response({"errors": errors}, status_code=HTTP_400_BAD_REQUEST)
    return Response(
        accepted,
        status_code=HTTP_202_ACCEPTED,
        background=BackgroundTask(services.register_later, event["id"], form, settings),
    )


@get("/feeds/{token:str}", name="personal-feed", include_in_schema=False)
async def personal_feed(
    token: FromPath[str], settings: NamedDependency[Settings]
) -> Response[bytes]:
    """The participant's own calendar (`/feeds/<id>-<code>.ics`): the day and their workshops."""
    raw_id, _sep, rest = token.partition("-")
    code = rest.removesuffix(".ics")
    if not raw_id.isdigit() or not rest.endswith(".ics"):
        raise NotFoundException(detail="feed not found")
    registration = await queries.my_registration(int(raw_id))
    expected = (
        feed_token(
            settings, int(raw_id), registration["calendar_uid"], registration["code_version"]
        )
        if registration
        else ""
    )
    if registration is None or not hmac.compare_digest(expected, f"{raw_id}-{code}"):
        raise NotFoundException(detail="feed not found")
    event = await programme_queries.event_by_slug(
        registration["event_slug"], include_unpublished=True
    )
    assert event is not None
    confirmed = {c["session"] for c in registration["choices"] if c["status"] == "confirmed"}
    programme = await programme_queries.programme(event)
    sessions = [s for s in programme["sessions"] if s["id"] in confirmed]
    cancelled = registration["status"] != "registered"
    ics = feeds.personal_feed(
        event,
        {
            "uid": registration["calendar_uid"],
            "sequence": registration["calendar_sequence"],
            "summary": event["name"],
            "starts_at": event["starts_at"],
            "ends_at": event["ends_at"],
            "cancelled": cancelled,
        },
        [] if cancelled else sessions,
        settings.base_url,
        _("My day at %(event)s", event=event["name"]),
    )
    return Response(ics, media_type="text/calendar; charset=utf-8", headers=NO_REFERRER)


ROUTES = [
    RegistrationController,
    api_register,
    open_manage_link,
    confirm_manage_link,
    MeController,
    SendLinkController,
    personal_feed,
]
EXCEPTION_HANDLERS = {ParticipantSessionRequired: session_required_page}

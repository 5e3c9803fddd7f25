"""The participant's own pages: the manage link, /me (cancel, reactivate, sign out, export,
erase), "send my link again", and the page that helps a person without a session back in."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.db import read_snapshot
from events.mail.addresses import address_error, comparison_key
from events.programme import queries as programme_queries
from events.registration import hooks, manage, offers, queries, window
from events.registration.confirmation import confirm_address
from events.registration.links import hash_token, safe_continue_path
from events.registration.organiser import feed_token
from events.registration.participant_session import (
    PARTICIPANT_COOKIE,
    ParticipantSessionRequired,
    device_label,
    end_device_session,
    end_session,
    participant_from_cookie,
    participant_guard,
    sessions_of,
    start_session,
)
from events.settings import Settings
from events.web.csrf import fresh_csrf_cookie
from events.web.ratelimit import RateLimits

NO_REFERRER = {"Referrer-Policy": "no-referrer"}


async def published_event(slug: str) -> dict[str, Any]:
    event = await programme_queries.event_by_slug(slug)
    if event is None:
        raise NotFoundException(detail="event not found")
    return event


SAFE_ORIGINS = ("none", "same-origin")  # Sec-Fetch-Site of a typed, bookmarked or mailed link


@get("/manage/{token:str}", name="manage-link", include_in_schema=False)
async def open_manage_link(
    token: FromPath[str], request: Request, settings: NamedDependency[Settings]
) -> Response:
    """Trade the secret link for a new session and move on (to the page the link was asked for,
    else /me), so the token leaves the address bar. The browser's older session ends.

    A link that another site makes the browser open must not silently swap somebody's own
    session for another registration: then the page asks for a click first. So does a
    registration that still waits for its address to be confirmed: mail scanners open links
    (GET) but never press buttons, so only the person confirms.
    """
    participant = await queries.participant_by_token_hash(hash_token(token))
    if participant is None:
        return await _invalid_link(token)
    current = await participant_from_cookie(request.cookies.get(PARTICIPANT_COOKIE))
    from_elsewhere = request.headers.get("sec-fetch-site") not in SAFE_ORIGINS
    if participant["unconfirmed_since"] is not None:
        return Template(
            "registration/confirm_address.html",
            context={"action": f"/manage/{token}"},
            headers={**NO_REFERRER, "Cache-Control": "no-store"},
        )
    if current is not None and current != participant["id"] and from_elsewhere:
        return Template(
            "registration/open_link.html",
            context={"action": f"/manage/{token}"},
            headers={**NO_REFERRER, "Cache-Control": "no-store"},
        )
    return await _switch_to(participant, request, settings)


@post("/manage/{token:str}", name="manage-link-confirm", include_in_schema=False)
async def confirm_manage_link(
    token: FromPath[str], request: Request, settings: NamedDependency[Settings]
) -> Response:
    """The click of "Open my registration" on the page above (a form with a CSRF token)."""
    participant = await queries.participant_by_token_hash(hash_token(token))
    if participant is None:
        return await _invalid_link(token)
    return await _switch_to(participant, request, settings)


async def _invalid_link(token: str) -> Response:
    return Template(
        "registration/link_invalid.html",
        context=_help_context(await queries.event_of_expired_link(hash_token(token)), ""),
        status_code=404,
        headers=NO_REFERRER,
    )


async def _switch_to(participant: dict[str, Any], request: Request, settings: Settings) -> Response:
    await confirm_address(participant["id"])
    target = safe_continue_path(participant["continue_path"]) or "/me"
    response = Redirect(path=target, status_code=303, headers=NO_REFERRER)
    response.set_cookie(
        await start_session(
            settings,
            participant["id"],
            label=device_label(request.headers.get("user-agent", "")),
            replacing=request.cookies.get(PARTICIPANT_COOKIE),
        )
    )
    response.set_cookie(fresh_csrf_cookie(settings))
    return response


def _help_context(event: dict[str, Any] | None, continue_path: str) -> dict[str, Any]:
    """What the "this link does not work" page needs to offer "mail me my link"."""
    return {
        "event": event,
        "continue_path": safe_continue_path(continue_path),
        "errors": {},
        "email": "",
    }


class MeController(Controller):
    """The participant's own pages, behind the session from the manage link."""

    path = "/me"
    guards = [participant_guard]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    async def _page(
        self,
        request: Request,
        settings: Settings,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        participant_id = request.state.participant_id
        registration = await queries.my_registration(participant_id)
        if registration is None:
            raise ParticipantSessionRequired()
        feed = feed_token(
            settings, participant_id, registration["calendar_uid"], registration["code_version"]
        )
        chosen = [choice["session"] for choice in registration["choices"]]
        return Template(
            "registration/me.html",
            context={
                "registration": registration,
                "rounds": await queries.rounds_with_choices(registration["event"]),
                "chosen": chosen,
                "mine": {choice["session"]: choice for choice in registration["choices"]},
                "theme_options": [(row["id"], row["name"]) for row in await queries.themes()],
                "organisations": await queries.organisation_names(),
                "languages": [("nl", "Nederlands"), ("en", "English")],
                "errors": errors or {},
                "feed_url": f"{settings.base_url.rstrip('/')}/feeds/{feed}.ics",
                "devices": await sessions_of(participant_id),
                "this_device": request.state.get("participant_session_id"),
            },
            status_code=status_code,
            headers=NO_REFERRER,
        )

    @get("/", name="me")
    async def overview(self, request: Request, settings: NamedDependency[Settings]) -> Template:
        async with read_snapshot():
            return await self._page(request, settings)

    @post("/choices", name="me-choices")
    async def change_choices(
        self, request: Request, settings: NamedDependency[Settings]
    ) -> Response:
        participant_id = request.state.participant_id
        registration = await queries.my_registration(participant_id)
        if registration is None or registration["status"] != "registered":
            raise ParticipantSessionRequired()
        form = await request.form()
        wanted = [
            int(value)
            for key, value in form.multi_items()
            if key.startswith("round-") and str(value).isdigit()
        ]
        result = await manage.change_choices(
            participant_id, registration["event"], wanted, settings
        )
        if result.errors:
            return await self._page(request, settings, result.errors, status_code=400)
        return Redirect(path="/me?saved=choices", status_code=303)

    @post("/profile", name="me-profile")
    async def change_profile(
        self, request: Request, settings: NamedDependency[Settings]
    ) -> Response:
        participant_id = request.state.participant_id
        form = await request.form()
        profile = manage.ProfileForm(
            name=str(form.get("name", "")),
            organisation=str(form.get("organisation", "")),
            job_title=str(form.get("job_title", "")),
            language=str(form.get("language", "nl")),
            themes=[int(v) for v in form.getall("themes", []) if str(v).isdigit()],
            offer=str(form.get("offer", "")),
            looking_for=str(form.get("looking_for", "")),
            access_needs=str(form.get("access_needs", "")),
            consent_public_name=bool(form.get("consent_public_name")),
            consent_follow_up=bool(form.get("consent_follow_up")),
        )
        errors = await manage.update_profile(participant_id, profile)
        if errors:
            return await self._page(request, settings, errors, status_code=400)
        return Redirect(path="/me?saved=profile", status_code=303)

    @get("/cancel", name="me-cancel-confirm")
    async def cancel_confirm(self, request: Request) -> Response:
        registration = await queries.my_registration(request.state.participant_id)
        if registration is None:
            raise ParticipantSessionRequired()
        if registration["status"] != "registered":
            return Redirect(path="/me", status_code=303)
        return Template(
            "registration/cancel.html",
            context={"registration": registration},
            headers=NO_REFERRER,
        )

    @post("/cancel", name="me-cancel")
    async def cancel(self, request: Request, settings: NamedDependency[Settings]) -> Response:
        await manage.cancel_registration(request.state.participant_id, settings)
        return Redirect(path="/me?saved=cancelled", status_code=303)

    @post("/reactivate", name="me-reactivate")
    async def reactivate(self, request: Request, settings: NamedDependency[Settings]) -> Response:
        registration = await queries.my_registration(request.state.participant_id)
        refusal = await window.refusal(registration["event"]) if registration else None
        if registration and refusal is not None:
            event = {"name": registration["event_name"], "slug": registration["event_slug"]}
            return Template(
                "registration/closed.html",
                context={"event": event, "refusal": refusal},
                status_code=409,
            )
        sequence = await manage.reactivate_registration(request.state.participant_id, settings)
        return Redirect(
            path="/me?saved=reactivated" if sequence is not None else "/me", status_code=303
        )

    @post("/offers/{choice_id:int}/accept", name="me-offer-accept")
    async def accept_offer(
        self, request: Request, choice_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response:
        """Take the seat held for me (events.registration.offers)."""
        done = await offers.accept(settings, request.state.participant_id, choice_id)
        saved = "offer-accepted" if done else "offer-gone"
        return Redirect(path=f"/me?saved={saved}#my-workshops", status_code=303)

    @post("/offers/{choice_id:int}/decline", name="me-offer-decline")
    async def decline_offer(
        self, request: Request, choice_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response:
        """Turn the seat held for me down: the next person waiting gets the offer."""
        done = await offers.decline(settings, request.state.participant_id, choice_id)
        saved = "offer-declined" if done else "offer-gone"
        return Redirect(path=f"/me?saved={saved}#my-workshops", status_code=303)

    @post("/devices/{device_id:int}/end", name="me-device-end")
    async def end_device(self, request: Request, device_id: FromPath[int]) -> Response:
        """Sign out one of my other devices (a lost phone, a shared computer)."""
        await end_device_session(request.state.participant_id, device_id)
        return Redirect(path="/me?saved=devices#my-devices", status_code=303)

    @post("/sign-out", name="me-sign-out")
    async def sign_out(self, request: Request) -> Response:
        registration = await queries.my_registration(request.state.participant_id)
        await end_session(request.cookies.get(PARTICIPANT_COOKIE))
        return _signed_out(registration, everywhere=False)

    @post("/sign-out-everywhere", name="me-sign-out-everywhere")
    async def sign_out_everywhere(self, request: Request) -> Response:
        registration = await queries.my_registration(request.state.participant_id)
        await manage.sign_out_everywhere(request.state.participant_id)
        return _signed_out(registration, everywhere=True)

    @get("/export.json", name="me-export")
    async def export(self, request: Request) -> Response:
        data = await hooks.export_personal_data(request.state.participant_id)
        return Response(
            data,
            headers={
                "Content-Disposition": 'attachment; filename="my-registration.json"',
                **NO_REFERRER,
            },
        )

    @get("/erase", name="me-erase-confirm")
    async def erase_confirm(self, request: Request) -> Template:
        return Template("registration/erase.html", headers=NO_REFERRER)

    @post("/erase", name="me-erase")
    async def erase(self, request: Request, settings: NamedDependency[Settings]) -> Response:
        await hooks.erase_personal_data(request.state.participant_id, settings)
        response = Template("registration/erased.html", headers=NO_REFERRER)
        response.delete_cookie(PARTICIPANT_COOKIE, path="/")
        return response


def _signed_out(registration: dict[str, Any] | None, everywhere: bool) -> Response:
    response = Template(
        "registration/signed_out.html",
        context={
            "everywhere": everywhere,
            "event_slug": registration["event_slug"] if registration else "",
            "event_name": registration["event_name"] if registration else "",
        },
        headers=NO_REFERRER,
    )
    response.delete_cookie(PARTICIPANT_COOKIE, path="/")
    return response


class SendLinkController(Controller):
    """Ask for the manage link again; the answer is the same whatever the address."""

    path = "/events/{slug:str}/link"
    include_in_schema = False

    @get("/", name="send-link")
    async def form(self, slug: FromPath[str], request: Request) -> Template:
        event = await published_event(slug)
        return Template(
            "registration/send_link.html",
            context={
                "event": event,
                "errors": {},
                "continue_path": safe_continue_path(request.query_params.get("continue", "")),
            },
        )

    @post("/", name="send-link-submit")
    async def submit(
        self,
        slug: FromPath[str],
        request: Request,
        settings: NamedDependency[Settings],
        rate_limits: NamedDependency[RateLimits],
    ) -> Response:
        event = await published_event(slug)
        form = await request.form()
        email = str(form.get("email", ""))
        continue_path = safe_continue_path(str(form.get("continue", "")))
        await rate_limits.check(request, "link", comparison_key(email))
        error = address_error(email)
        if error:
            return Template(
                "registration/send_link.html",
                context={
                    "event": event,
                    "email": email,
                    "continue_path": continue_path,
                    "errors": {"email": error},
                },
                status_code=400,
            )
        # After the answer: a known and an unknown address get the same page in the same time.
        return Redirect(
            path=f"/events/{slug}/link/sent",
            status_code=303,
            background=BackgroundTask(
                manage.send_link_again, event["id"], email, settings, continue_path
            ),
        )

    @get("/sent", name="send-link-sent")
    async def sent(self, slug: FromPath[str]) -> Template:
        event = await published_event(slug)
        return Template("registration/link_sent.html", context={"event": event})


def session_required_page(_request: Request, exc: Exception) -> Response:
    """Without a valid participant session: explain how to get back in, and offer "mail me my
    link" (continuing where the person was) when the event is known."""
    event = getattr(exc, "event", None)
    response = Template(
        "registration/link_invalid.html",
        context=_help_context(event, getattr(exc, "continue_path", "")),
        status_code=401,
        headers=NO_REFERRER,
    )
    response.delete_cookie(PARTICIPANT_COOKIE, path="/")
    return response

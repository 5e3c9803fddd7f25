"""Organiser login: one Piccolo session (cookie `id`) serves /organise/ and the Piccolo Admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from events.settings import Settings
from events.web.csrf import fresh_csrf_cookie
from events.web.i18n import gettext as _
from events.web.middleware import full_path
from events.web.ratelimit import RateLimits

SESSION_COOKIE = "id"
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Organiser:
    """The logged-in organiser, as handlers see them."""

    id: int
    username: str
    superuser: bool = False  # a server administrator ("beheerder"): every event, the directory


async def organiser_from_token(token: str | None) -> Organiser | None:
    """The active admin user behind a session token, or None.

    One query: the user is selected through a sub-select of the unexpired session, with the same
    rules as piccolo_api's `SessionsBase.get_user_id` (both expiry dates in the future).
    """
    if not token:
        return None
    now = datetime.now()
    live_session = SessionsBase.select(SessionsBase.user_id).where(
        (SessionsBase.token == token)
        & (SessionsBase.expiry_date > now)
        & (SessionsBase.max_expiry_date > now)
    )
    row = (
        await BaseUser.select(BaseUser.id, BaseUser.username, BaseUser.superuser)
        .where(
            BaseUser.id.is_in(live_session)
            & (BaseUser.active == True)  # noqa: E712
            & (BaseUser.admin == True)  # noqa: E712
        )
        .first()
    )
    if not row:
        return None
    return Organiser(id=row["id"], username=row["username"], superuser=bool(row["superuser"]))


async def current_organiser(request: Request) -> Organiser | None:
    """Dependency: the organiser of this request (looked up once per request), or None."""
    if "organiser" not in request.state:
        request.state.organiser = await organiser_from_token(request.cookies.get(SESSION_COOKIE))
    return request.state.organiser


async def organiser_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Lets only logged-in organisers through; others are sent to the login page."""
    organiser = connection.state.get("organiser") or await organiser_from_token(
        connection.cookies.get(SESSION_COOKIE)
    )
    if organiser is None:
        raise NotAuthorizedException(detail="login required")
    connection.state.organiser = organiser


def login_redirect(request: Request, _exc: Exception) -> Response:
    """Exception handler for NotAuthorizedException: HTML callers go to the login page."""
    if "text/html" in request.headers.get("accept", "") or request.method == "GET":
        query = request.url.query
        target = full_path(request.scope) + (f"?{query}" if query else "")
        return Redirect(path=f"/login?next={quote(target)}", status_code=303)
    return Response({"detail": "login required"}, status_code=401)


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login, never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/organise/"


@get("/login", name="login", sync_to_thread=False)
def login_page(next: FromQuery[str | None] = None) -> Template:
    return Template("web/login.html", context={"next": _safe_next(next), "error": None})


@post("/login", name="login-submit")
async def login_submit(
    request: Request,
    settings: NamedDependency[Settings],
    rate_limits: NamedDependency[RateLimits],
) -> Response:
    form = await request.form()
    username = str(form.get("username", "")).strip()
    await rate_limits.login.check(request, username)
    password = str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    user_id = await BaseUser.login(username=username, password=password) if username else None
    organiser = None
    if user_id is not None:
        row = await BaseUser.select(BaseUser.admin, BaseUser.active).where(BaseUser.id == user_id)
        organiser = row[0] if row and row[0]["admin"] and row[0]["active"] else None
    if organiser is None:
        await rate_limits.login.failed(request, username)
        return Template(
            "web/login.html",
            context={
                "next": target,
                "username": username,
                "error": _("The username or password is not right."),
            },
            status_code=400,
        )
    await rate_limits.login.succeeded(request, username)
    return await start_session(settings, user_id, target)


async def start_session(settings: Settings, user_id: int, target: str) -> Response:
    """Log the user in (a new session cookie) and send them to `target`."""
    now = datetime.now()  # piccolo_api compares session expiry with naive local times
    session = await SessionsBase.create_session(
        user_id=user_id,
        expiry_date=now + SESSION_LIFETIME,
        max_expiry_date=now + SESSION_LIFETIME * 2,
    )
    return Redirect(
        path=_safe_next(target),
        status_code=303,
        cookies=[
            Cookie(
                key=SESSION_COOKIE,
                value=session.token,
                path="/",
                httponly=True,
                samesite="lax",
                secure=settings.secure_cookies,
                max_age=int(SESSION_LIFETIME.total_seconds()),
            ),
            fresh_csrf_cookie(settings),
        ],
    )


@post("/logout", name="logout")
async def logout(request: Request, settings: NamedDependency[Settings]) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await SessionsBase.remove_session(token)
    response = Redirect(path="/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.set_cookie(fresh_csrf_cookie(settings))
    return response


async def create_organiser(username: str, email: str, password: str) -> int:
    """Create a server administrator (a Piccolo admin and superuser) or reset the password of an
    existing one. Colleagues with a role in one event come in through an invitation instead."""
    existing = await BaseUser.select(BaseUser.id).where(BaseUser.username == username).first()
    if existing:
        await BaseUser.update_password(user=existing["id"], password=password)
        await BaseUser.update(
            {
                BaseUser.admin: True,
                BaseUser.superuser: True,
                BaseUser.active: True,
                BaseUser.email: email,
            }
        ).where(BaseUser.id == existing["id"])
        return existing["id"]
    user = await BaseUser.create_user(
        username=username,
        password=password,
        email=email,
        admin=True,
        superuser=True,
        active=True,
    )
    return user.id

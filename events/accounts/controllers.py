"""The team page of an event (coordinators) and the account pages behind mailed links."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts import services
from events.accounts.permissions import Permission, Role, requires, role_labels
from events.programme.tables import Event
from events.settings import Settings
from events.web.auth import Organiser, start_session
from events.web.ratelimit import RateLimits


async def _event(event_id: int) -> dict[str, Any] | None:
    return await Event.select().where(Event.id == event_id).first()


def _roles() -> list[tuple[str, str]]:
    labels = role_labels()
    return [(str(role), labels[role]) for role in Role]


class TeamController(Controller):
    path = "/organise/events/{event_id:int}/team"
    guards = [requires(Permission.MANAGE_EVENT)]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    async def _page(
        self,
        event_id: int,
        values: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        notice: str = "",
        status_code: int = 200,
    ) -> Template:
        event = await _event(event_id)
        if event is None:
            raise NotFoundException()
        return Template(
            "accounts/team.html",
            context={
                "event": event,
                "members": await services.team(event_id),
                "roles": _roles(),
                "role_labels": role_labels(),
                "values": values or {"role": "checkin"},
                "errors": errors or {},
                "notice": notice,
            },
            status_code=status_code,
        )

    @get("/", name="organise-team")
    async def team(self, event_id: FromPath[int], request: Request) -> Template:
        return await self._page(event_id, notice=request.query_params.get("done", ""))

    @post("/invite", name="organise-team-invite")
    async def invite(
        self,
        event_id: FromPath[int],
        request: Request,
        settings: NamedDependency[Settings],
        organiser: NamedDependency[Organiser],
        rate_limits: NamedDependency[RateLimits],
    ) -> Template | Redirect:
        form = await request.form()
        values = {"email": str(form.get("email", "")), "role": str(form.get("role", ""))}
        await rate_limits.check(request, "invite", values["email"])
        if await _event(event_id) is None:
            raise NotFoundException()
        outcome = await services.invite(
            settings, event_id, values["email"], values["role"], organiser.username
        )
        if not outcome.ok:
            return await self._page(event_id, values, outcome.errors, status_code=400)
        return Redirect(f"/organise/events/{event_id}/team/?done=invited", status_code=303)

    @post("/{user_id:int}/role", name="organise-team-role")
    async def change_role(
        self, event_id: FromPath[int], user_id: FromPath[int], request: Request
    ) -> Template | Redirect:
        form = await request.form()
        problem = await services.change_role(event_id, user_id, str(form.get("role", "")))
        if problem:
            return await self._page(event_id, errors={"team": problem}, status_code=400)
        return Redirect(f"/organise/events/{event_id}/team/?done=changed", status_code=303)

    @post("/{user_id:int}/remove", name="organise-team-remove")
    async def remove(self, event_id: FromPath[int], user_id: FromPath[int]) -> Template | Redirect:
        problem = await services.remove(event_id, user_id)
        if problem:
            return await self._page(event_id, errors={"team": problem}, status_code=400)
        return Redirect(f"/organise/events/{event_id}/team/?done=removed", status_code=303)


class AccountPages(Controller):
    """Pages behind the mailed links; anyone may open them, only a valid token does anything."""

    path = "/account"
    include_in_schema = False

    @get("/invite/{token:str}", name="account-invite")
    async def invite_page(self, token: FromPath[str]) -> Template:
        works = await services.valid_token(token, "invite") is not None
        return Template(
            "accounts/invite.html",
            context={"works": works, "values": {}, "errors": {}},
            status_code=200 if works else 404,
        )

    @post("/invite/{token:str}", name="account-invite-accept")
    async def accept(
        self,
        token: FromPath[str],
        request: Request,
        settings: NamedDependency[Settings],
        rate_limits: NamedDependency[RateLimits],
    ) -> Response:
        await rate_limits.check(request, "account")
        form = await request.form()
        values = {"username": str(form.get("username", ""))}
        if await services.valid_token(token, "invite") is None:
            return Template(
                "accounts/invite.html",
                context={"works": False, "values": values, "errors": {}},
                status_code=404,
            )
        outcome = await services.accept_invite(
            token,
            values["username"],
            str(form.get("password", "")),
            str(form.get("password_again", "")),
        )
        if not outcome.ok or outcome.user_id is None:
            return Template(
                "accounts/invite.html",
                context={
                    "works": "token" not in outcome.errors,
                    "values": values,
                    "errors": outcome.errors,
                },
                status_code=400,
            )
        return await start_session(settings, outcome.user_id, "/organise/")

    @get("/forgot", name="account-forgot")
    async def forgot_page(self) -> Template:
        return Template("accounts/forgot.html", context={"sent": False, "email": ""})

    @post("/forgot", name="account-forgot-submit")
    async def forgot(
        self,
        request: Request,
        settings: NamedDependency[Settings],
        rate_limits: NamedDependency[RateLimits],
    ) -> Template:
        form = await request.form()
        email = str(form.get("email", ""))
        await rate_limits.check(request, "reset", email)
        await services.request_reset(settings, email)
        # The same answer whether or not the address belongs to anyone.
        return Template("accounts/forgot.html", context={"sent": True, "email": ""})

    @get("/reset/{token:str}", name="account-reset")
    async def reset_page(self, token: FromPath[str]) -> Template:
        works = await services.valid_token(token, "reset") is not None
        return Template(
            "accounts/reset.html",
            context={"works": works, "errors": {}},
            status_code=200 if works else 404,
        )

    @post("/reset/{token:str}", name="account-reset-submit")
    async def reset(
        self,
        token: FromPath[str],
        request: Request,
        settings: NamedDependency[Settings],
        rate_limits: NamedDependency[RateLimits],
    ) -> Response:
        await rate_limits.check(request, "account")
        form = await request.form()
        outcome = await services.reset_password(
            token, str(form.get("password", "")), str(form.get("password_again", ""))
        )
        if not outcome.ok or outcome.user_id is None:
            return Template(
                "accounts/reset.html",
                context={"works": "token" not in outcome.errors, "errors": outcome.errors},
                status_code=400 if "token" not in outcome.errors else 404,
            )
        return await start_session(settings, outcome.user_id, "/organise/")


ROUTES = [TeamController, AccountPages]

"""Organiser pages for an event's sessions (with cancel and reinstate) and practice examples."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.organise import queries
from events.organise import services as workflows
from events.organise.forms import (
    confirm_delete,
    form_page,
    found,
    kind_labels,
    read_form,
    see_other,
)
from events.programme import services
from events.registration import changes
from events.settings import Settings
from events.web.i18n import format_clock
from events.web.i18n import gettext as _

SESSION_FORM = "organise/session_form.html"
PRACTICE_FORM = "organise/practice_form.html"
SESSION_LISTS = ("hosts", "practices", "themes")
PRACTICE_LISTS = ("themes",)


async def _session_choices(event: dict[str, Any]) -> dict[str, Any]:
    """The options of the session form: kinds, the event's rounds and rooms, people, themes."""
    timezone = event["timezone"]
    rounds = [
        (
            row["id"],
            f"{row['name']} ({format_clock(row['starts_at'], timezone)}"
            f"–{format_clock(row['ends_at'], timezone)})",
        )
        for row in await queries.rounds(event["id"])
    ]
    rooms = [
        (row["id"], _("%(name)s (%(seats)s seats)", name=row["name"], seats=row["capacity"]))
        for row in await queries.rooms(event["id"])
    ]
    people = [
        (
            row["id"],
            row["name"] + (f", {row['organisation_name']}" if row["organisation_name"] else ""),
        )
        for row in await queries.people()
    ]
    return {
        "event": event,
        "kind_options": list(kind_labels().items()),
        "round_options": rounds,
        "room_options": rooms,
        "people_options": people,
        "practice_options": queries.options(await queries.practices(event["id"]), "title"),
        "theme_options": queries.options(await queries.themes()),
    }


async def _practice_choices(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": event,
        "organisation_options": queries.options(await queries.organisations()),
        "people_options": queries.options(await queries.people()),
        "theme_options": queries.options(await queries.themes()),
    }


def _programme(event_id: int) -> Redirect:
    return see_other(f"/organise/events/{event_id}#programme")


def _practices(event_id: int) -> Redirect:
    return see_other(f"/organise/events/{event_id}#practices")


class SessionPages(Controller):
    path = "/organise/events/{event_id:int}"
    guards = [requires(Permission.PROGRAMME)]  # noqa: RUF012  (Litestar reads a class attribute)

    # --- sessions ---------------------------------------------------------------------------

    @get("/sessions/new", name="organise-session-new")
    async def new_session(self, event_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        context = await _session_choices(event)
        action = f"/organise/events/{event_id}/sessions/new"
        values = {"kind": "workshop"}
        return form_page(SESSION_FORM, values, {}, action=action, editing=False, **context)

    @post("/sessions/new", name="organise-session-create")
    async def create_session(
        self, request: Request, event_id: FromPath[int]
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        values = await read_form(request, SESSION_LISTS)
        saved = await services.save_session(event_id, values)
        if not saved.ok:
            context = await _session_choices(event)
            return form_page(
                SESSION_FORM,
                values,
                saved.errors,
                action=request.url.path,
                editing=False,
                **context,
            )
        return _programme(event_id)

    @get("/sessions/{session_id:int}/edit", name="organise-session-edit")
    async def edit_session(self, event_id: FromPath[int], session_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        values = found(await queries.session_form_values(event_id, session_id))
        context = await _session_choices(event)
        action = f"/organise/events/{event_id}/sessions/{session_id}/edit"
        return form_page(
            SESSION_FORM,
            values,
            {},
            action=action,
            editing=True,
            session_id=session_id,
            **context,
        )

    @post("/sessions/{session_id:int}/edit", name="organise-session-update")
    async def update_session(
        self,
        request: Request,
        event_id: FromPath[int],
        session_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        stored = found(await queries.session_form_values(event_id, session_id))
        values = await read_form(request, SESSION_LISTS)
        saved = await workflows.update_session(settings, event_id, session_id, values)
        if not saved.ok:
            context = await _session_choices(event)
            return form_page(
                SESSION_FORM,
                {**values, "status": stored["status"]},
                saved.errors,
                action=request.url.path,
                editing=True,
                session_id=session_id,
                **context,
            )
        return _programme(event_id)

    @get("/sessions/{session_id:int}/cancel", name="organise-session-confirm-cancel")
    async def confirm_cancel_session(
        self, event_id: FromPath[int], session_id: FromPath[int]
    ) -> Template:
        title = found(await queries.session_title(event_id, session_id))
        counts = await changes.booked_counts(session_id=session_id)
        return Template(
            "organise/confirm_cancel.html",
            context={
                "name": title,
                "booked": changes.booked_message(counts),
                "action": f"/organise/events/{event_id}/sessions/{session_id}/cancel",
                "back": f"/organise/events/{event_id}#programme",
            },
        )

    @post("/sessions/{session_id:int}/cancel", name="organise-session-cancel")
    async def cancel_session(
        self,
        event_id: FromPath[int],
        session_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        found(
            await workflows.set_session_status(settings, event_id, session_id, "cancelled") or None
        )
        return _programme(event_id)

    @post("/sessions/{session_id:int}/reinstate", name="organise-session-reinstate")
    async def reinstate_session(
        self,
        event_id: FromPath[int],
        session_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        found(
            await workflows.set_session_status(settings, event_id, session_id, "scheduled") or None
        )
        return _programme(event_id)

    @get("/sessions/{session_id:int}/delete", name="organise-session-confirm-delete")
    async def confirm_delete_session(
        self, event_id: FromPath[int], session_id: FromPath[int]
    ) -> Template:
        title = found(await queries.session_title(event_id, session_id))
        counts = await changes.booked_counts(session_id=session_id)
        return confirm_delete(
            _("Session"),
            title,
            f"/organise/events/{event_id}/sessions/{session_id}/delete",
            f"/organise/events/{event_id}",
            changes.booked_message(counts)
            + " "
            + _("To keep it in the programme as cancelled, cancel it instead."),
        )

    @post("/sessions/{session_id:int}/delete", name="organise-session-delete")
    async def delete_session(
        self,
        event_id: FromPath[int],
        session_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        found(await workflows.delete_session(settings, event_id, session_id) or None)
        return _programme(event_id)

    # --- practice examples ------------------------------------------------------------------

    @get("/practices/new", name="organise-practice-new")
    async def new_practice(self, event_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        context = await _practice_choices(event)
        action = f"/organise/events/{event_id}/practices/new"
        return form_page(PRACTICE_FORM, {}, {}, action=action, editing=False, **context)

    @post("/practices/new", name="organise-practice-create")
    async def create_practice(
        self, request: Request, event_id: FromPath[int]
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        values = await read_form(request, PRACTICE_LISTS)
        saved = await services.save_practice(event_id, values)
        if not saved.ok:
            context = await _practice_choices(event)
            return form_page(
                PRACTICE_FORM,
                values,
                saved.errors,
                action=request.url.path,
                editing=False,
                **context,
            )
        return _practices(event_id)

    @get("/practices/{practice_id:int}/edit", name="organise-practice-edit")
    async def edit_practice(self, event_id: FromPath[int], practice_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        values = found(await queries.practice_form_values(event_id, practice_id))
        context = await _practice_choices(event)
        action = f"/organise/events/{event_id}/practices/{practice_id}/edit"
        return form_page(PRACTICE_FORM, values, {}, action=action, editing=True, **context)

    @post("/practices/{practice_id:int}/edit", name="organise-practice-update")
    async def update_practice(
        self, request: Request, event_id: FromPath[int], practice_id: FromPath[int]
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        found(await queries.practice_form_values(event_id, practice_id))
        values = await read_form(request, PRACTICE_LISTS)
        saved = await services.save_practice(event_id, values, practice_id)
        if not saved.ok:
            context = await _practice_choices(event)
            return form_page(
                PRACTICE_FORM,
                values,
                saved.errors,
                action=request.url.path,
                editing=True,
                **context,
            )
        return _practices(event_id)

    @get("/practices/{practice_id:int}/delete", name="organise-practice-confirm-delete")
    async def confirm_delete_practice(
        self, event_id: FromPath[int], practice_id: FromPath[int]
    ) -> Template:
        values = found(await queries.practice_form_values(event_id, practice_id))
        return confirm_delete(
            _("Practice example"),
            values["title"],
            f"/organise/events/{event_id}/practices/{practice_id}/delete",
            f"/organise/events/{event_id}",
            _("Sessions no longer show it."),
        )

    @post("/practices/{practice_id:int}/delete", name="organise-practice-delete")
    async def delete_practice(
        self, event_id: FromPath[int], practice_id: FromPath[int]
    ) -> Redirect:
        found(await services.delete_practice(event_id, practice_id) or None)
        return _practices(event_id)

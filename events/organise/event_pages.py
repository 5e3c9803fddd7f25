"""Organiser pages of one event: create and edit it, its overview page, its rounds and rooms."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, permissions_in, requires
from events.organise import event_lifecycle, queries
from events.organise import services as workflows
from events.organise.forms import (
    confirm_delete,
    form_page,
    found,
    kind_labels,
    read_form,
    see_other,
)
from events.organise.lifecycle_pages import copy_defaults, part_labels
from events.programme import services
from events.programme.validation import timezone_choices
from events.registration import changes
from events.settings import Settings
from events.web.auth import Organiser, organiser_guard
from events.web.i18n import gettext as _

EVENT_FORM = "organise/event_form.html"
ROUND_FORM = "organise/round_form.html"
ROOM_FORM = "organise/room_form.html"


def _event_form(
    settings: Settings,
    values: dict[str, Any],
    errors: dict[str, str],
    action: str,
    event: dict[str, Any] | None,
) -> Template:
    """The event's form, with the time zone list and the base of the web address preview."""
    return form_page(
        EVENT_FORM,
        values,
        errors,
        action=action,
        event=event,
        timezones=[(name, name) for name in timezone_choices()],
        base_url=settings.base_url.rstrip("/"),
    )


def _event_page(event_id: int, anchor: str = "") -> Redirect:
    return see_other(f"/organise/events/{event_id}" + (f"#{anchor}" if anchor else ""))


class EventPages(Controller):
    path = "/organise/events"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)

    # --- the event itself -------------------------------------------------------------------

    @get("/new", name="organise-event-new", guards=[requires(Permission.ADMINISTER)])
    async def new_event(self, settings: NamedDependency[Settings]) -> Template:
        values = {"timezone": services.DEFAULT_TIMEZONE}
        return _event_form(settings, values, {}, "/organise/events/new", None)

    @post("/new", name="organise-event-create", guards=[requires(Permission.ADMINISTER)])
    async def create_event(
        self, request: Request, settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        values = await read_form(request)
        saved = await workflows.create_event(settings, values)
        if not saved.ok:
            return _event_form(settings, values, saved.errors, request.url.path, None)
        return _event_page(saved.id)

    @get("/{event_id:int}", name="organise-event", guards=[requires(Permission.VIEW_EVENT)])
    async def event_page(
        self, event_id: FromPath[int], organiser: NamedDependency[Organiser]
    ) -> Template:
        event = found(await queries.event(event_id))
        can = set(await permissions_in(organiser, event_id))
        if organiser.superuser:
            can.add(Permission.ADMINISTER)
        rounds = await queries.rounds(event_id)
        sessions = await queries.sessions(event_id)
        return Template(
            "organise/event.html",
            context={
                "event": event,
                "rounds": rounds,
                "rooms": await queries.rooms(event_id),
                "programme": queries.programme(rounds, sessions),
                "has_sessions": bool(sessions),
                "practices": await queries.practices(event_id),
                "kinds": kind_labels(),
                "checklist": await event_lifecycle.publish_checklist(event),
                "copy_parts": part_labels(),
                "copy_values": copy_defaults(event),
                "can": {str(permission) for permission in can},
            },
        )

    @get(
        "/{event_id:int}/edit",
        name="organise-event-edit",
        guards=[requires(Permission.MANAGE_EVENT)],
    )
    async def edit_event(
        self, event_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template:
        event = found(await queries.event(event_id))
        values = queries.event_form_values(event)
        return _event_form(settings, values, {}, f"/organise/events/{event_id}/edit", event)

    @post(
        "/{event_id:int}/edit",
        name="organise-event-update",
        guards=[requires(Permission.MANAGE_EVENT)],
    )
    async def update_event(
        self, request: Request, event_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        values = await read_form(request)
        saved = await workflows.update_event(settings, event_id, values)
        if not saved.ok:
            return _event_form(settings, values, saved.errors, request.url.path, event)
        return _event_page(event_id)

    # --- rounds -----------------------------------------------------------------------------

    @get(
        "/{event_id:int}/rounds/new",
        name="organise-round-new",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def new_round(self, event_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        action = f"/organise/events/{event_id}/rounds/new"
        return form_page(ROUND_FORM, {}, {}, action=action, event=event, editing=False)

    @post(
        "/{event_id:int}/rounds/new",
        name="organise-round-create",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def create_round(self, request: Request, event_id: FromPath[int]) -> Template | Redirect:
        event = found(await queries.event(event_id))
        values = await read_form(request)
        saved = await services.save_round(event_id, values)
        if not saved.ok:
            context = {"action": request.url.path, "event": event, "editing": False}
            return form_page(ROUND_FORM, values, saved.errors, **context)
        return _event_page(event_id, "rounds")

    @get(
        "/{event_id:int}/rounds/{round_id:int}/edit",
        name="organise-round-edit",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def edit_round(self, event_id: FromPath[int], round_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        values = found(await queries.round_form_values(event, round_id))
        action = f"/organise/events/{event_id}/rounds/{round_id}/edit"
        return form_page(ROUND_FORM, values, {}, action=action, event=event, editing=True)

    @post(
        "/{event_id:int}/rounds/{round_id:int}/edit",
        name="organise-round-update",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def update_round(
        self,
        request: Request,
        event_id: FromPath[int],
        round_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        found(await queries.round_form_values(event, round_id))
        values = await read_form(request)
        saved = await workflows.save_round(settings, event_id, values, round_id)
        if not saved.ok:
            context = {"action": request.url.path, "event": event, "editing": True}
            return form_page(ROUND_FORM, values, saved.errors, **context)
        return _event_page(event_id, "rounds")

    @get(
        "/{event_id:int}/rounds/{round_id:int}/delete",
        name="organise-round-confirm-delete",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def confirm_delete_round(
        self, event_id: FromPath[int], round_id: FromPath[int]
    ) -> Template:
        event = found(await queries.event(event_id))
        values = found(await queries.round_form_values(event, round_id))
        return confirm_delete(
            _("Round"),
            values["name"],
            f"/organise/events/{event_id}/rounds/{round_id}/delete",
            f"/organise/events/{event_id}",
            _("Its sessions stay, without a round; bookings in them go.")
            + " "
            + changes.booked_message(await changes.booked_counts(round_id=round_id)),
        )

    @post(
        "/{event_id:int}/rounds/{round_id:int}/delete",
        name="organise-round-delete",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def delete_round(
        self, event_id: FromPath[int], round_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Redirect:
        found(await workflows.delete_round(settings, event_id, round_id) or None)
        return _event_page(event_id, "rounds")

    # --- rooms ------------------------------------------------------------------------------

    @get(
        "/{event_id:int}/rooms/new",
        name="organise-room-new",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def new_room(self, event_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        action = f"/organise/events/{event_id}/rooms/new"
        return form_page(ROOM_FORM, {}, {}, action=action, event=event, editing=False)

    @post(
        "/{event_id:int}/rooms/new",
        name="organise-room-create",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def create_room(self, request: Request, event_id: FromPath[int]) -> Template | Redirect:
        event = found(await queries.event(event_id))
        values = await read_form(request)
        saved = await services.save_room(event_id, values)
        if not saved.ok:
            context = {"action": request.url.path, "event": event, "editing": False}
            return form_page(ROOM_FORM, values, saved.errors, **context)
        return _event_page(event_id, "rooms")

    @get(
        "/{event_id:int}/rooms/{room_id:int}/edit",
        name="organise-room-edit",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def edit_room(self, event_id: FromPath[int], room_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        room = found(await queries.room(event_id, room_id))
        values: dict[str, Any] = {"name": room["name"], "capacity": str(room["capacity"])}
        action = f"/organise/events/{event_id}/rooms/{room_id}/edit"
        return form_page(ROOM_FORM, values, {}, action=action, event=event, editing=True)

    @post(
        "/{event_id:int}/rooms/{room_id:int}/edit",
        name="organise-room-update",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def update_room(
        self,
        request: Request,
        event_id: FromPath[int],
        room_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        found(await queries.room(event_id, room_id))
        values = await read_form(request)
        saved = await workflows.save_room(settings, event_id, values, room_id)
        if not saved.ok:
            context = {"action": request.url.path, "event": event, "editing": True}
            return form_page(ROOM_FORM, values, saved.errors, **context)
        return _event_page(event_id, "rooms")

    @get(
        "/{event_id:int}/rooms/{room_id:int}/delete",
        name="organise-room-confirm-delete",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def confirm_delete_room(
        self, event_id: FromPath[int], room_id: FromPath[int]
    ) -> Template:
        found(await queries.event(event_id))
        room = found(await queries.room(event_id, room_id))
        return confirm_delete(
            _("Room"),
            room["name"],
            f"/organise/events/{event_id}/rooms/{room_id}/delete",
            f"/organise/events/{event_id}",
            _("Its sessions stay, without a room."),
        )

    @post(
        "/{event_id:int}/rooms/{room_id:int}/delete",
        name="organise-room-delete",
        guards=[requires(Permission.PROGRAMME)],
    )
    async def delete_room(
        self, event_id: FromPath[int], room_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Redirect:
        found(await workflows.delete_room(settings, event_id, room_id) or None)
        return _event_page(event_id, "rooms")

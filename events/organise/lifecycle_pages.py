"""Organiser pages for a whole event: copy, publish and unpublish, archive, delete."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events import cloning
from events.accounts.permissions import Permission, Role, requires
from events.accounts.services import grant
from events.organise import event_lifecycle as lifecycle
from events.organise import queries
from events.organise.forms import found, read_form, see_other
from events.programme import event_state
from events.settings import Settings
from events.web.auth import Organiser
from events.web.i18n import gettext as _

COPY_FORM = "organise/event_copy.html"
DELETE_FORM = "organise/event_delete.html"


def part_labels() -> list[tuple[str, str]]:
    """The parts an organiser can choose to copy, with their labels, in `cloning.PARTS` order."""
    labels = {
        "rounds_rooms": _("Rounds and rooms (moved to the new date, same local times)"),
        "sessions": _("Sessions, with their hosts (nobody registered)"),
        "practices": _("Practice examples"),
        "themes": _("Themes of sessions and practice examples"),
        "campaign": _("Follow-up campaign steps"),
        "texts": _("Texts: descriptions of the event, sessions and practice examples"),
    }
    return [(part, labels[part]) for part in cloning.PARTS]


def copy_defaults(event: dict[str, Any]) -> dict[str, Any]:
    """The copy form before anything was typed: every part ticked, a year later."""
    try:
        next_year = event["date"].replace(year=event["date"].year + 1)
    except ValueError:  # 29 February
        next_year = event["date"].replace(year=event["date"].year + 1, day=28)
    return {
        "name": event["name"],
        "slug": "",
        "date": next_year.isoformat(),
        "parts": list(cloning.PARTS),
    }


def copy_page(event: dict[str, Any], values: dict[str, Any], errors: dict[str, str]) -> Template:
    return Template(
        COPY_FORM,
        context={"event": event, "values": values, "errors": errors, "parts": part_labels()},
        status_code=400 if errors else 200,
    )


async def delete_page(
    event: dict[str, Any], settings: Settings, errors: dict[str, str], typed: str = ""
) -> Template:
    count = await lifecycle.personal_data_count(event["id"])
    return Template(
        DELETE_FORM,
        context={
            "event": event,
            "errors": errors,
            "typed": typed,
            "blocked": lifecycle.personal_data_message(count, event, settings) if count else "",
        },
        status_code=400 if errors else 200,
    )


class EventLifecyclePages(Controller):
    path = "/organise/events/{event_id:int}"
    guards = [requires(Permission.MANAGE_EVENT)]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/copy", name="organise-event-copy-form")
    async def copy_form(self, event_id: FromPath[int]) -> Template:
        event = found(await queries.event(event_id))
        return copy_page(event, copy_defaults(event), {})

    @post("/copy", name="organise-event-copy")
    async def copy(
        self, request: Request, event_id: FromPath[int], organiser: NamedDependency[Organiser]
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        values = await read_form(request, multi=("parts",))
        outcome = await lifecycle.copy_event(event_id, values, values["parts"])
        if not outcome.ok:
            return copy_page(event, values, outcome.errors)
        if not organiser.superuser:  # the coordinator who copied coordinates the copy
            await grant(outcome.id, organiser.id, Role.COORDINATOR)
        return see_other(f"/organise/events/{outcome.id}", "copied")

    @post("/publish", name="organise-event-publish")
    async def publish(self, event_id: FromPath[int]) -> Template | Redirect:
        found(await queries.event(event_id))
        missing = await lifecycle.publish(event_id)
        if missing:
            return Template(
                "organise/event_not_published.html",
                context={"event": await queries.event(event_id), "missing": missing},
                status_code=400,
            )
        return see_other(f"/organise/events/{event_id}#publishing", "published")

    @post("/unpublish", name="organise-event-unpublish")
    async def unpublish(self, event_id: FromPath[int]) -> Redirect:
        found(await event_state.set_published(event_id, False) or None)
        return see_other(f"/organise/events/{event_id}#publishing", "unpublished")

    @post("/archive", name="organise-event-archive")
    async def archive(self, event_id: FromPath[int]) -> Redirect:
        found(await event_state.set_archived(event_id, True) or None)
        return see_other(f"/organise/events/{event_id}", "archived")

    @post("/unarchive", name="organise-event-unarchive")
    async def unarchive(self, event_id: FromPath[int]) -> Redirect:
        found(await event_state.set_archived(event_id, False) or None)
        return see_other(f"/organise/events/{event_id}", "unarchived")

    @get("/delete", name="organise-event-confirm-delete")
    async def confirm_delete(
        self, event_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template:
        event = found(await queries.event(event_id))
        return await delete_page(event, settings, {})

    @post("/delete", name="organise-event-delete")
    async def delete(
        self, request: Request, event_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        event = found(await queries.event(event_id))
        values = await read_form(request)
        typed = str(values.get("name", ""))
        outcome = await lifecycle.delete_event(settings, event_id, typed)
        if not outcome.ok:
            return await delete_page(event, settings, outcome.errors, typed)
        return see_other("/organise/?deleted=1", None)

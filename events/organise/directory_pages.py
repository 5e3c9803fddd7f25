"""Organiser pages for what all events share: organisations, people and themes."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.organise import organisations, queries
from events.organise.forms import confirm_delete, form_page, found, read_form, see_other
from events.programme import services
from events.web.i18n import gettext as _

ORGANISATION_FORM = "organise/organisation_form.html"
PERSON_FORM = "organise/person_form.html"
THEME_FORM = "organise/theme_form.html"


async def _person_choices() -> dict[str, Any]:
    return {"organisation_options": queries.options(await queries.organisations())}


class OrganisationPages(Controller):
    path = "/organise/organisations"
    guards = [requires(Permission.ADMINISTER)]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/", name="organise-organisations")
    async def list_organisations(self, event: FromQuery[int | None] = None) -> Template:
        """All organisations, and first the ones registrants suggested (of one event or all)."""
        return Template(
            "organise/organisations.html",
            context={
                "organisations": await organisations.all_organisations(),
                "suggested": await organisations.suggested(event),
                "suggesting_events": await organisations.events_with_suggestions(),
                "event_filter": event,
            },
        )

    @get("/new", name="organise-organisation-new")
    async def new_organisation(self) -> Template:
        action = "/organise/organisations/new"
        return form_page(ORGANISATION_FORM, {}, {}, action=action, editing=False)

    @post("/new", name="organise-organisation-create")
    async def create_organisation(self, request: Request) -> Template | Redirect:
        values = await read_form(request)
        saved = await services.save_organisation(values)
        if not saved.ok:
            context = {"action": request.url.path, "editing": False}
            return form_page(ORGANISATION_FORM, values, saved.errors, **context)
        return see_other("/organise/organisations/", "created")

    @get("/{organisation_id:int}/edit", name="organise-organisation-edit")
    async def edit_organisation(self, organisation_id: FromPath[int]) -> Template:
        values = found(await queries.organisation(organisation_id))
        action = f"/organise/organisations/{organisation_id}/edit"
        return form_page(ORGANISATION_FORM, values, {}, action=action, editing=True)

    @post("/{organisation_id:int}/edit", name="organise-organisation-update")
    async def update_organisation(
        self, request: Request, organisation_id: FromPath[int]
    ) -> Template | Redirect:
        found(await queries.organisation(organisation_id))
        values = await read_form(request)
        saved = await services.save_organisation(values, organisation_id)
        if not saved.ok:
            context = {"action": request.url.path, "editing": True}
            return form_page(ORGANISATION_FORM, values, saved.errors, **context)
        return see_other("/organise/organisations/")

    @get("/{organisation_id:int}/delete", name="organise-organisation-confirm-delete")
    async def confirm_delete_organisation(self, organisation_id: FromPath[int]) -> Template:
        row = found(await queries.organisation(organisation_id))
        return confirm_delete(
            _("Organisation"),
            row["name"],
            f"/organise/organisations/{organisation_id}/delete",
            "/organise/organisations/",
            _("Its people and practice examples stay, without an organisation."),
        )

    @post("/{organisation_id:int}/delete", name="organise-organisation-delete")
    async def delete_organisation(self, organisation_id: FromPath[int]) -> Redirect:
        found(await services.delete_organisation(organisation_id) or None)
        return see_other("/organise/organisations/", "deleted")


class PersonPages(Controller):
    path = "/organise/people"
    guards = [requires(Permission.ADMINISTER)]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/", name="organise-people")
    async def list_people(self) -> Template:
        return Template("organise/people.html", context={"people": await queries.people()})

    @get("/new", name="organise-person-new")
    async def new_person(self) -> Template:
        context = {"action": "/organise/people/new", "editing": False, **await _person_choices()}
        return form_page(PERSON_FORM, {}, {}, **context)

    @post("/new", name="organise-person-create")
    async def create_person(self, request: Request) -> Template | Redirect:
        values = await read_form(request)
        saved = await services.save_person(values)
        if not saved.ok:
            context = {"action": request.url.path, "editing": False, **await _person_choices()}
            return form_page(PERSON_FORM, values, saved.errors, **context)
        return see_other("/organise/people/", "created")

    @get("/{person_id:int}/edit", name="organise-person-edit")
    async def edit_person(self, person_id: FromPath[int]) -> Template:
        values = found(await queries.person(person_id))
        action = f"/organise/people/{person_id}/edit"
        context = {"action": action, "editing": True, **await _person_choices()}
        return form_page(PERSON_FORM, values, {}, **context)

    @post("/{person_id:int}/edit", name="organise-person-update")
    async def update_person(
        self, request: Request, person_id: FromPath[int]
    ) -> Template | Redirect:
        found(await queries.person(person_id))
        values = await read_form(request)
        saved = await services.save_person(values, person_id)
        if not saved.ok:
            context = {"action": request.url.path, "editing": True, **await _person_choices()}
            return form_page(PERSON_FORM, values, saved.errors, **context)
        return see_other("/organise/people/")

    @get("/{person_id:int}/delete", name="organise-person-confirm-delete")
    async def confirm_delete_person(self, person_id: FromPath[int]) -> Template:
        row = found(await queries.person(person_id))
        return confirm_delete(
            _("Person"),
            row["name"],
            f"/organise/people/{person_id}/delete",
            "/organise/people/",
            _("They are also removed as host of sessions."),
        )

    @post("/{person_id:int}/delete", name="organise-person-delete")
    async def delete_person(self, person_id: FromPath[int]) -> Redirect:
        found(await services.delete_person(person_id) or None)
        return see_other("/organise/people/", "deleted")


class ThemePages(Controller):
    path = "/organise/themes"
    guards = [requires(Permission.ADMINISTER)]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/", name="organise-themes")
    async def list_themes(self) -> Template:
        return Template("organise/themes.html", context={"themes": await queries.themes()})

    @get("/new", name="organise-theme-new")
    async def new_theme(self) -> Template:
        return form_page(THEME_FORM, {}, {}, action="/organise/themes/new", editing=False)

    @post("/new", name="organise-theme-create")
    async def create_theme(self, request: Request) -> Template | Redirect:
        values = await read_form(request)
        saved = await services.save_theme(values)
        if not saved.ok:
            context = {"action": request.url.path, "editing": False}
            return form_page(THEME_FORM, values, saved.errors, **context)
        return see_other("/organise/themes/", "created")

    @get("/{theme_id:int}/edit", name="organise-theme-edit")
    async def edit_theme(self, theme_id: FromPath[int]) -> Template:
        values = found(await queries.theme(theme_id))
        action = f"/organise/themes/{theme_id}/edit"
        return form_page(THEME_FORM, values, {}, action=action, editing=True)

    @post("/{theme_id:int}/edit", name="organise-theme-update")
    async def update_theme(self, request: Request, theme_id: FromPath[int]) -> Template | Redirect:
        found(await queries.theme(theme_id))
        values = await read_form(request)
        saved = await services.save_theme(values, theme_id)
        if not saved.ok:
            context = {"action": request.url.path, "editing": True}
            return form_page(THEME_FORM, values, saved.errors, **context)
        return see_other("/organise/themes/")

    @get("/{theme_id:int}/delete", name="organise-theme-confirm-delete")
    async def confirm_delete_theme(self, theme_id: FromPath[int]) -> Template:
        row = found(await queries.theme(theme_id))
        return confirm_delete(
            _("Theme"),
            row["name"],
            f"/organise/themes/{theme_id}/delete",
            "/organise/themes/",
            _("Sessions and practice examples lose this theme."),
        )

    @post("/{theme_id:int}/delete", name="organise-theme-delete")
    async def delete_theme(self, theme_id: FromPath[int]) -> Redirect:
        found(await services.delete_theme(theme_id) or None)
        return see_other("/organise/themes/", "deleted")

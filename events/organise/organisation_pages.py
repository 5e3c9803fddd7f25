"""Organiser pages for suggested organisations and for duplicates of organisations and themes:
accept, reject, find alike names, confirm and merge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.organise import merging, organisations, themes
from events.organise.forms import found, see_other
from events.web.auth import Organiser, current_organiser
from events.web.i18n import gettext as _

Plan = merging.MergePlan


@dataclass(frozen=True)
class Directory:
    """One shared list with a merge tool: where it lives and how it merges."""

    base: str
    title: Callable[[], str]
    duplicates_title: Callable[[], str]
    back: Callable[[], str]
    groups: Callable[[], Awaitable[list[list[dict[str, Any]]]]]
    plan: Callable[[int, list[int]], Awaitable[Plan]]
    merge: Callable[[int, list[int], Organiser | None], Awaitable[Plan]]
    with_status: bool = False

    def context(self, **values: Any) -> dict[str, Any]:
        return {
            "base": self.base,
            "title": self.title(),
            "back": self.back(),
            "with_status": self.with_status,
            **values,
        }

    async def duplicates_page(self) -> Template:
        context = self.context(groups=await self.groups())
        context["title"] = self.duplicates_title()
        return Template("organise/directory_duplicates.html", context=context)

    def refusal(self, message: str) -> Template:
        """A merge that cannot be done: say why, with a way back (400, never a server error)."""
        context = self.context(error=message, plan=None)
        return Template("organise/directory_merge.html", context=context, status_code=400)

    async def checked(self, keep: list[str], merge: list[str]) -> Plan:
        keep_ids = merging.parse_ids(keep)
        merge_ids = merging.parse_ids(merge)
        if not keep_ids or len(keep_ids) != 1:
            return Plan(error=_("Choose the one to keep."))
        if merge_ids is None:
            return Plan(error=_("One of the ones to merge is unknown."))
        return await self.plan(keep_ids[0], merge_ids)

    async def confirm_page(self, request: Request) -> Template:
        params = request.query_params
        plan = await self.checked(params.getall("keep", []), params.getall("merge", []))
        if not plan.ok:
            return self.refusal(plan.error)
        context = self.context(plan=plan, error="")
        return Template("organise/directory_merge.html", context=context)

    async def do_merge(self, request: Request) -> Template | Redirect:
        form = await request.form()
        plan = await self.checked(form.getall("keep", []), form.getall("merge", []))
        if not plan.ok or plan.keep is None:
            return self.refusal(plan.error)
        others = [row["id"] for row in plan.others]
        done = await self.merge(plan.keep["id"], others, await current_organiser(request))
        if not done.ok:
            return self.refusal(done.error)
        return see_other(f"{self.base}/", "merged")


ORGANISATIONS = Directory(
    base="/organise/organisations",
    title=lambda: _("Merge organisations"),
    duplicates_title=lambda: _("Duplicate organisations"),
    back=lambda: _("Back to the organisations"),
    groups=organisations.duplicate_groups,
    plan=organisations.merge_plan,
    merge=organisations.merge,
    with_status=True,
)
THEMES = Directory(
    base="/organise/themes",
    title=lambda: _("Merge themes"),
    duplicates_title=lambda: _("Duplicate themes"),
    back=lambda: _("Back to the themes"),
    groups=themes.duplicate_groups,
    plan=themes.merge_plan,
    merge=themes.merge,
)


class OrganisationReviewPages(Controller):
    path = "/organise/organisations"
    guards = [requires(Permission.ADMINISTER)]  # noqa: RUF012  (Litestar reads a class attribute)

    @post("/{organisation_id:int}/accept", name="organise-organisation-accept")
    async def accept(self, organisation_id: FromPath[int]) -> Redirect:
        found(await organisations.set_status(organisation_id, "accepted") or None)
        return see_other(f"{ORGANISATIONS.base}/", "accepted")

    @post("/{organisation_id:int}/reject", name="organise-organisation-reject")
    async def reject(self, organisation_id: FromPath[int]) -> Redirect:
        found(await organisations.set_status(organisation_id, "rejected") or None)
        return see_other(f"{ORGANISATIONS.base}/", "rejected")

    @get("/duplicates", name="organise-organisation-duplicates")
    async def duplicates(self) -> Template:
        return await ORGANISATIONS.duplicates_page()

    @get("/merge", name="organise-organisation-merge-confirm")
    async def confirm_merge(self, request: Request) -> Template:
        """What the merge would move, with the button that does it."""
        return await ORGANISATIONS.confirm_page(request)

    @post("/merge", name="organise-organisation-merge")
    async def merge(self, request: Request) -> Template | Redirect:
        return await ORGANISATIONS.do_merge(request)


class ThemeMergePages(Controller):
    path = "/organise/themes"
    guards = [requires(Permission.ADMINISTER)]  # noqa: RUF012  (Litestar reads a class attribute)

    @get("/duplicates", name="organise-theme-duplicates")
    async def duplicates(self) -> Template:
        return await THEMES.duplicates_page()

    @get("/merge", name="organise-theme-merge-confirm")
    async def confirm_merge(self, request: Request) -> Template:
        """What the merge would move, with the button that does it."""
        return await THEMES.confirm_page(request)

    @post("/merge", name="organise-theme-merge")
    async def merge(self, request: Request) -> Template | Redirect:
        return await THEMES.do_merge(request)

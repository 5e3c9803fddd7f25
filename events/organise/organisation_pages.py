"""Organiser pages for suggested organisations and duplicates: accept, reject, merge."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.organise import organisations
from events.organise.forms import found, see_other
from events.web.auth import current_organiser, organiser_guard
from events.web.i18n import gettext as _

LIST = "/organise/organisations/"


def _merge_error(message: str) -> Template:
    """A merge that cannot be done: say why, with a way back (400, never a server error)."""
    return Template(
        "organise/organisation_merge.html",
        context={"error": message, "plan": None},
        status_code=400,
    )


async def _plan_from(keep: list[str], merge: list[str]) -> organisations.MergePlan:
    keep_ids = organisations.parse_ids(keep)
    merge_ids = organisations.parse_ids(merge)
    if not keep_ids or len(keep_ids) != 1:
        return organisations.MergePlan(error=_("Choose the one organisation to keep."))
    if merge_ids is None:
        return organisations.MergePlan(error=_("One of the organisations to merge is unknown."))
    return await organisations.merge_plan(keep_ids[0], merge_ids)


class OrganisationReviewPages(Controller):
    path = "/organise/organisations"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)

    @post("/{organisation_id:int}/accept", name="organise-organisation-accept")
    async def accept(self, organisation_id: FromPath[int]) -> Redirect:
        found(await organisations.set_status(organisation_id, "accepted") or None)
        return see_other(LIST)

    @post("/{organisation_id:int}/reject", name="organise-organisation-reject")
    async def reject(self, organisation_id: FromPath[int]) -> Redirect:
        found(await organisations.set_status(organisation_id, "rejected") or None)
        return see_other(LIST)

    @get("/duplicates", name="organise-organisation-duplicates")
    async def duplicates(self) -> Template:
        return Template(
            "organise/organisation_duplicates.html",
            context={"groups": await organisations.duplicate_groups()},
        )

    @get("/merge", name="organise-organisation-merge-confirm")
    async def confirm_merge(self, request: Request) -> Template:
        """What the merge would move, with the button that does it."""
        params = request.query_params
        plan = await _plan_from(params.getall("keep", []), params.getall("merge", []))
        if not plan.ok:
            return _merge_error(plan.error)
        return Template("organise/organisation_merge.html", context={"plan": plan, "error": ""})

    @post("/merge", name="organise-organisation-merge")
    async def merge(self, request: Request) -> Template | Redirect:
        form = await request.form()
        checked = await _plan_from(form.getall("keep", []), form.getall("merge", []))
        if not checked.ok:
            return _merge_error(checked.error)
        assert checked.keep is not None
        done = await organisations.merge(
            checked.keep["id"],
            [row["id"] for row in checked.others],
            await current_organiser(request),
        )
        if not done.ok:
            return _merge_error(done.error)
        return see_other(LIST)

"""The report of the day: the public page, and for organisers preview, publishing and exports."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.followup import progress as followup_progress
from events.pledges import services as pledge_services
from events.pledges.controllers import event_by_id
from events.programme import queries as programme_queries
from events.reports import queries
from events.web.auth import Organiser
from events.web.caching import PAGE_SECONDS
from events.web.csv_export import csv_response

CSV_COLUMNS = [
    "kind",
    "id",
    "title",
    "name",
    "organisation",
    "text",
    "practice",
    "why",
    "themes",
    "created_at",
]


@get("/events/{slug:str}/report", name="report", include_in_schema=False, cache=PAGE_SECONDS)
async def report_page(
    slug: FromPath[str], organiser: NamedDependency[Organiser | None]
) -> Template:
    """Public once published; organisers can always see it (as a preview)."""
    event = await programme_queries.event_by_slug(slug, include_unpublished=organiser is not None)
    if event is None:
        raise NotFoundException(detail="event not found")
    settings = await pledge_services.event_settings(event["id"])
    if not settings["report_published"] and organiser is None:
        raise NotFoundException(detail="report not published")
    return Template(
        "reports/report.html",
        context={
            "report": await queries.report(event),
            "published": settings["report_published"],
            "organiser_view": organiser is not None,
            "progress_labels": followup_progress.status_labels(),
        },
    )


async def _event(event_id: int) -> dict[str, Any]:
    event = await event_by_id(event_id)
    full = await programme_queries.event_by_slug(event["slug"], include_unpublished=True)
    assert full is not None
    return full


class ReportOrganiserController(Controller):
    """Publish or unpublish the report, and download it as JSON or CSV."""

    path = "/organise/events/{event_id:int}/report"
    guards = [requires(Permission.REPORTS)]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    @get("/", name="organise-report")
    async def preview(self, event_id: FromPath[int]) -> Redirect:
        event = await event_by_id(event_id)
        return Redirect(path=f"/events/{event['slug']}/report", status_code=303)

    @post("/publish", name="organise-report-publish")
    async def publish(self, event_id: FromPath[int]) -> Redirect:
        event = await event_by_id(event_id)
        await pledge_services.save_settings(event_id, report_published=True)
        return Redirect(path=f"/events/{event['slug']}/report?saved=published", status_code=303)

    @post("/unpublish", name="organise-report-unpublish")
    async def unpublish(self, event_id: FromPath[int]) -> Redirect:
        event = await event_by_id(event_id)
        await pledge_services.save_settings(event_id, report_published=False)
        return Redirect(path=f"/events/{event['slug']}/report?saved=unpublished", status_code=303)

    @get("/report.json", name="organise-report-json")
    async def as_json(self, event_id: FromPath[int]) -> Response[dict[str, Any]]:
        event = await _event(event_id)
        data = await queries.report(event)
        return Response(
            data,
            headers={"Content-Disposition": f'attachment; filename="report-{event["slug"]}.json"'},
        )

    @get("/report.csv", name="organise-report-csv")
    async def as_csv(self, event_id: FromPath[int]) -> Response[bytes]:
        event = await _event(event_id)
        rows = queries.export_rows(await queries.report(event))
        return csv_response(
            f"report-{event['slug']}.csv",
            [CSV_COLUMNS, *([row[column] for column in CSV_COLUMNS] for row in rows)],
        )


ROUTES = [report_page, ReportOrganiserController]

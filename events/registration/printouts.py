"""Organiser downloads: badges as PDF (a background run with progress, or one participant's
badge at once), the attendance list of a workshop as PDF, and the spreadsheet exports (.xlsx
and CSV from the same rows, see exports)."""

from __future__ import annotations

from typing import Any

import segno
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Redirect, Template

from events.accounts.permissions import Permission, requires
from events.registration import exports
from events.registration import organiser_reads as reads
from events.registration.badge_jobs import run_file, run_state, start_run
from events.registration.organiser import _event, badge_url
from events.registration.pdf import (
    A6_FORMAT,
    BADGE_FORMATS,
    AttendanceSheet,
    attendance_pdf,
    badges_pdf,
    pdf_filename,
    sort_key,
)
from events.registration.queries import event_rounds
from events.registration.tables import Participant
from events.settings import Settings
from events.web.auth import organiser_guard
from events.web.csv_export import csv_response
from events.web.i18n import format_clock
from events.web.i18n import gettext as _
from events.web.pagination import window

BADGES_PER_PAGE = 48


def pdf_response(filename: str, data: bytes) -> Response[bytes]:
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


async def badge_rows(
    settings: Settings, event_id: int, participant_id: int | None = None
) -> list[dict[str, Any]]:
    """Registered participants (or one) with name, organisation and badge link, alphabetical."""
    query = Participant.select(
        Participant.id,
        Participant.name,
        Participant.calendar_uid,
        Participant.code_version,
        Participant.organisation.name.as_alias("organisation_name"),
    ).where((Participant.event == event_id) & (Participant.status == "registered"))
    if participant_id is not None:
        query = query.where(Participant.id == participant_id)
    rows = await query
    for row in rows:
        row["url"] = badge_url(settings, row["id"], row["calendar_uid"], row["code_version"])
    return sorted(rows, key=lambda row: sort_key(row["name"]))


async def badges_page(settings: Settings, event_id: int, page: int) -> dict[str, Any]:
    """One page of the HTML badges (a preview; the PDF is what one prints)."""
    rows = await badge_rows(settings, event_id)
    listing = window(len(rows), page, BADGES_PER_PAGE)
    shown = rows[listing["offset"] : listing["offset"] + BADGES_PER_PAGE]
    for row in shown:
        row["qr"] = segno.make(row["url"], error="m").svg_data_uri(scale=4)
    return {**listing, "rows": shown}


def format_choices() -> list[tuple[str, str]]:
    return [
        ("a6", _("A6, one badge per page")),
        ("l7165", _("A4 label sheet, 2 × 4 labels of 99.1 × 67.7 mm (Avery L7165)")),
    ]


class PrintoutController(Controller):
    """PDF and spreadsheet downloads of one event."""

    path = "/organise/events/{event_id:int}"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    @get("/badges", name="organise-badges", guards=[requires(Permission.CHECK_IN)])
    async def badges(
        self, event_id: FromPath[int], request: Request, settings: NamedDependency[Settings]
    ) -> Template:
        """The badge downloads (A6 or label sheets) and a paginated preview."""
        page = request.query_params.get("page", "1")
        listing = await badges_page(settings, event_id, int(page) if page.isdigit() else 1)
        return Template(
            "registration/badges.html",
            context={
                "event": await _event(event_id),
                "listing": listing,
                "rows": listing["rows"],
                "formats": format_choices(),
            },
        )

    @post("/badges/pdf", name="organise-badges-pdf", guards=[requires(Permission.CHECK_IN)])
    async def start_badges(
        self, event_id: FromPath[int], request: Request, settings: NamedDependency[Settings]
    ) -> Redirect:
        event = await _event(event_id)
        form = await request.form()
        fmt = BADGE_FORMATS.get(str(form.get("format", "")), A6_FORMAT)
        rows = await badge_rows(settings, event_id)
        token = start_run(
            settings.var_dir,
            event_id,
            event["name"],
            pdf_filename(f"badges-{fmt.key}", event["slug"]),
            rows,
            fmt,
        )
        return Redirect(f"/organise/events/{event_id}/badges/runs/{token}", status_code=303)

    @get(
        "/badges/runs/{token:str}",
        name="organise-badges-run",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def badge_run(
        self, event_id: FromPath[int], token: FromPath[str], settings: NamedDependency[Settings]
    ) -> Template:
        state = run_state(settings.var_dir, event_id, token)
        if state is None:
            raise NotFoundException(detail="badge run not found")
        return Template(
            "registration/badge_run.html",
            context={"event": await _event(event_id), "run": state, "token": token},
            headers={"Cache-Control": "no-store"},
        )

    @get(
        "/badges/runs/{token:str}/file",
        name="organise-badges-run-file",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def badge_run_file(
        self, event_id: FromPath[int], token: FromPath[str], settings: NamedDependency[Settings]
    ) -> File:
        state = run_state(settings.var_dir, event_id, token)
        if state is None or state["status"] != "done":
            raise NotFoundException(detail="badge run not found or not ready")
        return File(
            path=run_file(settings.var_dir, token),
            filename=state["filename"],
            media_type="application/pdf",
            content_disposition_type="attachment",
            headers={"Cache-Control": "no-store"},
        )

    @get(
        "/participants/{participant_id:int}/badge.pdf",
        name="organise-participant-badge-pdf",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def participant_badge(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        request: Request,
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        event = await _event(event_id)
        rows = await badge_rows(settings, event_id, participant_id)
        if not rows:
            raise NotFoundException(detail="participant not found or not registered")
        fmt = BADGE_FORMATS.get(request.query_params.get("format", ""), A6_FORMAT)
        return pdf_response(
            pdf_filename(f"badge-{participant_id}", event["slug"]),
            badges_pdf(rows, event["name"], fmt),
        )

    async def _session(self, event_id: int, session_id: int) -> dict[str, Any]:
        session = await reads.session_of_event(event_id, session_id)
        if session is None:
            raise NotFoundException(detail="workshop not found")
        return session

    @get(
        "/attendance/{session_id:int}/list.pdf",
        name="organise-attendance-pdf",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def attendance_list_pdf(
        self, event_id: FromPath[int], session_id: FromPath[int]
    ) -> Response[bytes]:
        event = await _event(event_id)
        session = await self._session(event_id, session_id)
        rows = await reads.attendance_list(session_id)
        when = (
            f"{format_clock(session['starts_at'], event['timezone'])}–"
            f"{format_clock(session['ends_at'], event['timezone'])}"
        )
        subtitle = " · ".join(
            part for part in (session["round_name"], when, session["room"] or "") if part
        )
        sheet = AttendanceSheet(
            event_name=event["name"],
            title=f"{_('Attendance')}: {session['title']}",
            subtitle=subtitle,
            headers=("✓", _("Name"), _("Organisation"), _("Booking"), _("Signature")),
            footer=_("Page %(page)s", page="%(page)s"),
        )
        data = attendance_pdf(
            sheet,
            [
                (
                    row["name"],
                    row["organisation_name"] or "",
                    exports.booking_name(row["choice_status"]),
                )
                for row in rows
            ],
        )
        return pdf_response(pdf_filename(f"attendance-{session_id}", event["slug"]), data)

    async def _attendance_table(self, event_id: int, session_id: int) -> exports.Table:
        event = await _event(event_id)
        session = await self._session(event_id, session_id)
        rows = await reads.attendance_list(session_id)
        return exports.attendance_table(session, rows, event["timezone"])

    @get(
        "/attendance/{session_id:int}/attendance.xlsx",
        name="organise-attendance-xlsx",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def attendance_xlsx(
        self, event_id: FromPath[int], session_id: FromPath[int]
    ) -> Response[bytes]:
        table = await self._attendance_table(event_id, session_id)
        return exports.xlsx_response(f"attendance-{session_id}.xlsx", table)

    @get(
        "/attendance/{session_id:int}/attendance.csv",
        name="organise-attendance-csv",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def attendance_csv(
        self, event_id: FromPath[int], session_id: FromPath[int]
    ) -> Response[bytes]:
        table = await self._attendance_table(event_id, session_id)
        return csv_response(f"attendance-{session_id}.csv", exports.csv_rows(table))

    @get(
        "/registrations.xlsx",
        name="organise-registrations-xlsx",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def registrations_xlsx(self, event_id: FromPath[int]) -> Response[bytes]:
        event = await _event(event_id)
        table = await exports.registrations_table(
            event_id, event["timezone"], await event_rounds(event_id)
        )
        return exports.xlsx_response(f"registrations-{event['slug']}.xlsx", table)


ROUTES = [PrintoutController]

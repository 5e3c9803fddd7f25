"""The organiser's exports, built once as rows and written as CSV or as .xlsx.

A `Table` holds translated headers (the organiser's language), column widths and rows of plain
values: text, numbers and local times (naive `datetime` in the event's time zone). `csv_rows`
writes the times as text ("2027-03-18 09:30") for `events.web.csv_export.csv_response`;
`xlsx_bytes` writes them as real date cells, freezes the header row and sets the widths. So a
CSV and a spreadsheet of the same export always have the same columns.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from events.registration.pdf import sort_key
from events.registration.tables import Participant, SeatChoice
from events.web.i18n import gettext as _

Row = list[Any]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd-mm-yyyy hh:mm"


@dataclass
class Table:
    """One export: a sheet title, headers, column widths (characters) and rows."""

    title: str
    headers: list[str]
    widths: list[int]
    rows: list[Row] = field(default_factory=list)


def local(moment: datetime | None, timezone: str) -> datetime | None:
    """A stored UTC moment as the wall-clock time of the event (no offset: spreadsheets
    have no time zones)."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def status_name(status: str) -> str:
    return {
        "registered": _("registered"),
        "cancelled": _("cancelled"),
    }.get(status, status)


def booking_name(status: str | None) -> str:
    return {
        "confirmed": _("seat"),
        "waitlisted": _("waiting list"),
    }.get(status or "", _("not booked"))


def round_cell(title: str, status: str) -> str:
    """A participant's workshop in one round; a waiting-list place is marked as such."""
    return _("%(title)s (waiting list)", title=title) if status == "waitlisted" else title


async def registrations_table(event_id: int, timezone: str, rounds: list[dict[str, Any]]) -> Table:
    """One row per participant (alphabetical), a column per round with the workshop in it."""
    participants = await Participant.select(
        Participant.id,
        Participant.name,
        Participant.email,
        Participant.organisation.name.as_alias("organisation_name"),
        Participant.job_title,
        Participant.language,
        Participant.status,
        Participant.access_needs,
        Participant.created_at,
        Participant.checked_in_at,
    ).where((Participant.event == event_id) & (Participant.status != "erased"))
    choices = await SeatChoice.select(
        SeatChoice.participant,
        SeatChoice.round,
        SeatChoice.status,
        SeatChoice.session.title.as_alias("title"),
    ).where(SeatChoice.participant.event == event_id)
    by_participant: dict[int, dict[int, str]] = {}
    for choice in choices:
        by_participant.setdefault(choice["participant"], {})[choice["round"]] = round_cell(
            choice["title"], choice["status"]
        )
    table = Table(
        title=_("Registrations"),
        headers=[
            _("No."),
            _("Name"),
            _("E-mail"),
            _("Organisation"),
            _("Job title"),
            _("Language"),
            _("Status"),
            *(round_row["name"] for round_row in rounds),
            _("Access needs"),
            _("Registered at"),
            _("Checked in at"),
        ],
        widths=[7, 28, 30, 28, 20, 7, 12, *(30 for _round in rounds), 24, 17, 17],
    )
    for row in sorted(participants, key=lambda r: sort_key(r["name"])):
        mine = by_participant.get(row["id"], {})
        table.rows.append(
            [
                row["id"],
                row["name"],
                row["email"],
                row["organisation_name"] or "",
                row["job_title"],
                row["language"],
                status_name(row["status"]),
                *(mine.get(round_row["id"], "") for round_row in rounds),
                row["access_needs"],
                local(row["created_at"], timezone),
                local(row["checked_in_at"], timezone),
            ]
        )
    return table


def attendance_table(session: dict[str, Any], rows: list[dict[str, Any]], timezone: str) -> Table:
    """The attendance list of one workshop (rows from organiser_reads.attendance_list)."""
    table = Table(
        title=_("Attendance"),
        headers=[
            _("Name"),
            _("Organisation"),
            _("Booking"),
            _("Checked in for the day"),
            _("Attended the workshop"),
        ],
        widths=[28, 28, 14, 20, 20],
    )
    for row in sorted(rows, key=lambda r: sort_key(r["name"])):
        table.rows.append(
            [
                row["name"],
                row["organisation_name"] or "",
                booking_name(row["choice_status"]),
                local(row["checked_in_at"], timezone),
                local(row["attended_at"], timezone),
            ]
        )
    return table


def csv_rows(table: Table) -> Iterator[list[Any]]:
    """Header and rows for csv_response; local times as `YYYY-MM-DD HH:MM`."""
    yield table.headers
    for row in table.rows:
        yield [
            value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value
            for value in row
        ]


def xlsx_bytes(table: Table) -> bytes:
    """The table as an .xlsx workbook: bold frozen header, widths, real date cells, and text
    that starts like a formula kept as text. Written in openpyxl's write-only mode (rows go
    straight to the file), which keeps a few thousand rows well under a second."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)

    def header_cell(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    sheet.append([header_cell(text) for text in table.headers])
    for row in table.rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # "=SUM(...)" typed by a participant is text, not a formula
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, table: Table) -> Response[bytes]:
    """An .xlsx download named `filename` (a plain name: letters, digits, `-`, `.`)."""
    return Response(
        xlsx_bytes(table),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""Spreadsheet exports: .xlsx opened with openpyxl and the CSV of the same rows, with Dutch
headers, a column per round, local times of the event and real date cells."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from litestar import Litestar
from litestar.testing import AsyncTestClient
from openpyxl import load_workbook

from events.registration.tables import Participant
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_manage import registered

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def two_rounds() -> tuple[int, int, int]:
    """An event with two rounds; Anna has seats in both, Bram waits for round 1's workshop."""
    event_id = await make_event()
    first = await make_round(event_id, "Ronde 1", 9)
    second = await make_round(event_id, "Ronde 2", 11)
    binthout = await make_workshop(event_id, first, "Binthout", 1)
    kade = await make_workshop(event_id, second, "Kade", 10)
    anna, _link = await registered(event_id, "anna@example.org", [binthout, kade])
    bram, _link = await registered(event_id, "bram@example.org", [binthout])
    await Participant.update(
        {Participant.checked_in_at: datetime(2027, 3, 18, 8, 5, tzinfo=UTC)}
    ).where(Participant.id == anna)
    await Participant.update({Participant.name: "=SUM(A1)"}).where(Participant.id == bram)
    return event_id, binthout, anna


def xlsx_rows(content: bytes) -> tuple[list[list[object]], object]:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    return [list(row) for row in sheet.iter_rows(values_only=True)], sheet


async def test_registrations_as_xlsx_and_csv_have_a_column_per_round(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id, _workshop, _anna = await two_rounds()

    xlsx = await organiser_client.get(f"/organise/events/{event_id}/registrations.xlsx")
    text = await organiser_client.get(f"/organise/events/{event_id}/registrations.csv")

    assert xlsx.headers["content-type"] == XLSX
    rows, sheet = xlsx_rows(xlsx.content)
    header = rows[0]
    assert header[:3] == ["Nr.", "Naam", "E-mail"]
    assert header[7:9] == ["Ronde 1", "Ronde 2"]
    assert header[-3:] == ["Toegankelijkheid", "Aangemeld op", "Ingecheckt om"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Anna"][7:9] == ["Binthout", "Kade"]
    assert by_name["=SUM(A1)"][7:9] == ["Binthout (wachtlijst)", None]
    assert by_name["Anna"][-1] == datetime(2027, 3, 18, 9, 5), "Amsterdam time, a date cell"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 28
    assert sheet["B2"].data_type == "s" or sheet["B3"].data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    assert text.content.startswith(b"\xef\xbb\xbf")
    csv_rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[0] == header
    anna = next(row for row in csv_rows if row[1] == "Anna")
    assert anna[7:9] == ["Binthout", "Kade"] and anna[-1] == "2027-03-18 09:05"
    assert any(row[1] == "'=SUM(A1)" for row in csv_rows), "no formula in the CSV"
    assert [row[1].lstrip("'") for row in csv_rows[1:]] == [row[1] for row in rows[1:]]


async def test_the_organisers_language_names_the_columns(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id, _workshop, _anna = await two_rounds()
    organiser_client.cookies.set("events_lang", "en")

    rows, _sheet = xlsx_rows(
        (await organiser_client.get(f"/organise/events/{event_id}/registrations.xlsx")).content
    )

    assert rows[0][:3] == ["No.", "Name", "E-mail"]
    assert "Binthout (waiting list)" in [cell for row in rows for cell in row]


async def test_attendance_of_a_workshop_as_xlsx_and_csv(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id, workshop, _anna = await two_rounds()
    base = f"/organise/events/{event_id}/attendance/{workshop}"

    rows, sheet = xlsx_rows((await organiser_client.get(f"{base}/attendance.xlsx")).content)
    text = (await organiser_client.get(f"{base}/attendance.csv")).content

    assert rows[0] == [
        "Naam",
        "Organisatie",
        "Boeking",
        "Ingecheckt voor de dag",
        "Aanwezig bij de workshop",
    ]
    assert rows[1][:4] == ["=SUM(A1)", None, "wachtlijst", None]
    assert rows[2][:4] == ["Anna", None, "plaats", datetime(2027, 3, 18, 9, 5)]
    assert sheet.freeze_panes == "A2"
    csv_rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[0] == rows[0]
    assert csv_rows[2][:4] == ["Anna", "", "plaats", "2027-03-18 09:05"]

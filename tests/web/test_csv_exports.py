"""CSV exports open in columns in Dutch Excel and run no formula, however a reader splits them."""

from __future__ import annotations

import csv
import io
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.registration.tables import Participant
from events.web.csv_export import spreadsheet_safe
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered

NAME = "Ann;=2*3;"
ACCESS_NEEDS = "rolstoel,+1+1\t@SUM(A1)\t-2;\r=cmd"
FORMULA = ("=", "+", "-", "@")


def live_formulas(raw: str) -> list[str]:
    """Pieces a reader splitting on `;`, `,`, tab or line breaks (ignoring quotes) would run."""
    pieces = re.split(r"[;,\t\r\n]", raw)
    return [piece for piece in pieces if piece.lstrip('"').startswith(FORMULA)]


def test_a_formula_start_is_neutralised_after_every_separator() -> None:
    assert spreadsheet_safe(NAME) == "Ann;'=2*3;"
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("a,-1\t+2;@x") == "a,'-1\t'+2;'@x"
    assert spreadsheet_safe("\t=1") == "'\t'=1"
    assert spreadsheet_safe("a;\r=1") == "a;'\r'=1"
    assert spreadsheet_safe("line\r\nBcc: x") == "line\r\nBcc: x"
    assert spreadsheet_safe("2027-03-18T08:30:00+00:00") == "2027-03-18T08:30:00+00:00"
    assert spreadsheet_safe(None) == "" and spreadsheet_safe(12) == "12"


async def test_the_registrations_export_is_safe_in_dutch_excel(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    participant, _link = await registered(event_id, "anna@example.org", [])
    await Participant.update(
        {Participant.name: NAME, Participant.access_needs: ACCESS_NEEDS}
    ).where(Participant.id == participant)

    response = await organiser_client.get(f"/organise/events/{event_id}/registrations.csv")

    assert response.content.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte order mark"
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.split(";")[:3] == ["Nr.", "Naam", "E-mail"], "columns split on ';'"
    assert live_formulas(text) == []
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][1] == "Ann;'=2*3;"
    assert rows[1][2] == "anna@example.org"
    assert rows[1][7] == "rolstoel,'+1+1\t'@SUM(A1)\t'-2;'\r'=cmd"


async def test_every_csv_export_has_the_byte_order_mark_and_semicolons(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    for path in ("registrations.csv", "report/report.csv", "outcomes/outcomes.csv"):
        response = await organiser_client.get(f"/organise/events/{event_id}/{path}")
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.content.startswith(b"\xef\xbb\xbf"), path
        first_line = response.content.decode("utf-8-sig").splitlines()[0]
        assert ";" in first_line and "," not in first_line, (path, first_line)

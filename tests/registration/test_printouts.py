"""Badges and attendance lists as PDF, read back with pypdf: names in alphabetical order, never
smaller than 28 pt, one badge per A6 page or eight per label sheet, Dutch letters intact."""

from __future__ import annotations

import asyncio
import io
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from events.registration.tables import Participant
from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_manage import registered

NAMES = [
    "Zoë de Vries",
    "Émile Bakker",
    "anna Smit",
    "Geërte van den Berg-Hoogeveen",
    "Bram Ruïz",
    "Christiaan Maximiliaan Wilhelmus van Oldenbarnevelt",
    "Daan IJsselmeer",
    "Fleur Jansen",
    "Henk Visser",
    "Iris de Jong",
]
ALPHABETICAL = sorted(NAMES, key=lambda n: n.replace("É", "E").replace("ë", "e").casefold())


async def participants(event_id: int, session_id: int | None = None) -> dict[str, int]:
    ids = {}
    for index, name in enumerate(NAMES):
        choices = [session_id] if session_id else []
        participant, _link = await registered(event_id, f"p{index}@example.org", choices)
        await Participant.update({Participant.name: name}).where(Participant.id == participant)
        ids[name] = participant
    return ids


def spans(data: bytes) -> list[list[tuple[str, float]]]:
    """Per page: the text pieces with their font size, in drawing order."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found: list[tuple[str, float]] = []

        def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
            if text.strip():
                found.append((text.strip(), size * abs(tm[3] or 1)))  # noqa: B023

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def names_in(pages: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    """The badge names (the lines of a wrapped name joined) with their smallest size."""
    pieces = [piece for page in pages for piece in page]
    result: list[tuple[str, float]] = []
    index = 0
    while index < len(pieces):
        text, size = pieces[index]
        for name in NAMES:
            if name.startswith(text):
                joined, smallest, step = text, size, index
                while joined.replace(" ", "") != name.replace(" ", "") and step + 1 < len(pieces):
                    step += 1
                    joined += pieces[step][0]
                    smallest = min(smallest, pieces[step][1])
                    if not name.replace(" ", "").startswith(joined.replace(" ", "")):
                        break
                if joined.replace(" ", "") == name.replace(" ", ""):
                    result.append((name, smallest))
                    index = step
                    break
        index += 1
    return result


async def make_pdf(client: AsyncTestClient[Litestar], event_id: int, fmt: str) -> bytes:
    started = await post_form(
        client, f"/organise/events/{event_id}/badges/pdf", {"format": fmt}, follow_redirects=False
    )
    assert started.status_code == 303
    run = started.headers["location"]
    for _attempt in range(2000):
        page = await client.get(run)
        assert page.status_code == 200
        if "/file" in page.text:
            break
        assert "badges getekend" in page.text and "<progress" in page.text
        await asyncio.sleep(0.02)
    assert "Klaar: 10 badges." in page.text
    download = await client.get(f"{run}/file")
    assert download.headers["content-type"] == "application/pdf"
    assert "attachment" in download.headers["content-disposition"]
    return download.content


async def test_badges_as_a6_and_label_sheets(organiser_client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    await participants(event_id)

    a6 = await make_pdf(organiser_client, event_id, "a6")
    sheet = await make_pdf(organiser_client, event_id, "l7165")

    assert len(PdfReader(io.BytesIO(a6)).pages) == 10
    assert len(PdfReader(io.BytesIO(sheet)).pages) == 2  # 8 labels on a page
    for data in (a6, sheet):
        found = names_in(spans(data))
        assert [name for name, _size in found] == ALPHABETICAL
        assert all(size >= 28 for _name, size in found), found
    a6_pages = spans(a6)
    first = a6_pages[0]
    assert first[0][0] == "anna Smit" and first[0][1] > 28, "a short name is set larger"
    long_name = next(page for page in a6_pages if page[0][0].startswith("Geërte"))
    assert long_name[0][0] != NAMES[3], "a long name wraps instead of shrinking below 28 pt"


async def test_the_badges_page_offers_the_pdf_and_pages_through_a_preview(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await participants(event_id)

    page = await organiser_client.get(f"/organise/events/{event_id}/badges")

    assert page.status_code == 200
    assert "Avery L7165" in page.text and 'value="a6"' in page.text
    assert page.text.count("data:image/svg+xml") == 10
    assert page.text.index("anna Smit") < page.text.index("Bram Ruïz")
    assert (
        await organiser_client.get(f"/organise/events/{event_id}/badges/runs/{'0' * 32}")
    ).status_code == 404


async def test_one_participants_badge_as_pdf(organiser_client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    ids = await participants(event_id)
    badge_page = await organiser_client.get(
        f"/organise/events/{event_id}/participants/{ids['Zoë de Vries']}/badge"
    )
    assert "badge.pdf?format=a6" in badge_page.text

    response = await organiser_client.get(
        f"/organise/events/{event_id}/participants/{ids['Zoë de Vries']}/badge.pdf?format=l7165"
    )

    assert response.headers["content-type"] == "application/pdf"
    pages = spans(response.content)
    assert len(pages) == 1
    [(name, size)] = names_in(pages)
    assert name == "Zoë de Vries" and size >= 28


async def test_attendance_list_as_pdf(organiser_client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 40)
    await participants(event_id, workshop)
    screen = await organiser_client.get(f"/organise/events/{event_id}/attendance/{workshop}")
    assert f"/attendance/{workshop}/list.pdf" in screen.text

    response = await organiser_client.get(
        f"/organise/events/{event_id}/attendance/{workshop}/list.pdf"
    )

    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Aanwezigheid: Binthout" in text and "Handtekening" in text
    assert re.search(r"Ronde 1 · 10:00–10:45", text), "local times (Europe/Amsterdam)"
    positions = [text.index(name) for name in ALPHABETICAL if len(name) < 40]
    assert positions == sorted(positions)


def test_a_name_shrinks_to_28_pt_at_most_and_then_wraps() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from events.registration.pdf import NAME_FONT, fit_name, register_fonts

    register_fonts()
    width = 250.0
    for name in [*NAMES, "Wilhelmina Johanna Cornelia Maria van der Heijden-Oosterhout"]:
        size, lines = fit_name(name, width, 40)
        assert size >= 28, name
        assert all(stringWidth(line, NAME_FONT, size) <= width for line in lines), lines
        assert "".join(lines).replace(" ", "") == name.replace(" ", "")
        if len(lines) > 1:
            assert size == 28, "only a name that does not fit at 28 pt is wrapped"

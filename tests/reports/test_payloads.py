"""A corpus of nasty strings comes out harmless everywhere: pages, wall, report, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pledges import services
from events.web.csv_export import BYTE_ORDER_MARK, FORMULA_STARTS, SEPARATOR
from tests.pledges.helpers import log_in, participant, pledge
from tests.registration.helpers import make_event

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "line\r\nBcc: x@example.org",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
]
LONG_TITLE = "<script>" * 15  # exactly the 120 characters a title may have
LONG_TEXT = ("<b>bold</b> & =cmd " * 200)[:2000]
RAW_HTML = ["<script>alert(1)</script>", "<img src=x onerror", "<b>bold</b>", "<script><script>"]


def assert_escaped(html: str, where: str, everyone: bool = True) -> None:
    for raw in RAW_HTML:
        assert raw not in html, f"{raw!r} reached {where} unescaped"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where
    if everyone:
        assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html, where


async def test_payloads_come_out_harmless_everywhere(
    client_factory, organiser_client: AsyncTestClient[Litestar]
) -> None:
    event_id = await make_event()
    await services.save_settings(event_id, moderation_mode="publish_at_once", report_published=True)
    links = []
    for number, payload in enumerate(PAYLOADS):
        one_line = " ".join(payload.split())
        participant_id, link = await participant(
            event_id,
            f"p{number}@example.org",
            name=one_line,
            organisation=f"{one_line} org",
            consent_name=True,
        )
        links.append(link)
        await pledge(participant_id, payload, text=payload, visibility="public_named")
    long_id, _long_link = await participant(event_id, "long@example.org", consent_name=True)
    await pledge(long_id, LONG_TITLE, text=LONG_TEXT, visibility="public_named")

    async with client_factory() as author:
        await log_in(author, links[0])
        assert_escaped((await author.get("/me/day")).text, "the day page", everyone=False)
        edit = await author.get("/me/day/pledges/1")
        assert "<script>alert(1)</script>" not in edit.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in edit.text

    pages = {
        "moderation": f"/organise/events/{event_id}/pledges",
        "wall": "/events/parade/wall",
        "wall items": "/events/parade/wall/items",
        "report": "/events/parade/report",
    }
    for where, url in pages.items():
        response = await organiser_client.get(url)
        assert response.status_code == 200, where
        assert "&lt;script&gt;" * 15 in response.text, where
        if where.startswith("wall"):  # the wall shows only the newest few
            for raw in RAW_HTML:
                assert raw not in response.text, f"{raw!r} reached {where} unescaped"
            assert "&lt;b&gt;bold&lt;/b&gt; &amp; =cmd" in response.text
        else:
            assert_escaped(response.text, where)

    api = await organiser_client.get("/api/events/parade/pledges")
    assert api.headers["content-type"].startswith("application/json")
    assert api.headers["x-content-type-options"] == "nosniff"
    titles = {item["title"] for item in json.loads(api.text)}
    assert {" ".join(p.split()) for p in PAYLOADS} <= titles, "JSON carries the text as data"
    assert LONG_TITLE in titles
    texts = {item["text"] for item in api.json()}
    assert "line\nBcc: x@example.org" in texts
    assert LONG_TEXT.strip() in texts

    report = await organiser_client.get(f"/organise/events/{event_id}/report/report.json")
    assert report.headers["content-type"].startswith("application/json")
    assert {item["title"] for item in report.json()["pledges"]} == titles

    exported = await organiser_client.get(f"/organise/events/{event_id}/report/report.csv")
    text = exported.text.removeprefix(BYTE_ORDER_MARK)
    rows = list(csv.reader(io.StringIO(text), delimiter=SEPARATOR))
    assert len(rows) == 1 + len(PAYLOADS) + 1, "CR/LF stays inside its quoted cell"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"formula cell {cell!r}"
    cells = {cell for row in rows for cell in row}
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'@SUM(A1)" in cells
    assert "line\nBcc: x@example.org" in cells

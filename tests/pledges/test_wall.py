"""The wall rotates through pages the server cuts: every approved pledge and pair appears once
per rotation, the HTML stays one screen's worth even at 6,000 pledges, and without JavaScript a
meta refresh names the next page."""

from __future__ import annotations

import re
from typing import Any

from events.pledges.controllers import WALL_PAIRS, WALL_PLEDGES
from tests.pledges.wall_seed import approved_pledges, complete_pairs
from tests.registration.helpers import make_event

REFRESH = re.compile(r'http-equiv="refresh" content="(\d+); url=([^"]+)"')


def items(html: str, kind: str) -> list[int]:
    return [int(number) for number in re.findall(rf'data-item="{kind}-(\d+)"', html)]


async def test_every_pledge_and_pair_is_shown_once_per_rotation(client: Any) -> None:
    event_id = await make_event()
    pledges = await approved_pledges(event_id, 2 * WALL_PLEDGES + 1)
    pairs = await complete_pairs(event_id, WALL_PAIRS + 1)
    shown_pledges: list[int] = []
    shown_pairs: list[int] = []
    path = "/events/parade/wall"
    pages = 0
    while True:
        response = await client.get(path)
        assert response.status_code == 200
        html = response.text
        shown_pledges += items(html, "pledge")
        shown_pairs += items(html, "pair")
        pages += 1
        seconds, path = REFRESH.search(html).groups()
        assert int(seconds) >= 5
        if path.endswith("page=1") or pages > 10:
            break
    assert pages == 3
    assert shown_pledges == pledges, "newest first, each pledge once"
    # The pairs column has two pages; on the third page it starts again.
    assert shown_pairs[: len(pairs)] == pairs
    assert set(shown_pairs) == set(pairs)
    third = (await client.get("/events/parade/wall/items?page=3")).text
    assert "Pagina 3 van 3" in third
    assert items(third, "pledge") == pledges[-1:]


async def test_the_wall_pages_6000_pledges_on_the_server(client: Any) -> None:
    event_id = await make_event()
    pledges = await approved_pledges(event_id, 6000)
    first = await client.get("/events/parade/wall")
    assert items(first.text, "pledge") == pledges[:WALL_PLEDGES]
    assert REFRESH.search(first.text).group(2) == "/events/parade/wall?page=2"
    assert "Pagina 1 van 1.000" in first.text
    assert 'data-count="pledges">6.000<' in first.text
    last = await client.get("/events/parade/wall?page=1000")
    assert items(last.text, "pledge") == pledges[-WALL_PLEDGES:]
    assert REFRESH.search(last.text).group(2) == "/events/parade/wall?page=1"
    assert len(last.content) < 20_000
    fragment = await client.get("/events/parade/wall/items?page=999")
    assert items(fragment.text, "pledge") == pledges[-2 * WALL_PLEDGES : -WALL_PLEDGES]
    assert 'data-next-page="1000"' in fragment.text
    beyond = await client.get("/events/parade/wall?page=5000")
    assert items(beyond.text, "pledge") == pledges[-WALL_PLEDGES:]

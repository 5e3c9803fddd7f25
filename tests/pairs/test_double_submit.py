""" "Start a pair" sent twice makes one pair, and both answers lead to it."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pairs.tables import Pair, PairMember
from tests.idempotency.helpers import (
    key_of,
    same_answer,
    same_browser,
    twice_at_once,
    twice_in_turn,
)
from tests.pairs.helpers import log_in, person
from tests.registration.helpers import make_event


async def start_key(client: AsyncTestClient[Litestar], page: str = "/me/pairs") -> str:
    response = await client.get(page)
    assert response.status_code == 200
    return key_of(response.text)


async def test_a_double_tap_on_start_makes_one_pair(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna")
    await log_in(client, anna)
    data = {"submission_key": await start_key(client)}
    async with same_browser(client, client_factory) as other_tab:
        responses = await twice_at_once(client, other_tab, "/me/pairs/start", data)

    location = same_answer(responses)
    [pair] = await Pair.select(Pair.id, Pair.code)
    assert location == f"/me/pairs/{pair['id']}"
    assert await PairMember.count() == 1
    page = await client.get(location)
    assert page.status_code == 200 and pair["code"] in page.text


async def test_start_sent_again_from_the_day_page_makes_one_pair(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna")
    await log_in(client, anna)
    data = {"submission_key": await start_key(client, "/me/day")}
    responses = await twice_in_turn(client, "/me/pairs/start", data)

    [pair] = await Pair.select(Pair.id)
    assert same_answer(responses) == f"/me/pairs/{pair['id']}"


async def test_a_new_rendering_starts_a_second_pair(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna")
    await log_in(client, anna)
    first = await start_key(client)
    await twice_in_turn(client, "/me/pairs/start", {"submission_key": first})
    second = await start_key(client)
    assert second != first
    await twice_in_turn(client, "/me/pairs/start", {"submission_key": second})
    assert await Pair.count() == 2


async def test_without_a_key_each_start_is_a_pair_as_before(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    """The control: an old page without the field starts a pair per submit."""
    event_id = await make_event()
    await log_in(client, await person(event_id, "Anna"))
    async with same_browser(client, client_factory) as other_tab:
        responses = await twice_at_once(client, other_tab, "/me/pairs/start", {})
    assert [r.status_code for r in responses] == [303, 303]
    assert await Pair.count() == 2

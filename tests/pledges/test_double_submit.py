"""The pledge form ("dit ga ik doen") sent twice makes one pledge."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pledges.tables import Pledge
from tests.idempotency.helpers import (
    key_of,
    keys_of,
    same_answer,
    same_browser,
    twice_at_once,
    twice_in_turn,
)
from tests.pledges.helpers import log_in, participant
from tests.registration.helpers import make_event

POSTED = "/me/day?saved=posted#my-pledges"


def pledge_form(key: str, title: str = "Twee vliegen in één klap") -> dict[str, str]:
    return {
        "title": title,
        "text": "Ik ga het doen.",
        "visibility": "public_anonymous",
        "submission_key": key,
    }


async def day_key(client: AsyncTestClient[Litestar]) -> str:
    page = await client.get("/me/day")
    assert page.status_code == 200
    return key_of(page.text)


async def my_pledge_titles(client: AsyncTestClient[Litestar]) -> list[str]:
    return [row["title"] for row in await Pledge.select(Pledge.title)]


async def test_a_double_tap_makes_one_pledge(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)
    data = pledge_form(await day_key(client))
    async with same_browser(client, client_factory) as other_tab:
        responses = await twice_at_once(client, other_tab, "/me/day/pledges", data)

    assert same_answer(responses) == POSTED
    assert await my_pledge_titles(client) == ["Twee vliegen in één klap"]
    page = await client.get(POSTED)
    assert page.text.count('<h3 class="utrecht-heading-3">‘Twee vliegen in één klap’</h3>') == 1


async def test_sending_the_form_again_makes_one_pledge(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)
    responses = await twice_in_turn(client, "/me/day/pledges", pledge_form(await day_key(client)))

    assert same_answer(responses) == POSTED
    assert await Pledge.count() == 1


async def test_a_new_rendering_allows_a_second_identical_pledge(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)
    first_key = await day_key(client)
    await twice_in_turn(client, "/me/day/pledges", pledge_form(first_key))
    second_key = await day_key(client)
    assert second_key != first_key

    await twice_in_turn(client, "/me/day/pledges", pledge_form(second_key))
    assert await Pledge.count() == 2


async def test_without_a_key_each_submit_is_a_pledge_as_before(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    """The control: an old page without the field posts what it is sent."""
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)
    data = pledge_form("")
    del data["submission_key"]
    async with same_browser(client, client_factory) as other_tab:
        same_answer(await twice_at_once(client, other_tab, "/me/day/pledges", data))
    assert await Pledge.count() == 2


async def test_a_refused_pledge_can_be_corrected_and_posted_once(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)
    key = await day_key(client)
    refused = await twice_in_turn(client, "/me/day/pledges", pledge_form(key, title=""))
    assert [r.status_code for r in refused] == [400, 400]
    assert await Pledge.count() == 0
    corrected = pledge_form(keys_of(refused[1].text)[0])
    assert same_answer(await twice_in_turn(client, "/me/day/pledges", corrected)) == POSTED
    assert await Pledge.count() == 1

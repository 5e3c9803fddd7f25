"""A participant's data across domains: the export has everything, erasure removes it all."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pairs import services as pairs
from events.pairs.tables import Pair, PairMember
from events.pledges.services import PledgeForm, create_pledge
from events.pledges.tables import Pledge
from tests.conftest import post_form
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered


async def test_export_and_erasure_cover_pledges_and_pairs(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    anna, link = await registered(event_id, "anna@example.org", [])
    bram, _ = await registered(event_id, "bram@example.org", [])
    created = await create_pledge(
        anna, PledgeForm(title="Twee vliegen in één klap", text="Ik ga de Regiebox proberen.")
    )
    assert not created.errors
    pair_id = await pairs.start_pair(anna)
    code = (await Pair.select(Pair.code).where(Pair.id == pair_id).first())["code"]
    joined = await pairs.join_pair(bram, code, same_organisation_ok=True)
    assert not getattr(joined, "errors", None)
    await pairs.save_entry(
        pair_id,
        anna,
        pairs.EntryForm(
            title="Regiebox & Filmavonden", recommendation_text="Filmavonden", why="Verbindt"
        ),
    )

    await client.get(link)
    exported = (await client.get("/me/export.json")).json()
    assert exported["pledges"][0]["title"] == "Twee vliegen in één klap"
    assert exported["conversation_pairs"][0]["recommendation_text"] == "Filmavonden"

    await post_form(client, "/me/erase", {})

    assert await Pledge.count().where(Pledge.participant == anna) == 0
    assert await PairMember.count().where(PairMember.participant == anna) == 0
    remaining = await Pair.select(Pair.status).where(Pair.id == pair_id).first()
    assert remaining is None or remaining["status"] == "open"
    assert await PairMember.count().where(PairMember.participant == bram) == 1
